"""Host tests of the MAX3010x signal processing (esphome/components/max3010x/ppg_processor.*).

The processing is plain C++ shared with the firmware. tests/firmware/max3010x/
test_ppg_processor.cpp feeds it synthetic red/IR signals with a known heart rate and SpO2
(baseline wander, noise, motion bursts, finger removal) and checks the estimates; it prints one
CASE line per scenario and a SUMMARY line, and exits non-zero on any failed check. These tests
compile it with the system g++, run it, and check its verdicts and figures.
"""

from __future__ import annotations

from pathlib import Path
import re
import shutil
import subprocess

import pytest

REPO = Path(__file__).resolve().parents[2]
COMPONENT_DIR = REPO / "esphome" / "components" / "max3010x"
TEST_DIR = Path(__file__).resolve().parent / "max3010x"
PROCESSOR_SOURCES = (COMPONENT_DIR / "ppg_processor.h", COMPONENT_DIR / "ppg_processor.cpp")
# Warnings are errors: the processor is built for the ESP32 too, where nobody reads the log.
# It is also held to float-only arithmetic (the ESP32 FPU has no double support).
TEST_CXXFLAGS = ("-std=c++17", "-O2", "-Wall", "-Wextra", "-Wshadow", "-Werror")
PROCESSOR_CXXFLAGS = (*TEST_CXXFLAGS, "-Wdouble-promotion", "-Wconversion")

HEART_RATES = (40, 50, 60, 75, 90, 110, 130, 150, 180)
SATURATIONS = (80, 85, 90, 94, 97, 100)
MAX_HEART_RATE_MAE = 2.0
MAX_SPO2_MAE = 2.0
FINGER_RECOVERY_LIMIT_S = 5.0
# Atrial-fibrillation-like rhythms: beat intervals varying uniformly by ±20-40 % around the
# mean, mean rate 60-140 bpm (issue 12).
IRREGULAR_VARIATIONS = (20, 30, 40)
IRREGULAR_RATES = (60, 80, 100, 120, 140)
IRREGULAR_MIN_SHARE = 0.85
# First reading after the finger is placed (issue 12), at three phases of the pulse.
FIRST_READING_RATES = (55, 60, 75, 100, 130, 160)
FIRST_HEART_RATE_LIMIT_S = 5.0
FIRST_SPO2_LIMIT_S = 8.0
EARLY_HEART_RATE_TOLERANCE = 6.0

CASE_PATTERN = re.compile(r"^CASE (\S+)(.*?)-> (PASS|FAIL)$", re.MULTILINE | re.DOTALL)
SUMMARY_PATTERN = re.compile(r"^SUMMARY cases=(\d+) failures=(\d+) ", re.MULTILINE)


def _field(details: str, name: str) -> float:
    match = re.search(rf"\b{re.escape(name)}=([-\w.]+)", details)
    assert match, f"{name} missing in: {details}"
    return float(match.group(1).removesuffix("s"))


