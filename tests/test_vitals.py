"""Unit tests of the pure vitals module: every band edge, each preset, untrustworthy input."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
import math
from pathlib import Path
import struct

import pytest

from custom_components.fajma import vitals
from custom_components.fajma.custom_thresholds import (
    custom_table,
    describe_limit,
    option_key,
    validate_thresholds,
)
from custom_components.fajma.vitals import (
    PRESETS,
    Limit,
    PatientStatus,
    Preset,
    Readings,
    Side,
    Thresholds,
    Vital,
    VitalStatus,
    classify,
    evaluate,
    worst,
)

N, W, C, X = VitalStatus.NORMAL, VitalStatus.WARNING, VitalStatus.CRITICAL, VitalStatus.NO_SIGNAL
HR, SPO2, TEMP = Vital.HEART_RATE, Vital.SPO2, Vital.BODY_TEMPERATURE


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Pure tests: no Home Assistant instance needed."""


@pytest.fixture(autouse=True)
def auto_mock_zeroconf() -> None:
    """Pure tests: no zeroconf."""


def float32(value: float) -> float:
    """What the device actually sends: ESPHome sensors are float32."""
    result: float = struct.unpack("f", struct.pack("f", value))[0]
    return result


PURE_MODULES = (
    "vitals",
    "custom_thresholds",
    "alert_model",
    "alert_conditions",
    "alert_book",
    "alert_engine",
    "alert_texts",
)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_import_no_home_assistant_and_read_no_clock(module: str) -> None:
    """The core stays pure: no Home Assistant, no I/O, no clock; trivially testable."""
    path = Path(vitals.__file__).with_name(f"{module}.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    allowed = {"__future__", "collections", "dataclasses", "datetime", "decimal", "enum"}
    allowed |= {"math", "typing"}
    assert imported <= allowed, f"{module} imports {imported - allowed}"
    calls = {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    clock_reads = {c for c in calls if c.endswith((".now", ".utcnow", ".today", "time.time"))}
    assert not clock_reads, f"{module} reads the clock: {clock_reads}"
    assert "open" not in calls


# (preset, vital, reading, expected): both sides of every edge.
EDGES = [
    # default: body temperature warning < 35 or > 39, critical < 34 or > 40
    (Preset.DEFAULT, TEMP, 33.9, C),
    (Preset.DEFAULT, TEMP, 33.95, W),  # shown as 34.0
    (Preset.DEFAULT, TEMP, 34.0, W),
    (Preset.DEFAULT, TEMP, 34.9, W),
    (Preset.DEFAULT, TEMP, 34.95, N),  # shown as 35.0
    (Preset.DEFAULT, TEMP, 35.0, N),
    (Preset.DEFAULT, TEMP, 37.0, N),
    (Preset.DEFAULT, TEMP, 39.0, N),
    (Preset.DEFAULT, TEMP, 39.04, N),  # shown as 39.0
    (Preset.DEFAULT, TEMP, 39.05, W),  # shown as 39.1
    (Preset.DEFAULT, TEMP, 40.0, W),
    (Preset.DEFAULT, TEMP, 40.1, C),
    # default: heart rate warning < 60 or > 100, critical < 40 or > 120
    (Preset.DEFAULT, HR, 39.0, C),
    (Preset.DEFAULT, HR, 39.4, C),  # shown as 39
    (Preset.DEFAULT, HR, 39.5, W),  # shown as 40 (half up)
    (Preset.DEFAULT, HR, 40.0, W),
    (Preset.DEFAULT, HR, 59.0, W),
    (Preset.DEFAULT, HR, 59.5, N),
    (Preset.DEFAULT, HR, 60.0, N),
    (Preset.DEFAULT, HR, 100.0, N),
    (Preset.DEFAULT, HR, 100.4, N),
    (Preset.DEFAULT, HR, 100.5, W),
    (Preset.DEFAULT, HR, 120.0, W),
    (Preset.DEFAULT, HR, 120.4, W),
    (Preset.DEFAULT, HR, 120.5, C),
    # default: SpO2 warning < 95, critical < 90
    (Preset.DEFAULT, SPO2, 89.0, C),
    (Preset.DEFAULT, SPO2, 89.5, W),  # shown as 90
    (Preset.DEFAULT, SPO2, 90.0, W),
    (Preset.DEFAULT, SPO2, 94.4, W),
    (Preset.DEFAULT, SPO2, 94.5, N),
    (Preset.DEFAULT, SPO2, 95.0, N),
    (Preset.DEFAULT, SPO2, 100.0, N),
    # NEWS2 SpO2 scale 1: <= 91 critical, 92-95 warning, >= 96 normal
    (Preset.NEWS2, SPO2, 91.0, C),
    (Preset.NEWS2, SPO2, 91.4, C),  # shown as 91: NEWS2 scores it 3
    (Preset.NEWS2, SPO2, 91.5, W),
    (Preset.NEWS2, SPO2, 92.0, W),
    (Preset.NEWS2, SPO2, 95.0, W),
    (Preset.NEWS2, SPO2, 95.5, N),
    (Preset.NEWS2, SPO2, 96.0, N),
    # NEWS2 pulse: <= 40 critical, 41-50 warning, 51-90 normal, 91-130 warning, >= 131 critical
    (Preset.NEWS2, HR, 40.0, C),
    (Preset.NEWS2, HR, 40.5, W),
    (Preset.NEWS2, HR, 41.0, W),
    (Preset.NEWS2, HR, 50.0, W),
    (Preset.NEWS2, HR, 50.5, N),
    (Preset.NEWS2, HR, 51.0, N),
    (Preset.NEWS2, HR, 90.0, N),
    (Preset.NEWS2, HR, 90.4, N),
    (Preset.NEWS2, HR, 90.5, W),  # shown as 91
    (Preset.NEWS2, HR, 91.0, W),
    (Preset.NEWS2, HR, 130.0, W),
    (Preset.NEWS2, HR, 130.4, W),
    (Preset.NEWS2, HR, 130.5, C),  # shown as 131
    (Preset.NEWS2, HR, 131.0, C),
    # NEWS2 temperature: <= 35.0 critical, 35.1-36.0 warning, >= 38.1 warning, > 40 critical
    (Preset.NEWS2, TEMP, 35.0, C),
    (Preset.NEWS2, TEMP, 35.05, W),
    (Preset.NEWS2, TEMP, 35.1, W),
    (Preset.NEWS2, TEMP, 36.0, W),
    (Preset.NEWS2, TEMP, 36.05, N),
    (Preset.NEWS2, TEMP, 36.1, N),
    (Preset.NEWS2, TEMP, 38.0, N),
    (Preset.NEWS2, TEMP, 38.04, N),
    (Preset.NEWS2, TEMP, 38.05, W),  # shown as 38.1
    (Preset.NEWS2, TEMP, 38.1, W),
    (Preset.NEWS2, TEMP, 40.0, W),
    (Preset.NEWS2, TEMP, 40.05, C),
    # SpO2 scale 2: <= 83 critical, 84-87 warning, 88+ normal; the rest as NEWS2
    (Preset.SPO2_SCALE_2, SPO2, 83.0, C),
    (Preset.SPO2_SCALE_2, SPO2, 83.5, W),
    (Preset.SPO2_SCALE_2, SPO2, 84.0, W),
    (Preset.SPO2_SCALE_2, SPO2, 87.0, W),
    (Preset.SPO2_SCALE_2, SPO2, 87.5, N),
    (Preset.SPO2_SCALE_2, SPO2, 88.0, N),
    (Preset.SPO2_SCALE_2, SPO2, 92.0, N),
    (Preset.SPO2_SCALE_2, SPO2, 100.0, N),
    (Preset.SPO2_SCALE_2, HR, 131.0, C),
    (Preset.SPO2_SCALE_2, HR, 91.0, W),
    (Preset.SPO2_SCALE_2, TEMP, 35.0, C),
    (Preset.SPO2_SCALE_2, TEMP, 38.1, W),
]


@pytest.mark.parametrize(("preset", "vital", "reading", "expected"), EDGES)
def test_band_edges(preset: Preset, vital: Vital, reading: float, expected: VitalStatus) -> None:
    """Each edge, from both sides, as exact floats and as the device's float32."""
    table = PRESETS[preset]
    assert classify(vital, reading, table[vital], True) is expected
    assert classify(vital, float32(reading), table[vital], True) is expected


@pytest.mark.parametrize(
    ("vital", "reading"),
    [(TEMP, 33.0), (TEMP, 41.0), (HR, 30.0), (HR, 150.0), (SPO2, 85.0)],
)
def test_critical_is_reachable(vital: Vital, reading: float) -> None:
    """Critical readings are also warning readings: critical must be checked first.

    The original design checked warning first, so critical was unreachable.
    """
    thresholds = PRESETS[Preset.DEFAULT][vital]
    assert classify(vital, reading, thresholds, True) is C
    # The same reading is beyond a warning limit too: order is what decides.
    warning_only = Thresholds(
        warning_low=thresholds.warning_low, warning_high=thresholds.warning_high
    )
    assert warning_only.classify(reading) is W


@pytest.mark.parametrize("vital", list(Vital))
@pytest.mark.parametrize("reading", [math.nan, math.inf, -math.inf, None])
def test_no_reading_is_no_signal(vital: Vital, reading: float | None) -> None:
    """NaN, ±inf and nothing are no_signal, never normal and never a band."""
    for preset in (Preset.DEFAULT, Preset.NEWS2, Preset.SPO2_SCALE_2):
        assert classify(vital, reading, PRESETS[preset][vital], True) is X


@pytest.mark.parametrize(
    ("vital", "reading", "expected"),
    [
        (HR, 19.4, X),
        (HR, 19.5, C),  # shown as 20
        (HR, 20.0, C),
        (HR, 250.0, C),
        (HR, 250.4, C),
        (HR, 250.5, X),
        (HR, 0.0, X),
        (SPO2, 49.4, X),
        (SPO2, 50.0, C),
        (SPO2, 100.0, N),
        (SPO2, 100.4, N),  # shown as 100
        (SPO2, 100.5, X),
        (SPO2, 0.0, X),
        (TEMP, 24.94, X),
        (TEMP, 24.95, C),  # shown as 25.0
        (TEMP, 25.0, C),
        (TEMP, 45.0, C),
        (TEMP, 45.04, C),
        (TEMP, 45.05, X),
        (TEMP, -999.0, X),
    ],
)
def test_implausible_readings(vital: Vital, reading: float, expected: VitalStatus) -> None:
    """Readings no patient can have mean a sensor fault: no_signal, not critical."""
    assert classify(vital, reading, PRESETS[Preset.DEFAULT][vital], True) is expected


def test_finger() -> None:
    """Without a finger the oximeter's numbers mean nothing; temperature is unaffected."""
    table = PRESETS[Preset.DEFAULT]
    assert classify(HR, 72.0, table[HR], False) is X
    assert classify(SPO2, 98.0, table[SPO2], False) is X
    assert classify(TEMP, 36.8, table[TEMP], False) is N
    # Unknown finger state does not block (the oximeter sends NaN then anyway).
    assert classify(HR, 72.0, table[HR], None) is N
    assert classify(HR, 130.0, table[HR], None) is C


def test_worst() -> None:
    """Critical > warning > no_signal > normal."""
    assert worst([]) is PatientStatus.NORMAL
    assert worst([N, N, N]) is PatientStatus.NORMAL
    assert worst([N, X, N]) is PatientStatus.NO_SIGNAL
    assert worst([X, W, N]) is PatientStatus.WARNING
    assert worst([W, C, X]) is PatientStatus.CRITICAL


NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
FRESH = Readings(
    heart_rate=72.0,
    spo2=98.0,
    body_temperature=float32(36.8),
    ambient_temperature=float32(21.5),
    humidity=45.0,
    perfusion_index=float32(2.51),
    finger_detected=True,
)


def _evaluate(
    readings: Readings = FRESH,
    *,
    connected: bool = True,
    age: timedelta | None = timedelta(seconds=1),
    preset: Preset = Preset.DEFAULT,
) -> vitals.VitalsSnapshot:
    return evaluate(
        readings,
        PRESETS[preset],
        connected=connected,
        last_reading=None if age is None else NOW - age,
        now=NOW,
        stale_timeout=timedelta(seconds=30),
    )


def test_evaluate_normal() -> None:
    """A fresh, normal batch: values rounded, statuses and thresholds attached."""
    snapshot = _evaluate()
    assert snapshot.status is PatientStatus.NORMAL
    assert snapshot.online
    assert snapshot.vitals[TEMP].value == 36.8
    assert snapshot.vitals[TEMP].status is N
    assert snapshot.vitals[TEMP].thresholds == PRESETS[Preset.DEFAULT][TEMP]
    assert snapshot.ambient_temperature == 21.5
    assert snapshot.humidity == 45.0
    assert snapshot.perfusion_index == 2.51
    assert snapshot.evaluated_at == NOW


def test_evaluate_worst_and_no_signal_values() -> None:
    """Patient status is the worst vital; a no_signal vital has no value."""
    snapshot = _evaluate(Readings(heart_rate=130.0, spo2=math.nan, body_temperature=39.5))
    assert snapshot.vitals[HR].status is C
    assert snapshot.vitals[SPO2].status is X
    assert snapshot.vitals[SPO2].value is None
    assert snapshot.vitals[SPO2].raw is None
    assert snapshot.vitals[TEMP].status is W
    assert snapshot.status is PatientStatus.CRITICAL
    assert snapshot.ambient_temperature is None
    # An implausible reading keeps its raw value for diagnostics, not as the value.
    snapshot = _evaluate(Readings(heart_rate=300.0, spo2=98.0, body_temperature=36.8))
    assert snapshot.vitals[HR].value is None
    assert snapshot.vitals[HR].raw == 300.0


def test_evaluate_offline_and_stale() -> None:
    """Disconnected, or connected but silent for the stale timeout: offline."""
    snapshot = _evaluate(connected=False)
    assert snapshot.status is PatientStatus.OFFLINE
    assert not snapshot.online
    assert _evaluate(age=timedelta(seconds=29.9)).status is PatientStatus.NORMAL
    stale = _evaluate(age=timedelta(seconds=30))
    assert stale.status is PatientStatus.OFFLINE
    assert stale.stale
    assert not stale.online
    assert _evaluate(age=None).status is PatientStatus.OFFLINE


def test_presets_are_valid_and_described() -> None:
    """Every preset passes the options-flow validation and reads like its chart."""
    for table in PRESETS.values():
        for vital in Vital:
            assert validate_thresholds(vital, table[vital]) == {}
    news2 = PRESETS[Preset.NEWS2]
    assert describe_limit(news2[SPO2].critical_low, Side.CRITICAL_LOW) == "≤ 91"
    assert describe_limit(news2[HR].critical_high, Side.CRITICAL_HIGH) == "≥ 131"
    assert describe_limit(news2[TEMP].critical_high, Side.CRITICAL_HIGH) == "> 40"
    assert describe_limit(PRESETS[Preset.DEFAULT][SPO2].warning_low, Side.WARNING_LOW) == "< 95"
    assert describe_limit(None, Side.WARNING_HIGH) == "—"
    assert news2[TEMP].inclusive_sides() == ["warning_low", "warning_high", "critical_low"]
    assert PRESETS[Preset.DEFAULT][TEMP].inclusive_sides() == []
    assert news2[SPO2].as_dict() == {
        "warning_low": 95.0,
        "warning_high": None,
        "critical_low": 91.0,
        "critical_high": None,
    }


def test_custom_table() -> None:
    """Custom limits are strict; missing sides fall back to the default; SpO2 has no highs."""
    table = custom_table(
        {
            option_key(HR, Side.WARNING_LOW): 55,
            option_key(HR, Side.CRITICAL_HIGH): 140,
            option_key(SPO2, Side.WARNING_HIGH): 99,  # ignored: SpO2 cannot be too high
        }
    )
    assert table[HR].warning_low == Limit(55.0)
    assert table[HR].critical_high == Limit(140.0)
    assert table[HR].warning_high == PRESETS[Preset.DEFAULT][HR].warning_high
    assert table[SPO2].warning_high is None
    assert table[HR].classify(55.0) is N
    assert table[HR].classify(54.9) is W
    assert table[HR].classify(140.0) is W
    assert table[HR].classify(140.1) is C
    assert table[TEMP] == PRESETS[Preset.DEFAULT][TEMP]


@pytest.mark.parametrize(
    ("vital", "thresholds", "errors"),
    [
        (HR, Thresholds(Limit(60), Limit(100), Limit(40), Limit(120)), {}),
        # equal critical and warning limits: allowed, no warning zone on that side
        (HR, Thresholds(Limit(60), Limit(100), Limit(60), Limit(100)), {}),
        (
            HR,
            Thresholds(Limit(100), Limit(60), Limit(40), Limit(120)),
            {Side.WARNING_HIGH: "low_not_below_high"},
        ),
        (
            HR,
            Thresholds(Limit(60), Limit(60), Limit(40), Limit(120)),
            {Side.WARNING_HIGH: "low_not_below_high"},
        ),
        (
            HR,
            Thresholds(Limit(60), Limit(100), Limit(130), Limit(120)),
            {
                Side.CRITICAL_HIGH: "low_not_below_high",
                Side.CRITICAL_LOW: "warning_outside_critical",
            },
        ),
        (
            HR,
            Thresholds(Limit(60), Limit(100), Limit(65), Limit(120)),
            {Side.CRITICAL_LOW: "warning_outside_critical"},
        ),
        (
            HR,
            Thresholds(Limit(60), Limit(100), Limit(40), Limit(90)),
            {Side.CRITICAL_HIGH: "warning_outside_critical"},
        ),
        (
            HR,
            Thresholds(Limit(60), Limit(100), Limit(10), Limit(120)),
            {Side.CRITICAL_LOW: "implausible_threshold"},
        ),
        (
            HR,
            Thresholds(Limit(60), Limit(100), Limit(40), Limit(260)),
            {Side.CRITICAL_HIGH: "implausible_threshold"},
        ),
        (SPO2, Thresholds(warning_low=Limit(95), critical_low=Limit(90)), {}),
        (
            SPO2,
            Thresholds(warning_low=Limit(101), critical_low=Limit(90)),
            {Side.WARNING_LOW: "implausible_threshold"},
        ),
        (
            SPO2,
            Thresholds(warning_low=Limit(85), critical_low=Limit(90)),
            {Side.CRITICAL_LOW: "warning_outside_critical"},
        ),
        (
            TEMP,
            Thresholds(Limit(35), Limit(39), Limit(20), Limit(40)),
            {Side.CRITICAL_LOW: "implausible_threshold"},
        ),
        (
            TEMP,
            Thresholds(Limit(35), Limit(39), Limit(34), Limit(46)),
            {Side.CRITICAL_HIGH: "implausible_threshold"},
        ),
    ],
)
def test_validate_thresholds(vital: Vital, thresholds: Thresholds, errors: dict[Side, str]) -> None:
    """Low below high, warning inside critical, physically possible."""
    assert validate_thresholds(vital, thresholds) == errors


@pytest.mark.parametrize("value", [1.7976931348623157e308, -1e300, 1e12])
def test_absurd_magnitudes_are_no_signal_not_a_crash(value: float) -> None:
    """A corrupted reading of any size is no_signal (rounding must not fail on it)."""
    table = PRESETS[Preset.DEFAULT]
    for vital in Vital:
        assert classify(vital, value, table[vital], True) is X
