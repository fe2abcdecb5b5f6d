"""Vital-sign classification for FAJMA: pure, typed, without Home Assistant.

Readings and time go in, decisions come out; nothing here reads a clock or does I/O, so the
same tables serve the entities, the options-flow validation and the tests.

A vital's thresholds are four optional limits. A *low* limit flags readings below it, a *high*
limit readings above it; `inclusive` says whether the limit value itself is flagged (the
"≤ 91" of NEWS2) or not (the "< 95" of the default table), so both kinds of chart are exact.
Readings are floats sent as float32 by the device (38.1 arrives as 38.099998...). Each vital is
classified as it is shown: rounded (half up, after removing the float32 noise) to the resolution
its entity displays and the cards chart (heart rate and SpO2 whole numbers, temperature 0.1 °C),
so "91 %" on screen is never classified as 91.4 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
import math
from typing import Final

# Float32 noise of the wire format is removed at this many decimals (far finer than any sensor)
# before a reading is rounded to the resolution it is shown at.
READING_DECIMALS: Final = 3
_SCALE: Final = 10**READING_DECIMALS
_ROUNDABLE: Final = 1e12  # beyond this, thousandths would exceed a float's exact integers


class Vital(StrEnum):
    """The vital signs FAJMA classifies."""

    HEART_RATE = "heart_rate"
    SPO2 = "spo2"
    BODY_TEMPERATURE = "body_temperature"


class VitalStatus(StrEnum):
    """Status of one vital sign."""

    NORMAL = "normal"
    WARNING = "warning"
    CRITICAL = "critical"
    NO_SIGNAL = "no_signal"


class PatientStatus(StrEnum):
    """Overall status of a patient: the worst vital, or offline."""

    NORMAL = "normal"
    WARNING = "warning"
    CRITICAL = "critical"
    NO_SIGNAL = "no_signal"
    OFFLINE = "offline"


class Preset(StrEnum):
    """Threshold presets offered in the options flow."""

    DEFAULT = "default"
    NEWS2 = "news2"
    SPO2_SCALE_2 = "spo2_scale_2"
    CUSTOM = "custom"


class Side(StrEnum):
    """The four limits of a vital, also the attribute and option names."""

    WARNING_LOW = "warning_low"
    WARNING_HIGH = "warning_high"
    CRITICAL_LOW = "critical_low"
    CRITICAL_HIGH = "critical_high"


class SignalLoss(StrEnum):
    """Why a vital has no trustworthy reading; the two causes alert differently."""

    # The finger is on the oximeter (or a value was measured) yet no plausible pulse: this can
    # mean the patient needs help now, so it alerts fast and at critical priority.
    NO_PULSE = "no_pulse"
    # Finger off, no reading, or a thermometer fault: the vital cannot be watched.
    SENSOR_OFF = "sensor_off"


# The one severity order of FAJMA, least to most severe: vital statuses, patient statuses and
# alert priorities ("info", "warning", "critical") are all ranked by it.
SEVERITY_ORDER: Final = ("normal", "info", "no_signal", "warning", "critical")
_RANKS: Final = {level: rank for rank, level in enumerate(SEVERITY_ORDER)}


def severity(level: str) -> int:
    """Rank a status or priority name in SEVERITY_ORDER (offline ranks above everything)."""
    return _RANKS.get(level, len(SEVERITY_ORDER))


def normalise(value: float) -> float:
    """Remove the float32 noise of a reading (see the module docstring)."""
    return round(value, READING_DECIMALS)


def rounded(value: float, decimals: int) -> float:
    """Round half up, as the value is shown ("91.5" is shown and classified as 92).

    Exact decimal arithmetic in integers (every reading goes through here, so no Decimal):
    the noise-free value is a whole number of thousandths, rounded half away from zero.
    """
    if not abs(value) < _ROUNDABLE:  # far beyond any reading (and NaN): nothing to round
        return value
    thousandths = round(normalise(value) * _SCALE)  # exact: normalise left 3 decimals
    step = 10 ** (READING_DECIMALS - decimals)
    units, rest = divmod(abs(thousandths), step)
    if 2 * rest >= step:
        units += 1
    return math.copysign(units / 10**decimals, value)


@dataclass(frozen=True, slots=True)
class Limit:
    """One limit of a band; `inclusive` flags the limit value itself."""

    value: float
    inclusive: bool = False

    def flags_low(self, reading: float) -> bool:
        """Return True if the reading is beyond this limit used as a low limit."""
        return reading <= self.value if self.inclusive else reading < self.value

    def flags_high(self, reading: float) -> bool:
        """Return True if the reading is beyond this limit used as a high limit."""
        return reading >= self.value if self.inclusive else reading > self.value


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Warning and critical limits of one vital; None where that side has no bound."""

    warning_low: Limit | None = None
    warning_high: Limit | None = None
    critical_low: Limit | None = None
    critical_high: Limit | None = None

    def classify(self, reading: float) -> VitalStatus:
        """Classify a plausible reading. Critical is checked before warning."""
        value = normalise(reading)
        if (self.critical_low is not None and self.critical_low.flags_low(value)) or (
            self.critical_high is not None and self.critical_high.flags_high(value)
        ):
            return VitalStatus.CRITICAL
        if (self.warning_low is not None and self.warning_low.flags_low(value)) or (
            self.warning_high is not None and self.warning_high.flags_high(value)
        ):
            return VitalStatus.WARNING
        return VitalStatus.NORMAL

    def limit(self, side: Side) -> Limit | None:
        """Return the limit of one side."""
        limit: Limit | None = getattr(self, side.value)
        return limit

    def inclusive_sides(self) -> list[str]:
        """Return the sides whose limit value itself is flagged (≤ / ≥ rather than < / >)."""
        return [
            side.value
            for side in Side
            if (limit := self.limit(side)) is not None and limit.inclusive
        ]

    def as_dict(self) -> dict[str, float | None]:
        """Return the limit values by side name (the entity attributes)."""
        return {
            side.value: (limit.value if (limit := self.limit(side)) is not None else None)
            for side in Side
        }


