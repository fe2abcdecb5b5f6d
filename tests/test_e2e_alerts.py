"""End to end: alerts from the real firmware (virtual device) over real TCP, no mocks.

Alert delays are 0 here so that nothing depends on how fast this machine is; the delays
themselves are tested with Home Assistant's time helpers in test_alerts.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events, async_mock_service

from custom_components.fajma.const import (
    CONF_NOTIFY_TARGETS,
    CONF_STALE_TIMEOUT,
    DELAY_OPTIONS,
    DOMAIN,
    EVENT_ALERT,
)
from tests.conftest import (
    entry_for,
    running,
    setup_entry,
    unload_entry,
    wait_for,
    write_scenario,
)
from tests.virtual_device import VirtualDevice

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("socket_ok")]

NOW = dict.fromkeys(DELAY_OPTIONS, 0) | {CONF_STALE_TIMEOUT: 5}


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
        critical_calls = [c for c in phone if "CRITICAL" in c.data.get("title", "")]
        assert len(critical_calls) == 1

        await device.stop()
        # Lost during a critical condition: the offline alert is critical at once.
        await wait_for(lambda: bool(raised("critical", "offline")), what="the offline alert")
        offline_id = raised("critical", "offline")[0]["alert_id"]

        await device.start()
        await wait_for(
            lambda: any(
                e.data["state"] == "resolved" and e.data["alert_id"] == offline_id for e in events
            ),
            what="the offline alert to resolve",
        )
        # The phone's offline message is replaced by the "back online" one (same tag).
        offline_messages = [c.data["message"] for c in phone if c.data["data"]["tag"] == offline_id]
        assert len(offline_messages) == 2
        assert offline_messages[0].startswith("The monitor is offline")
        # Critical and not acknowledged: back online, it still waits for someone.
        assert offline_messages[1].startswith("The monitor is back online, but nobody")
        # The latched critical alert is still there, waiting for acknowledgement.
        assert raised("critical", "spo2")[-1]["alert_id"] in spo2_ids
        assert len(spo2_ids) == 1
        await unload_entry(hass, entry)


async def test_acknowledged_critical_that_improves_then_worsens_alarms_again(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    """Real firmware: critical, acknowledged, better (warning), critical again → a new alarm."""
    phone = async_mock_service(hass, "notify", "caregiver_phone")
    events = async_capture_events(hass, EVENT_ALERT)
    scenario = write_scenario(
        tmp_path / "relapse.csv",
        [
            "0,78,86,36.9,21.5,45,1,3.2",
            "12,78,93,36.9,21.5,45,1,3.2",
            "24,78,85,36.9,21.5,45,1,3.2",
        ],
    )

    def spo2(state: str, priority: str) -> list[dict[str, Any]]:
        return [
            e.data
            for e in events
            if (e.data["vital"], e.data["state"], e.data["priority"]) == ("spo2", state, priority)
        ]

    async with running(VirtualDevice("fajma-relapse", scenario)) as device:
        entry = entry_for(device, **NOW, **{CONF_NOTIFY_TARGETS: ["notify.caregiver_phone"]})
        await setup_entry(hass, entry)
        await wait_for(lambda: bool(spo2("raised", "critical")), what="the critical alert")
        alert_id = spo2("raised", "critical")[0]["alert_id"]
        await hass.services.async_call(DOMAIN, "acknowledge", {"alert_id": alert_id}, blocking=True)
        await wait_for(lambda: bool(spo2("de_escalated", "warning")), what="the improvement")
        await wait_for(lambda: bool(spo2("escalated", "critical")), what="the re-alarm")
        again = spo2("escalated", "critical")[-1]
        assert again["alert_id"] == alert_id
        assert again["awaiting_acknowledgement"] is True
        assert again["value"] == 85
        # The caregiver's phone rang again, with an acknowledge button.
        assert (
            "actions"
            in [c for c in phone if "CRITICAL" in c.data.get("title", "")][-1].data["data"]
        )
        await unload_entry(hass, entry)


async def test_finger_on_without_pulse_is_a_critical_technical_alert(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    """Real firmware: finger on the sensor, heart rate and SpO2 NaN → critical `no_pulse`."""
    events = async_capture_events(hass, EVENT_ALERT)
    scenario = write_scenario(tmp_path / "no_pulse.csv", ["0,,,36.9,21.5,45,1,0"])
    async with running(VirtualDevice("fajma-nopulse", scenario)) as device:
        entry = entry_for(device, **(NOW | {"no_pulse_delay": 2, "technical_delay": 120}))
        await setup_entry(hass, entry)
        await wait_for(
            lambda: any(e.data["vital"] == "no_pulse" for e in events), what="no_pulse alert"
        )
        alert = next(e.data for e in events if e.data["vital"] == "no_pulse")
        assert (alert["state"], alert["priority"], alert["kind"]) == (
            "raised",
            "critical",
            "technical",
        )
        assert not any(e.data["vital"] == "sensor_off" for e in events)
        await unload_entry(hass, entry)
