"""Button platform: calibrate and restart."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from custom_components.fajma.const import DOMAIN
from tests.conftest import KEYS, FakeDevice, raise_connection_error, setup_entry, unload_entry

CALIBRATE = "button.grand_mere_eliane_calibrate"
RESTART = "button.grand_mere_eliane_restart"


async def test_snapshot(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Both buttons as registered and shown."""
    with patch("custom_components.fajma.PLATFORMS", [Platform.BUTTON]):
        await setup_entry(hass, fake_entry)
    await snapshot_platform(hass, entity_registry, snapshot, fake_entry.entry_id)
    await unload_entry(hass, fake_entry)


@pytest.mark.parametrize(
    ("entity_id", "object_id"), [(CALIBRATE, "calibrate"), (RESTART, "restart")]
)
async def test_press(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    entity_id: str,
    object_id: str,
) -> None:
    """A press reaches the device's contract button."""
    await setup_entry(hass, fake_entry)
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    assert fake_device.pressed == [KEYS[object_id]]
    await unload_entry(hass, fake_entry)


async def test_press_error(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """A connection error on press is a translated Home Assistant error."""
    await setup_entry(hass, fake_entry)
    with (
        patch.object(fake_device.client, "button_command", raise_connection_error),
        pytest.raises(HomeAssistantError) as err,
    ):
        await hass.services.async_call(
            BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: CALIBRATE}, blocking=True
        )
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == "communication_error"
    await unload_entry(hass, fake_entry)


async def test_unavailable_when_disconnected(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Buttons cannot be pressed on a device that is not there."""
    await setup_entry(hass, fake_entry)
    await fake_device.logic.drop()
    await hass.async_block_till_done()
    assert hass.states.get(CALIBRATE).state == STATE_UNAVAILABLE
    assert hass.states.get(RESTART).state == STATE_UNAVAILABLE
    await unload_entry(hass, fake_entry)
