"""How long a condition has held: the alert engine's timers. Pure, no Home Assistant.

A condition is judged over time, not over one unbroken run, so that a vital which keeps dipping
into a band alarms even when each dip is shorter than the delay (an intermittent desaturation),
while one short artifact in a normal trace does not:

* time inside the band counts up, at most to the delay;
* time outside counts down at half speed (`LEAK`), never below zero;
* the condition is *due* (it alerts) once the count reaches the delay.

Worked example, critical delay 10 s: SpO2 alternating 9 s critical / 9 s not. The count goes
9 → 4.5 → (4.5 + 5.5 =) 10 in the second dip: a critical alert 23.5 s after the first dip began.
A single 3 s artifact counts to 3 and back to 0 within 6 s: no alert. A vital in the band more
than a third of the time eventually alerts; one in it less than a third of the time never does.

An alert's condition *ends* only once valid readings have shown it gone for its clear time (the
delay, at most `MAX_CLEAR` seconds), so a value hovering on a limit does not make it come and go.
Without a valid reading (finger off, offline) a timer is frozen: it neither grows nor decays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
import math
from typing import Final

from .alert_model import VitalInput, as_bool, as_float, as_mapping, as_optional_float, as_str
from .vitals import SignalLoss, VitalStatus

LEAK: Final = 0.5  # time out of a band counts down at half the speed time in it counts up
MAX_CLEAR: Final = 60.0  # seconds; longest wait before an alert's condition counts as gone
# Float sums of elapsed time must not miss a deadline by a rounding error.
EPSILON: Final = 1e-6


def clear_time(delay: float) -> float:
    """Return how long a condition must be gone before its alert ends."""
    return min(delay, MAX_CLEAR)


class Level(IntEnum):
    """Physiological level of a vital after hysteresis; ordered by severity."""

    NORMAL = 0
    WARNING = 1
    CRITICAL = 2


def _inside(value: float | None, low: float | None, high: float | None, margin: float) -> bool:
    """Return True if value is inside [low + margin, high - margin]."""
    if value is None or not math.isfinite(value):
        return True
    return (low is None or value >= low + margin) and (high is None or value <= high - margin)


def held_level(previous: Level, reading: VitalInput, margin: float) -> Level:
    """Return the level after hysteresis: step down only once back inside by the margin."""
    reported = {
        VitalStatus.CRITICAL: Level.CRITICAL,
        VitalStatus.WARNING: Level.WARNING,
    }.get(reading.status, Level.NORMAL)
    if reported >= previous:
        return reported
    value = reading.value
    if previous is Level.CRITICAL and not _inside(
        value, reading.critical_low, reading.critical_high, margin
    ):
        return Level.CRITICAL
    if reported is Level.NORMAL and not _inside(
        value, reading.warning_low, reading.warning_high, margin
    ):
        return Level.WARNING
    return reported


@dataclass(slots=True)
class ConditionTimer:
    """Leaky count of the time a condition held (see the module docstring)."""

    held: float = 0.0
    inside: bool = False
    gone_since: float | None = None  # valid readings have shown the condition gone since then

    def advance(self, seconds: float, cap: float) -> None:
        """Count `seconds` of the current state (call before applying a new reading)."""
        if self.inside:
            self.held = min(cap, self.held + seconds)
        else:
            self.held = max(0.0, self.held - LEAK * seconds)

    def observe(self, now: float, inside: bool) -> None:
        """Record what a valid reading shows."""
        if inside:
            self.gone_since = None
        elif self.inside or self.gone_since is None:
            self.gone_since = now
        self.inside = inside

    def freeze(self) -> None:
        """No valid reading: the condition can be neither confirmed nor cleared."""
        self.inside = False
        self.gone_since = None

    def due(self, delay: float) -> bool:
        """Return True if the condition has held long enough to alert."""
        return self.held >= delay - EPSILON and (self.held > 0 or self.inside)

    def due_at(self, now: float, delay: float) -> float | None:
        """Return when the condition becomes due if it keeps holding, None if not counting up."""
        if not self.inside or self.due(delay):
            return None
        return now + (delay - self.held)

    def gone(self, now: float, clear: float) -> bool:
        """Return True if valid readings have shown the condition gone for `clear` seconds."""
        return (
            not self.inside
            and self.gone_since is not None
            and now - self.gone_since >= clear - EPSILON
        )

    def gone_at(self, clear: float) -> float | None:
        """Return when the condition will count as gone, None if it is not going."""
        if self.inside or self.gone_since is None:
            return None
        return self.gone_since + clear

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-able dict."""
        return {"held": self.held, "inside": self.inside, "gone_since": self.gone_since}

    @classmethod
    def from_dict(cls, data: object) -> ConditionTimer:
        """Parse `as_dict` output; KeyError, TypeError or ValueError if garbled."""
        raw = as_mapping(data)
        return cls(
            held=as_float(raw["held"]),
            inside=as_bool(raw["inside"]),
            gone_since=as_optional_float(raw["gone_since"]),
        )


