"""Alert texts from the one text builder, in English and French, for every state and kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custom_components.fajma.alert_model import TECHNICAL
from custom_components.fajma.alert_texts import NBSP, AlertTexts, format_value

FOLDER = Path(__file__).parent.parent / "custom_components" / "fajma" / "translations"
PREFIX = "component.fajma.selector.alert_text.options."
APOS = "\u2019"  # the typographic apostrophe of French texts
STATES = ("raised", "escalated", "de_escalated", "acknowledged", "resolved")


def texts(language: str) -> AlertTexts:
    """The builder with the shipped translations, keyed as Home Assistant loads them."""
    data = json.loads((FOLDER / f"{language}.json").read_text(encoding="utf-8"))
    options: dict[str, str] = data["selector"]["alert_text"]["options"]
    return AlertTexts({f"{PREFIX}{key}": text for key, text in options.items()}, language, PREFIX)


DESATURATION = {
    "condition": "spo2",
    "priority": "critical",
    "state": "raised",
    "side": "low",
    "value": 86.0,
    "raised_value": 88.0,
    "worst_value": 84.0,
    "threshold": 90.0,
    "condition_active": True,
}


def test_english_lock_screen_text_says_what_and_how_bad() -> None:
    title, message = texts("en").describe(DESATURATION, "Papi Jean")
    assert title == "🔴 CRITICAL — Papi Jean"
    assert message == f"SpO₂ too low: 86{NBSP}% (limit 90{NBSP}%). Check on Papi Jean."


def test_french_uses_decimal_comma_and_non_breaking_spaces() -> None:
    fever = DESATURATION | {
        "condition": "body_temperature",
        "side": "high",
        "value": 38.6,
        "threshold": 38.1,
        "priority": "warning",
    }
    title, message = texts("fr").describe(fever, "Papi Jean")
    assert title == "🟠 Attention — Papi Jean"
    assert message == (
        f"Température corporelle trop haute{NBSP}: 38,6{NBSP}°C (seuil 38,1{NBSP}°C)."
        " Allez voir Papi Jean."
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_reminder_keeps_the_value_that_raised_the_alert(language: str) -> None:
    reminder = DESATURATION | {"state": "escalated", "escalation": "renotify", "value": 93.0}
    _, message = texts(language).describe(reminder, "Papi Jean")
    for value in ("88", "84", "93"):
        assert f"{value}{NBSP}%" in message
    recovered = reminder | {"condition_active": False, "value": 97.0}
    _, message = texts(language).describe(recovered, "Papi Jean")
    assert f"97{NBSP}%" in message
    assert f"88{NBSP}%" in message
    assert message != texts(language).describe(reminder, "Papi Jean")[1]
    # It says the vital *was* abnormal (recovered, nobody has taken it), not that it still is.
    assert {"en": "SpO₂ was too low", "fr": "SpO₂ était trop basse"}[language] in message


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("condition", ["spo2", *TECHNICAL])
@pytest.mark.parametrize("state", STATES)
def test_every_state_and_kind_has_a_text(language: str, condition: str, state: str) -> None:
    """No template key leaks to a phone, and no placeholder stays unfilled."""
    data = DESATURATION | {"condition": condition, "state": state, "escalation": "priority"}
    if condition in TECHNICAL:
        data |= {"side": None, "value": None, "threshold": None}
    title, message = texts(language).describe(data, "Papi Jean")
    for text in (title, message):
        assert "message." not in text
        assert "{" not in text
    assert message.strip()


def test_resolved_but_unacknowledged_says_so() -> None:
    data = DESATURATION | {
        "state": "resolved",
        "priority": "info",
        "condition_active": False,
        "awaiting_acknowledgement": True,
        "value": 97.0,
    }
    _, message = texts("en").describe(data, "Papi Jean")
    assert "nobody has taken the alert yet" in message
    _, message = texts("fr").describe(data, "Papi Jean")
    assert f"personne n{APOS}a encore pris l{APOS}alerte en charge" in message


def test_acknowledged_names_who() -> None:
    data = DESATURATION | {"state": "acknowledged", "acknowledged_by": "Marie"}
    assert texts("fr").describe(data, "Papi Jean")[1] == f"SpO₂{NBSP}: Marie s{APOS}en occupe."
    assert texts("en").describe(data | {"acknowledged_by": None}, "X")[1] == (
        "SpO₂: someone is on it."
    )


def test_logbook_sentence_and_broken_template() -> None:
    assert texts("en").logbook(DESATURATION, "Papi Jean").startswith("critical alert: SpO₂")
    broken = AlertTexts({f"{PREFIX}title_critical": "{nope}"}, "en", PREFIX)
    assert broken.describe(DESATURATION, "X")[0] == "{nope}"


def test_format_value() -> None:
    assert format_value(38.6, "body_temperature", "fr") == f"38,6{NBSP}°C"
    assert format_value(38.6, "body_temperature", "en-GB") == f"38.6{NBSP}°C"
    assert format_value(None, "spo2", "en") == "—"
    assert format_value(True, "spo2", "en") == "—"
    assert format_value(3.0, "perfusion_index", "en") == "3"
