"""Fit a FAJMA oximeter's SpO2 curve from its ratio R logged next to a reference oximeter.

  scripts/spo2-calibrate LOG.csv [--model auto|quadratic|linear|offset]

The device computes SpO2 = a·R² + b·R + c from the ratio of ratios R (the `spo2_ratio`
diagnostic sensor). The default curve is Maxim's RD117 reference design; the true curve
depends on the sensor build (LED wavelengths, optical path). Log R while wearing a reference
finger oximeter, then let this tool fit a, b, c by least squares. It prints a YAML snippet
for the `max3010x:` entry of the firmware, the fit's residuals, and how the default curve
did on the same data.

Accepted input (CSV, comma separated, a header line):
  1. Plain pairs: a column `ratio` (or `r`, `spo2_ratio`) and a column `reference` (or
     `reference_spo2`, `spo2_reference`, `ref`), one pair per row; other columns ignored.
  2. A Home Assistant history export (the history panel's download): columns
     `entity_id,state,last_changed`. The ratio entity is the one whose id ends in
     `spo2_ratio` (or --ratio-entity); the reference is the other entity (or
     --reference-entity), e.g. an input_number you typed the reference into, or another
     oximeter's sensor. Each reference value is paired with the median of the ratio values
     within --window seconds of it. `unknown`/`unavailable` states are skipped.

Models: `offset` shifts the default curve (c only), `linear` fits b·R + c, `quadratic` fits
all three. `auto` (default) picks offset when the reference values span less than 8 points
(a narrower range cannot tell a slope from noise: a warning says so), linear below 15 points,
quadratic from 15 points up.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from datetime import datetime
import math
from pathlib import Path
import statistics
import sys
from typing import TextIO

# Maxim RD117 reference design (the firmware's default): SpO2 = A·R² + B·R + C.
DEFAULT_A = -45.060
DEFAULT_B = 30.354
DEFAULT_C = 94.845
DEFAULT_MIN_RATIO = 0.02
DEFAULT_MAX_RATIO = 1.84
# Below this span of reference values, only an offset can be fitted reliably.
MIN_RANGE_FOR_SLOPE = 8.0
MIN_RANGE_FOR_CURVATURE = 15.0
MIN_PAIRS = 3
# The curve must fall with R (the firmware refuses one that rises above this R).
MONOTONIC_FROM_RATIO = 0.4

RATIO_COLUMNS = ("ratio", "r", "spo2_ratio")
REFERENCE_COLUMNS = ("reference", "reference_spo2", "spo2_reference", "ref")
HISTORY_COLUMNS = ("entity_id", "state", "last_changed")


class CalibrationError(Exception):
    """The log cannot be used for a calibration."""


@dataclass(frozen=True)
class Curve:
    """SpO2 = a·R² + b·R + c for R in [min_ratio, max_ratio]."""

    a: float
    b: float
    c: float
    min_ratio: float = DEFAULT_MIN_RATIO
    max_ratio: float = DEFAULT_MAX_RATIO

    def spo2(self, ratio: float) -> float:
        """SpO2 for R, unclamped."""
        return (self.a * ratio + self.b) * ratio + self.c

    def slope(self, ratio: float) -> float:
        """dSpO2/dR at R."""
        return 2 * self.a * ratio + self.b


DEFAULT_CURVE = Curve(DEFAULT_A, DEFAULT_B, DEFAULT_C)


@dataclass(frozen=True)
class Fit:
    """A fitted curve and how it came about."""

    curve: Curve
    model: str
    pairs: list[tuple[float, float]]
    warnings: list[str]

    def residuals(self, curve: Curve | None = None) -> list[float]:
        """Fitted (or `curve`'s) minus reference SpO2, per pair."""
        used = curve or self.curve
        return [used.spo2(ratio) - reference for ratio, reference in self.pairs]


# --- reading -------------------------------------------------------------------------------


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _column(header: list[str], names: tuple[str, ...], given: str | None) -> int | None:
    lowered = [name.strip().lower() for name in header]
    for name in (given,) if given else names:
        if name is not None and name.lower() in lowered:
            return lowered.index(name.lower())
    return None


def _timestamp(text: str) -> float:
    return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).timestamp()


