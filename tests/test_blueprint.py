"""The shipped blueprints (English, French): alerts reach the chosen phones, the back-up phones
when FAJMA escalates, and the notification's button acknowledges."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
import shutil
from typing import Any

from homeassistant.components import automation
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.fajma.const import DOMAIN, EVENT_ALERT

FOLDER = Path(__file__).parent.parent / "blueprints/automation/fajma"
BUTTON = {"notify_caregivers.yaml": "I'm on it", "notify_caregivers_fr.yaml": "Je m\u2019en occupe"}


@pytest.fixture(params=sorted(BUTTON))
def installed_blueprint(hass: HomeAssistant, request: pytest.FixtureRequest) -> Iterator[str]:
    """A blueprint, imported as README describes (into blueprints/automation/fajma/)."""
    name: str = request.param
    target = Path(hass.config.path("blueprints/automation/fajma"))
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(FOLDER / name, target / name)
    yield f"fajma/{name}"
    shutil.rmtree(target)


def phone(hass: HomeAssistant, name: str) -> tuple[str, list[ServiceCall]]:
    """A companion-app phone (device) and its notify service."""
    entry = MockConfigEntry(domain="mobile_app", title=name)
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("mobile_app", name)}, name=name
    )
    slug = name.lower().replace(" ", "_")
    return device.id, async_mock_service(hass, "notify", f"mobile_app_{slug}")


async def fire(hass: HomeAssistant, data: dict[str, Any]) -> None:
    hass.bus.async_fire(EVENT_ALERT, data)
    await hass.async_block_till_done()


async def test_blueprint_notifies_escalates_and_acknowledges(
    hass: HomeAssistant, installed_blueprint: str
) -> None:
    """A critical alert rings the phone; FAJMA's escalation reaches the back-up phone too."""
    patient_entry = MockConfigEntry(domain=DOMAIN, title="Grand-mère Éliane")
    patient_entry.add_to_hass(hass)
    patient = dr.async_get(hass).async_get_or_create(
        config_entry_id=patient_entry.entry_id,
        identifiers={(DOMAIN, "aa:bb:cc:dd:ee:ff")},
        name="Grand-mère Éliane",
    )
    anna, to_anna = phone(hass, "Anna Phone")
    bea, to_bea = phone(hass, "Bea Phone")
    acknowledged = async_mock_service(hass, DOMAIN, "acknowledge")
    inputs = {"patient": patient.id, "phones": [anna], "backup_phones": [bea]}
    config = {"use_blueprint": {"path": installed_blueprint, "input": inputs}}
    config["use_blueprint"]["input"]["include_warnings"] = False
    assert await async_setup_component(hass, automation.DOMAIN, {automation.DOMAIN: config})
    alert = {
        "alert_id": "entry:spo2-1-1",
        "device_id": patient.id,
        "entry_id": "entry",
        "patient": "Grand-mère Éliane",
        "vital": "spo2",
        "priority": "critical",
        "kind": "physiological",
        "state": "raised",
        "value": 86.0,
        "threshold": 90.0,
        "awaiting_acknowledgement": True,
        "notify": {"send_to": "first_line", "clear_from": "none", "tag": "entry:spo2-1-1"},
        "title": "🔴 CRITICAL — Grand-mère Éliane",
        "message": "SpO₂ too low: 86 % (limit 90 %). Check on Grand-mère Éliane.",
    }
    await fire(hass, alert)
    (sent,) = to_anna
    assert to_bea == []  # the back-up list waits for FAJMA's escalation
    # The integration's own words (its text builder), not a second wording.
    assert sent.data["title"] == alert["title"]
    assert sent.data["message"] == alert["message"]
    data = sent.data["data"]
    assert (data["channel"], data["priority"], data["ttl"]) == ("alarm_stream", "high", 0)
    assert data["push"]["sound"]["critical"] == 1
    assert data["push"]["interruption-level"] == "critical"
    (button,) = data["actions"]
    assert button["title"] == BUTTON[installed_blueprint.split("/")[1]]

    # A warning is left out when the user chose critical only; another patient is ignored.
    await fire(hass, alert | {"priority": "warning", "alert_id": "w"})
    await fire(hass, alert | {"device_id": "someone-else"})
    assert len(to_anna) == 1

    # Nobody acknowledged for FAJMA's escalation time: the back-up phone rings too.
    reminder = {
        "state": "escalated",
        "escalation": "renotify",
        "notify": {"send_to": "first_line_and_escalation", "clear_from": "none", "tag": "t"},
    }
    await fire(hass, alert | reminder)
    assert len(to_anna) == 2
    assert [c.data["title"] for c in to_bea] == [alert["title"]]

    # Better but still abnormal: the phones' message is replaced (same tag), even with
    # warnings off (they were told of the critical alert).
    await fire(hass, alert | {"state": "de_escalated", "priority": "warning", "message": "Better"})
    assert to_anna[-1].data["message"] == "Better"
    assert to_anna[-1].data["data"]["tag"] == "entry:spo2-1-1"
    assert to_anna[-1].data["data"]["push"] == {"interruption-level": "time-sensitive"}

    # Over, but nobody acknowledged the critical alert: the phone says so, nothing cleared.
    recovered = {"state": "resolved", "priority": "info", "message": "Back, nobody on it yet"}
    await fire(hass, alert | recovered)
    assert to_anna[-1].data["message"] == "Back, nobody on it yet"

    hass.bus.async_fire("mobile_app_notification_action", {"action": button["action"]})
    await hass.async_block_till_done()
    assert [call.data["alert_id"] for call in acknowledged] == ["entry:spo2-1-1"]

    # Acknowledged: withdrawn from every phone that may show it.
    await fire(hass, alert | {"state": "acknowledged", "awaiting_acknowledgement": False})
    clear = {"message": "clear_notification", "data": {"tag": "entry:spo2-1-1"}}
    assert to_anna[-1].data == clear
    assert to_bea[-1].data == clear
