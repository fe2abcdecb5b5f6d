"""Markdown tables from a scripts/bench JSON file (for docs/performance.md).

.venv/bin/python -m fajma_tools.bench_report .bench/performance.json
"""

from __future__ import annotations

import json
from pathlib import Path
import sys
from typing import Any

NAMES = {"fajma": "FAJMA", "esphome": "core esphome"}


def _f(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def render(report: dict[str, Any]) -> str:
    lines: list[str] = []
    machine = report["machine"]
    lines.append(
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB, "
        f"Linux {machine['kernel']}, Python {machine['python']}, Home Assistant "
        f"{machine.get('homeassistant')}, aioesphomeapi {machine.get('aioesphomeapi')}; "
        f"{machine['date']}; load average at start {machine['loadavg_at_start']}, at end "
        f"{machine.get('loadavg_at_end')}. Command: `{report['command']}` "
        f"({report['wall_time_s']} s)."
    )
    lines.append("")
    lines.append(
        "| integration | N | readings/s | HA CPU %core | CPU s/1000 readings (net of idle) "
        "| RSS MB | RSS/device MB | loop lag p50/p99 ms | ws ping p50/p99 ms "
        "| delivered (all, sample) | HA latency p50/p99/max ms (probes) "
        "| websocket latency p50/p99 ms | machine busy % | devices %core |"
    )
    lines.append("|" + "---|" * 14)
    for name, run in report["results"].items():
        base = run.get("baseline", {})
        lines.append(
            f"| {NAMES[name]} | 0 | 0 | {_f(base.get('ha_cpu_percent_of_one_core'))} | - | "
            f"{_f(base.get('rss_mb'), 1)} | - | {_f(base['loop_lag_ms']['p50'])}/"
            f"{_f(base['loop_lag_ms']['p99'])} | - | - | - | - | - | - |"
        )
        for p in run["points"]:
            rate = p["readings_sent"] / p["window_s"]
            lag, rtt = p["loop_lag_ms"], p["ws_ping_rtt_ms"]
            ha, ws = p["latency_ha_ms"], p["latency_ws_ms"]
            cells = [
                NAMES[name],
                str(p["n"]),
                f"{rate:.0f}",
                _f(p["ha_cpu_percent_of_one_core"], 1),
                f"{_f(p['cpu_s_per_1000_readings'], 3)} "
                f"({_f(p['cpu_s_per_1000_readings_net'], 3)})",
                _f(p["rss_mb"], 1),
                _f(p["rss_per_device_mb"], 3),
                f"{_f(lag['p50'])}/{_f(lag['p99'])}",
                f"{_f(rtt['p50'])}/{_f(rtt['p99'])}",
                f"{_f(p['all_delivered_ratio'], 4)}, {_f(p['sample_delivered_ratio'], 4)}",
                f"{_f(ha['p50'])}/{_f(ha['p99'])}/{_f(ha['max'])} ({ha['count']})",
                f"{_f(ws['p50'])}/{_f(ws['p99'])}",
                _f(p["machine_busy_percent"], 0),
                _f(p["devices_cpu_percent_of_one_core"], 0),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if report.get("fajma_over_core"):
        lines.append("FAJMA / core esphome:")
        lines.append("")
        lines.append(
            "| N | CPU per reading | RSS per device | loop lag p99 | HA latency p50 | p99 |"
        )
        lines.append("|---|---|---|---|---|---|")
        for r in report["fajma_over_core"]:
            lines.append(
                f"| {r['n']} | {_f(r['cpu_per_reading'], 3)} | {_f(r['rss_per_device'], 3)} "
                f"| {_f(r['loop_lag_p99'], 3)} | {_f(r['latency_ha_p50'], 3)} "
                f"| {_f(r['latency_ha_p99'], 3)} |"
            )
        lines.append("")
    for name, run in report["results"].items():
        marginal = ", ".join(
            f"{m['from']}→{m['to']}: {m['mb_per_device']:.3f} MB" for m in run["marginal_memory"]
        )
        lines.append(f"Marginal memory per added device, {NAMES[name]}: {marginal}.")
        lines.append("")
    for name, run in report["results"].items():
        prof = run.get("profile")
        if not prof or "inclusive_percent_of_busy" not in prof:
            continue
        lines.append(
            f"Profile, {NAMES[name]} at N={prof['n']} (py-spy, {prof['busy_samples']} busy "
            f"samples): "
            + ", ".join(f"{k} {v}%" for k, v in prof["inclusive_percent_of_busy"].items() if v > 0)
            + "."
        )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 3) or (len(args) == 3 and args[1] != "--plot"):
        print(
            "usage: python -m fajma_tools.bench_report FILE.json [--plot FILE.png]", file=sys.stderr
        )
        return 2
    report = json.loads(Path(args[0]).read_text())
    print(render(report))
    if len(args) == 3:
        from fajma_tools.bench import plot  # noqa: PLC0415  (matplotlib only when asked)

        plot(report["results"], Path(args[2]), report["machine"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
