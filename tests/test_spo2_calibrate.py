"""scripts/spo2-calibrate: fits the SpO2 curve from logged (R, reference SpO2) pairs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import io
from pathlib import Path
import random

import pytest
import yaml

from fajma_tools.spo2_calibrate import (
    DEFAULT_A,
    DEFAULT_B,
    DEFAULT_C,
    CalibrationError,
    Curve,
    fit,
    main,
    read_pairs,
)

# A sensor whose true curve is far from RD117 (which reads it ~3-7 points high).
TRUE_CURVE = Curve(-18.0, -12.0, 110.0)
MAX_CURVE_ERROR = 0.5  # SpO2 points, over the logged range of R


def _ratio_for(spo2: float, curve: Curve) -> float:
    """The falling branch's R for a SpO2 (bisection; the test curve falls over [0.2, 1.6])."""
    low, high = 0.2, 1.6
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if curve.spo2(middle) > spo2 else (low, middle)
    return (low + high) / 2


def _synthetic_pairs(
    count: int, low: float, high: float, *, seed: int = 1, curve: Curve = TRUE_CURVE
) -> list[tuple[float, float]]:
    """Reference readings in whole percent (as oximeters show them) and R with 1 % noise."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        spo2 = rng.uniform(low, high)
        ratio = _ratio_for(spo2, curve) * (1 + rng.gauss(0, 0.01))
        pairs.append((ratio, float(round(spo2))))
    return pairs


def _max_curve_error(fitted: Curve, pairs: list[tuple[float, float]]) -> float:
    ratios = [ratio for ratio, _ in pairs]
    grid = [min(ratios) + i * (max(ratios) - min(ratios)) / 50 for i in range(51)]
    return max(abs(fitted.spo2(r) - TRUE_CURVE.spo2(r)) for r in grid)


def test_recovers_known_coefficients_from_a_plain_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pairs = _synthetic_pairs(80, 70, 99)
    log = tmp_path / "log.csv"
    log.write_text(
        "t,ratio,reference,note\n"
        + "".join(f"{i},{r:.4f},{s:g},x\n" for i, (r, s) in enumerate(pairs))
        + "99,nan,97,\n"  # an invalid ratio is skipped
    )
    assert main([str(log)]) == 0
    out = capsys.readouterr().out
    snippet = yaml.safe_load(out)["spo2_calibration"]
    fitted = Curve(snippet["a"], snippet["b"], snippet["c"])
    assert _max_curve_error(fitted, pairs) <= MAX_CURVE_ERROR, snippet
    assert "Fitted (quadratic) from 80 pairs" in out
    assert "Residuals of this fit: MAE" in out
    assert "Default (RD117) curve on the same data" in out


def test_history_export_pairs_reference_with_nearby_ratios(tmp_path: Path) -> None:
    """Home Assistant's history download: ratio every second, reference typed every 20 s."""
    pairs = _synthetic_pairs(40, 72, 99, seed=2)
    start = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    lines = ["entity_id,state,last_changed"]
    for i, (ratio, reference) in enumerate(pairs):
        at = start + timedelta(seconds=20 * i)
        for second in range(-3, 4):
            stamp = (at + timedelta(seconds=second)).isoformat().replace("+00:00", "Z")
            lines.append(f"sensor.grand_mere_eliane_spo2_ratio,{ratio:.4f},{stamp}")
        lines.append(f"input_number.reference_spo2,{reference:g},{at.isoformat()}")
    lines.append(f"sensor.grand_mere_eliane_spo2_ratio,unavailable,{start.isoformat()}")
    read = read_pairs(io.StringIO("\n".join(lines) + "\n"))
    assert len(read) == len(pairs)
    result = fit(read)
    assert result.model == "quadratic"
    assert _max_curve_error(result.curve, pairs) <= MAX_CURVE_ERROR


def test_narrow_reference_range_fits_only_an_offset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A narrow range (88-95 %): a slope cannot be told from noise; shift the default."""
    default = Curve(DEFAULT_A, DEFAULT_B, DEFAULT_C)
    shifted = Curve(DEFAULT_A, DEFAULT_B, DEFAULT_C - 3.0)  # this sensor reads 3 points high
    pairs = [(_ratio_for(s, shifted), s) for s in (88.0, 90.0, 91.0, 93.0, 95.0, 92.0)]
    result = fit(pairs)
    assert result.model == "offset"
    assert (result.curve.a, result.curve.b) == (DEFAULT_A, DEFAULT_B)
    assert result.curve.c == pytest.approx(DEFAULT_C - 3.0, abs=0.01)
    assert any("spans only 7.0 points" in warning for warning in result.warnings)
    assert default.spo2(pairs[0][0]) == pytest.approx(91.0, abs=0.01)

    log = tmp_path / "narrow.csv"
    log.write_text("r,ref\n" + "".join(f"{r},{s}\n" for r, s in pairs))
    assert main([str(log)]) == 0
    assert "warning: the reference SpO2 spans only 7.0 points (< 8)" in capsys.readouterr().err


def test_forced_linear_model_and_upturn(tmp_path: Path) -> None:
    linear = fit(_synthetic_pairs(30, 75, 99, seed=3), "linear")
    assert linear.curve.a == 0.0
    assert linear.curve.b < 0
    # A convex fit that turns upwards inside the default range is cut at its vertex.
    convex = Curve(40.0, -120.0, 160.0)  # vertex at R = 1.5
    pairs = [(r, convex.spo2(r)) for r in (0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2)]
    result = fit(pairs, "quadratic")
    assert result.curve.max_ratio == pytest.approx(1.5, abs=0.001)
    assert any("turns upwards" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("a,b\n1,2\n", "unrecognised header"),
        ("ratio,reference\n0.5,98\n", "1 usable pairs"),
        # SpO2 rising with R: the columns were swapped.
        ("ratio,reference\n0.5,80\n0.7,90\n0.9,99\n", "rises with R"),
        (
            "entity_id,state,last_changed\nsensor.a,1,2026-01-01T00:00:00Z\n",
            "cannot tell the ratio entity",
        ),
    ],
)
def test_unusable_logs_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    log = tmp_path / "bad.csv"
    log.write_text(content)
    assert main([str(log)]) == 1
    assert message in capsys.readouterr().err


def test_too_few_pairs_raise() -> None:
    with pytest.raises(CalibrationError):
        fit([(0.5, 98.0), (0.6, 97.0)])
