"""hassfest's translation rule, applied to strings.json and every translations/*.json.

hassfest (Home Assistant's integration validator, which the hassfest action runs on custom
integrations) validates strings.json and translations/en.json against a voluptuous schema in
`script/hassfest/translations.py` of home-assistant/core (Apache-2.0). That script is not
shipped with the `homeassistant` package, so the part of it that applies to FAJMA is restated
here: which top-level categories exist, how keys are spelled, and what a text may contain.
French is held to the same rule, so a translation cannot slip past it either.
"""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import re
import string
from typing import Any

from homeassistant.helpers import config_validation as cv
import probatio as vol
import pytest

FOLDER = Path(__file__).resolve().parent.parent / "custom_components" / "fajma"
FILES = [FOLDER / "strings.json", *sorted((FOLDER / "translations").glob("*.json"))]

# Every top-level category hassfest's strings schema knows; any other key fails validation.
CATEGORIES = {
    "title",
    "config",
    "config_subentries",
    "options",
    "preview_features",
    "selector",
    "device_automation",
    "system_health",
    "config_panel",
    "application_credentials",
    "issues",
    "entity_component",
    "device",
    "entity",
    "exceptions",
    "services",
    "conditions",
    "triggers",
    "conversation",
    "common",
}
# A translation key: lowercase letters, digits, - and _, no doubled or edge separators.
TRANSLATION_KEY = re.compile(r"^(?!.+[_-]{2})(?![_-])[a-z0-9-_]+(?<![_-])$")
URL = re.compile(
    r"(((ftp|ftps|scp|http|https|mqtt|mqtts|socket|socks5):\/\/|www\.)"
    r"[a-z0-9]+([\-\.]{1}[a-z0-9]+)*\.[a-z]{2,5}(:[0-9]{1,5})?(\/.*)?)",
    re.IGNORECASE,
)


def key(value: Any) -> str:
    """A translation key as hassfest spells it."""
    if not isinstance(value, str) or TRANSLATION_KEY.match(value) is None:
        raise vol.Invalid(f"invalid translation key {value!r}")
    return value


def text(placeholders: bool = True) -> Callable[[Any], str]:
    """A translated text: no HTML, sound placeholders, no spaces at its ends, no URL."""

    def validate(value: Any) -> str:
        value = cv.string_with_no_html(value)
        if re.search(r"'{\w+}'", value):
            raise vol.Invalid("placeholder inside single quotes")
        for _, field, _, _ in string.Formatter().parse(value):
            if field and (not placeholders or not field.isidentifier()):
                raise vol.Invalid(f"placeholder {{{field}}} not allowed here")
        if re.search(r"(.+\[%)|(%\].+)", value):
            raise vol.Invalid("combined translation reference")
        if value != value.strip():
            raise vol.Invalid("leading or trailing spaces")
        if URL.search(value):
            raise vol.Invalid("a URL (use a description placeholder)")
        return value

    return validate


def slug_keys(value_schema: Any, slug: Any = key) -> Callable[[Any], Any]:
    """A mapping of keys to values of one schema."""
    return cv.schema_with_slug_keys(value_schema, slug_validator=slug)