@pytest.fixture(scope="module")
def processor_test_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> subprocess.CompletedProcess[str]:
    compiler = shutil.which("g++")
    assert compiler, "the host tests need the system g++"
    build_dir = tmp_path_factory.mktemp("max3010x")
    binary = build_dir / "test_ppg_processor"
    steps = (
        [*PROCESSOR_CXXFLAGS, "-c", str(COMPONENT_DIR / "ppg_processor.cpp")],
        [*TEST_CXXFLAGS, f"-I{COMPONENT_DIR}", "-c", str(TEST_DIR / "test_ppg_processor.cpp")],
        ["ppg_processor.o", "test_ppg_processor.o", "-o", str(binary)],
    )
    for arguments in steps:
        build = subprocess.run(
            [compiler, *arguments],
            cwd=build_dir,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert build.returncode == 0, build.stderr[-8000:]
    return subprocess.run([binary], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def cases(processor_test_run: subprocess.CompletedProcess[str]) -> dict[str, tuple[str, str]]:
    found = {
        name: (details, verdict)
        for name, details, verdict in CASE_PATTERN.findall(processor_test_run.stdout)
    }
    assert found, processor_test_run.stdout[-4000:] + processor_test_run.stderr
    return found


def test_every_case_passes(processor_test_run: subprocess.CompletedProcess[str]) -> None:
    output = processor_test_run.stdout
    failed = [name for name, _, verdict in CASE_PATTERN.findall(output) if verdict != "PASS"]
    assert processor_test_run.returncode == 0, f"failed cases {failed}:\n{output[-8000:]}"
    summary = SUMMARY_PATTERN.search(output)
    assert summary, output[-2000:]
    assert int(summary.group(2)) == 0


def test_no_case_was_dropped(
    processor_test_run: subprocess.CompletedProcess[str], cases: dict[str, tuple[str, str]]
) -> None:
    summary = SUMMARY_PATTERN.search(processor_test_run.stdout)
    assert summary
    assert int(summary.group(1)) == len(cases)
    expected = {f"clean_hr{hr}_spo2_{spo2}" for hr in HEART_RATES for spo2 in SATURATIONS}
    expected |= {
        "rd117_curve",
        "missed_beats",
        "premature_beats",
        "no_pulse",
        "no_finger",
        "saturated",
        "ratio_out_of_range",
    }
    expected |= {
        f"{kind}_hr{hr}" for kind in ("motion_bursts", "finger_removed") for hr in (60, 75, 120)
    }
    expected |= {f"irregular_v{v}_hr{hr}" for v in IRREGULAR_VARIATIONS for hr in IRREGULAR_RATES}
    expected |= {f"first_reading_hr{hr}_{p}" for hr in FIRST_READING_RATES for p in range(3)}
    expected.add("ratio_estimators")
    assert expected <= cases.keys(), sorted(expected - cases.keys())


@pytest.mark.parametrize("heart_rate", HEART_RATES)
@pytest.mark.parametrize("spo2", SATURATIONS)
def test_clean_signal_accuracy(
    cases: dict[str, tuple[str, str]], heart_rate: int, spo2: int
) -> None:
    details, _ = cases[f"clean_hr{heart_rate}_spo2_{spo2}"]
    assert _field(details, "hr_mae") <= MAX_HEART_RATE_MAE, details
    assert _field(details, "spo2_mae") <= MAX_SPO2_MAE, details
    # Values must actually be published: NaN everywhere would have no error at all.
    assert _field(details, "coverage_hr") >= 0.9, details
    assert _field(details, "coverage_spo2") >= 0.9, details
    # A regular rhythm never raises the irregular pulse flag.
    assert _field(details, "irregular") == 0.0, details


@pytest.mark.parametrize("case", ["hrv_5pct", "premature_beats", "missed_beats", "noisy_wander"])
def test_regular_rhythms_are_not_flagged_irregular(
    cases: dict[str, tuple[str, str]], case: str
) -> None:
    details, _ = cases[case]
    assert _field(details, "irregular") == 0.0, details
    assert _field(details, "coverage_hr") >= 0.9, details


@pytest.mark.parametrize("variation", IRREGULAR_VARIATIONS)
@pytest.mark.parametrize("heart_rate", IRREGULAR_RATES)
def test_irregular_rhythm_is_a_finding(
    cases: dict[str, tuple[str, str]], variation: int, heart_rate: int
) -> None:
    """Mean rate within ±8 bpm, SpO2 published, irregular_pulse on (after 20 s warm-up)."""
    details, _ = cases[f"irregular_v{variation}_hr{heart_rate}"]
    assert _field(details, "hr_within_8bpm") >= IRREGULAR_MIN_SHARE, details
    assert _field(details, "irregular") >= IRREGULAR_MIN_SHARE, details
    assert _field(details, "coverage_spo2") >= IRREGULAR_MIN_SHARE, details
    assert _field(details, "spo2_mae") <= MAX_SPO2_MAE, details


@pytest.mark.parametrize("placement", range(3))
@pytest.mark.parametrize("heart_rate", FIRST_READING_RATES)
def test_first_reading_is_fast_and_right(
    cases: dict[str, tuple[str, str]], heart_rate: int, placement: int
) -> None:
    """Heart rate within 5 s and SpO2 within 8 s of placing the finger, and not a false one."""
    details, _ = cases[f"first_reading_hr{heart_rate}_{placement}"]
    assert _field(details, "first_hr") <= FIRST_HEART_RATE_LIMIT_S, details
    assert _field(details, "first_spo2") <= FIRST_SPO2_LIMIT_S, details
    assert _field(details, "worst_hr_error") <= EARLY_HEART_RATE_TOLERANCE, details


def test_ratio_estimator_choice(cases: dict[str, tuple[str, str]]) -> None:
    """SpO2 uses the orthogonal regression of red on IR: on noisy, weak signals with a known R
    its bias is the smallest, and it does not read R low (SpO2 high) like the ordinary
    regression. docs/oximetry.md quotes these figures."""
    details, verdict = cases["ratio_estimators"]
    assert verdict == "PASS", details
    orthogonal = _field(details, "orthogonal_mean_abs_bias")
    assert orthogonal < _field(details, "regression_mean_abs_bias"), details
    assert orthogonal < _field(details, "rms_mean_abs_bias"), details
    assert _field(details, "orthogonal_worst_low") > _field(details, "regression_worst_low")


@pytest.mark.parametrize("heart_rate", [60, 75, 120])
def test_recovery_after_finger_returns(cases: dict[str, tuple[str, str]], heart_rate: int) -> None:
    details, _ = cases[f"finger_removed_hr{heart_rate}"]
    recoveries = [
        float(value) for value in re.findall(r"recovery_after_[\d.]+s=([\d.inf]+)s", details)
    ]
    assert len(recoveries) == 2, details
    assert max(recoveries) <= FINGER_RECOVERY_LIMIT_S, details


def test_processor_has_no_hardware_dependencies() -> None:
    for source in PROCESSOR_SOURCES:
        includes = re.findall(r'^#include\s+[<"]([^>"]+)[>"]', source.read_text(), re.MULTILINE)
        foreign = [
            name
            for name in includes
            if "/" in name or (name.endswith(".h") and name != "ppg_processor.h")
        ]
        assert not foreign, f"{source.name} includes {foreign}"


EMULATOR_DIR = REPO / "esphome" / "components" / "max30102_emulator"


def test_emulated_max30102_behaves_like_the_chip(tmp_path: Path) -> None:
    """The virtual device's emulated MAX30102 (registers, FIFO, LED scaling, resampling),
    driven register by register as the max3010x driver drives the chip."""
    compiler = shutil.which("g++")
    assert compiler, "the host tests need the system g++"
    binary = tmp_path / "test_max30102_model"
    build = subprocess.run(
        [
            compiler,
            *TEST_CXXFLAGS,
            f"-I{COMPONENT_DIR}",
            f"-I{EMULATOR_DIR}",
            str(TEST_DIR / "test_max30102_model.cpp"),
            str(EMULATOR_DIR / "max30102_model.cpp"),
            str(COMPONENT_DIR / "ppg_processor.cpp"),
            "-o",
            str(binary),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-8000:]
    run = subprocess.run([binary], capture_output=True, text=True, timeout=60, check=False)
    found = {name: verdict for name, _, verdict in CASE_PATTERN.findall(run.stdout)}
    assert found == dict.fromkeys(
        (
            "driver_sequence",
            "fifo_overflow",
            "led_and_resolution",
            "recording",
            "end_of_recording",
        ),
        "PASS",
    ), run.stdout
    assert run.returncode == 0, run.stdout
    summary = re.search(r"driver_sequence .*hr_mae=([\d.]+)", run.stdout)
    assert summary, run.stdout
    assert float(summary.group(1)) <= 2.0, run.stdout