@dataclass(slots=True)
class VitalTracker:
    """Everything the engine remembers about one vital between readings."""

    level: Level = Level.NORMAL  # the last valid reading's level, after hysteresis
    warning: ConditionTimer = field(default_factory=ConditionTimer)  # warning or worse
    critical: ConditionTimer = field(default_factory=ConditionTimer)
    valid: bool = False  # the last reading had a trustworthy value
    loss: SignalLoss | None = None  # why the last reading had none
    value: float | None = None  # the last trustworthy value
    reading: VitalInput | None = None  # the last input, for its limits (not stored)

    def apply(self, now: float, reading: VitalInput, margin: float) -> None:
        """Take a new classified reading."""
        self.reading = reading
        self.loss = reading.loss
        if reading.value is None:
            self.valid = False
            self.freeze()
            return
        self.valid = True
        self.value = reading.value
        self.level = held_level(self.level, reading, margin)
        self.warning.observe(now, self.level >= Level.WARNING)
        self.critical.observe(now, self.level is Level.CRITICAL)

    def freeze(self) -> None:
        """Stop both band timers until valid readings resume."""
        self.warning.freeze()
        self.critical.freeze()

    def critical_pending(self) -> bool:
        """Return True if a critical condition was building or present at the last value."""
        return self.level is Level.CRITICAL or self.critical.held > 0

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-able dict."""
        return {
            "level": self.level.name.lower(),
            "warning": self.warning.as_dict(),
            "critical": self.critical.as_dict(),
            "valid": self.valid,
            "loss": None if self.loss is None else self.loss.value,
            "value": self.value,
        }

    @classmethod
    def from_dict(cls, data: object) -> VitalTracker:
        """Parse `as_dict` output; KeyError, TypeError or ValueError if garbled."""
        raw = as_mapping(data)
        loss = raw["loss"]
        return cls(
            level=Level[as_str(raw["level"]).upper()],
            warning=ConditionTimer.from_dict(raw["warning"]),
            critical=ConditionTimer.from_dict(raw["critical"]),
            valid=as_bool(raw["valid"]),
            loss=None if loss is None else SignalLoss(as_str(loss)),
            value=as_optional_float(raw["value"]),
        )


# --- the engine's quiet path ------------------------------------------------------------------
# Every vital valid and normal, no condition counting: a normal reading then changes nothing but
# the values (no timer moves, nothing can be due), so the engine skips the full update.


def idle(timer: ConditionTimer) -> bool:
    """A timer that holds no time, is not counting, and whose `observe(now, False)` is a no-op."""
    return timer.held == 0 and not timer.inside and timer.gone_since is not None


def all_quiet(trackers: Iterable[VitalTracker], technical: Iterable[ConditionTimer]) -> bool:
    """Return True if every vital is valid, normal and idle, and every technical timer idle."""
    return all(
        tracker.valid
        and tracker.level is Level.NORMAL
        and idle(tracker.warning)
        and idle(tracker.critical)
        for tracker in trackers
    ) and all(idle(timer) for timer in technical)


def take_normal(trackers: Mapping[str, VitalTracker], readings: Mapping[str, VitalInput]) -> bool:
    """Store the values of all-normal readings (what `apply` would change); False if one is not."""
    if any(
        reading.status is not VitalStatus.NORMAL or reading.value is None or reading.loss
        for reading in readings.values()
    ):
        return False
    for vital, reading in readings.items():
        tracker = trackers[vital]
        tracker.reading = reading
        tracker.value = reading.value
    return True
