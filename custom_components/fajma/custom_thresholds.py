"""Custom thresholds for FAJMA: limits from the options flow's flat fields, their checks and
how a limit is written. Pure, like vitals.py."""

from __future__ import annotations

from collections.abc import Mapping

from .vitals import (
    PLAUSIBLE_RANGES,
    PRESETS,
    SIDES,
    Limit,
    Preset,
    Side,
    Thresholds,
    Vital,
)


def describe_limit(limit: Limit | None, side: Side) -> str:
    """Describe a limit as the chart writes it, e.g. '< 95' or '≥ 131'."""
    if limit is None:
        return "—"
    if side in (Side.WARNING_LOW, Side.CRITICAL_LOW):
        operator = "≤" if limit.inclusive else "<"
    else:
        operator = "≥" if limit.inclusive else ">"
    return f"{operator} {limit.value:g}"


def custom_table(values: Mapping[str, float | None]) -> dict[Vital, Thresholds]:
    """Build a table from flat options ('heart_rate_warning_low': 60, ...).

    Custom limits are strict, like the default table: a reading equal to a limit is in band.
    Missing sides fall back to the default table.
    """
    table: dict[Vital, Thresholds] = {}
    for vital in Vital:
        limits: dict[str, Limit | None] = {}
        for side in Side:
            default = PRESETS[Preset.DEFAULT][vital].limit(side)
            if side not in SIDES[vital]:
                limits[side.value] = None
                continue
            raw = values.get(option_key(vital, side))
            limits[side.value] = Limit(float(raw)) if raw is not None else default
        table[vital] = Thresholds(**limits)
    return table


def option_key(vital: Vital, side: Side) -> str:
    """Return the option name of one custom limit."""
    return f"{vital.value}_{side.value}"


def validate_thresholds(vital: Vital, thresholds: Thresholds) -> dict[Side, str]:
    """Check one vital's limits; return an error key per faulty side (empty when valid).

    Rules: each limit physically possible; low below high; the warning band inside the
    critical band (a critical limit may equal the warning limit: no warning zone there).
    """
    errors: dict[Side, str] = {}
    plausible = PLAUSIBLE_RANGES[vital]
    for side in SIDES[vital]:
        limit = thresholds.limit(side)
        if limit is not None and not plausible.low <= limit.value <= plausible.high:
            errors[side] = "implausible_threshold"
    wl, wh = thresholds.warning_low, thresholds.warning_high
    cl, ch = thresholds.critical_low, thresholds.critical_high
    if wl is not None and wh is not None and wl.value >= wh.value:
        errors.setdefault(Side.WARNING_HIGH, "low_not_below_high")
    if cl is not None and ch is not None and cl.value >= ch.value:
        errors.setdefault(Side.CRITICAL_HIGH, "low_not_below_high")
    if cl is not None and wl is not None and cl.value > wl.value:
        errors.setdefault(Side.CRITICAL_LOW, "warning_outside_critical")
    if ch is not None and wh is not None and ch.value < wh.value:
        errors.setdefault(Side.CRITICAL_HIGH, "warning_outside_critical")
    return errors
