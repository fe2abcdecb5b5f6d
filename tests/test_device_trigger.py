"""Device triggers: UI automations that start on a patient's alerts."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import automation
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_get_device_automations,
    async_mock_service,
)

from custom_components.fajma.const import DOMAIN
from tests.alert_fixtures import readings_for
from tests.conftest import FakeDevice, unload_entry


@pytest.mark.usefixtures("phones")
async def test_device_triggers(
    hass: HomeAssistant,
    patient: MockConfigEntry,
    fake_device: FakeDevice,
    freezer: FrozenDateTimeFactory,
) -> None:
    """UI automations can start on a critical alert and on its acknowledgement."""
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, patient.unique_id), patient.entry_id
    )
    triggers = await async_get_device_automations(hass, DeviceAutomationType.TRIGGER, device.id)
    assert {t["type"] for t in triggers if t["domain"] == DOMAIN} == {
        "critical_alert_raised",
        "warning_alert_raised",
        "alert_improved",
        "alert_acknowledged",
        "alert_resolved",
        "device_offline",
    }
    calls = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: [
                {
                    "triggers": {
                        "platform": "device",
                        "domain": DOMAIN,
                        "device_id": device.id,
                        "type": kind,
                    },
                    "actions": {"action": "test.automation", "data": {"kind": kind}},
                }
                for kind in ("critical_alert_raised", "alert_acknowledged", "warning_alert_raised")
            ]
        },
    )
    await readings_for(hass, freezer, fake_device, 11, spo2=85)
    assert [c.data["kind"] for c in calls] == ["critical_alert_raised"]
    await hass.services.async_call(DOMAIN, "acknowledge", {"device_id": device.id}, blocking=True)
    await hass.async_block_till_done()
    assert [c.data["kind"] for c in calls] == ["critical_alert_raised", "alert_acknowledged"]
    await unload_entry(hass, patient)


async def test_device_triggers_only_for_patients(
    hass: HomeAssistant, patient: MockConfigEntry
) -> None:
    """Other integrations' devices get no FAJMA triggers."""
    from custom_components.fajma.device_trigger import async_get_triggers

    other_entry = MockConfigEntry(domain="other")
    other_entry.add_to_hass(hass)
    other = dr.async_get(hass).async_get_or_create(
        config_entry_id=other_entry.entry_id, identifiers={("other", "1")}
    )
    assert await async_get_triggers(hass, other.id) == []
    assert await async_get_triggers(hass, "missing") == []
    await unload_entry(hass, patient)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"state": "resolved", "priority": "info", "vital": "spo2"}, "alert_resolved"),
        ({"state": "de_escalated", "priority": "warning", "vital": "spo2"}, "alert_improved"),
        ({"state": "raised", "priority": "warning", "vital": "offline"}, "device_offline"),
        (
            {"state": "escalated", "priority": "critical", "escalation": "priority"},
            "critical_alert_raised",
        ),
    ],
)
def test_trigger_matching(data: dict[str, Any], kind: str) -> None:
    """Each alert change starts exactly the triggers it should."""
    from custom_components.fajma.device_trigger import TRIGGERS

    assert [name for name, matches in TRIGGERS.items() if matches(data)] == [kind]
