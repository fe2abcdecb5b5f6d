"""Fault tests: a misbehaving network, a device that loses power, garbage readings, a new key.

Real firmware (virtual devices) over real loopback TCP, through tests/chaos_proxy.py where the
network has to misbehave. Every wait is bounded; the whole file stays well under 90 s.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
import logging
import math
import os
from pathlib import Path
import random
import time
from typing import Any

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT, STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import CoreState, Event, EventStateChangedData, HomeAssistant, State
from homeassistant.helpers.event import async_track_state_change_event
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.fajma.const import CONF_STALE_TIMEOUT, DOMAIN
from custom_components.fajma.vitals import (
    PRESETS,
    PatientStatus,
    Readings,
    Vital,
    VitalStatus,
    classify,
    evaluate,
)
from tests.chaos_proxy import ChaosProxy
from tests.conftest import (
    FakeDevice,
    entry_for,
    publish_all,
    setup_entry,
    unload_entry,
    wait_for,
    wait_for_state,
    write_scenario,
)
from tests.virtual_device import VirtualDevice

P = "grand_mere_eliane"
HEART = f"sensor.{P}_heart_rate"
SPO2 = f"sensor.{P}_spo2"
TEMP = f"sensor.{P}_body_temperature"
STATUS = f"sensor.{P}_patient_status"
CONNECTIVITY = f"binary_sensor.{P}_connectivity"
VITAL_ENTITIES = {Vital.HEART_RATE: HEART, Vital.SPO2: SPO2, Vital.BODY_TEMPERATURE: TEMP}

# ESPHome's plaintext frames start with 0x00, Noise frames with 0x01.
NOISE_PREAMBLE = 0x01
KILL_CYCLES = 20


def valid(state: State) -> bool:
    try:
        return math.isfinite(float(state.state))
    except ValueError:
        return False


def unavailable(state: State) -> bool:
    return state.state == STATE_UNAVAILABLE


def via(proxy: ChaosProxy, device: VirtualDevice, **options: Any) -> MockConfigEntry:
    """A config entry for `device` that connects through `proxy`."""
    entry = entry_for(device, **options)
    return MockConfigEntry(
        domain=DOMAIN,
        title=entry.title,
        unique_id=entry.unique_id,
        data={**entry.data, CONF_HOST: "127.0.0.1", CONF_PORT: proxy.port},
        options=options,
    )


class AlertLog:
    """Every fajma_alert event; a condition must never be raised twice while active."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.events: list[dict[str, Any]] = []
        self._unsub = hass.bus.async_listen("fajma_alert", self._record)

    def _record(self, event: Event) -> None:
        self.events.append(dict(event.data))

    def raised(self, condition: str) -> list[dict[str, Any]]:
        return [
            d for d in self.events if d.get("state") == "raised" and d.get("condition") == condition
        ]

    def duplicates(self) -> list[str]:
        """Conditions raised again while their alert was still active (not resolved)."""
        active: set[tuple[str, str]] = set()
        dupes: list[str] = []
        for data in self.events:
            ident = (str(data.get("entry_id")), str(data.get("condition")))
            state = str(data.get("state"))
            if state == "raised":
                if ident in active:
                    dupes.append(f"{ident[1]} ({data.get('alert_id')})")
                active.add(ident)
            elif state == "resolved":
                active.discard(ident)
        return dupes

    def close(self) -> None:
        self._unsub()


class Tracker:
    """Every state an entity took, in order."""

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        self.states: list[str] = []
        self._unsub = async_track_state_change_event(hass, entity_id, self._record)

    def _record(self, event: Event[EventStateChangedData]) -> None:
        if (state := event.data["new_state"]) is not None:
            self.states.append(state.state)

    def close(self) -> None:
        self._unsub()


async def lose_and_recover(
    hass: HomeAssistant, heart: Tracker, fault: Callable[[], Any], what: str
) -> None:
    """Cause a fault: the vitals go unavailable, then come back on their own.

    The reconnect can be quicker than a poll, so the states are tracked as events.
    """
    before = len(heart.states)
    result = fault()
    if hasattr(result, "__await__"):
        await result
    await wait_for(
        lambda: STATE_UNAVAILABLE in heart.states[before:], timeout=15, what=f"{what}: loss"
    )
    await wait_for_state(hass, HEART, valid, timeout=20)
    assert hass.state is CoreState.running, what


