"""Alerts in Home Assistant: events, notifications, acknowledgement, escalation, restore.

The event entity, device triggers, logbook and websocket API have their own test modules;
the shared fixtures are in tests/alert_fixtures.py.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_mock_service,
)

from custom_components.fajma.const import (
    CONF_NOTIFY_TARGETS,
    DOMAIN,
    EVENT_ALERT,
)
from tests.alert_fixtures import (
    ALERT_ACTIVE,
    ALERT_EVENT,
    OPTIONS,
    advance,
    keep_reading,
    readings_for,
    states,
)
from tests.conftest import FakeDevice, publish_all, setup_entry, unload_entry


async def test_desaturation_raises_one_critical_alert_and_escalates(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
) -> None:
    """One critical alert after the delay, re-sent every 5 min, escalated after 2 re-sends."""
    events = async_capture_events(hass, EVENT_ALERT)
    await readings_for(hass, freezer, fake_device, 9, spo2=86)
    assert events == []  # shorter than the critical delay: nothing yet
    await readings_for(hass, freezer, fake_device, 3, spo2=86)
    assert states(events) == [("raised", "critical", "spo2")]
    raised = events[0].data
    assert raised["value"] == 86
    assert raised["threshold"] == 90
    assert raised["kind"] == "physiological"
    assert raised["patient"] == "Grand-mère Éliane"
    assert (
        raised["device_id"]
        == dr.async_get(hass)
        .async_get_device_by_identifier((DOMAIN, patient.unique_id), patient.entry_id)
        .id
    )

    (notification,) = phones["caregiver"]
    assert "Grand-mère Éliane" in notification.data["title"]
    assert "86\u00a0%" in notification.data["message"]
    assert "90\u00a0%" in notification.data["message"]
    data = notification.data["data"]
    assert data["push"]["sound"]["critical"] == 1
    assert data["channel"] == "alarm_stream"
    assert data["importance"] == "high"
    assert data["tag"] == raised["alert_id"]
    assert data["actions"][0]["action"] == f"FAJMA_ACK_{raised['alert_id']}"
    assert phones["nurse"] == []

    state = hass.states.get(ALERT_ACTIVE)
    assert state is not None
    assert state.state == "on"
    assert state.attributes["priority"] == "critical"
    assert state.attributes["vital"] == "spo2"
    assert hass.states.get(ALERT_EVENT).attributes["event_type"] == "critical"

    # Nothing again before 5 minutes, then a re-send to the caregiver only.
    await readings_for(hass, freezer, fake_device, 60, spo2=86)
    assert len(phones["caregiver"]) == 1
    await keep_reading(hass, freezer, fake_device, 240, spo2=86)
    assert len(phones["caregiver"]) == 2
    assert phones["nurse"] == []
    await keep_reading(hass, freezer, fake_device, 300, spo2=86)
    assert len(phones["caregiver"]) == 3
    assert phones["nurse"] == []
    # The third re-send goes to the escalation recipient too.
    await keep_reading(hass, freezer, fake_device, 300, spo2=86)
    assert len(phones["caregiver"]) == 4
    assert len(phones["nurse"]) == 1
    assert all(e.data["alert_id"] == raised["alert_id"] for e in events)
    # The event says who was told (the blueprint tells its back-up phones from it).
    assert events[-1].data["notify"]["send_to"] == "first_line_and_escalation"

    # Acknowledged by the service: the notifications are withdrawn and re-sends stop.
    await hass.services.async_call(
        DOMAIN, "acknowledge", {"alert_id": raised["alert_id"]}, blocking=True
    )
    await hass.async_block_till_done()
    assert events[-1].data["state"] == "acknowledged"
    assert phones["caregiver"][-1].data["message"] == "clear_notification"
    assert phones["nurse"][-1].data["message"] == "clear_notification"
    sent = len(phones["caregiver"])
    await keep_reading(hass, freezer, fake_device, 900, spo2=86)
    assert len(phones["caregiver"]) == sent
    await unload_entry(hass, patient)


async def test_a_critical_reading_then_silence_alarms_at_the_critical_delay(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
) -> None:
    """The last reading is critical, then nothing comes (device hung, connection up): the
    critical alert is raised after the critical delay (10 s) — not when the stale timer set by
    the earlier normal readings (30 s) would have woken the engine."""
    events = async_capture_events(hass, EVENT_ALERT)
    await readings_for(hass, freezer, fake_device, 5)
    publish_all(fake_device, spo2=86)
    for _ in range(11):
        await advance(hass, freezer, 1)
    assert states(events) == [("raised", "critical", "spo2")]
    await unload_entry(hass, patient)


async def test_acknowledge_from_the_phone(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
) -> None:
    """The notification's Acknowledge button (mobile_app_notification_action) stops re-sends."""
    events = async_capture_events(hass, EVENT_ALERT)
    await readings_for(hass, freezer, fake_device, 11, heart_rate=150)
    assert len(events) == 1
    action = phones["caregiver"][0].data["data"]["actions"][0]["action"]
    hass.bus.async_fire("mobile_app_notification_action", {"action": action})
    await hass.async_block_till_done()
    assert events[-1].data["state"] == "acknowledged"
    # A second tap (another phone) is harmless.
    hass.bus.async_fire("mobile_app_notification_action", {"action": action})
    hass.bus.async_fire("mobile_app_notification_action", {"action": "SOMETHING_ELSE"})
    await hass.async_block_till_done()
    assert len(events) == 2
    sent = len(phones["caregiver"])
    await keep_reading(hass, freezer, fake_device, 900, heart_rate=150)
    assert len(phones["caregiver"]) == sent
    # Still latched (the vital is still critical), but acknowledged.
    state = hass.states.get(ALERT_ACTIVE)
    assert state.attributes["acknowledged"] is True
    await unload_entry(hass, patient)


