import { describe, expect, test } from "vitest";
import { editorSchema } from "../../src/patient-card-editor";
import { hasKey, translate } from "../../src/i18n";

type Item = { name: string; schema?: Item[] };

function names(items: Item[]): string[] {
  return items.flatMap((item) => [item.name, ...names(item.schema ?? [])]).filter(Boolean);
}

describe("patient card editor", () => {
  test.each(["en", "fr"] as const)("every field has a %s label (the dialog opens)", (lang) => {
    for (const name of names(editorSchema(lang) as Item[])) {
      const key = `editor.${name}`;
      expect(hasKey(key), key).toBe(true);
      expect(translate(lang, key as never)).not.toBe(key);
    }
  });

  test("an unknown key shows as itself instead of throwing", () => {
    expect(translate("fr", "editor.nothing_here" as never)).toBe("editor.nothing_here");
  });
});