@pytest.mark.slow
@pytest.mark.usefixtures("socket_ok")
async def test_chaos_proxy(hass: HomeAssistant, tmp_path: Path) -> None:
    """Drops, garbage, truncated frames, a stall and refused connections: HA keeps running,
    the vitals go unavailable and recover each time, the critical alert is raised once."""
    # A patient in critical tachycardia: one alert, not one more per reconnect.
    scenario = write_scenario(tmp_path / "critical.csv", ["0,135,97,36.8,21.5,45,1,2.5"])
    device = VirtualDevice("fajma-chaos", scenario)
    await device.start()
    proxy = ChaosProxy(device.port)
    await proxy.start()
    alerts = AlertLog(hass)
    heart = Tracker(hass, HEART)
    # Critical alerts without delay: raised at the first reading, then never again while the
    # condition lasts, whatever the connection does.
    entry = via(proxy, device, **{CONF_STALE_TIMEOUT: 5, "heart_rate_critical_delay": 0})
    try:
        await setup_entry(hass, entry)
        await wait_for_state(hass, HEART, valid)
        assert hass.states.get(HEART).attributes["status"] == "critical"
        await wait_for(lambda: alerts.raised("heart_rate"), what="the critical alert")

        for _ in range(3):
            await lose_and_recover(hass, heart, proxy.drop, "drop")
        # Bytes that are no ESPHome frame, in the middle of the stream.
        await lose_and_recover(
            hass, heart, lambda: proxy.inject(b"\x07\xff\xfeGARBAGE\x00\x00\xff" * 8), "garbage"
        )
        # A frame cut in half, then the end of the stream.
        await lose_and_recover(hass, heart, proxy.truncate, "truncate")

        # A stall longer than the stale timeout: the connection stays up, nothing arrives.
        proxy.stall = True
        await wait_for_state(hass, STATUS, lambda s: s.state == PatientStatus.OFFLINE, timeout=15)
        assert unavailable(hass.states.get(HEART))
        proxy.unstall()
        await wait_for_state(hass, HEART, valid, timeout=20)
        await wait_for_state(hass, STATUS, lambda s: s.state == PatientStatus.CRITICAL)

        # Connections refused for a while: still unavailable, back once they are accepted.
        proxy.refuse = True
        before = len(heart.states)
        await proxy.drop()
        await wait_for(lambda: STATE_UNAVAILABLE in heart.states[before:], what="refused: loss")
        accepted = proxy.accepted
        await wait_for(lambda: proxy.accepted > accepted, timeout=15, what="a reconnect attempt")
        assert unavailable(hass.states.get(HEART))
        proxy.refuse = False
        await wait_for_state(hass, HEART, valid, timeout=30)

        assert entry.state is ConfigEntryState.LOADED
        assert hass.state is CoreState.running
        assert alerts.duplicates() == []
        assert len(alerts.raised("heart_rate")) == 1, alerts.events
    finally:
        alerts.close()
        heart.close()
        await unload_entry(hass, entry)
        await proxy.close()
        await device.close()


@pytest.mark.slow
@pytest.mark.usefixtures("socket_ok")
async def test_sigkill_and_restart_20_times(hass: HomeAssistant) -> None:
    """The device loses power (SIGKILL) and comes back 20 times: every cycle recovers."""
    device = VirtualDevice("fajma-power", "stable")
    await device.start()
    entry = entry_for(device)
    connectivity = Tracker(hass, CONNECTIVITY)
    recoveries: list[float] = []
    try:
        await setup_entry(hass, entry)
        await wait_for_state(hass, HEART, valid)
        for cycle in range(KILL_CYCLES):
            before = len(connectivity.states)
            killed_at = time.monotonic()
            await device.kill()
            await wait_for(
                lambda b=before: STATE_OFF in connectivity.states[b:],
                timeout=10,
                what=f"cycle {cycle}: the disconnect",
            )
            await device.start()
            await wait_for(
                lambda b=before: connectivity.states[b:][-1:] == [STATE_ON],
                timeout=20,
                what=f"cycle {cycle}: the reconnect",
            )
            await wait_for_state(hass, HEART, valid, timeout=10)
            recoveries.append(time.monotonic() - killed_at)
        assert len(recoveries) == KILL_CYCLES
        assert entry.state is ConfigEntryState.LOADED
        logging.getLogger(__name__).info(
            "kill/restart recovery: max %.2f s, mean %.2f s",
            max(recoveries),
            sum(recoveries) / len(recoveries),
        )
    finally:
        connectivity.close()
        await unload_entry(hass, entry)
        await device.close()


# --- bad readings ------------------------------------------------------------------------------

BAD_KINDS: tuple[Callable[[random.Random], float], ...] = (
    lambda _r: math.nan,
    lambda _r: math.inf,
    lambda _r: -math.inf,
    lambda _r: -999.0,
    lambda r: -r.uniform(1e-6, 1e6),  # negative
    lambda r: r.uniform(1e3, 1e38),  # huge
    lambda _r: 1.7976931348623157e308,
    lambda _r: 0.0,
    lambda _r: -0.0,
)
PLAUSIBLE: dict[Vital, tuple[float, float]] = {
    Vital.HEART_RATE: (30.0, 200.0),
    Vital.SPO2: (70.0, 100.0),
    Vital.BODY_TEMPERATURE: (30.0, 44.0),
}


def bad_reading(rng: random.Random) -> float:
    return rng.choice(BAD_KINDS)(rng)


