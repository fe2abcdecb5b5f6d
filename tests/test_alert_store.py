"""The alert store: what a caregiver relies on is on disk at once, the rest at most every
SAVE_DELAY seconds, however often readings come.

The assertions read the store's content (`hass_storage`, what the file would hold); the engine
stamps its state with the time of the last reading (`clock`), which tells one write from the
next. The process-kill test with a real Home Assistant is tests/test_e2e_restart.py.
"""

from __future__ import annotations

import math
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.fajma.alert_store import QUIET_REFRESH, SAVE_DELAY
from custom_components.fajma.const import DOMAIN, EVENT_ALERT
from tests.alert_fixtures import advance, keep_reading, readings_for
from tests.conftest import FakeDevice, publish_all, unload_entry


def stored(hass_storage: dict[str, Any], entry: MockConfigEntry) -> dict[str, Any] | None:
    """The alert engine's state as the store holds it, None before the first write."""
    content = hass_storage.get(f"{DOMAIN}.alerts.{entry.entry_id}")
    return None if content is None else content["data"]


async def test_a_counting_condition_is_written_every_save_delay_not_every_second(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
) -> None:
    """30 s of a warning building up (heart rate 110, warning after 60 s), one reading a second:
    a handful of writes, none older than SAVE_DELAY."""
    seconds = 30
    start = dt_util.utcnow().timestamp()
    writes: list[float] = []  # the clock of each successive write
    for _ in range(seconds):
        publish_all(fake_device, heart_rate=110)
        await advance(hass, freezer, 1)
        state = stored(hass_storage, patient)
        clock = start if state is None else state["clock"]
        # The readings keep coming, yet what they changed is on disk within SAVE_DELAY.
        assert dt_util.utcnow().timestamp() - clock <= SAVE_DELAY
        if state is not None and (not writes or writes[-1] != clock):
            writes.append(clock)
    assert 1 < len(writes) <= math.ceil(seconds / SAVE_DELAY)
    assert state is not None
    assert state["trackers"]["heart_rate"]["warning"]["held"] > 0  # what the writes keep
    await unload_entry(hass, patient)
    # Unloading writes the last state.
    assert stored(hass_storage, patient)["clock"] == dt_util.utcnow().timestamp()


async def test_a_quiet_patient_is_written_every_quiet_refresh(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
) -> None:
    """Normal readings for 15 min, one every 5 s: the state on disk is refreshed every
    QUIET_REFRESH (5 min), not every SAVE_DELAY; it is never older than that."""
    seconds, period = 900, 5
    writes: list[float] = []
    for _ in range(seconds // period):
        publish_all(fake_device)
        await advance(hass, freezer, period)
        if (state := stored(hass_storage, patient)) is not None:
            clock = state["clock"]
            assert dt_util.utcnow().timestamp() - clock <= QUIET_REFRESH + SAVE_DELAY
            if not writes or writes[-1] != clock:
                writes.append(clock)
    assert 1 < len(writes) <= math.ceil(seconds / QUIET_REFRESH) + 1
    await unload_entry(hass, patient)


@pytest.mark.usefixtures("phones")  # told, so no delivery alert
async def test_raised_and_acknowledged_are_on_disk_before_anyone_is_told(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
) -> None:
    """A critical alert's write starts before its event fires: no delay has to elapse.

    (The test store writes at once; a real one writes in the executor, which is why the process
    kill test gives it a second.)
    """
    on_disk = watch_store(hass, hass_storage, patient)
    await readings_for(hass, freezer, fake_device, 11, heart_rate=150)
    [(state, alert)] = on_disk
    assert state == "raised"
    assert alert is not None
    assert alert["condition"] == "heart_rate"
    assert alert["priority"] == "critical"
    assert alert["acknowledged"] is False

    await hass.services.async_call(
        DOMAIN, "acknowledge", {"alert_id": alert["alert_id"]}, blocking=True
    )
    state, alert = on_disk[-1]
    assert state == "acknowledged"
    assert alert is not None
    assert alert["acknowledged"] is True
    await unload_entry(hass, patient)


@pytest.mark.usefixtures("phones")
async def test_a_reminder_is_written_within_save_delay(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
) -> None:
    """A re-send only moves the re-send bookkeeping: coalesced like a reading (must_write_now)."""
    on_disk = watch_store(hass, hass_storage, patient)
    await readings_for(hass, freezer, fake_device, 11, heart_rate=150)
    await keep_reading(hass, freezer, fake_device, 290, heart_rate=150)
    for _ in range(20):  # the re-send is due 300 s after the raise
        if len(on_disk) > 1:
            break
        await readings_for(hass, freezer, fake_device, 1, heart_rate=150)
    [_, (state, alert)] = on_disk
    assert state == "escalated"
    assert alert is not None
    assert alert["resend_count"] == 0  # not yet written: a crash now repeats the reminder
    await readings_for(hass, freezer, fake_device, SAVE_DELAY, heart_rate=150)
    [alert] = stored(hass_storage, patient)["alerts"]
    assert alert["resend_count"] == 1
    await unload_entry(hass, patient)


def watch_store(
    hass: HomeAssistant, hass_storage: dict[str, Any], entry: MockConfigEntry
) -> list[tuple[str, dict[str, Any] | None]]:
    """(transition, the stored alert) as the store holds it when each fajma_alert fires."""
    on_disk: list[tuple[str, dict[str, Any] | None]] = []

    @callback
    def at_event(event: Event) -> None:
        state = stored(hass_storage, entry)
        alerts = {} if state is None else {a["alert_id"]: a for a in state["alerts"]}
        on_disk.append((event.data["state"], alerts.get(event.data["alert_id"])))

    hass.bus.async_listen(EVENT_ALERT, at_event)
    return on_disk


async def test_a_condition_that_starts_after_a_quiet_write_is_written_within_save_delay(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    patient: MockConfigEntry,
) -> None:
    """A quiet state on disk does not hold back the next change that matters: a warning that
    starts building is on disk within SAVE_DELAY, not at the next QUIET_REFRESH."""
    await readings_for(hass, freezer, fake_device, 2 * SAVE_DELAY)  # quiet, written
    assert stored(hass_storage, patient) is not None
    await readings_for(hass, freezer, fake_device, SAVE_DELAY + 1, heart_rate=110)
    state = stored(hass_storage, patient)
    assert state["trackers"]["heart_rate"]["warning"]["held"] > 0
    await unload_entry(hass, patient)
