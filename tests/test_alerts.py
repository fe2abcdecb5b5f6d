"""Alerts in Home Assistant: events, notifications, acknowledgement, escalation, restore.

Timing goes through Home Assistant's time helpers (freezer + async_fire_time_changed); the
fake device delivers readings instantly, so every delay here is exact and nothing sleeps.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import automation
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.core import Event, HomeAssistant, ServiceCall
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
    async_get_device_automations,
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.fajma.const import (
    CONF_ESCALATE_AFTER,
    CONF_ESCALATION_TARGETS,
    CONF_NOTIFY_TARGETS,
    CONF_RESEND_INTERVAL,
    DOMAIN,
    EVENT_ALERT,
)
from tests.conftest import FakeDevice, publish_all, setup_entry, unload_entry

P = "grand_mere_eliane"
ALERT_ACTIVE = f"binary_sensor.{P}_alert_active"
ALERT_EVENT = f"event.{P}_alert"
OPTIONS = {
    CONF_NOTIFY_TARGETS: ["notify.caregiver_phone"],
    CONF_ESCALATION_TARGETS: ["notify.head_nurse"],
    CONF_RESEND_INTERVAL: 5,
    CONF_ESCALATE_AFTER: 15,
}


@pytest.fixture
def phones(hass: HomeAssistant) -> dict[str, list[ServiceCall]]:
    """The caregiver's and the escalation recipient's notify services."""
    return {
        "caregiver": async_mock_service(hass, "notify", "caregiver_phone"),
        "nurse": async_mock_service(hass, "notify", "head_nurse"),
    }


@pytest.fixture
async def patient(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> MockConfigEntry:
    """A patient with notifications configured, readings normal."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=fake_entry.title,
        unique_id=fake_entry.unique_id,
        data=fake_entry.data,
        options=OPTIONS,
    )
    await setup_entry(hass, entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    return entry


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Let time pass as Home Assistant sees it."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def readings_for(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device: FakeDevice,
    seconds: int,
    **values: Any,
) -> None:
    """The device keeps publishing the same readings once a second."""
    for _ in range(seconds):
        publish_all(device, **values)
        await advance(hass, freezer, 1)


async def keep_reading(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device: FakeDevice,
    seconds: int,
    **values: Any,
) -> None:
    """Let long stretches pass with readings every 10 s (within the 30 s stale timeout)."""
    for _ in range(seconds // 10):
        publish_all(device, **values)
        await advance(hass, freezer, 10)


def states(events: list[Event]) -> list[tuple[str, str, str]]:
    return [(e.data["state"], e.data["priority"], e.data["vital"]) for e in events]


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


async def test_websocket_alerts_for_the_cards(  # noqa: PLR0917 - fixtures
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
) -> None:
    """A caregiver (not an admin) sees the alerts live and acknowledges them."""
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, patient.unique_id), patient.entry_id
    )
    client = await hass_ws_client(hass, hass_read_only_access_token)
    await client.send_json_auto_id({"type": "fajma/alerts/subscribe", "device_id": device.id})
    assert (await client.receive_json())["success"]
    first = await client.receive_json()
    assert first["event"] == {"active": [], "history": []}

    await readings_for(hass, freezer, fake_device, 11, spo2=85)
    update = (await client.receive_json())["event"]
    (active,) = update["active"]
    assert active["priority"] == "critical"
    assert active["vital"] == "spo2"
    assert active["state"] == "active"
    assert active["acknowledged"] is False
    assert update["history"][0]["state"] == "raised"

    await client.send_json_auto_id({"type": "fajma/alerts/acknowledge", "device_id": device.id})
    ack_update = await client.receive_json()
    result = await client.receive_json()
    if "event" in result:  # the order of the update and the result may vary
        ack_update, result = result, ack_update
    assert result["result"] == {"acknowledged": 1}
    assert ack_update["event"]["active"][0]["acknowledged"] is True

    await client.send_json_auto_id({"type": "fajma/alerts", "device_id": device.id})
    snapshot = (await client.receive_json())["result"]
    assert [t["state"] for t in snapshot["history"]] == ["acknowledged", "raised"]

    await client.send_json_auto_id({"type": "fajma/alerts", "device_id": "unknown"})
    assert (await client.receive_json())["error"]["code"] == "not_found"
    await unload_entry(hass, patient)


