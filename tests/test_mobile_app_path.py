"""Home Assistant's real mobile_app path: a phone registered as the companion app registers,
notifications pushed to its push URL (a loopback receiver played by the test), and the phone's
"I'm on it" button pressed through its webhook, as the app does."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.fajma.const import CONF_NOTIFY_TARGETS, DOMAIN, EVENT_ALERT
from tests.alert_fixtures import add_patient, readings_for
from tests.conftest import FakeDevice, unload_entry
from tests.phones import PushService, register_phone

pytestmark = pytest.mark.usefixtures("socket_ok")


async def test_alert_and_test_alert_reach_a_registered_phone(  # noqa: PLR0917 - fixtures
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    push: PushService,
) -> None:
    """Test alert, then a critical alert pushed to the phone; its button acknowledges it."""
    options = {CONF_NOTIFY_TARGETS: ["notify.mobile_app_anna_phone"]}
    entry = await add_patient(hass, fake_device, fake_entry, options)
    webhook_id = await register_phone(hass, hass_client, push.url, "Anna Phone")
    assert hass.services.has_service("notify", "mobile_app_anna_phone")
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, entry.unique_id), entry.entry_id
    )
    await hass.services.async_call(DOMAIN, "test_alert", {"device_id": device.id}, blocking=True)
    await hass.async_block_till_done()
    (test,) = push.received
    assert test["title"].startswith("🧪 TEST")
    assert test["push_token"] == "token-Anna Phone"
    assert test["data"]["push"]["sound"]["critical"] == 1

    events = async_capture_events(hass, EVENT_ALERT)
    await readings_for(hass, freezer, fake_device, 12, spo2=85)
    await hass.async_block_till_done()
    alert = push.received[-1]
    assert alert["title"] == "🔴 CRITICAL — Grand-mère Éliane"
    assert alert["message"].startswith("SpO₂ too low: 85\u00a0%")
    assert alert["data"]["push"]["interruption-level"] == "critical"
    assert alert["data"]["channel"] == "alarm_stream"
    (button,) = alert["data"]["actions"]
    assert button["title"] == "I\u2019m on it"

    # The phone's button: the companion app fires the action through its webhook.
    client = await hass_client()
    response = await client.post(
        f"/api/webhook/{webhook_id}",
        json={
            "type": "fire_event",
            "data": {
                "event_type": "mobile_app_notification_action",
                "event_data": {"action": button["action"]},
            },
        },
    )
    assert response.status == 200
    await hass.async_block_till_done()
    acknowledged = events[-1].data
    assert acknowledged["state"] == "acknowledged"
    assert acknowledged["acknowledged_by"]  # the phone's user
    # The phone's notification is withdrawn by tag.
    assert push.received[-1]["message"] == "clear_notification"
    assert push.received[-1]["data"]["tag"] == alert["data"]["tag"]
    await unload_entry(hass, entry)
