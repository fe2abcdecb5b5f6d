"""The websocket API of the cards: alerts live, acknowledgement, and subscriptions that
survive reloads of the entry and end when it is removed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from custom_components.fajma.const import DOMAIN, EVENT_ALERT
from tests.alert_fixtures import add_patient, readings_for
from tests.conftest import FakeDevice, publish_all, unload_entry


@pytest.fixture
async def instant_patient(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> MockConfigEntry:
    """A patient whose critical alerts are raised at once."""
    return await add_patient(hass, fake_device, fake_entry, {"spo2_critical_delay": 0})


async def desaturate(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, device: FakeDevice
) -> None:
    """Two seconds of SpO2 85 %: a critical alert."""
    for _ in range(2):
        publish_all(device, spo2=85)
        freezer.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()


async def subscribe(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, entry: MockConfigEntry
) -> tuple[MockHAClientWebSocket, int]:
    """A card's subscription to the patient's alerts; returns the client and its id."""
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, entry.unique_id), entry.entry_id
    )
    assert device is not None
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "fajma/alerts/subscribe", "device_id": device.id})
    result = await client.receive_json()
    assert result["success"]
    first = await client.receive_json()
    assert first["event"] == {"active": [], "history": []}
    return client, result["id"]


async def events_so_far(client: MockHAClientWebSocket) -> list[dict[str, Any]]:
    """The subscription events sent until now: those that arrive before a ping's pong."""
    await client.send_json_auto_id({"type": "ping"})
    events: list[dict[str, Any]] = []
    while (message := await client.receive_json())["type"] != "pong":
        assert message["type"] == "event", message
        events.append(message["event"])
    return events


async def test_subscription_follows_the_reloaded_entry(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    instant_patient: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """After a reload (options saved, reauth, reconfigure) new alerts still reach the card."""
    client, _ = await subscribe(hass, hass_ws_client, instant_patient)
    old_manager = instant_patient.runtime_data.alerts

    assert await hass.config_entries.async_reload(instant_patient.entry_id)
    await hass.async_block_till_done()
    assert instant_patient.runtime_data.alerts is not old_manager
    # The new alert manager's state is sent at once.
    assert await events_so_far(client) == [{"active": [], "history": []}]

    publish_all(fake_device)
    await desaturate(hass, freezer, fake_device)
    (event,) = await events_so_far(client)
    (active,) = event["active"]
    assert active["vital"] == "spo2"
    assert active["priority"] == "critical"
    await unload_entry(hass, instant_patient)


async def test_subscription_ends_when_the_patient_is_removed(
    hass: HomeAssistant,
    instant_patient: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Removing the entry sends a last event with `ended`; the subscription is gone."""
    client, subscription = await subscribe(hass, hass_ws_client, instant_patient)
    await hass.config_entries.async_remove(instant_patient.entry_id)
    await hass.async_block_till_done()
    assert await events_so_far(client) == [{"active": [], "history": [], "ended": "removed"}]

    await client.send_json_auto_id({"type": "unsubscribe_events", "subscription": subscription})
    assert (await client.receive_json())["error"]["code"] == "not_found"


async def test_unsubscribed_card_gets_nothing_after_reload(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    instant_patient: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Once the card unsubscribes, reloads and removal send it nothing more."""
    client, subscription = await subscribe(hass, hass_ws_client, instant_patient)
    await client.send_json_auto_id({"type": "unsubscribe_events", "subscription": subscription})
    assert (await client.receive_json())["success"]
    assert await hass.config_entries.async_reload(instant_patient.entry_id)
    await hass.config_entries.async_remove(instant_patient.entry_id)
    await hass.async_block_till_done()
    assert await events_so_far(client) == []


@pytest.mark.usefixtures("phones")
async def test_websocket_alerts_for_the_cards(  # noqa: PLR0917 - fixtures
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
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


@pytest.mark.usefixtures("phones")
async def test_websocket_acknowledge_by_id_and_errors(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
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
    # This patient's id, but no such active alert.
    reply = await send({"type": "fajma/alerts/acknowledge", "alert_id": f"{patient.entry_id}:x"})
    assert reply["error"]["code"] == "not_found"
    reply = await send({"type": "fajma/alerts/acknowledge", "device_id": "nope"})
    assert reply["error"]["code"] == "not_found"
    reply = await send({"type": "fajma/alerts/acknowledge"})
    assert reply["error"]["code"] == "invalid_format"
    reply = await send({"type": "fajma/alerts/subscribe", "device_id": "nope"})
    assert reply["error"]["code"] == "not_found"
    await unload_entry(hass, patient)
