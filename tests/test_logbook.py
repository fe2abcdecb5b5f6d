"""Alert events read as sentences in the logbook, in the user's language."""

from __future__ import annotations

from typing import Any

from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.fajma.const import EVENT_ALERT
from tests.conftest import unload_entry


async def test_logbook_sentences(hass: HomeAssistant, patient: MockConfigEntry) -> None:
    """Alert events read as sentences in the logbook."""
    from custom_components.fajma.logbook import async_describe_events

    described: dict[str, Any] = {}
    async_describe_events(hass, lambda domain, event, fn: described.setdefault(event, fn))
    describe = described[EVENT_ALERT]
    event = Event(
        EVENT_ALERT,
        {
            "patient": "Grand-mère Éliane",
            "state": "raised",
            "priority": "critical",
            "vital": "spo2",
            "side": "low",
            "value": 86.0,
            "threshold": 90.0,
        },
    )
    entry = describe(event)
    assert entry["name"] == "Grand-mère Éliane"
    assert entry["message"] == (
        "critical alert: SpO₂ too low: 86\u00a0% (limit 90\u00a0%). Check on Grand-mère Éliane."
    )
    await unload_entry(hass, patient)
