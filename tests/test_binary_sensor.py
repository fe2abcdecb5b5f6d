"""Binary sensor platform: connectivity, finger detection and irregular pulse."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from tests.conftest import (
    FakeDevice,
    contract_entities,
    publish_all,
    setup_entry,
    unload_entry,
)

CONNECTIVITY = "binary_sensor.grand_mere_eliane_connectivity"
FINGER = "binary_sensor.grand_mere_eliane_finger_detected"
IRREGULAR = "binary_sensor.grand_mere_eliane_irregular_pulse"


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


async def test_irregular_pulse_is_a_finding(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """On with a heart rate (the rate is still shown); unknown without a heart rate."""
    await setup_entry(hass, fake_entry)
    assert hass.states.get(IRREGULAR).state == STATE_UNKNOWN
    publish_all(fake_device, heart_rate=96, irregular_pulse=True)
    await hass.async_block_till_done()
    assert hass.states.get(IRREGULAR).state == STATE_ON
    assert hass.states.get("sensor.grand_mere_eliane_heart_rate").state == "96.0"
    publish_all(fake_device, heart_rate=72, irregular_pulse=False)
    await hass.async_block_till_done()
    assert hass.states.get(IRREGULAR).state == STATE_OFF
    # No pulse measured: the rhythm is unknown, whatever the device last said.
    publish_all(fake_device, heart_rate=None, irregular_pulse=True)
    await hass.async_block_till_done()
    assert hass.states.get(IRREGULAR).state == STATE_UNKNOWN
    publish_all(fake_device, heart_rate=80, irregular_pulse=None)
    await hass.async_block_till_done()
    assert hass.states.get(IRREGULAR).state == STATE_UNKNOWN
    await unload_entry(hass, fake_entry)


async def test_irregular_pulse_unknown_on_older_firmware(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """A firmware without the entity: the binary sensor exists and stays unknown."""
    fake_device.entities = contract_entities(without=("irregular_pulse", "spo2_ratio"))
    await setup_entry(hass, fake_entry)
    publish_all(fake_device, heart_rate=75, irregular_pulse=None, spo2_ratio=None)
    await hass.async_block_till_done()
    assert hass.states.get(IRREGULAR).state == STATE_UNKNOWN
    assert hass.states.get(FINGER).state == STATE_ON
    await unload_entry(hass, fake_entry)