def read_pairs(
    stream: TextIO,
    *,
    ratio_entity: str | None = None,
    reference_entity: str | None = None,
    window_s: float = 5.0,
) -> list[tuple[float, float]]:
    """(R, reference SpO2) pairs from either accepted CSV format."""
    rows = list(csv.reader(stream))
    if not rows:
        raise CalibrationError("the file is empty")
    header = [cell.strip().lower() for cell in rows[0]]
    if all(column in header for column in HISTORY_COLUMNS):
        return _history_pairs(header, rows[1:], ratio_entity, reference_entity, window_s)
    ratio_at = _column(header, RATIO_COLUMNS, None)
    reference_at = _column(header, REFERENCE_COLUMNS, None)
    if ratio_at is None or reference_at is None:
        raise CalibrationError(
            "unrecognised header: expected columns ratio and reference, or a Home Assistant "
            f"history export ({','.join(HISTORY_COLUMNS)}); got {','.join(rows[0])}"
        )
    pairs = []
    for row in rows[1:]:
        if len(row) <= max(ratio_at, reference_at):
            continue
        ratio, reference = _number(row[ratio_at]), _number(row[reference_at])
        if ratio is not None and reference is not None:
            pairs.append((ratio, reference))
    return pairs


def _history_pairs(
    header: list[str],
    rows: list[list[str]],
    ratio_entity: str | None,
    reference_entity: str | None,
    window_s: float,
) -> list[tuple[float, float]]:
    entity_at, state_at, time_at = (header.index(column) for column in HISTORY_COLUMNS)
    series: dict[str, list[tuple[float, float]]] = {}
    for row in rows:
        if len(row) <= max(entity_at, state_at, time_at):
            continue
        value = _number(row[state_at])
        if value is None:  # unknown, unavailable
            continue
        series.setdefault(row[entity_at].strip(), []).append((_timestamp(row[time_at]), value))
    if ratio_entity is None:
        candidates = [entity for entity in series if entity.endswith("spo2_ratio")]
        if len(candidates) != 1:
            raise CalibrationError(
                f"cannot tell the ratio entity among {sorted(series)}: use --ratio-entity"
            )
        ratio_entity = candidates[0]
    if reference_entity is None:
        others = [entity for entity in series if entity != ratio_entity]
        if len(others) != 1:
            raise CalibrationError(
                f"cannot tell the reference entity among {sorted(others)}: use --reference-entity"
            )
        reference_entity = others[0]
    ratios = sorted(series.get(ratio_entity, []))
    pairs = []
    for time, reference in series.get(reference_entity, []):
        near = [ratio for t, ratio in ratios if abs(t - time) <= window_s]
        if near:
            pairs.append((statistics.median(near), reference))
    return pairs


