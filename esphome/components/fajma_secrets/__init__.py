"""Refuses firmware secrets that are not secret, at `esphome config` time.

`esphome/secrets.example.yaml` holds placeholders, and earlier versions of it published a
valid API key and OTA password. This component (configuration only, no code on the device)
names what to do instead of letting such a device be flashed: run `scripts/setup`, which
writes random secrets to `esphome/secrets.yaml`.
"""

import esphome.config_validation as cv

CODEOWNERS = ["@fajma"]

CONF_API_ENCRYPTION_KEY = "api_encryption_key"
CONF_HOTSPOT_PASSWORD = "hotspot_password"

# The placeholders of secrets.example.yaml. The key's decodes to "RUN scripts/setup: no key
# here!!": it must be valid base64 of 32 bytes, or ESPHome's own check of the key stops the
# validation before this message is shown.
PLACEHOLDER_PREFIX = "RUN-scripts/setup"
PLACEHOLDERS = frozenset({"UlVOIHNjcmlwdHMvc2V0dXA6IG5vIGtleSBoZXJlISE="})
# Values that were once published in this repository: anyone can read them.
PUBLISHED = frozenset(
    {
        "bm90LWEtcmVhbC1rZXktcmVwbGFjZS1tZS1wbGVhc2U=",
        "change-me",
    }
)
WHAT_TO_DO = (
    "run scripts/setup: it writes a random API key and hotspot password to "
    "esphome/secrets.yaml (it never overwrites secrets you already have); then set "
    "wifi_ssid and wifi_password there"
)


def not_public(value: object) -> str:
    """A secret that is neither the example's placeholder nor a once-published value."""
    text = cv.string_strict(value)
    if text.startswith(PLACEHOLDER_PREFIX) or text in PLACEHOLDERS:
        raise cv.Invalid(
            "esphome/secrets.yaml still holds the placeholders of secrets.example.yaml: "
            + WHAT_TO_DO
        )
    if text in PUBLISHED:
        raise cv.Invalid(
            "this value was published in the FAJMA repository, so it protects nothing: "
            "delete it from esphome/secrets.yaml and " + WHAT_TO_DO
        )
    return text


CONFIG_SCHEMA = cv.Schema(
    {
        cv.Required(CONF_API_ENCRYPTION_KEY): not_public,
        cv.Required(CONF_HOTSPOT_PASSWORD): not_public,
    }
)
