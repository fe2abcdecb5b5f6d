"""Binary sensor platform: connectivity and finger detection."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from tests.conftest import FakeDevice, publish_all, setup_entry, unload_entry

CONNECTIVITY = "binary_sensor.grand_mere_eliane_connectivity"
FINGER = "binary_sensor.grand_mere_eliane_finger_detected"


async def test_snapshot(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Both binary sensors as registered and shown."""
    with patch("custom_components.fajma.PLATFORMS", [Platform.BINARY_SENSOR]):
        await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    await snapshot_platform(hass, entity_registry, snapshot, fake_entry.entry_id)
    await unload_entry(hass, fake_entry)


async def test_finger_and_connectivity(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Finger follows the device; connectivity stays available to show the loss."""
    await setup_entry(hass, fake_entry)
    assert hass.states.get(FINGER).state == STATE_UNKNOWN  # nothing received yet
    publish_all(fake_device, finger=False)
    await hass.async_block_till_done()
    assert hass.states.get(FINGER).state == STATE_OFF
    publish_all(fake_device, finger=None)  # the device does not know
    await hass.async_block_till_done()
    assert hass.states.get(FINGER).state == STATE_UNKNOWN
    assert hass.states.get(CONNECTIVITY).state == STATE_ON

    await fake_device.logic.drop()
    await hass.async_block_till_done()
    assert hass.states.get(CONNECTIVITY).state == STATE_OFF
    assert hass.states.get(FINGER).state == STATE_UNAVAILABLE
    await unload_entry(hass, fake_entry)
