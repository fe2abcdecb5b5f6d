"""The words of an alert: one place builds them for notifications, the logbook and the cards.

Pure: takes an alert transition's data (the `fajma_alert` event data) and the integration's
translated templates, returns text. Numbers follow the language (decimal comma and a
non-breaking space before the unit in French).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

UNITS: Final = {"heart_rate": "bpm", "spo2": "%", "body_temperature": "°C"}
NBSP: Final = "\u00a0"
TECHNICAL_TEXTS: Final = ("offline", "sensor_off", "no_pulse", "delivery")


def format_value(value: object, vital: str, language: str) -> str:
    """Format a reading with its unit in the language's way ("38,6 °C" in French)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "—"
    text = f"{value:g}"
    if language.split("-", maxsplit=1)[0] == "fr":
        text = text.replace(".", ",")
    unit = UNITS.get(vital, "")
    return f"{text}{NBSP}{unit}" if unit else text


def translation_key(key: str) -> str:
    """The flat translation key of a dotted text key (`title.critical` is `title_critical`)."""
    return key.replace(".", "_")


class AlertTexts:
    """Alert texts in one language, from the integration's translations.

    Texts are asked for by dotted keys (`message.spo2.raised`); the translations hold them
    flat, as hassfest requires of translation keys (`message_spo2_raised`).
    """

    def __init__(self, templates: Mapping[str, str], language: str, prefix: str) -> None:
        """`templates` as Home Assistant returns them; keys start with `prefix`."""
        self._templates = templates
        self._language = language
        self._prefix = prefix

    def text(self, key: str, **placeholders: Any) -> str:
        """One template filled in; a broken translation shows as is rather than failing."""
        template = self._templates.get(f"{self._prefix}{translation_key(key)}", key)
        try:
            return template.format(**placeholders)
        except KeyError, IndexError, ValueError:
            return template

    def _message_key(self, data: Mapping[str, Any]) -> str:
        condition = str(data.get("condition") or data.get("vital") or "")
        what = condition if condition in TECHNICAL_TEXTS else "physiological"
        state = str(data.get("state", ""))
        if state == "escalated":
            state = f"escalated_{data.get('escalation') or 'priority'}"
        if not data.get("condition_active", True):
            # A critical alert whose condition is over, still waiting for someone.
            if state == "resolved" and data.get("awaiting_acknowledgement"):
                state = "resolved_unacknowledged"
            elif state == "escalated_renotify":
                state = "renotify_recovered"
        return f"message.{what}.{state}"

    def placeholders(self, data: Mapping[str, Any], patient: str) -> dict[str, str]:
        """The values a template may use."""
        vital = str(data.get("condition") or data.get("vital") or "")
        language = self._language
        side = data.get("side")
        return {
            "patient": patient,
            "vital": self.text(f"vital.{vital}"),
            "direction": self.text(f"direction.{side}") if side in ("low", "high") else "",
            "value": format_value(data.get("value"), vital, language),
            "raised_value": format_value(data.get("raised_value"), vital, language),
            "worst_value": format_value(data.get("worst_value"), vital, language),
            "threshold": format_value(data.get("threshold"), vital, language),
            "acknowledged_by": str(data.get("acknowledged_by") or self.text("someone")),
        }

    def describe(self, data: Mapping[str, Any], patient: str) -> tuple[str, str]:
        """Return the (title, message) of a transition for a phone's lock screen."""
        values = self.placeholders(data, patient)
        title = self.text(f"title.{data.get('priority', 'info')}", **values)
        return title, self.text(self._message_key(data), **values)

    def logbook(self, data: Mapping[str, Any], patient: str) -> str:
        """Return the logbook sentence of a transition."""
        _, message = self.describe(data, patient)
        return self.text(
            f"logbook.{data.get('state', '')}",
            priority=self.text(f"priority.{data.get('priority', '')}"),
            message=message,
        )