@dataclass(frozen=True, slots=True)
class PlausibleRange:
    """Readings outside [low, high] cannot come from a patient: the sensor is wrong."""

    low: float
    high: float
    needs_finger: bool

    def contains(self, reading: float) -> bool:
        """Return True if the reading is physically possible."""
        return self.low <= normalise(reading) <= self.high


# Decimals each vital is shown, charted and therefore classified at.
DISPLAY_DECIMALS: Final[Mapping[Vital, int]] = {
    Vital.HEART_RATE: 0,
    Vital.SPO2: 0,
    Vital.BODY_TEMPERATURE: 1,
}


def shown(vital: Vital, reading: float) -> float:
    """Return a finite reading as it is displayed (and classified)."""
    return rounded(reading, DISPLAY_DECIMALS[vital])


PLAUSIBLE_RANGES: Final[Mapping[Vital, PlausibleRange]] = {
    Vital.HEART_RATE: PlausibleRange(20.0, 250.0, needs_finger=True),
    Vital.SPO2: PlausibleRange(50.0, 100.0, needs_finger=True),
    Vital.BODY_TEMPERATURE: PlausibleRange(25.0, 45.0, needs_finger=False),
}

# Which sides a vital can have: SpO2 cannot be too high.
SIDES: Final[Mapping[Vital, tuple[Side, ...]]] = {
    Vital.HEART_RATE: tuple(Side),
    Vital.SPO2: (Side.WARNING_LOW, Side.CRITICAL_LOW),
    Vital.BODY_TEMPERATURE: tuple(Side),
}

type ThresholdTable = Mapping[Vital, Thresholds]

_DEFAULT: Final[ThresholdTable] = {
    Vital.BODY_TEMPERATURE: Thresholds(
        warning_low=Limit(35.0),
        warning_high=Limit(39.0),
        critical_low=Limit(34.0),
        critical_high=Limit(40.0),
    ),
    Vital.HEART_RATE: Thresholds(
        warning_low=Limit(60.0),
        warning_high=Limit(100.0),
        critical_low=Limit(40.0),
        critical_high=Limit(120.0),
    ),
    Vital.SPO2: Thresholds(warning_low=Limit(95.0), critical_low=Limit(90.0)),
}

