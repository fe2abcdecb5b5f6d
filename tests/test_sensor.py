"""Sensor platform: vitals with status and thresholds, environment, patient status."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    EVENT_STATE_CHANGED,
    EVENT_STATE_REPORTED,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    EntityCategory,
    Platform,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from tests.conftest import FakeDevice, publish_all, setup_entry, unload_entry

P = "sensor.grand_mere_eliane"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_snapshot(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every sensor: unique id, translation key, classes, units, state and attributes."""
    with patch("custom_components.fajma.PLATFORMS", [Platform.SENSOR]):
        await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    await snapshot_platform(hass, entity_registry, snapshot, fake_entry.entry_id)
    await unload_entry(hass, fake_entry)


async def test_perfusion_index_disabled_by_default(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The signal-quality figure is a diagnostic, off unless wanted."""
    await setup_entry(hass, fake_entry)
    entry = entity_registry.async_get(f"{P}_perfusion_index")
    assert entry is not None
    assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert hass.states.get(f"{P}_perfusion_index") is None
    await unload_entry(hass, fake_entry)


async def test_spo2_ratio_diagnostic_disabled_by_default(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """R is for calibration: a diagnostic, off unless wanted."""
    await setup_entry(hass, fake_entry)
    entry = entity_registry.async_get(f"{P}_spo2_ratio")
    assert entry is not None
    assert entry.entity_category is EntityCategory.DIAGNOSTIC
    assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert hass.states.get(f"{P}_spo2_ratio") is None
    await unload_entry(hass, fake_entry)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_spo2_ratio_follows_the_device(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Once enabled, R is shown as sent; NaN (no valid ratio) is unknown."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device, spo2_ratio=0.712)
    await hass.async_block_till_done()
    assert hass.states.get(f"{P}_spo2_ratio").state == "0.712"
    publish_all(fake_device, spo2_ratio=None)
    await hass.async_block_till_done()
    assert hass.states.get(f"{P}_spo2_ratio").state == STATE_UNKNOWN
    await unload_entry(hass, fake_entry)


@pytest.mark.parametrize(
    ("readings", "expected"),
    [
        ({}, {"heart_rate": "normal", "spo2": "normal", "body_temperature": "normal"}),
        ({"heart_rate": 110}, {"heart_rate": "warning", "patient_status": "warning"}),
        ({"heart_rate": 35}, {"heart_rate": "critical", "patient_status": "critical"}),
        ({"spo2": 92}, {"spo2": "warning", "patient_status": "warning"}),
        ({"spo2": 85}, {"spo2": "critical", "patient_status": "critical"}),
        ({"body_temperature": 40.5}, {"body_temperature": "critical"}),
        ({"body_temperature": 34.5}, {"body_temperature": "warning"}),
        ({"finger": False}, {"heart_rate": "no_signal", "patient_status": "no_signal"}),
        ({"heart_rate": None}, {"heart_rate": "no_signal", "patient_status": "no_signal"}),
        ({"heart_rate": 300}, {"heart_rate": "no_signal"}),
        ({"spo2": None, "body_temperature": 40.5}, {"patient_status": "critical"}),
    ],
)
async def test_statuses(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    readings: dict[str, float | bool | None],
    expected: dict[str, str],
) -> None:
    """The status attribute and the patient status follow the readings."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device, **readings)  # type: ignore[arg-type]
    await hass.async_block_till_done()
    for key, status in expected.items():
        state = hass.states.get(f"{P}_{key}")
        if key == "patient_status":
            assert state.state == status
        else:
            assert state.attributes["status"] == status, key
            if status == "no_signal":
                assert state.state == STATE_UNKNOWN  # an untrustworthy number is not shown
    await unload_entry(hass, fake_entry)


async def test_offline(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Disconnected: vitals and environment unavailable; patient status stays, offline."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    await fake_device.logic.drop()
    await hass.async_block_till_done()
    for key in ("heart_rate", "spo2", "body_temperature", "ambient_temperature", "humidity"):
        assert hass.states.get(f"{P}_{key}").state == STATE_UNAVAILABLE
    assert hass.states.get(f"{P}_patient_status").state == "offline"
    await unload_entry(hass, fake_entry)


async def test_repeated_readings_write_nothing_but_staleness_still_shows(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
) -> None:
    """As core esphome: an identical reading writes no state; a silent device still goes
    unavailable (and the patient offline) on time."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    writes: list[Event] = []

    @callback
    def every(_data: Any) -> bool:
        return True

    @callback
    def record(event: Event) -> None:
        writes.append(event)

    hass.bus.async_listen(EVENT_STATE_REPORTED, record, event_filter=every)
    changes = async_capture_events(hass, EVENT_STATE_CHANGED)
    for _ in range(10):  # the same readings, once a second
        publish_all(fake_device)
        freezer.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    assert writes == []
    assert changes == []
    publish_all(fake_device, heart_rate=80)  # a new value is written at once
    await hass.async_block_till_done()
    assert [e.data["entity_id"] for e in changes] == [f"{P}_heart_rate"]
    # Silent for the stale timeout (30 s): unavailable, and the patient offline.
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(f"{P}_heart_rate").state == STATE_UNAVAILABLE
    assert hass.states.get(f"{P}_patient_status").state == "offline"
    await unload_entry(hass, fake_entry)


async def test_a_vital_is_written_as_its_reading_arrives(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """The heart rate shows (with its status) the moment its reading is classified, before the
    device's other readings of the batch; the patient status follows before anything else
    runs on the event loop."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    assert hass.states.get(f"{P}_patient_status").state == "normal"

    fake_device.publish("heart_rate", 150)  # the loop has not run since
    heart_rate = hass.states.get(f"{P}_heart_rate")
    assert (float(heart_rate.state), heart_rate.attributes["status"]) == (150, "critical")
    assert float(hass.states.get(f"{P}_spo2").state) == 98
    assert hass.states.get(f"{P}_patient_status").state == "normal"  # the batch is not in yet
    fake_device.publish("spo2", 85)
    assert float(hass.states.get(f"{P}_spo2").state) == 85
    await asyncio.sleep(0)  # one turn of the loop: the batch is in
    assert hass.states.get(f"{P}_patient_status").state == "critical"
    await unload_entry(hass, fake_entry)


async def test_a_finger_lifted_after_the_vitals_of_its_batch_still_shows(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """The finger arrives last in a batch: the heart rate and SpO2 written a moment before are
    re-evaluated with it (no signal), not left showing a pulse."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    fake_device.publish("heart_rate", 80)
    fake_device.publish("spo2", 97)
    fake_device.publish("finger_detected", False)
    await hass.async_block_till_done()
    for vital in ("heart_rate", "spo2"):
        state = hass.states.get(f"{P}_{vital}")
        assert (state.state, state.attributes["status"]) == (STATE_UNKNOWN, "no_signal")
    assert hass.states.get(f"{P}_patient_status").state == "no_signal"
    await unload_entry(hass, fake_entry)


async def test_readings_after_a_silence_bring_every_entity_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
) -> None:
    """Silent past the stale timeout, then one reading: entities whose reading did not come in
    that batch (the finger, sent only when it changes) are available again too."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get("binary_sensor.grand_mere_eliane_finger_detected").state == (
        STATE_UNAVAILABLE
    )
    fake_device.publish("heart_rate", 75)
    await hass.async_block_till_done()
    assert hass.states.get("binary_sensor.grand_mere_eliane_finger_detected").state == "on"
    assert float(hass.states.get(f"{P}_spo2").state) == 98
    assert hass.states.get(f"{P}_patient_status").state == "normal"
    await unload_entry(hass, fake_entry)