async def test_value_on_a_threshold_raises_at_most_one_alert(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
) -> None:
    """SpO2 wobbling around 90 % for ten minutes: one alert, not a storm."""
    events = async_capture_events(hass, EVENT_ALERT)
    for second in range(600):
        publish_all(fake_device, spo2=89 if second % 2 else 90)
        await advance(hass, freezer, 1)
    # Hysteresis holds the level at critical (90 % is not back inside by the 1 % margin):
    # one alert, raised once, re-sent by schedule, never resolved and raised again.
    assert [e.data["state"] for e in events] == ["raised", "escalated"]
    assert events[1].data["escalation"] == "renotify"
    assert len({e.data["alert_id"] for e in events}) == 1
    await unload_entry(hass, patient)


async def test_finger_off_is_a_technical_alert(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
) -> None:
    """No finger: one technical sensor-off alert after its delay, never a physiological one."""
    events = async_capture_events(hass, EVENT_ALERT)
    await readings_for(hass, freezer, fake_device, 130, finger=False, heart_rate=None, spo2=None)
    assert states(events) == [("raised", "warning", "sensor_off")]
    assert events[0].data["kind"] == "technical"
    assert "not being monitored" in phones["caregiver"][0].data["message"]
    # The finger comes back: the technical alert clears by itself once the signal is steady.
    await readings_for(hass, freezer, fake_device, 61)
    assert states(events)[-1] == ("resolved", "info", "sensor_off")
    assert hass.states.get(ALERT_ACTIVE).state == "off"
    await unload_entry(hass, patient)


async def test_device_offline_and_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
) -> None:
    """A vanished device raises an offline alert; its return resolves and clears it."""
    events = async_capture_events(hass, EVENT_ALERT)
    await fake_device.logic.drop()
    await hass.async_block_till_done()
    await advance(hass, freezer, 28)
    assert events == []
    await advance(hass, freezer, 3)
    # Warned once the device has been silent for the stale timeout (30 s).
    assert states(events) == [("raised", "warning", "offline")]
    assert hass.states.get(ALERT_ACTIVE).state == "on"
    assert "offline" in phones["caregiver"][0].data["message"].lower()

    await fake_device.logic.connect()
    publish_all(fake_device)
    await advance(hass, freezer, 1)
    assert states(events)[-1] == ("resolved", "info", "offline")
    # The resolved message replaces the alarm on the phone (same tag).
    assert phones["caregiver"][-1].data["data"]["tag"] == events[0].data["alert_id"]
    assert hass.states.get(ALERT_ACTIVE).state == "off"
    await unload_entry(hass, patient)


async def test_alerts_survive_a_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
) -> None:
    """An unacknowledged critical alert is still there after a reload and keeps escalating."""
    events = async_capture_events(hass, EVENT_ALERT)
    await readings_for(hass, freezer, fake_device, 61, body_temperature=40.8)
    alert_id = events[0].data["alert_id"]
    await unload_entry(hass, patient)  # what a Home Assistant shutdown does to the entry

    await hass.config_entries.async_setup(patient.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(ALERT_ACTIVE)
    assert state.state == "on"
    assert state.attributes["alert_id"] == alert_id
    sent = len(phones["caregiver"])
    await keep_reading(hass, freezer, fake_device, 300, body_temperature=40.8)
    assert len(phones["caregiver"]) == sent + 1
    assert events[-1].data == events[-1].data | {"alert_id": alert_id, "state": "escalated"}
    await unload_entry(hass, patient)


async def test_acknowledge_service_errors(hass: HomeAssistant, patient: MockConfigEntry) -> None:
    """Bad acknowledge calls get a clear error."""
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(DOMAIN, "acknowledge", {"alert_id": "nope"}, blocking=True)
    assert err.value.translation_key == "unknown_alert"
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            DOMAIN, "acknowledge", {"device_id": "not-a-device"}, blocking=True
        )
    await unload_entry(hass, patient)


async def test_no_notification_targets_and_a_missing_phone(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A phone removed since it was configured is logged; the others are still told."""
    caregiver = async_mock_service(hass, "notify", "caregiver_phone")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=fake_entry.title,
        unique_id=fake_entry.unique_id,
        data=fake_entry.data,
        options=OPTIONS | {CONF_NOTIFY_TARGETS: ["notify.gone_phone", "caregiver_phone"]},
    )
    await setup_entry(hass, entry)
    await readings_for(hass, freezer, fake_device, 301, body_temperature=39.5)
    # "caregiver_phone" without the notify. prefix works too; it is also told that the
    # missing phone is not (the delivery alert, tests/test_delivery.py).
    assert [call.data["data"]["tag"].split(":")[1].split("-")[0] for call in caregiver] == [
        "body_temperature",
        "delivery",
    ]
    assert "Body temperature too high" in caregiver[0].data["message"]
    assert "could not notify notify.gone_phone" in caplog.text
    await unload_entry(hass, entry)


async def test_garbled_stored_alerts_are_dropped_with_a_warning(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A damaged alert store does not stop the patient from being monitored."""
    hass_storage[f"{DOMAIN}.alerts.{fake_entry.entry_id}"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"{DOMAIN}.alerts.{fake_entry.entry_id}",
        "data": {"version": 1, "active": [{"nonsense": True}], "history": "garbage"},
    }
    await setup_entry(hass, fake_entry)
    assert "part of the stored alerts was dropped" in caplog.text
    assert hass.states.get(ALERT_ACTIVE).state == "off"
    await unload_entry(hass, fake_entry)