# RCP NEWS2 chart: sub-score 3 is critical, 1-2 a warning; the limits are the chart's own.
_NEWS2_PULSE: Final = Thresholds(
    critical_low=Limit(40.0, inclusive=True),  # <= 40
    warning_low=Limit(50.0, inclusive=True),  # 41-50
    warning_high=Limit(91.0, inclusive=True),  # 91-130
    critical_high=Limit(131.0, inclusive=True),  # >= 131
)
_NEWS2_TEMPERATURE: Final = Thresholds(
    critical_low=Limit(35.0, inclusive=True),  # <= 35.0
    warning_low=Limit(36.0, inclusive=True),  # 35.1-36.0
    warning_high=Limit(38.1, inclusive=True),  # >= 38.1
    # NEWS2 never scores a fever 3; keep the default table's critical fever.
    critical_high=Limit(40.0),
)
_NEWS2: Final[ThresholdTable] = {
    Vital.BODY_TEMPERATURE: _NEWS2_TEMPERATURE,
    Vital.HEART_RATE: _NEWS2_PULSE,
    Vital.SPO2: Thresholds(  # scale 1
        critical_low=Limit(91.0, inclusive=True),  # <= 91
        warning_low=Limit(95.0, inclusive=True),  # 92-95
    ),
}
# Target 88-92 % in hypercapnic respiratory failure; the rest as NEWS2.
_SPO2_SCALE_2: Final[ThresholdTable] = {
    **_NEWS2,
    Vital.SPO2: Thresholds(
        critical_low=Limit(83.0, inclusive=True),  # <= 83
        warning_low=Limit(87.0, inclusive=True),  # 84-87
    ),
}

PRESETS: Final[Mapping[Preset, ThresholdTable]] = {
    Preset.DEFAULT: _DEFAULT,
    Preset.NEWS2: _NEWS2,
    Preset.SPO2_SCALE_2: _SPO2_SCALE_2,
}


def classify(
    vital: Vital,
    reading: float | None,
    thresholds: Thresholds,
    finger_detected: bool | None,
) -> VitalStatus:
    """Classify one reading as shown; anything untrustworthy is no_signal, never a band."""
    return evaluate_vital(vital, reading, thresholds, finger_detected).status


def signal_loss(
    vital: Vital, reading: float | None, finger_detected: bool | None
) -> SignalLoss | None:
    """Return why a reading cannot be trusted, or None if it can.

    For the oximeter's vitals, a finger on the sensor with NaN or an impossible value is "no
    pulse" (heart rate 18, SpO2 48: look at the patient), as is an impossible value measured
    while the finger state is unknown; a finger off, or nothing measured, is "sensor off".
    """
    measured = reading is not None and math.isfinite(reading)
    value = shown(vital, reading) if reading is not None and measured else None
    return _signal_loss(vital, value, measured=measured, finger_detected=finger_detected)


def _signal_loss(
    vital: Vital, value: float | None, *, measured: bool, finger_detected: bool | None
) -> SignalLoss | None:
    """signal_loss of a reading already rounded as shown (`value`, None if not a number)."""
    plausible = PLAUSIBLE_RANGES[vital]
    if plausible.needs_finger and finger_detected is False:
        return SignalLoss.SENSOR_OFF
    if value is not None and plausible.contains(value):
        return None
    if plausible.needs_finger and (finger_detected is True or measured):
        return SignalLoss.NO_PULSE
    return SignalLoss.SENSOR_OFF


def crossed_limit(
    thresholds: Thresholds, status: VitalStatus, value: float | None
) -> tuple[str | None, float | None]:
    """Return (side, limit) of the band a classified value is in: ("low", 90.0) for SpO2 89.

    The side is "low" or "high"; (None, None) for normal, no_signal or no value.
    """
    if value is None or status not in (VitalStatus.WARNING, VitalStatus.CRITICAL):
        return None, None
    low = thresholds.limit(Side(f"{status.value}_low"))
    if low is not None and low.flags_low(value):
        return "low", low.value
    high = thresholds.limit(Side(f"{status.value}_high"))
    return ("high", high.value) if high is not None else (None, None)


# A patient's status for each vital status, ranked by severity (looked up on every reading).
_PATIENT_STATUS: Final = {status: PatientStatus(status.value) for status in VitalStatus}
_STATUS_RANK: Final = {status: severity(status) for status in VitalStatus}


def worst(statuses: list[VitalStatus]) -> PatientStatus:
    """Return the most severe status (normal when there is none)."""
    if not statuses:
        return PatientStatus.NORMAL
    return _PATIENT_STATUS[max(statuses, key=_STATUS_RANK.__getitem__)]


def finite_or_none(reading: float | None) -> float | None:
    """Return the (rounded) reading if it is a number, None for NaN, ±inf or no reading."""
    if reading is None or not math.isfinite(reading):
        return None
    return normalise(reading)


