"""Evaluate the oximeter's signal processing on real red/IR recordings.

  scripts/ppg-eval [RECORDING ...]       (default: every recording in ../shared/ppg)

Runs the firmware's own PPG processor (esphome/components/max3010x/ppg_processor.cpp,
compiled for this host) over each recording at the recording's sample rate, reads its
estimate once per second, and compares it with the reference:

- heart rate against a consensus reference: the spectral peak of the recording's green
  channel (10 s windows) where it agrees within 10 bpm with the sensor's own on-board
  estimate (neither is trusted alone; no reference heart rate was logged);
- SpO2 against the reference finger oximeter's readings (the latest one no older than 6 s).

It reports heart-rate MAE, SpO2 MAE and bias, coverage (share of seconds with a value once
the finger is on), the time to the first heart rate and SpO2, and, for the choice of the
ratio estimator, SpO2 MAE and bias with R from a least-squares regression of the red on the
IR slope (what the firmware uses) and from the ratio of their RMS.

Accepted recordings:
  - EmotiBit.csv, or a .zip holding one (EmotiBit's packet format: PI, PR, PG, HR and UN
    packets; see ../shared/ppg/README.md);
  - a CSV with the header t,red,ir[,finger][,spo2_ref][,hr_ref] (seconds, raw counts; the
    rate is taken from t). Without reference columns only coverage and warm-up are reported.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
import io
import json
import math
import os
from pathlib import Path
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile

import numpy as np

REPO = Path(__file__).resolve().parent.parent
COMPONENT_DIR = REPO / "esphome" / "components" / "max3010x"
REPLAY_SOURCE = REPO / "tests" / "firmware" / "max3010x" / "ppg_replay.cpp"
# Recordings live outside the repository (never copied into it): FAJMA_PPG_DIR or
# ../shared/ppg next to the repository.
PPG_DIR_ENV = "FAJMA_PPG_DIR"
DEFAULT_PPG_DIR = REPO.parent / "shared" / "ppg"

REFERENCE_MAX_AGE_S = 6.0
SPECTRAL_WINDOW_S = 10.0
CONSENSUS_TOLERANCE_BPM = 10.0
MIN_BPM, MAX_BPM = 40.0, 180.0
RD117 = (-45.060, 30.354, 94.845)
RD117_RATIO_RANGE = (0.02, 1.84)


def ppg_dir() -> Path:
    """Where the shared recordings are (they may be absent)."""
    return Path(os.environ.get(PPG_DIR_ENV) or DEFAULT_PPG_DIR)


def default_recordings() -> list[Path]:
    """Every recording under the shared folder, sorted."""
    root = ppg_dir()
    if not root.is_dir():
        return []
    found = [*root.rglob("*.zip"), *root.rglob("EmotiBit.csv"), *root.rglob("*.ppg.csv")]
    return sorted(found)


@dataclass
class Recording:
    """Raw samples and whatever reference came with them."""

    name: str
    rate_hz: float
    red: list[int]
    ir: list[int]
    green: list[float] = field(default_factory=list)
    # (seconds from the first sample, value)
    spo2_reference: list[tuple[float, float]] = field(default_factory=list)
    device_heart_rate: list[tuple[float, float]] = field(default_factory=list)
    heart_rate_reference: list[tuple[float, float]] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        """Length of the recording."""
        return len(self.ir) / self.rate_hz


# --- reading -------------------------------------------------------------------------------


def load(path: Path) -> Recording:
    """Read a recording in any accepted format."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            member = next(n for n in archive.namelist() if n.endswith("EmotiBit.csv"))
            text = archive.read(member).decode("utf-8", errors="replace")
        return parse_emotibit(text, path.stem)
    text = path.read_text(encoding="utf-8", errors="replace")
    first = text.split("\n", 1)[0].strip().lower()
    if first.startswith("t,") and "red" in first and "ir" in first:
        return parse_plain(text, path.stem)
    return parse_emotibit(text, path.parent.name or path.stem)