TEXT = text()
FLOW_STEP = {
    vol.Optional("title"): TEXT,
    vol.Optional("description"): TEXT,
    vol.Optional("data"): {str: TEXT},
    vol.Optional("data_description"): {str: TEXT},
    vol.Optional("menu_options"): {str: TEXT},
    vol.Optional("submit"): TEXT,
    vol.Optional("sections"): {str: {str: vol.Any(TEXT, {str: TEXT})}},
}
FLOW = vol.Schema(
    {
        vol.Optional("flow_title"): TEXT,
        vol.Required("step"): {str: FLOW_STEP},
        vol.Optional("error"): {str: TEXT},
        vol.Optional("abort"): {str: TEXT},
        vol.Optional("progress"): {str: TEXT},
        vol.Optional("create_entry"): {str: TEXT},
    }
)
NO_PLACEHOLDER = text(placeholders=False)
ENTITY = {
    vol.Optional("name"): TEXT,
    vol.Optional("state"): slug_keys(NO_PLACEHOLDER),
    vol.Optional("state_attributes"): slug_keys(
        {vol.Optional("name"): NO_PLACEHOLDER, vol.Optional("state"): slug_keys(NO_PLACEHOLDER)}
    ),
    vol.Optional("unit_of_measurement"): NO_PLACEHOLDER,
}
FIELD = {
    vol.Required("name"): str,
    vol.Required("description"): TEXT,
    vol.Optional("example"): TEXT,
}
USED = {
    vol.Optional("title"): TEXT,
    vol.Optional("config"): FLOW,
    vol.Optional("options"): FLOW,
    vol.Optional("selector"): slug_keys(
        {
            vol.Optional("options"): slug_keys(TEXT),
            vol.Optional("choices"): slug_keys(TEXT),
            vol.Optional("unit_of_measurement"): slug_keys(TEXT),
        },
        slug=vol.Any("_", cv.slug),
    ),
    vol.Optional("device_automation"): {
        vol.Optional(kind): {str: TEXT}
        for kind in ("action_type", "condition_type", "trigger_type", "trigger_subtype")
    },
    vol.Optional("issues"): {
        str: vol.All(
            cv.has_at_least_one_key("description", "fix_flow"),
            {
                vol.Required("title"): TEXT,
                vol.Exclusive("description", "fixable"): TEXT,
                vol.Exclusive("fix_flow", "fixable"): FLOW,
            },
        )
    },
    vol.Optional("entity"): slug_keys(slug_keys(ENTITY), slug=cv.slug),
    vol.Optional("exceptions"): slug_keys({vol.Optional("message"): TEXT}, slug=cv.slug),
    vol.Optional("services"): slug_keys(
        {
            vol.Required("name"): TEXT,
            vol.Required("description"): TEXT,
            vol.Optional("fields"): slug_keys(FIELD),
            vol.Optional("sections"): slug_keys(
                {vol.Required("name"): str, vol.Optional("description"): TEXT}
            ),
        }
    ),
}
# Categories FAJMA does not use are accepted under their own name only.
SCHEMA = vol.Schema(
    USED | {vol.Optional(name): object for name in CATEGORIES - {str(key) for key in USED}}
)
# The schema above must not be more lenient than hassfest about the categories.
SCHEMA_CATEGORIES = {str(marker) for marker in SCHEMA.schema}


def test_the_schema_knows_exactly_hassfests_categories() -> None:
    assert SCHEMA_CATEGORIES == CATEGORIES


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_translations_pass_hassfests_rule(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    SCHEMA(data)
    assert set(data) <= CATEGORIES


@pytest.mark.parametrize(
    ("broken", "why"),
    [
        ({"alerts": {"title": {"critical": "CRITICAL"}}}, "not a valid option at 'alerts'"),
        ({"selector": {"alert_text": {"options": {"title.critical": "x"}}}}, "translation key"),
        ({"selector": {"alert_text": {"options": {"title__critical": "x"}}}}, "translation key"),
        ({"selector": {"alert_text": {"options": {"x": "{1st}"}}}}, "placeholder"),
        ({"selector": {"alert_text": {"options": {"x": "'{patient}'"}}}}, "single quotes"),
        ({"selector": {"alert_text": {"options": {"x": "see https://example.com"}}}}, "URL"),
        ({"selector": {"alert_text": {"options": {"x": "ends with a space "}}}}, "spaces"),
        ({"selector": {"alert_text": {"options": {"x": "<b>bold</b>"}}}}, "(?i)html"),
        ({"entity": {"sensor": {"spo2": {"state": {"low": "{value} low"}}}}}, "placeholder"),
    ],
)
def test_the_rule_rejects_what_hassfest_rejects(broken: dict[str, Any], why: str) -> None:
    """The vendored rule is not vacuous: each thing hassfest refuses is refused here."""
    with pytest.raises(vol.Invalid, match=why):
        SCHEMA(broken)
