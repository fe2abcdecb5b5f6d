"""The alert event entity: one event per alert transition, typed by its priority."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from tests.alert_fixtures import ALERT_EVENT, readings_for
from tests.conftest import FakeDevice, unload_entry


@pytest.mark.usefixtures("phones")
@pytest.mark.freeze_time("2026-01-05 08:00:00+00:00")
async def test_each_transition_is_an_event_of_its_priority(
    hass: HomeAssistant,
    patient: MockConfigEntry,
    fake_device: FakeDevice,
    snapshot: SnapshotAssertion,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A desaturation is a `critical` event naming the patient; its end an `info` one."""
    assert er.async_get(hass).async_get(ALERT_EVENT) == snapshot(name="entry")
    await readings_for(hass, freezer, fake_device, 11, spo2=85)
    state = hass.states.get(ALERT_EVENT)
    assert state == snapshot(name="raised", exclude=props("alert_id"))  # the entry id's
    assert state.attributes["alert_id"].startswith(f"{patient.entry_id}:spo2-")
    assert state.attributes["event_type"] == "critical"
    assert state.attributes["patient"] == "Grand-mère Éliane"
    await readings_for(hass, freezer, fake_device, 120, spo2=97)
    state = hass.states.get(ALERT_EVENT)
    assert (state.attributes["event_type"], state.attributes["state"]) == ("info", "resolved")
    await unload_entry(hass, patient)