async def test_device_triggers(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
) -> None:
    """UI automations can start on a critical alert and on its acknowledgement."""
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, patient.unique_id), patient.entry_id
    )
    triggers = await async_get_device_automations(hass, DeviceAutomationType.TRIGGER, device.id)
    assert {t["type"] for t in triggers if t["domain"] == DOMAIN} == {
        "critical_alert_raised",
        "warning_alert_raised",
        "alert_improved",
        "alert_acknowledged",
        "alert_resolved",
        "device_offline",
    }
    calls = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: [
                {
                    "triggers": {
                        "platform": "device",
                        "domain": DOMAIN,
                        "device_id": device.id,
                        "type": kind,
                    },
                    "actions": {"action": "test.automation", "data": {"kind": kind}},
                }
                for kind in ("critical_alert_raised", "alert_acknowledged", "warning_alert_raised")
            ]
        },
    )
    await readings_for(hass, freezer, fake_device, 11, spo2=85)
    assert [c.data["kind"] for c in calls] == ["critical_alert_raised"]
    await hass.services.async_call(DOMAIN, "acknowledge", {"device_id": device.id}, blocking=True)
    await hass.async_block_till_done()
    assert [c.data["kind"] for c in calls] == ["critical_alert_raised", "alert_acknowledged"]
    await unload_entry(hass, patient)


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
    assert len(caregiver) == 1  # "caregiver_phone" without the notify. prefix works too
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


async def test_websocket_acknowledge_by_id_and_errors(  # noqa: PLR0917 - fixtures
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Acknowledge one alert by id; unknown ids, devices and empty requests are refused."""
    events = async_capture_events(hass, EVENT_ALERT)
    await readings_for(hass, freezer, fake_device, 11, spo2=85)
    alert_id = events[0].data["alert_id"]
    client = await hass_ws_client(hass)

    async def send(message: dict[str, Any]) -> dict[str, Any]:
        await client.send_json_auto_id(message)
        reply: dict[str, Any] = await client.receive_json()
        return reply

    reply = await send({"type": "fajma/alerts/acknowledge", "alert_id": alert_id})
    assert reply["result"] == {"acknowledged": 1}
    assert events[-1].data["state"] == "acknowledged"
    # Acknowledged already (still latched): nothing more to do, and no error.
    reply = await send({"type": "fajma/alerts/acknowledge", "alert_id": alert_id})
    assert reply["result"] == {"acknowledged": 0}
    reply = await send({"type": "fajma/alerts/acknowledge", "alert_id": "other:x"})
    assert reply["error"]["code"] == "not_found"
    reply = await send({"type": "fajma/alerts/acknowledge", "device_id": "nope"})
    assert reply["error"]["code"] == "not_found"
    reply = await send({"type": "fajma/alerts/acknowledge"})
    assert reply["error"]["code"] == "invalid_format"
    reply = await send({"type": "fajma/alerts/subscribe", "device_id": "nope"})
    assert reply["error"]["code"] == "not_found"
    await unload_entry(hass, patient)


async def test_device_triggers_only_for_patients(
    hass: HomeAssistant, patient: MockConfigEntry
) -> None:
    """Other integrations' devices get no FAJMA triggers."""
    from custom_components.fajma.device_trigger import async_get_triggers

    other_entry = MockConfigEntry(domain="other")
    other_entry.add_to_hass(hass)
    other = dr.async_get(hass).async_get_or_create(
        config_entry_id=other_entry.entry_id, identifiers={("other", "1")}
    )
    assert await async_get_triggers(hass, other.id) == []
    assert await async_get_triggers(hass, "missing") == []
    await unload_entry(hass, patient)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"state": "resolved", "priority": "info", "vital": "spo2"}, "alert_resolved"),
        ({"state": "de_escalated", "priority": "warning", "vital": "spo2"}, "alert_improved"),
        ({"state": "raised", "priority": "warning", "vital": "offline"}, "device_offline"),
        (
            {"state": "escalated", "priority": "critical", "escalation": "priority"},
            "critical_alert_raised",
        ),
    ],
)
def test_trigger_matching(data: dict[str, Any], kind: str) -> None:
    """Each alert change starts exactly the triggers it should."""
    from custom_components.fajma.device_trigger import TRIGGERS

    assert [name for name, matches in TRIGGERS.items() if matches(data)] == [kind]
