"""Replay a scenario through FAJMA's classifier and alert engine in simulated time.

Shows what given settings would have done on a recorded (or scripted) stretch of vitals: every
alert transition, then a summary. The file is the virtual device's scenario CSV
(t,heart_rate,spo2,body_temperature,ambient_temperature,humidity,finger; values held until the
next row, the last row held to the end), with two optional columns for what people and the
network did: `acknowledge` (1: someone acknowledged every active alert then) and `connected`
(0: the device was unreachable from then on, 1: back).

  scripts/alarm-replay esphome/scenarios/deteriorating.csv
  scripts/alarm-replay night.csv --preset news2 --options '{"spo2_critical_delay": 20}'
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator, Sequence
import csv
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import json
import math
from pathlib import Path
import sys
from typing import Any

from custom_components.fajma.alert_engine import AlertEngine
from custom_components.fajma.alert_model import (
    AlertSettings,
    AlertTransition,
    Priority,
    TransitionState,
    engine_inputs,
)
from custom_components.fajma.alert_texts import UNITS
from custom_components.fajma.vitals import PRESETS, Preset, Readings, evaluate

SCENARIOS = Path(__file__).resolve().parent.parent / "esphome" / "scenarios"
READING_COLUMNS = ("heart_rate", "spo2", "body_temperature", "ambient_temperature", "humidity")
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # simulated time 0 (the classifier takes datetimes)
# After the last row the device holds it: 5 more minutes show what the end leads to.
DEFAULT_TAIL = 300.0


@dataclass(frozen=True, slots=True)
class Row:
    """One time point of a scenario."""

    t: float
    readings: Readings
    acknowledge: bool
    connected: bool | None  # None: unchanged


def _number(cell: str | None) -> float | None:
    return None if cell is None or not cell.strip() else float(cell)


def read_scenario(path: Path) -> list[Row]:
    """Parse a scenario file; ValueError with the line number if malformed."""
    rows: list[Row] = []
    with path.open(newline="", encoding="utf-8") as file:
        lines = (line for line in file if not line.lstrip().startswith("#"))
        reader = csv.DictReader(lines)
        if reader.fieldnames is None or "t" not in reader.fieldnames:
            raise ValueError(f"{path}: the header must start with t")
        for number, record in enumerate(reader, start=2):
            try:
                t = _number(record.get("t"))
                if t is None or not math.isfinite(t) or (rows and t <= rows[-1].t):
                    raise ValueError("t must be a number, increasing")
                values: dict[str, Any] = {
                    column: _nan_if_none(_number(record.get(column))) for column in READING_COLUMNS
                }
                finger = _number(record.get("finger"))
                connected = _number(record.get("connected"))
                rows.append(
                    Row(
                        t=t,
                        readings=Readings(
                            **values, finger_detected=None if finger is None else finger >= 0.5
                        ),
                        acknowledge=(_number(record.get("acknowledge")) or 0) >= 0.5,
                        connected=None if connected is None else connected >= 0.5,
                    )
                )
            except ValueError as err:
                raise ValueError(f"{path}, line {number}: {err}") from err
    if not rows:
        raise ValueError(f"{path}: no rows")
    return rows


def _nan_if_none(value: float | None) -> float:
    # An empty cell is "no reading": the device publishes NaN.
    return math.nan if value is None else value


@dataclass(slots=True)
class Replay:
    """The result of a replay: transitions with their times, and what was acknowledged."""

    transitions: list[AlertTransition]
    acknowledged_at: list[float]
    duration: float


def replay(
    rows: Sequence[Row],
    *,
    preset: Preset = Preset.DEFAULT,
    settings: AlertSettings | None = None,
    interval: float = 1.0,
    duration: float | None = None,
) -> Replay:
    """Play the rows as the device would (one reading every `interval` s) through the engine."""
    settings = settings or AlertSettings()
    table = PRESETS[preset]
    engine = AlertEngine(settings)
    end = duration if duration is not None else rows[-1].t + DEFAULT_TAIL
    transitions: list[AlertTransition] = []
    acknowledged: list[float] = []
    connected = True
    last_reading: float | None = None
    index = -1
    for now in _times(interval, end):
        while index + 1 < len(rows) and rows[index + 1].t <= now:
            index += 1
            row = rows[index]
            if row.connected is not None:
                connected = row.connected
            if row.acknowledge:
                acknowledged.append(now)
                transitions += engine.acknowledge(now, by="replay")
        if index < 0:
            continue
        # Deadlines between readings (a silent device) are handled as the integration's timer.
        while (deadline := engine.next_deadline()) is not None and deadline < now:
            transitions += engine.tick(deadline)
        if connected:
            last_reading = now
        snapshot = evaluate(
            rows[index].readings,
            table,
            connected=connected,
            last_reading=None,
            # Only the classification is used; staleness is the engine's (online/last reading).
            now=EPOCH + timedelta(seconds=now),
            stale_timeout=timedelta(seconds=settings.stale_after),
        )
        inputs = engine_inputs(snapshot) if connected else {}
        transitions += engine.update(now, inputs, online=connected, last_reading_at=last_reading)
    while (deadline := engine.next_deadline()) is not None and deadline <= end:
        transitions += engine.tick(deadline)
    return Replay(transitions, acknowledged, end)


def _times(interval: float, end: float) -> Iterator[float]:
    step = 0
    while (now := step * interval) <= end:
        yield now
        step += 1


def clock(seconds: float) -> str:
    """Format seconds since the start as h:mm:ss."""
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _amount(vital: str, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g} {UNITS.get(vital, '')}".strip()


def describe(transition: AlertTransition) -> str:
    """One line of the timeline."""
    alert = transition.alert
    state = transition.state.value
    if transition.escalation is not None:
        state = f"{state} ({transition.escalation.value})"
    line = f"{clock(transition.time)}  {state:<22} {transition.priority.value:<8} {alert.condition}"
    if alert.kind.value == "physiological":
        line += f" {_amount(alert.condition, alert.value)}"
        if alert.threshold is not None:
            line += f" (limit {_amount(alert.condition, alert.threshold)})"
        if transition.escalation is not None and alert.raised_value is not None:
            line += (
                f"; raised at {_amount(alert.condition, alert.raised_value)},"
                f" worst {_amount(alert.condition, alert.worst_value)}"
            )
    if transition.notify.send_to.value != "none":
        line += f"  -> {transition.notify.send_to.value}"
    return line


def summary(result: Replay) -> list[str]:
    """The summary lines: alerts per hour by priority and kind, first critical, acks."""
    hours = max(result.duration, 1.0) / 3600.0
    started = [
        t
        for t in result.transitions
        if t.state is TransitionState.RAISED
        or (
            t.state is TransitionState.ESCALATED
            and t.escalation
            and t.escalation.value == "priority"
        )
    ]
    counts = Counter((t.priority.value, t.kind.value) for t in started)
    lines = [f"duration {clock(result.duration)}; alerts raised or worsened: {len(started)}"]
    for (priority, kind), count in sorted(counts.items()):
        lines.append(f"  {priority:<8} {kind:<13} {count:3d}  ({count / hours:.1f} per hour)")
    first = next((t.time for t in started if t.priority is Priority.CRITICAL), None)
    lines.append("time to first critical: " + ("none" if first is None else clock(first)))
    resends = sum(
        1
        for t in result.transitions
        if t.escalation is not None and t.escalation.value == "renotify"
    )
    lines.append(f"reminders sent: {resends}")
    if result.acknowledged_at:
        lines.append("acknowledged at: " + ", ".join(clock(t) for t in result.acknowledged_at))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        prog="scripts/alarm-replay",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("scenario", help="a scenario CSV, or the name of a shipped one")
    parser.add_argument(
        "--preset",
        choices=[p.value for p in Preset if p is not Preset.CUSTOM],
        default=Preset.DEFAULT.value,
        help="threshold preset (default: default)",
    )
    parser.add_argument(
        "--options",
        default="{}",
        help="alert settings as JSON, in seconds, e.g. '{\"spo2_critical_delay\": 20}'",
    )
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between readings")
    parser.add_argument(
        "--duration", type=float, help="seconds to simulate (default: the file + 5 min)"
    )
    args = parser.parse_args(argv)
    path = Path(args.scenario)
    if not path.exists() and (SCENARIOS / f"{args.scenario}.csv").exists():
        path = SCENARIOS / f"{args.scenario}.csv"
    try:
        options = json.loads(args.options)
        if not isinstance(options, dict):
            raise ValueError("--options must be a JSON object")
        settings = AlertSettings(**options)
        rows = read_scenario(path)
    except (OSError, ValueError, TypeError) as err:
        print(f"alarm-replay: {err}", file=sys.stderr)
        return 2
    result = replay(
        rows,
        preset=Preset(args.preset),
        settings=settings,
        interval=args.interval,
        duration=args.duration,
    )
    print(f"{path.name} — preset {args.preset}")
    for transition in result.transitions:
        print(describe(transition))
    if not result.transitions:
        print("(no alert)")
    print()
    for line in summary(result):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
