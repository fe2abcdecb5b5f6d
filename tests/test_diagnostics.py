"""Diagnostics: useful to support, without the key or the patient's identity."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.fajma.const import CONF_ENCRYPTION_KEY
from custom_components.fajma.diagnostics import async_get_config_entry_diagnostics
from tests.conftest import PATIENT, FakeDevice, publish_all, setup_entry, unload_entry

SECRET = "c2VjcmV0LWtleS0zMi1ieXRlcy1sb25nLWFhYWE="


async def test_diagnostics(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The key and every name are redacted; readings and statuses are there."""
    entry = MockConfigEntry(
        domain=fake_entry.domain,
        title=fake_entry.title,
        unique_id=fake_entry.unique_id,
        data={**fake_entry.data, CONF_ENCRYPTION_KEY: SECRET},
    )
    await setup_entry(hass, entry)
    publish_all(fake_device, heart_rate=125)
    await hass.async_block_till_done()
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    text = repr(diagnostics)
    assert PATIENT not in text
    assert SECRET not in text
    assert "fajma-fake" not in text
    assert diagnostics["snapshot"]["vitals"]["heart_rate"]["status"] == "critical"
    # The alert engine's state is there: nothing raised yet (the critical delay runs).
    assert diagnostics["alerts"]["active"] == []
    assert diagnostics["alerts"]["settings"]["heart_rate_critical_delay"] == 10
    assert diagnostics == snapshot(exclude=props("last_reading"))
    await unload_entry(hass, entry)
