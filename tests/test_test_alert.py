"""A test alert through the whole path, and a patient who nobody would be warned about."""

from __future__ import annotations

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import device_registry as dr, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_mock_service,
)

from custom_components.fajma.const import (
    CONF_ESCALATION_TARGETS,
    CONF_NOTIFY_TARGETS,
    DOMAIN,
    EVENT_ALERT,
    EVENT_TEST_ALERT,
    ISSUE_NO_RECIPIENTS,
)
from tests.conftest import PATIENT, FakeDevice, setup_entry, unload_entry

BUTTON = "button.grand_mere_eliane_send_test_alert"


def with_options(entry: MockConfigEntry, **options: list[str]) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title=entry.title,
        unique_id=entry.unique_id,
        data=entry.data,
        options=options,
    )


async def test_test_alert_reaches_every_phone_and_touches_no_real_alert(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """First line and back-up get a marked test with the critical sound; no real alert."""
    anna = async_mock_service(hass, "notify", "mobile_app_anna")
    bea = async_mock_service(hass, "notify", "mobile_app_bea")
    alerts = async_capture_events(hass, EVENT_ALERT)
    tests = async_capture_events(hass, EVENT_TEST_ALERT)
    entry = with_options(
        fake_entry,
        **{
            CONF_NOTIFY_TARGETS: ["notify.mobile_app_anna"],
            CONF_ESCALATION_TARGETS: ["notify.mobile_app_bea"],
        },
    )
    await setup_entry(hass, entry)
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, entry.unique_id), entry.entry_id
    )
    await hass.services.async_call(DOMAIN, "test_alert", {"device_id": device.id}, blocking=True)
    await hass.async_block_till_done()
    (to_anna,) = anna
    (to_bea,) = bea
    assert to_anna.data["title"] == f"🧪 TEST — {PATIENT}"
    assert "nothing is wrong" in to_anna.data["message"]
    assert to_anna.data["data"]["push"]["sound"]["critical"] == 1
    assert to_anna.data["data"]["channel"] == "alarm_stream"
    assert to_bea.data == to_anna.data
    assert alerts == []  # automations reacting to real alerts are not fired
    assert [e.data["targets"] for e in tests] == [
        ["notify.mobile_app_anna", "notify.mobile_app_bea"]
    ]
    assert entry.runtime_data.alerts.engine.active_alerts == ()
    # The button does the same.
    await hass.services.async_call("button", "press", {"entity_id": BUTTON}, blocking=True)
    await hass.async_block_till_done()
    assert len(anna) == 2
    assert not ir.async_get(hass).async_get_issue(DOMAIN, f"{ISSUE_NO_RECIPIENTS}_{entry.entry_id}")
    await unload_entry(hass, entry)


async def test_test_alert_for_admins_only_and_not_without_recipients(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    hass_owner_user: User,
) -> None:
    """Nobody to warn: a clear error, and a repair issue; a non-admin is refused."""
    await setup_entry(hass, fake_entry)
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"{ISSUE_NO_RECIPIENTS}_{fake_entry.entry_id}"
    )
    assert issue is not None
    assert issue.translation_key == ISSUE_NO_RECIPIENTS
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call("button", "press", {"entity_id": BUTTON}, blocking=True)
    assert err.value.translation_key == "no_recipients"
    # Not the owner (the fixture is): an ordinary caregiver account.
    user = await hass.auth.async_create_user("Caregiver", group_ids=[GROUP_ID_USER])
    assert not user.is_admin
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            "button",
            "press",
            {"entity_id": BUTTON},
            blocking=True,
            context=Context(user_id=user.id),
        )
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "test_alert", {"device_id": "not-a-device"}, blocking=True
        )
    assert err.value.translation_key == "unknown_device"
    await unload_entry(hass, fake_entry)