def parse_plain(text: str, name: str) -> Recording:
    """CSV with the header t,red,ir[,finger][,spo2_ref][,hr_ref]."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = [cell.strip().lower() for cell in lines[0].split(",")]
    columns = {name: header.index(name) for name in header}
    times, red, ir = [], [], []
    spo2_ref: list[tuple[float, float]] = []
    hr_ref: list[tuple[float, float]] = []
    for line in lines[1:]:
        cells = line.split(",")
        t = float(cells[columns["t"]])
        times.append(t)
        red.append(round(float(cells[columns["red"]])))
        ir.append(round(float(cells[columns["ir"]])))
        for column, out in (("spo2_ref", spo2_ref), ("hr_ref", hr_ref)):
            if column in columns and len(cells) > columns[column] and cells[columns[column]]:
                out.append((t, float(cells[columns[column]])))
    rate = (len(times) - 1) / (times[-1] - times[0])
    start = times[0]
    return Recording(
        name=name,
        rate_hz=rate,
        red=red,
        ir=ir,
        spo2_reference=[(t - start, v) for t, v in spo2_ref],
        heart_rate_reference=[(t - start, v) for t, v in hr_ref],
    )


def parse_emotibit(text: str, name: str) -> Recording:
    """EmotiBit packets: timestamp_ms,packet,n,tag,version,reliability,values..."""
    channels: dict[str, list[float]] = {"PI": [], "PR": [], "PG": []}
    ends: dict[str, list[tuple[int, float]]] = {"PI": [], "PR": [], "PG": []}
    notes: list[tuple[float, float]] = []
    device_hr: list[tuple[float, float]] = []
    for line in io.StringIO(text):
        cells = line.rstrip("\r\n").split(",")
        if len(cells) < 7:
            continue
        tag = cells[3]
        try:
            stamp = float(cells[0])
        except ValueError:
            continue
        if tag in channels:
            values = [float(v) for v in cells[6:] if v.strip()]
            channels[tag].extend(values)
            ends[tag].append((len(channels[tag]), stamp))
        elif tag == "UN":
            with _ignore_value_error():
                notes.append((stamp, float(cells[-1])))
        elif tag == "HR":
            with _ignore_value_error():
                device_hr.append((stamp, float(cells[6])))
    count = min(len(channels["PI"]), len(channels["PR"]))
    if count == 0:
        raise ValueError(f"{name}: no PI/PR samples")
    # A straight line through (samples so far, packet time) gives each sample's time.
    counts = np.array([n for n, _ in ends["PI"]], dtype=float)
    stamps = np.array([s for _, s in ends["PI"]], dtype=float)
    ms_per_sample, intercept = (float(v) for v in np.polyfit(counts, stamps, 1))
    start_ms = intercept + ms_per_sample  # time of the first sample

    def seconds(stamp_ms: float) -> float:
        return (stamp_ms - start_ms) / 1000.0

    return Recording(
        name=name,
        rate_hz=1000.0 / ms_per_sample,
        red=[round(v) for v in channels["PR"][:count]],
        ir=[round(v) for v in channels["PI"][:count]],
        green=channels["PG"][:count],
        spo2_reference=[(seconds(s), v) for s, v in notes],
        device_heart_rate=[(seconds(s), v) for s, v in device_hr],
    )


class _ignore_value_error:  # noqa: N801 - used as a context manager
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> bool:
        return kind is not None and issubclass(kind, ValueError)


# --- the firmware's processor --------------------------------------------------------------


def build_replay(build_dir: Path) -> Path:
    """Compile the replay harness with the firmware's processor."""
    compiler = os.environ.get("CXX") or shutil.which("g++")
    if not compiler:
        raise RuntimeError("g++ is needed to build the processor for this host")
    binary = build_dir / "ppg_replay"
    subprocess.run(
        [
            compiler,
            "-std=c++17",
            "-O2",
            f"-I{COMPONENT_DIR}",
            str(REPLAY_SOURCE),
            str(COMPONENT_DIR / "ppg_processor.cpp"),
            "-o",
            str(binary),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return binary


@dataclass(frozen=True)
class Report:
    """One line of the processor's output (once per second)."""

    t: float
    finger: bool
    heart_rate: float
    spo2: float
    perfusion: float
    ratio: float
    ratio_rms: float
    ratio_regression: float
    irregular: bool
    heart_rate_reason: str
    spo2_reason: str


def replay(binary: Path, recording: Recording) -> list[Report]:
    """The processor's estimates, once per second of the recording."""
    lines = [f"{recording.rate_hz:.6f}"]
    lines += [f"{r} {i}" for r, i in zip(recording.red, recording.ir, strict=True)]
    result = subprocess.run(
        [str(binary)],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    reports = []
    for line in result.stdout.splitlines():
        (
            t,
            finger,
            hr,
            spo2,
            pi,
            ratio,
            ratio_rms,
            ratio_regression,
            irregular,
            hr_reason,
            spo2_reason,
        ) = line.split()
        reports.append(
            Report(
                float(t),
                finger == "1",
                float(hr),
                float(spo2),
                float(pi),
                float(ratio),
                float(ratio_rms),
                float(ratio_regression),
                irregular == "1",
                hr_reason,
                spo2_reason,
            )
        )
    return reports


# --- references ----------------------------------------------------------------------------


def _latest(series: list[tuple[float, float]], t: float, max_age: float) -> float | None:
    best = None
    for when, value in series:
        if when > t:
            break
        if t - when <= max_age:
            best = value
    return best


def spectral_heart_rate(signal: list[float], rate_hz: float, t: float) -> float | None:
    """Peak of the spectrum (40-180 bpm) of the window ending at t."""
    end = int(t * rate_hz)
    start = end - int(SPECTRAL_WINDOW_S * rate_hz)
    if start < 0 or end > len(signal):
        return None
    window = np.asarray(signal[start:end], dtype=float)
    window = window - np.polyval(
        np.polyfit(np.arange(window.size), window, 1), np.arange(window.size)
    )
    spectrum = np.abs(np.fft.rfft(window * np.hanning(window.size), n=8192))
    freqs = np.fft.rfftfreq(8192, 1.0 / rate_hz) * 60.0
    band = (freqs >= MIN_BPM) & (freqs <= MAX_BPM)
    return float(freqs[band][np.argmax(spectrum[band])])


def heart_rate_reference(recording: Recording, t: float) -> float | None:
    """Logged reference, or the green spectral peak where the device's own estimate agrees."""
    if recording.heart_rate_reference:
        return _latest(recording.heart_rate_reference, t, REFERENCE_MAX_AGE_S)
    if not recording.green or not recording.device_heart_rate:
        return None
    spectral = spectral_heart_rate(recording.green, recording.rate_hz, t)
    recent = [v for when, v in recording.device_heart_rate if t - SPECTRAL_WINDOW_S < when <= t]
    if spectral is None or not recent:
        return None
    device = statistics.median(recent)
    return spectral if abs(spectral - device) <= CONSENSUS_TOLERANCE_BPM else None


def rd117(ratio: float) -> float:
    """The firmware's default curve (NaN outside its range)."""
    low, high = RD117_RATIO_RANGE
    if not low <= ratio <= high:
        return math.nan
    a, b, c = RD117
    return min(100.0, max(0.0, (a * ratio + b) * ratio + c))


# --- metrics -------------------------------------------------------------------------------


@dataclass
class Metrics:
    """Figures for one recording."""

    name: str
    duration_s: float
    rate_hz: float
    seconds_with_finger: int = 0
    hr_coverage: float = math.nan
    spo2_coverage: float = math.nan
    hr_mae: float = math.nan
    hr_compared: int = 0
    hr_within_5: float = math.nan
    spo2_mae: float = math.nan
    spo2_bias: float = math.nan
    spo2_compared: int = 0
    # SpO2 (default curve) with R from the other estimators: ordinary least squares of red on
    # IR, and the RMS ratio.
    spo2_regression_mae: float = math.nan
    spo2_regression_bias: float = math.nan
    spo2_rms_ratio_mae: float = math.nan
    spo2_rms_ratio_bias: float = math.nan
    first_hr_s: float = math.nan
    first_spo2_s: float = math.nan
    irregular_share: float = math.nan
    mean_ratio: float = math.nan
    mean_ratio_rms: float = math.nan


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else math.nan


def evaluate(recording: Recording, reports: list[Report]) -> Metrics:
    """Compare the processor's reports with the references."""
    m = Metrics(recording.name, recording.duration_s, recording.rate_hz)
    on = [r for r in reports if r.finger]
    m.seconds_with_finger = len(on)
    if not on:
        return m
    placed = next(r.t for r in reports if r.finger) - 1.0  # within the second before
    hr_values = [r for r in on if math.isfinite(r.heart_rate)]
    spo2_values = [r for r in on if math.isfinite(r.spo2)]
    m.hr_coverage = len(hr_values) / len(on)
    m.spo2_coverage = len(spo2_values) / len(on)
    m.irregular_share = sum(r.irregular for r in hr_values) / max(1, len(hr_values))
    if hr_values:
        m.first_hr_s = hr_values[0].t - placed
    if spo2_values:
        m.first_spo2_s = spo2_values[0].t - placed
    hr_errors = []
    for r in hr_values:
        reference = heart_rate_reference(recording, r.t)
        if reference is not None:
            hr_errors.append(r.heart_rate - reference)
    m.hr_compared = len(hr_errors)
    m.hr_mae = _mean([abs(e) for e in hr_errors])
    m.hr_within_5 = _mean([float(abs(e) <= 5) for e in hr_errors])
    spo2_errors, rms_errors, regression_errors = [], [], []
    for r in spo2_values:
        reference = _latest(recording.spo2_reference, r.t, REFERENCE_MAX_AGE_S)
        if reference is None:
            continue
        spo2_errors.append(r.spo2 - reference)
        if math.isfinite(rd117(r.ratio_rms)):
            rms_errors.append(rd117(r.ratio_rms) - reference)
        if math.isfinite(rd117(r.ratio_regression)):
            regression_errors.append(rd117(r.ratio_regression) - reference)
    m.spo2_compared = len(spo2_errors)
    m.spo2_mae = _mean([abs(e) for e in spo2_errors])
    m.spo2_bias = _mean(spo2_errors)
    m.spo2_rms_ratio_mae = _mean([abs(e) for e in rms_errors])
    m.spo2_rms_ratio_bias = _mean(rms_errors)
    m.spo2_regression_mae = _mean([abs(e) for e in regression_errors])
    m.spo2_regression_bias = _mean(regression_errors)
    m.mean_ratio = _mean([r.ratio for r in spo2_values])
    m.mean_ratio_rms = _mean([r.ratio_rms for r in spo2_values if math.isfinite(r.ratio_rms)])
    return m


@dataclass
class SpotChecks:
    """Short readings: the recording cut into segments, each replayed from a fresh start
    (as when a finger is placed on the sensor)."""

    name: str
    segments: int = 0
    first_hr_s: list[float] = field(default_factory=list)  # NaN: nothing in the segment
    first_spo2_s: list[float] = field(default_factory=list)
    # Heart rates off the consensus reference by more than 10 bpm, in the segments' first
    # 10 s: what a faster first reading must not bring.
    early_hr_compared: int = 0
    early_hr_false: int = 0

    def summary(self) -> dict[str, float]:
        """Median and 90th percentile of the first readings, share of segments with none."""
        out: dict[str, float] = {"segments": float(self.segments)}
        for name, values in (("hr", self.first_hr_s), ("spo2", self.first_spo2_s)):
            found = sorted(v for v in values if math.isfinite(v))
            out[f"first_{name}_median_s"] = statistics.median(found) if found else math.nan
            out[f"first_{name}_p90_s"] = (
                found[min(len(found) - 1, int(0.9 * len(found)))] if found else math.nan
            )
            out[f"no_{name}_share"] = 1 - len(found) / max(1, len(values))
        out["early_hr_false_share"] = self.early_hr_false / max(1, self.early_hr_compared)
        return out


SPOT_CHECK_SECONDS = 20.0
EARLY_SECONDS = 10.0
FALSE_HR_BPM = 10.0


def spot_checks(
    binary: Path, recording: Recording, length_s: float = SPOT_CHECK_SECONDS
) -> SpotChecks:
    """Replay every `length_s` segment on its own."""
    result = SpotChecks(recording.name)
    size = int(length_s * recording.rate_hz)
    for start in range(0, len(recording.ir) - size + 1, size):
        offset = start / recording.rate_hz
        segment = Recording(
            recording.name,
            recording.rate_hz,
            recording.red[start : start + size],
            recording.ir[start : start + size],
        )
        reports = replay(binary, segment)
        result.segments += 1
        hr = [r.t for r in reports if math.isfinite(r.heart_rate)]
        spo2 = [r.t for r in reports if math.isfinite(r.spo2)]
        result.first_hr_s.append(hr[0] if hr else math.nan)
        result.first_spo2_s.append(spo2[0] if spo2 else math.nan)
        for r in reports:
            if r.t > EARLY_SECONDS or not math.isfinite(r.heart_rate):
                continue
            reference = heart_rate_reference(recording, offset + r.t)
            if reference is not None:
                result.early_hr_compared += 1
                result.early_hr_false += abs(r.heart_rate - reference) > FALSE_HR_BPM
    return result


def calibration_pairs(recording: Recording, reports: list[Report]) -> list[tuple[float, float]]:
    """(R, reference SpO2) for every second with both: a scripts/spo2-calibrate log."""
    pairs = []
    for r in reports:
        reference = _latest(recording.spo2_reference, r.t, REFERENCE_MAX_AGE_S)
        if reference is not None and math.isfinite(r.ratio):
            pairs.append((r.ratio, reference))
    return pairs


def markdown(metrics: list[Metrics]) -> str:
    """The figures as a Markdown table (docs/oximetry.md)."""
    rows = [
        "| recording | length | HR coverage | HR MAE (n) | HR within 5 bpm | SpO2 coverage | "
        "SpO2 MAE | SpO2 bias (n) | OLS / RMS-ratio SpO2 MAE, bias | first HR | first SpO2 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in metrics:
        rows.append(
            f"| {m.name} | {m.duration_s / 60:.1f} min | {m.hr_coverage:.0%} | "
            f"{m.hr_mae:.2f} bpm ({m.hr_compared}) | {m.hr_within_5:.0%} | "
            f"{m.spo2_coverage:.0%} | {m.spo2_mae:.2f} | {m.spo2_bias:+.2f} ({m.spo2_compared}) | "
            f"{m.spo2_regression_mae:.2f}, {m.spo2_regression_bias:+.2f} / "
            f"{m.spo2_rms_ratio_mae:.2f}, {m.spo2_rms_ratio_bias:+.2f} | "
            f"{m.first_hr_s:.1f} s | {m.first_spo2_s:.1f} s |"
        )
    return "\n".join(rows)


def spot_markdown(checks: list[SpotChecks]) -> str:
    """Spot-check figures as a Markdown table."""
    rows = [
        f"| recording | {SPOT_CHECK_SECONDS:g} s segments | first HR median / 90 % | "
        "first SpO2 median / 90 % | without HR | without SpO2 | "
        f"HR off by > {FALSE_HR_BPM:g} bpm in the first {EARLY_SECONDS:g} s |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in checks:
        s = c.summary()
        rows.append(
            f"| {c.name} | {c.segments}"
            f" | {s['first_hr_median_s']:.1f} / {s['first_hr_p90_s']:.1f} s"
            f" | {s['first_spo2_median_s']:.1f} / {s['first_spo2_p90_s']:.1f} s"
            f" | {s['no_hr_share']:.0%} | {s['no_spo2_share']:.0%}"
            f" | {c.early_hr_false}/{c.early_hr_compared} |"
        )
    return "\n".join(rows)


def run(paths: list[Path], pairs_dir: Path | None = None) -> tuple[list[Metrics], list[SpotChecks]]:
    """Evaluate each recording, whole and as spot checks; optionally write R pairs."""
    with tempfile.TemporaryDirectory(prefix="ppg-eval-") as build:
        binary = build_replay(Path(build))
        metrics, checks = [], []
        for recording in map(load, paths):
            reports = replay(binary, recording)
            metrics.append(evaluate(recording, reports))
            checks.append(spot_checks(binary, recording))
            if pairs_dir is not None:
                pairs_dir.mkdir(parents=True, exist_ok=True)
                lines = ["ratio,reference"]
                lines += [f"{r:.5f},{s:g}" for r, s in calibration_pairs(recording, reports)]
                (pairs_dir / f"{recording.name}.csv").write_text("\n".join(lines) + "\n")
        return metrics, checks


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        prog="scripts/ppg-eval",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("recordings", nargs="*", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--pairs",
        type=Path,
        metavar="DIR",
        help="also write each recording's (R, reference SpO2) pairs to DIR/<name>.csv, "
        "in the plain format scripts/spo2-calibrate reads",
    )
    args = parser.parse_args(argv)
    paths = args.recordings or default_recordings()
    if not paths:
        print(
            f"ppg-eval: no recordings given and none in {ppg_dir()} (set {PPG_DIR_ENV})",
            file=sys.stderr,
        )
        return 1
    metrics, checks = run(paths, args.pairs)
    if args.json:
        print(
            json.dumps(
                {
                    "recordings": [m.__dict__ for m in metrics],
                    "spot_checks": {c.name: c.summary() for c in checks},
                },
                indent=2,
            )
        )
    else:
        print(markdown(metrics))
        print()
        print(spot_markdown(checks))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