def test_bad_readings_classification() -> None:
    """1000 random bad readings per vital and table: no exception, never normal."""
    rng = random.Random(7)  # reproducible
    tables = list(PRESETS.values())
    for _ in range(1000):
        table = rng.choice(tables)
        finger = rng.choice([True, False, None])
        readings: dict[str, Any] = {}
        for vital in Vital:
            value = bad_reading(rng)
            status = classify(vital, value, table[vital], finger)
            assert status is not VitalStatus.NORMAL, (vital, value)
            assert status is VitalStatus.NO_SIGNAL, (vital, value)
            readings[vital.value] = value
        # A whole snapshot with bad vitals and random environment values.
        readings["ambient_temperature"] = rng.choice([bad_reading(rng), 21.5])
        readings["humidity"] = rng.choice([bad_reading(rng), 45.0])
        readings["perfusion_index"] = rng.choice([bad_reading(rng), 2.5])
        snapshot = evaluate(
            Readings(**readings, finger_detected=finger),
            table,
            connected=True,
            last_reading=(now := datetime.now(UTC)),
            now=now,
            stale_timeout=timedelta(seconds=30),
        )
        # A fresh, connected snapshot: bad readings alone must not make the patient normal.
        assert not snapshot.stale
        assert snapshot.status is PatientStatus.NO_SIGNAL
        for evaluation in snapshot.vitals.values():
            assert evaluation.value is None
        for value in (snapshot.ambient_temperature, snapshot.humidity, snapshot.perfusion_index):
            assert value is None or math.isfinite(value)


async def test_bad_readings_entity_layer(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """1000 bad readings through the coordinator and the entities: no exception escapes,
    an implausible vital never shows `normal`, the patient is never `normal` with one."""
    rng = random.Random(11)
    await setup_entry(hass, fake_entry)
    caplog.clear()
    sent = 0
    seen: Counter[str] = Counter()
    while sent < 1000:
        good = {
            Vital.HEART_RATE: rng.uniform(*PLAUSIBLE[Vital.HEART_RATE]),
            Vital.SPO2: rng.uniform(*PLAUSIBLE[Vital.SPO2]),
            Vital.BODY_TEMPERATURE: rng.uniform(*PLAUSIBLE[Vital.BODY_TEMPERATURE]),
        }
        bad = set(rng.sample(list(Vital), rng.randint(1, 3)))
        values = {v: bad_reading(rng) if v in bad else good[v] for v in Vital}
        sent += len(bad)
        publish_all(
            fake_device,
            heart_rate=values[Vital.HEART_RATE],
            spo2=values[Vital.SPO2],
            body_temperature=values[Vital.BODY_TEMPERATURE],
            ambient_temperature=rng.choice([bad_reading(rng), 21.5]),
            humidity=rng.choice([bad_reading(rng), 45.0]),
            perfusion_index=rng.choice([bad_reading(rng), 2.5]),
            finger=rng.choice([True, None]),
        )
        await hass.async_block_till_done()
        for vital in bad:
            state = hass.states.get(VITAL_ENTITIES[vital])
            assert state is not None
            seen[state.attributes.get("status", state.state)] += 1
            assert state.attributes.get("status") != VitalStatus.NORMAL, (vital, values[vital])
            assert state.state in ("unknown", STATE_UNAVAILABLE), (vital, values[vital], state)
        assert hass.states.get(STATUS).state != PatientStatus.NORMAL, values
    assert seen[VitalStatus.NO_SIGNAL] >= 1000 - 3
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors[:3]]
    await unload_entry(hass, fake_entry)


# --- key rotation ------------------------------------------------------------------------------


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@pytest.mark.slow
@pytest.mark.usefixtures("socket_ok")
async def test_key_rotation_starts_reauth_never_plaintext(hass: HomeAssistant) -> None:
    """The device gets a new key, then none: a reauth flow starts, the client never speaks
    plaintext (every connection it opens starts with a Noise frame)."""
    device = VirtualDevice("fajma-rotate", "stable", encryption_key=new_key())
    await device.start()
    proxy = ChaosProxy(device.port)
    await proxy.start()
    entry = via(proxy, device)
    try:
        await setup_entry(hass, entry)
        await wait_for_state(hass, HEART, valid)

        # The key is rotated on the device (a reflash with a new secret).
        await device.stop()
        device.encryption_key = new_key()
        await device.start()
        await wait_for(
            lambda: any(
                flow["context"]["source"] == SOURCE_REAUTH
                for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
            ),
            timeout=30,
            what="the reauth flow",
        )
        assert unavailable(hass.states.get(HEART))

        # Now the device runs without encryption: still no plaintext from Home Assistant.
        await device.stop()
        device.encryption_key = None
        await device.start()
        attempts = proxy.accepted
        # The reconnect logic stopped at the key error; reload once as a user would.
        await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
        await wait_for(lambda: proxy.accepted > attempts, timeout=15, what="a new attempt")
        assert hass.states.get(HEART) is None or not valid(hass.states.get(HEART))
        flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]

        assert proxy.first_bytes, "no connection went through the proxy"
        assert set(proxy.first_bytes) == {NOISE_PREAMBLE}, proxy.first_bytes
    finally:
        await unload_entry(hass, entry)
        await proxy.close()
        await device.close()