@dataclass(frozen=True, slots=True)
class Readings:
    """Latest values received from the device; None where nothing was received."""

    heart_rate: float | None = None
    spo2: float | None = None
    body_temperature: float | None = None
    ambient_temperature: float | None = None
    humidity: float | None = None
    perfusion_index: float | None = None
    finger_detected: bool | None = None
    irregular_pulse: bool | None = None
    spo2_ratio: float | None = None

    def vital(self, vital: Vital) -> float | None:
        """Return the raw reading of a vital."""
        reading: float | None = getattr(self, vital.value)
        return reading


@dataclass(frozen=True, slots=True)
class VitalEvaluation:
    """One vital after classification."""

    vital: Vital
    status: VitalStatus
    thresholds: Thresholds
    value: float | None  # as shown; None unless the reading is trustworthy (not no_signal)
    raw: float | None  # what the device sent, for diagnostics
    loss: SignalLoss | None = None  # why there is no value (status no_signal)
    side: str | None = None  # "low" or "high": which side of normal a warning/critical is on
    limit: float | None = None  # the limit of that band the value went past


@dataclass(frozen=True, slots=True)
class VitalsSnapshot:
    """Everything known about a patient at one instant; the coordinator's data."""

    vitals: Mapping[Vital, VitalEvaluation]
    status: PatientStatus
    connected: bool
    stale: bool
    last_reading: datetime | None
    evaluated_at: datetime
    readings: Readings = field(default_factory=Readings)

    @property
    def online(self) -> bool:
        """Return True if the device is connected and its readings are fresh."""
        return self.connected and not self.stale

    @property
    def ambient_temperature(self) -> float | None:
        """Return the ambient temperature, if valid."""
        return finite_or_none(self.readings.ambient_temperature)

    @property
    def humidity(self) -> float | None:
        """Return the relative humidity, if valid."""
        return finite_or_none(self.readings.humidity)

    @property
    def perfusion_index(self) -> float | None:
        """Return the perfusion index, if valid."""
        return finite_or_none(self.readings.perfusion_index)


def evaluate_vital(
    vital: Vital, raw: float | None, thresholds: Thresholds, finger_detected: bool | None
) -> VitalEvaluation:
    """Classify one vital's reading as shown, with why it has no value or which limit it passed."""
    measured = raw is not None and math.isfinite(raw)
    value = shown(vital, raw) if raw is not None and measured else None
    loss = _signal_loss(vital, value, measured=measured, finger_detected=finger_detected)
    if loss is not None:
        value = None
    status = VitalStatus.NO_SIGNAL if value is None else thresholds.classify(value)
    side, limit = crossed_limit(thresholds, status, value)
    return VitalEvaluation(
        vital=vital,
        status=status,
        thresholds=thresholds,
        value=value,
        raw=normalise(raw) if raw is not None and measured else None,
        loss=loss,
        side=side,
        limit=limit,
    )


def evaluate(
    readings: Readings,
    table: ThresholdTable,
    *,
    connected: bool,
    last_reading: datetime | None,
    now: datetime,
    stale_timeout: timedelta,
) -> VitalsSnapshot:
    """Classify every vital and derive the patient status (see `assess`)."""
    vitals = {
        vital: evaluate_vital(vital, readings.vital(vital), table[vital], readings.finger_detected)
        for vital in Vital
    }
    return assess(
        vitals,
        readings,
        connected=connected,
        last_reading=last_reading,
        now=now,
        stale_timeout=stale_timeout,
    )


def assess(
    vitals: Mapping[Vital, VitalEvaluation],
    readings: Readings,
    *,
    connected: bool,
    last_reading: datetime | None,
    now: datetime,
    stale_timeout: timedelta,
) -> VitalsSnapshot:
    """Derive the patient status from evaluated vitals: the snapshot of one instant.

    Offline when disconnected, or connected without any reading for `stale_timeout`
    (a device that never sent one counts as fresh until it has been silent that long:
    the caller passes the connection time as `last_reading`).
    """
    stale = last_reading is None or now - last_reading >= stale_timeout
    if not connected or stale:
        status_ = PatientStatus.OFFLINE
    else:
        status_ = worst([evaluation.status for evaluation in vitals.values()])
    return VitalsSnapshot(
        vitals=vitals,
        status=status_,
        connected=connected,
        stale=stale,
        last_reading=last_reading,
        evaluated_at=now,
        readings=readings,
    )
