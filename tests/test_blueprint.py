"""The shipped blueprint: alerts reach the chosen phones, and their button acknowledges."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
import shutil

from homeassistant.components import automation
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.fajma.const import DOMAIN, EVENT_ALERT

BLUEPRINT = Path(__file__).parent.parent / "blueprints/automation/fajma/notify_caregivers.yaml"


@pytest.fixture
def installed_blueprint(hass: HomeAssistant) -> Iterator[str]:
    """The blueprint, imported as README describes (into blueprints/automation/fajma/)."""
    target = Path(hass.config.path("blueprints/automation/fajma"))
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(BLUEPRINT, target / BLUEPRINT.name)
    yield f"fajma/{BLUEPRINT.name}"
    shutil.rmtree(target)


async def test_blueprint_notifies_and_acknowledges(
    hass: HomeAssistant, installed_blueprint: str
) -> None:
    """A critical alert reaches the phone with an Acknowledge button that works."""
    registry = dr.async_get(hass)
    patient_entry = MockConfigEntry(domain=DOMAIN, title="Grand-mère Éliane")
    patient_entry.add_to_hass(hass)
    patient = registry.async_get_or_create(
        config_entry_id=patient_entry.entry_id,
        identifiers={(DOMAIN, "aa:bb:cc:dd:ee:ff")},
        name="Grand-mère Éliane",
    )
    phone_entry = MockConfigEntry(domain="mobile_app", title="Anna Phone")
    phone_entry.add_to_hass(hass)
    phone = registry.async_get_or_create(
        config_entry_id=phone_entry.entry_id,
        identifiers={("mobile_app", "anna")},
        name="Anna Phone",
    )
    notifications = async_mock_service(hass, "notify", "mobile_app_anna_phone")
    acknowledged = async_mock_service(hass, DOMAIN, "acknowledge")
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: {
                "use_blueprint": {
                    "path": installed_blueprint,
                    "input": {
                        "patient": patient.id,
                        "phones": [phone.id],
                        "include_warnings": False,
                    },
                }
            }
        },
    )
    alert = {
        "alert_id": "entry:spo2-1-1",
        "device_id": patient.id,
        "patient": "Grand-mère Éliane",
        "vital": "spo2",
        "priority": "critical",
        "kind": "physiological",
        "state": "raised",
        "value": 86.0,
        "threshold": 90.0,
        "awaiting_acknowledgement": True,
        "title": "🔴 CRITICAL — Grand-mère Éliane",
        "message": "SpO₂ too low: 86 % (limit 90 %). Check on Grand-mère Éliane.",
    }
    hass.bus.async_fire(EVENT_ALERT, alert)
    await hass.async_block_till_done()
    (sent,) = notifications
    # The integration's own words (its text builder), not a second wording.
    assert sent.data["title"] == alert["title"]
    assert sent.data["message"] == alert["message"]
    assert sent.data["data"]["channel"] == "alarm_stream"
    action = sent.data["data"]["actions"][0]["action"]

    # A warning is left out when the user chose critical only; another patient is ignored.
    hass.bus.async_fire(EVENT_ALERT, alert | {"priority": "warning", "alert_id": "w"})
    hass.bus.async_fire(EVENT_ALERT, alert | {"device_id": "someone-else"})
    await hass.async_block_till_done()
    assert len(notifications) == 1

    hass.bus.async_fire("mobile_app_notification_action", {"action": action})
    await hass.async_block_till_done()
    assert [call.data["alert_id"] for call in acknowledged] == ["entry:spo2-1-1"]

    # Better but still abnormal: the phone's message is replaced (same tag), not cleared.
    improved = {"state": "de_escalated", "priority": "warning", "message": "SpO₂ better: 93 %"}
    hass.bus.async_fire(EVENT_ALERT, alert | improved)
    await hass.async_block_till_done()
    # Even with warnings off: the phone that showed the critical alert now shows it improved.
    assert notifications[-1].data["message"] == "SpO₂ better: 93 %"
    assert notifications[-1].data["data"]["tag"] == "entry:spo2-1-1"
    # Over, but nobody acknowledged the critical alert: the phone says so, nothing cleared.
    recovered = {"state": "resolved", "priority": "info", "message": "SpO₂ back, not taken yet"}
    hass.bus.async_fire(EVENT_ALERT, alert | recovered)
    await hass.async_block_till_done()
    assert notifications[-1].data["message"] == "SpO₂ back, not taken yet"
    assert notifications[-1].data["data"]["tag"] == "entry:spo2-1-1"

    hass.bus.async_fire(EVENT_ALERT, alert | {"state": "acknowledged", "priority": "info"})
    await hass.async_block_till_done()
    assert notifications[-1].data == {
        "message": "clear_notification",
        "data": {"tag": "entry:spo2-1-1"},
    }
