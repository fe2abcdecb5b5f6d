"""What the alert tests share: a patient whose phones are configured, and time that passes.

Timing goes through Home Assistant's time helpers (freezer + async_fire_time_changed); the
fake device delivers readings instantly, so every delay is exact and nothing sleeps.
Test modules import the fixtures they use from here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.fajma.const import (
    CONF_ESCALATE_AFTER,
    CONF_ESCALATION_TARGETS,
    CONF_NOTIFY_TARGETS,
    CONF_RESEND_INTERVAL,
    DOMAIN,
)
from tests.conftest import FakeDevice, publish_all, setup_entry

P = "grand_mere_eliane"
ALERT_ACTIVE = f"binary_sensor.{P}_alert_active"
ALERT_EVENT = f"event.{P}_alert"
OPTIONS = {
    CONF_NOTIFY_TARGETS: ["notify.caregiver_phone"],
    CONF_ESCALATION_TARGETS: ["notify.head_nurse"],
    CONF_RESEND_INTERVAL: 5,
    CONF_ESCALATE_AFTER: 15,
}


@pytest.fixture
def phones(hass: HomeAssistant) -> dict[str, list[ServiceCall]]:
    """The caregiver's and the escalation recipient's notify services."""
    return {
        "caregiver": async_mock_service(hass, "notify", "caregiver_phone"),
        "nurse": async_mock_service(hass, "notify", "head_nurse"),
    }


async def add_patient(
    hass: HomeAssistant, device: FakeDevice, template: MockConfigEntry, options: dict[str, Any]
) -> MockConfigEntry:
    """Set up the fake device's patient with these options; its readings are normal."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=template.title,
        unique_id=template.unique_id,
        data=template.data,
        options=options,
    )
    await setup_entry(hass, entry)
    publish_all(device)
    await hass.async_block_till_done()
    return entry


@pytest.fixture
async def patient(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> MockConfigEntry:
    """A patient with notifications configured, readings normal."""
    return await add_patient(hass, fake_device, fake_entry, OPTIONS)


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Let time pass as Home Assistant sees it."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def readings_for(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device: FakeDevice,
    seconds: int,
    **values: Any,
) -> None:
    """The device keeps publishing the same readings once a second."""
    for _ in range(seconds):
        publish_all(device, **values)
        await advance(hass, freezer, 1)


async def keep_reading(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device: FakeDevice,
    seconds: int,
    **values: Any,
) -> None:
    """Let long stretches pass with readings every 10 s (within the 30 s stale timeout)."""
    for _ in range(seconds // 10):
        publish_all(device, **values)
        await advance(hass, freezer, 10)


def states(events: list[Event]) -> list[tuple[str, str, str]]:
    return [(e.data["state"], e.data["priority"], e.data["vital"]) for e in events]
