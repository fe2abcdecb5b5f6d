"""A simulated patient for alert-engine tests: the real classifier, readings every second.

sim = Sim(preset=Preset.NEWS2)
sim.run(30, spo2=88)          # 30 s of SpO2 88 %, finger on, everything else normal
sim.acknowledge()
assert sim.states() == [...]
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import math

from custom_components.fajma.alert_engine import AlertEngine
from custom_components.fajma.alert_model import (
    AlertSettings,
    AlertTransition,
    Priority,
    TransitionState,
    engine_inputs,
)
from custom_components.fajma.vitals import PRESETS, Preset, Readings, evaluate

NORMAL = {"heart_rate": 72.0, "spo2": 97.0, "body_temperature": 36.8}
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


class Sim:
    """Feeds an engine as the integration does: a batch of readings every `interval` s."""

    def __init__(
        self,
        settings: AlertSettings | None = None,
        *,
        preset: Preset = Preset.DEFAULT,
        engine: AlertEngine | None = None,
        start: float = 1_000_000.0,
    ) -> None:
        self.settings = settings or AlertSettings()
        self.engine = engine or AlertEngine(self.settings, id_prefix="p:")
        self.table = PRESETS[preset]
        self.now = start
        self.transitions: list[AlertTransition] = []
        self.values: dict[str, float | None] = dict(NORMAL)
        self.finger: bool | None = True
        self.online = True
        self.last_reading: float | None = None

    def _tick_until(self, until: float) -> None:
        while (deadline := self.engine.next_deadline()) is not None and deadline <= until:
            assert deadline > self.engine_clock(), "deadline did not advance: timer would spin"
            self.transitions += self.engine.tick(deadline)

    def engine_clock(self) -> float:
        clock = self.engine.as_dict()["clock"]
        return -math.inf if clock is None else float(clock)  # type: ignore[arg-type]

    def run(
        self,
        seconds: float,
        *,
        interval: float = 1.0,
        finger: bool | None = True,
        **values: float | None,
    ) -> list[AlertTransition]:
        """These values (others normal, finger on) for `seconds`, a batch every `interval`."""
        self.finger = finger
        self.values = {**NORMAL, **values}
        start = len(self.transitions)
        end = self.now + seconds
        while self.now < end - 1e-9:
            self._tick_until(self.now)
            if self.online:
                self.last_reading = self.now
                readings = Readings(
                    **{k: (math.nan if v is None else v) for k, v in self.values.items()},
                    finger_detected=self.finger,
                )
                snapshot = evaluate(
                    readings,
                    self.table,
                    connected=True,
                    last_reading=EPOCH,
                    now=EPOCH,
                    stale_timeout=timedelta(seconds=self.settings.stale_after),
                )
                self.transitions += self.engine.update(
                    self.now, engine_inputs(snapshot), online=True, last_reading_at=self.now
                )
            else:
                self.transitions += self.engine.update(
                    self.now, {}, online=False, last_reading_at=self.last_reading
                )
            self.now += interval
        self._tick_until(self.now)
        return self.transitions[start:]

    def silence(self, seconds: float, *, connected: bool = False) -> list[AlertTransition]:
        """The device is lost (disconnected, or connected but sending nothing) for `seconds`."""
        start = len(self.transitions)
        if not connected:
            self.online = False
            self.transitions += self.engine.update(
                self.now, {}, online=False, last_reading_at=self.last_reading
            )
        self.now += seconds
        self._tick_until(self.now)
        self.online = True
        return self.transitions[start:]

    def acknowledge(self, alert_id: str | None = None, by: str = "Alice") -> list[AlertTransition]:
        found = self.engine.acknowledge(self.now, alert_id, by=by)
        self.transitions += found
        return found

    def active(self) -> dict[str, Priority]:
        return {a.condition: a.priority for a in self.engine.active_alerts}


def states(
    transitions: list[AlertTransition],
) -> list[tuple[str, TransitionState, Priority]]:
    """(condition, state, priority) of each transition, re-sends left out."""
    return [
        (t.condition, t.state, t.priority)
        for t in transitions
        if not (t.escalation is not None and t.escalation.value == "renotify")
    ]


def first(
    transitions: list[AlertTransition], condition: str, state: TransitionState
) -> AlertTransition:
    return next(t for t in transitions if t.condition == condition and t.state is state)
