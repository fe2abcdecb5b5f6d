/// <reference types="node" />
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { OUTFILE, buildBundle } from "../../build.mjs";

test("the committed bundle is a fresh build of src/ (run `npm run build` if this fails)", async () => {
  const fresh = Buffer.from(await buildBundle());
  const committed = readFileSync(OUTFILE);
  expect(committed.length).toBe(fresh.length);
  expect(committed.equals(fresh)).toBe(true);
});

test("the build is deterministic", async () => {
  const a = Buffer.from(await buildBundle());
  const b = Buffer.from(await buildBundle());
  expect(a.equals(b)).toBe(true);
});

test("the bundle is one self-contained ES module", () => {
  const text = readFileSync(OUTFILE, "utf8");
  expect(text).not.toMatch(/^\s*import\s/m);
  expect(text).not.toMatch(/\brequire\(/);
  for (const tag of ["fajma-patient-card", "fajma-patient-card-editor", "fajma-overview-card"]) {
    expect(text).toContain(tag);
  }
});
