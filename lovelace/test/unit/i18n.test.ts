import { describe, expect, test } from "vitest";
import { hasKey, hour12, language, localeTag, numberLocale, translate } from "../../src/i18n";

describe("language", () => {
  test("follows hass.locale.language, French for any fr-*", () => {
    expect(language({ locale: { language: "fr" } })).toBe("fr");
    expect(language({ locale: { language: "fr-CA" } })).toBe("fr");
    expect(language({ locale: { language: "en-GB" } })).toBe("en");
    expect(language({ locale: { language: "de" } })).toBe("en");
    expect(language({ language: "fr" })).toBe("fr");
    expect(language(undefined)).toBe("en");
  });

  test("locale tag keeps the region", () => {
    expect(localeTag({ locale: { language: "fr-CA" } })).toBe("fr-CA");
    expect(localeTag(undefined)).toBe("en");
  });

  test("number format setting", () => {
    expect(numberLocale({ locale: { language: "en", number_format: "decimal_comma" } })).toBe("de");
    expect(numberLocale({ locale: { language: "fr", number_format: "comma_decimal" } })).toBe("en-US");
    expect(numberLocale({ locale: { language: "en", number_format: "space_comma" } })).toBe("fr");
    expect(numberLocale({ locale: { language: "fr", number_format: "language" } })).toBe("fr");
    expect(numberLocale({ locale: { language: "fr" } })).toBe("fr");
  });

  test("time format setting", () => {
    expect(hour12({ locale: { time_format: "12" } })).toBe(true);
    expect(hour12({ locale: { time_format: "24" } })).toBe(false);
    expect(hour12({ locale: { time_format: "language" } })).toBeUndefined();
  });
});

describe("strings", () => {
  test("English and French, with placeholders", () => {
    expect(translate("en", "vital.heart_rate")).toBe("Heart rate");
    expect(translate("fr", "vital.heart_rate")).toBe("Fréquence cardiaque");
    expect(translate("fr", "updated.ago", { ago: "il y a 5 s" })).toBe("mis à jour il y a 5 s");
    expect(translate("en", "alerts.threshold", {})).toBe("limit {threshold}");
  });

  test("every status has a label in both languages", () => {
    for (const status of ["normal", "warning", "critical", "no_signal", "offline", "unknown"]) {
      const key = `status.${status}`;
      expect(hasKey(key)).toBe(true);
      if (hasKey(key)) {
        expect(translate("en", key)).not.toBe("");
        expect(translate("fr", key)).not.toBe("");
      }
    }
    expect(hasKey("status.bogus")).toBe(false);
    expect(translate("fr", "status.warning")).toBe("Attention");
    expect(translate("fr", "status.offline")).toBe("Hors ligne");
  });
});
