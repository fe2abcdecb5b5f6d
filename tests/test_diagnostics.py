"""Diagnostics: useful to support, without the key or the patient's identity."""

from __future__ import annotations

from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.fajma.const import (
    CONF_ENCRYPTION_KEY,
    CONF_ESCALATION_TARGETS,
    CONF_NOTIFY_TARGETS,
)
from custom_components.fajma.diagnostics import async_get_config_entry_diagnostics, redact
from tests.conftest import (
    FAKE_MAC,
    PATIENT,
    FakeDevice,
    publish_all,
    setup_entry,
    unload_entry,
)

SECRET = "c2VjcmV0LWtleS0zMi1ieXRlcy1sb25nLWFhYWE="


async def test_diagnostics(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Key, names, host, MACs and phones are redacted; readings and statuses are there."""
    entry = MockConfigEntry(
        domain=fake_entry.domain,
        title=fake_entry.title,
        unique_id=fake_entry.unique_id,
        data={**fake_entry.data, CONF_ENCRYPTION_KEY: SECRET, CONF_HOST: "eliane.local"},
        options={
            CONF_NOTIFY_TARGETS: ["notify.mobile_app_anna", "notify.mobile_app_paul"],
            CONF_ESCALATION_TARGETS: [],
        },
    )
    await setup_entry(hass, entry)
    publish_all(fake_device, heart_rate=125)
    await hass.async_block_till_done()
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    text = repr(diagnostics)
    assert PATIENT not in text
    assert SECRET not in text
    assert "fajma-fake" not in text
    assert "eliane" not in text
    assert "mobile_app" not in text
    for mac in (FAKE_MAC, FAKE_MAC.upper(), FAKE_MAC.replace(":", "")):
        assert mac not in text
    # The shape stays: two notify targets, no escalation target.
    assert diagnostics["entry"]["options"] == {
        CONF_NOTIFY_TARGETS: ["**REDACTED**", "**REDACTED**"],
        CONF_ESCALATION_TARGETS: [],
    }
    assert diagnostics["snapshot"]["vitals"]["heart_rate"]["status"] == "critical"
    # The alert engine's state is there: nothing raised yet (the critical delay runs).
    assert diagnostics["alerts"]["active"] == []
    assert diagnostics["alerts"]["settings"]["heart_rate_critical_delay"] == 10
    assert diagnostics == snapshot(exclude=props("last_reading"))
    await unload_entry(hass, entry)


def test_mac_addresses_redacted_in_any_text() -> None:
    """A MAC inside a text (a log name, a device's default name) is hidden; the rest stays."""
    data = {
        "log": "fajma-vitals @ AA:BB:CC:DD:EE:FF (aabbccddeeff, aa-bb-cc-dd-ee-ff)",
        "items": [{"note": "seen 11:22:33:44:55:66"}, 36.8, None],
        "time": "2026-11-30T11:00:00+00:00",
        "host": "",
    }
    assert redact(data) == {
        "log": "fajma-vitals @ **REDACTED** (**REDACTED**, **REDACTED**)",
        "items": [{"note": "seen **REDACTED**"}, 36.8, None],
        "time": "2026-11-30T11:00:00+00:00",
        "host": "",
    }
