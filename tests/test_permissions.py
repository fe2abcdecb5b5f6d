"""Who may do what, through Home Assistant's real auth: users, access tokens, the websocket API.

Restart and Calibrate (buttons and actions) are for administrators; every user may read and
acknowledge alerts, and whoever acknowledged is on the event's context.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.const import GROUP_ID_ADMIN, GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import (
    CLIENT_ID,
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from custom_components.fajma.const import DOMAIN, EVENT_ALERT
from custom_components.fajma.permissions import AdminRequired, async_check_admin
from tests.alert_fixtures import add_patient
from tests.conftest import FAKE_MAC, KEYS, FakeDevice, publish_all, setup_entry, unload_entry

RESTART = "button.grand_mere_eliane_restart"
CALIBRATE = "button.grand_mere_eliane_calibrate"
REFUSAL = "Only a Home Assistant administrator can restart or calibrate a FAJMA device"


async def token_for(hass: HomeAssistant, name: str, group: str) -> tuple[User, str]:
    """A user created through Home Assistant's auth API, and a real access token."""
    user = await hass.auth.async_create_user(name, group_ids=[group])
    refresh_token = await hass.auth.async_create_refresh_token(user, CLIENT_ID)
    return user, hass.auth.async_create_access_token(refresh_token)


async def send(client: MockHAClientWebSocket, message: dict[str, Any]) -> dict[str, Any]:
    """Send a websocket command and return its result message."""
    await client.send_json_auto_id(message)
    while True:
        reply: dict[str, Any] = await client.receive_json()
        if reply["type"] == "result":
            return reply


def press(entity_id: str) -> dict[str, Any]:
    """The websocket command the frontend sends for a button press."""
    return {
        "type": "call_service",
        "domain": "button",
        "service": "press",
        "target": {"entity_id": entity_id},
    }


def action(service: str, device_id: str) -> dict[str, Any]:
    """A FAJMA action as the frontend calls it."""
    return {
        "type": "call_service",
        "domain": DOMAIN,
        "service": service,
        "service_data": {ATTR_DEVICE_ID: device_id},
    }


def patient_device(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The registry id of the patient's device."""
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, FAKE_MAC), entry.entry_id)
    assert device is not None
    return device.id


def assert_refused(reply: dict[str, Any]) -> None:
    """The translated refusal the frontend shows (in the user's language, by its key)."""
    assert reply["success"] is False
    error = reply["error"]
    assert error["translation_domain"] == DOMAIN
    assert error["translation_key"] == "admin_required"
    assert error["message"] == REFUSAL


async def test_restart_button_admin_only(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A caregiver's Restart press is refused; an administrator's reaches the device."""
    await setup_entry(hass, fake_entry)
    _, caregiver_token = await token_for(hass, "Caregiver", GROUP_ID_USER)
    caregiver = await hass_ws_client(hass, caregiver_token)
    for button in (RESTART, CALIBRATE):
        assert_refused(await send(caregiver, press(button)))
    assert fake_device.pressed == []

    _, admin_token = await token_for(hass, "Owner", GROUP_ID_ADMIN)
    admin = await hass_ws_client(hass, admin_token)
    reply = await send(admin, press(RESTART))
    assert reply["success"] is True
    assert fake_device.pressed == [KEYS["restart"]]
    await unload_entry(hass, fake_entry)


async def test_device_actions_admin_only(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """fajma.reset and fajma.calibrate give the same translated refusal as the buttons."""
    await setup_entry(hass, fake_entry)
    device_id = patient_device(hass, fake_entry)
    _, caregiver_token = await token_for(hass, "Caregiver", GROUP_ID_USER)
    caregiver = await hass_ws_client(hass, caregiver_token)
    assert_refused(await send(caregiver, action("reset", device_id)))
    assert_refused(await send(caregiver, action("calibrate", device_id)))
    assert fake_device.pressed == []

    admin = await hass_ws_client(hass)  # the test instance's owner
    assert (await send(admin, action("reset", device_id)))["success"] is True
    assert (await send(admin, action("calibrate", device_id)))["success"] is True
    assert fake_device.pressed == [KEYS["restart"], KEYS["calibrate"]]
    await unload_entry(hass, fake_entry)


async def test_unknown_user_refused(hass: HomeAssistant) -> None:
    """A context naming a user that no longer exists is refused; no user at all is trusted."""
    with pytest.raises(AdminRequired) as err:
        await async_check_admin(hass, Context(user_id="deleted-user"))
    assert err.value.translation_key == "admin_required"
    assert err.value.permission == "control"
    await async_check_admin(hass, Context())  # an automation: its author was an admin
    await async_check_admin(hass, None)


@pytest.mark.parametrize("path", ["websocket", "action", "phone"])
async def test_caregiver_acknowledges_and_is_named_on_the_event(  # noqa: PLR0917
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    path: str,
) -> None:
    """Acknowledge stays open to every user; the event's context names who acknowledged."""
    entry = await add_patient(hass, fake_device, fake_entry, {"spo2_critical_delay": 0})
    events = async_capture_events(hass, EVENT_ALERT)
    for _ in range(2):
        publish_all(fake_device, spo2=85)
        freezer.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    assert [e.data["state"] for e in events] == ["raised"]
    alert_id = events[0].data["alert_id"]

    caregiver, token = await token_for(hass, "Caregiver", GROUP_ID_USER)
    if path == "websocket":
        client = await hass_ws_client(hass, token)
        reply = await send(client, {"type": "fajma/alerts/acknowledge", "alert_id": alert_id})
        assert reply["result"] == {"acknowledged": 1}
    elif path == "action":
        await hass.services.async_call(
            DOMAIN,
            "acknowledge",
            {"alert_id": alert_id},
            blocking=True,
            context=Context(user_id=caregiver.id),
        )
    else:  # the companion app fires this with the phone's user in the context
        hass.bus.async_fire(
            "mobile_app_notification_action",
            {"action": f"FAJMA_ACK_{alert_id}"},
            context=Context(user_id=caregiver.id),
        )
    await hass.async_block_till_done()
    assert events[-1].data["state"] == "acknowledged"
    assert events[-1].context.user_id == caregiver.id
    assert events[-1].data["acknowledged_by"] == "Caregiver"
    await unload_entry(hass, entry)
