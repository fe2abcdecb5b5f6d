"""Alert transitions in the logbook, as sentences in the user's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.translation import async_get_cached_translations

from .alerts import UNITS
from .const import DOMAIN, EVENT_ALERT


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe FAJMA alert events."""

    @callback
    def describe(event: Event) -> dict[str, str]:
        data: dict[str, Any] = dict(event.data)
        strings = async_get_cached_translations(hass, hass.config.language, "alerts", DOMAIN)

        def text(key: str) -> str:
            return strings.get(f"component.{DOMAIN}.alerts.{key}", key)

        vital = str(data.get("vital", ""))
        unit = UNITS.get(vital, "")
        value = data.get("value")
        threshold = data.get("threshold")
        template = text(f"logbook.{data.get('state', '')}")
        message = template.format(
            priority=text(f"priority.{data.get('priority', '')}"),
            vital=text(f"vital.{vital}"),
            value="—" if value is None else f"{value:g} {unit}".strip(),
            threshold="—" if threshold is None else f"{threshold:g} {unit}".strip(),
        )
        return {
            LOGBOOK_ENTRY_NAME: str(data.get("patient", "FAJMA")),
            LOGBOOK_ENTRY_MESSAGE: message,
        }

    async_describe_event(DOMAIN, EVENT_ALERT, describe)
