"""End to end: alerts from the real firmware (virtual device) over real TCP, no mocks.

Alert delays are 0 here so that nothing depends on how fast this machine is; the delays
themselves are tested with Home Assistant's time helpers in test_alerts.py.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events, async_mock_service

from custom_components.fajma.const import (
    CONF_CRITICAL_DELAY,
    CONF_NOTIFY_TARGETS,
    CONF_TECHNICAL_DELAY,
    CONF_WARNING_DELAY,
    EVENT_ALERT,
)
from tests.conftest import entry_for, running, setup_entry, unload_entry, wait_for
from tests.virtual_device import VirtualDevice

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("socket_ok")]

NOW = {CONF_CRITICAL_DELAY: 0, CONF_WARNING_DELAY: 0, CONF_TECHNICAL_DELAY: 0}


async def test_desaturation_alerts_once_and_the_device_vanishing_alerts_too(
    hass: HomeAssistant,
) -> None:
    """SpO2 falls to 86 %: one critical alert, one phone notification; offline and back."""
    phone = async_mock_service(hass, "notify", "caregiver_phone")
    events = async_capture_events(hass, EVENT_ALERT)
    device = VirtualDevice("fajma-desat", "desaturation", time_scale=10, reading_interval=0.2)
    async with running(device):
        entry = entry_for(device, **NOW, **{CONF_NOTIFY_TARGETS: ["notify.caregiver_phone"]})
        await setup_entry(hass, entry)

        def raised(priority: str, vital: str) -> list[dict[str, object]]:
            return [
                e.data
                for e in events
                if (e.data["state"], e.data["priority"], e.data["vital"])
                in {("raised", priority, vital), ("escalated", priority, vital)}
            ]

        await wait_for(lambda: bool(raised("critical", "spo2")), what="the critical alert")
        # The warning (93 %) became critical (86 %): the same alert, escalated by priority.
        # (A freshly booted device reports NaN until its first reading: with a technical
        # delay of 0 that may open a short no-signal alert, which is not this one.)
        spo2_ids = {
            e.data["alert_id"]
            for e in events
            if e.data["vital"] == "spo2" and e.data["kind"] == "physiological"
        }
        assert len(spo2_ids) == 1
        critical = raised("critical", "spo2")[-1]
        assert critical["value"] == 86
        assert critical["threshold"] == 90
        critical_calls = [c for c in phone if "critical" in c.data.get("title", "")]
        assert len(critical_calls) == 1

        await device.stop()
        await wait_for(lambda: bool(raised("warning", "offline")), what="the offline alert")
        offline_id = raised("warning", "offline")[0]["alert_id"]

        await device.start()
        await wait_for(
            lambda: any(
                e.data["state"] == "resolved" and e.data["alert_id"] == offline_id for e in events
            ),
            what="the offline alert to resolve",
        )
        # The phone's offline message is replaced by the "back online" one (same tag).
        offline_messages = [c.data["message"] for c in phone if c.data["data"]["tag"] == offline_id]
        assert offline_messages == [
            "The monitor is offline: no readings are arriving.",
            "The monitor is back online.",
        ]
        # The latched critical alert is still there, waiting for acknowledgement.
        assert raised("critical", "spo2")[-1]["alert_id"] in spo2_ids
        assert len(spo2_ids) == 1
        await unload_entry(hass, entry)