# --- fitting -------------------------------------------------------------------------------


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a 3 by 3 system at most)."""
    n = len(vector)
    m = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        if abs(m[pivot][col]) < 1e-12:
            raise CalibrationError("the ratios do not vary enough to fit this model")
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col:
                factor = m[r][col] / m[col][col]
                m[r] = [x - factor * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def _least_squares(pairs: list[tuple[float, float]], degree: int) -> list[float]:
    """Coefficients (highest power first) of the least-squares polynomial."""
    powers = range(degree, -1, -1)
    rows = [[ratio**p for p in powers] for ratio, _ in pairs]
    normal = [
        [sum(row[i] * row[j] for row in rows) for j in range(degree + 1)] for i in range(degree + 1)
    ]
    right = [
        sum(row[i] * reference for row, (_, reference) in zip(rows, pairs, strict=True))
        for i in range(degree + 1)
    ]
    return _solve(normal, right)


def fit(pairs: list[tuple[float, float]], model: str = "auto") -> Fit:
    """Fit the curve; `model` is auto, quadratic, linear or offset."""
    if len(pairs) < MIN_PAIRS:
        raise CalibrationError(f"{len(pairs)} usable pairs; at least {MIN_PAIRS} are needed")
    warnings = []
    references = [reference for _, reference in pairs]
    span = max(references) - min(references)
    if model == "auto":
        model = (
            "offset"
            if span < MIN_RANGE_FOR_SLOPE
            else "linear"
            if span < MIN_RANGE_FOR_CURVATURE
            else "quadratic"
        )
    if span < MIN_RANGE_FOR_SLOPE:
        warnings.append(
            f"the reference SpO2 spans only {span:.1f} points (< {MIN_RANGE_FOR_SLOPE:g}): "
            "too narrow to fit a slope"
            + ("; fitting only an offset on the default curve" if model == "offset" else "")
        )
    if model == "offset":
        offset = statistics.fmean(
            reference - DEFAULT_CURVE.spo2(ratio) for ratio, reference in pairs
        )
        curve = Curve(DEFAULT_A, DEFAULT_B, DEFAULT_C + offset)
    elif model == "linear":
        b, c = _least_squares(pairs, 1)
        curve = Curve(0.0, b, c)
    elif model == "quadratic":
        a, b, c = _least_squares(pairs, 2)
        curve = Curve(a, b, c)
    else:
        raise CalibrationError(f"unknown model {model!r}")
    curve, more = _restrict_to_falling(curve)
    return Fit(curve, model, pairs, warnings + more)


def _restrict_to_falling(curve: Curve) -> tuple[Curve, list[str]]:
    """Cut the valid range where the curve would rise with R (two R for one SpO2)."""
    if curve.slope(curve.max_ratio) <= 0:
        return curve, []
    if curve.a > 0:
        vertex = -curve.b / (2 * curve.a)
        if vertex > MONOTONIC_FROM_RATIO:
            restricted = Curve(curve.a, curve.b, curve.c, curve.min_ratio, round(vertex, 3))
            return restricted, [
                f"the fitted curve turns upwards at R={vertex:.3f}: max_ratio set there "
                "(higher R reads as no value, not as a wrong value)"
            ]
    raise CalibrationError(
        "the fitted curve rises with R: SpO2 must fall as R rises; check the log "
        "(reference and ratio columns swapped?) or use --model offset"
    )


# --- report --------------------------------------------------------------------------------


def _summary(residuals: list[float]) -> str:
    mae = statistics.fmean(abs(r) for r in residuals)
    rms = math.sqrt(statistics.fmean(r * r for r in residuals))
    bias = statistics.fmean(residuals)
    worst = max(residuals, key=abs)
    return f"MAE {mae:.2f}, RMS {rms:.2f}, bias {bias:+.2f}, worst {worst:+.2f} points"


def report(result: Fit, out: TextIO) -> None:
    """The YAML snippet, then the residuals (as YAML comments, so it can all be pasted)."""
    curve = result.curve
    ratios = [ratio for ratio, _ in result.pairs]
    references = [reference for _, reference in result.pairs]
    print("# Paste under your max3010x: entry (esphome/packages/oximeter-max30102.yaml).", file=out)
    print(
        f"# Fitted ({result.model}) from {len(result.pairs)} pairs: R {min(ratios):.3f}-"
        f"{max(ratios):.3f}, reference SpO2 {min(references):g}-{max(references):g} %.",
        file=out,
    )
    print("spo2_calibration:", file=out)
    print(f"  a: {curve.a:.4f}", file=out)
    print(f"  b: {curve.b:.4f}", file=out)
    print(f"  c: {curve.c:.4f}", file=out)
    print(f"  min_ratio: {curve.min_ratio:g}", file=out)
    print(f"  max_ratio: {curve.max_ratio:g}", file=out)
    print(f"# Residuals of this fit: {_summary(result.residuals())}", file=out)
    print(
        f"# Default (RD117) curve on the same data: {_summary(result.residuals(DEFAULT_CURVE))}",
        file=out,
    )
    print("#   R       reference  fitted  residual", file=out)
    for (ratio, reference), residual in zip(result.pairs, result.residuals(), strict=True):
        print(
            f"#   {ratio:.4f}  {reference:9.1f}  {curve.spo2(ratio):6.1f}  {residual:+8.2f}",
            file=out,
        )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        prog="scripts/spo2-calibrate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("log", type=Path, help="CSV log (see the formats above)")
    parser.add_argument(
        "--model", choices=("auto", "quadratic", "linear", "offset"), default="auto"
    )
    parser.add_argument("--ratio-entity", help="history export: entity id of the ratio")
    parser.add_argument("--reference-entity", help="history export: entity id of the reference")
    parser.add_argument(
        "--window",
        type=float,
        default=5.0,
        help="history export: pair a reference with ratios this many seconds around it (5)",
    )
    args = parser.parse_args(argv)
    try:
        with args.log.open(newline="", encoding="utf-8") as stream:
            pairs = read_pairs(
                stream,
                ratio_entity=args.ratio_entity,
                reference_entity=args.reference_entity,
                window_s=args.window,
            )
        result = fit(pairs, args.model)
    except (CalibrationError, OSError) as err:
        print(f"spo2-calibrate: {err}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    report(result, sys.stdout)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
