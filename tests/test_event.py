"""The alert event entity: one event per alert transition, typed by its priority."""

from __future__ import annotations

from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from tests.alert_fixtures import ALERT_EVENT, readings_for
from tests.conftest import FakeDevice, setup_entry, unload_entry


async def test_snapshot(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """The alert event entity as registered and shown, before any alert."""
    with patch("custom_components.fajma.PLATFORMS", [Platform.EVENT]):
        await setup_entry(hass, fake_entry)
    await snapshot_platform(hass, entity_registry, snapshot, fake_entry.entry_id)
    await unload_entry(hass, fake_entry)


async def test_each_transition_is_an_event_of_its_priority(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
) -> None:
    """A desaturation is a `critical` event naming the patient; its end an `info` one."""
    await readings_for(hass, freezer, fake_device, 11, spo2=85)
    state = hass.states.get(ALERT_EVENT)
    assert state is not None
    assert state.attributes["event_type"] == "critical"
    assert state.attributes["state"] == "raised"
    assert state.attributes["vital"] == "spo2"
    assert state.attributes["patient"] == "Grand-mère Éliane"
    raised_at = state.state
    await readings_for(hass, freezer, fake_device, 120, spo2=97)
    state = hass.states.get(ALERT_EVENT)
    assert state.attributes["event_type"] == "info"
    assert state.attributes["state"] == "resolved"
    assert state.state != raised_at  # a new event, at its own time
    await unload_entry(hass, patient)
