// Bundle the cards into ONE ES module committed with the integration.
//
//   node build.mjs          write custom_components/fajma/frontend/fajma-cards.js
//   node build.mjs --check  exit 1 when the committed file differs from a fresh build
//
// The build is deterministic (no timestamps, paths relative to this folder), so a test can
// rebuild in memory and compare bytes with the committed file.
import { build } from "esbuild";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const OUTFILE = resolve(here, "../custom_components/fajma/frontend/fajma-cards.js");

/** Build the bundle in memory and return its bytes. */
export async function buildBundle() {
  const result = await build({
    absWorkingDir: here,
    entryPoints: ["src/fajma-cards.ts"],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: ["es2021"],
    minify: true,
    legalComments: "eof",
    banner: {
      js: "/*! FAJMA Lovelace cards. Bundles lit (BSD-3-Clause, Google LLC) and uPlot (MIT, Leon Sorokin). */",
    },
    charset: "utf8",
    loader: { ".css": "text" },
    logLevel: "silent",
    outfile: "fajma-cards.js",
  });
  return result.outputFiles[0].contents;
}

async function main() {
  const bytes = await buildBundle();
  if (process.argv.includes("--check")) {
    const committed = await readFile(OUTFILE).catch(() => Buffer.alloc(0));
    if (!Buffer.from(bytes).equals(committed)) {
      console.error(`${OUTFILE} is stale: run npm run build`);
      process.exit(1);
    }
    console.log("bundle is up to date");
    return;
  }
  await mkdir(dirname(OUTFILE), { recursive: true });
  await writeFile(OUTFILE, bytes);
  console.log(`wrote ${OUTFILE} (${bytes.length} bytes)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
