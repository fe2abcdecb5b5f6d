"""The report of a scripts/bench run: ratios, targets, Markdown tables and the plot.

Pure reporting over the results scripts/bench measured (fajma_tools/bench.py imports this
module, never the other way round):

.venv/bin/python -m fajma_tools.bench_report .bench/performance.json [--plot FILE.png]
"""

from __future__ import annotations

import importlib
import itertools
import json
from pathlib import Path
import sys
from typing import Any

NAMES = {"fajma": "FAJMA", "esphome": "core esphome"}
INTEGRATIONS = tuple(NAMES)  # the integrations scripts/bench can measure


def _f(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def ratios(results: dict[str, Any]) -> list[dict[str, Any]]:
    if not all(name in results for name in INTEGRATIONS):
        return []
    out: list[dict[str, Any]] = []
    core = {p["n"]: p for p in results["esphome"]["points"]}
    for point in results["fajma"]["points"]:
        other = core.get(point["n"])
        if other is None:
            continue

        def ratio(a: float | None, b: float | None) -> float | None:
            return round(a / b, 3) if a is not None and b else None

        out.append(
            {
                "n": point["n"],
                "cpu_per_reading": ratio(
                    point["cpu_s_per_1000_readings"], other["cpu_s_per_1000_readings"]
                ),
                "rss_per_device": ratio(point["rss_per_device_mb"], other["rss_per_device_mb"]),
                "loop_lag_p99": ratio(point["loop_lag_ms"]["p99"], other["loop_lag_ms"]["p99"]),
                "latency_ha_p50": ratio(
                    point["latency_ha_ms"]["p50"], other["latency_ha_ms"]["p50"]
                ),
                "latency_ha_p99": ratio(
                    point["latency_ha_ms"]["p99"], other["latency_ha_ms"]["p99"]
                ),
            }
        )
    return out


def marginal_memory(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for before, after in itertools.pairwise(points):
        added = after["n"] - before["n"]
        out.append(
            {
                "from": before["n"],
                "to": after["n"],
                "mb_per_device": round((after["rss_mb"] - before["rss_mb"]) / added, 3),
            }
        )
    return out


def targets(results: dict[str, Any]) -> dict[str, Any]:
    fajma = results.get("fajma", {}).get("points", [])
    core = {p["n"]: p for p in results.get("esphome", {}).get("points", [])}
    out: dict[str, Any] = {}
    if fajma and core:
        pairs = [(p, core[p["n"]]) for p in fajma if p["n"] in core]
        out["cpu_per_reading_le_core"] = {
            str(p["n"]): (p["cpu_s_per_1000_readings"] or 0) <= (c["cpu_s_per_1000_readings"] or 0)
            for p, c in pairs
        }
    if fajma:
        out["ha_latency_p99_le_1ms"] = {
            str(p["n"]): (
                p["latency_ha_ms"]["p99"] is not None and p["latency_ha_ms"]["p99"] <= 1.0
            )
            for p in fajma
        }
        big = [p for p in fajma if p["n"] >= 200]
        out["loop_lag_p99_lt_50ms_at_200"] = (
            big[0]["loop_lag_ms"]["p99"] < 50.0 if big else "not measured (N < 200)"
        )
        out["memory_per_device_lt_1mb"] = {str(p["n"]): p["rss_per_device_mb"] < 1.0 for p in fajma}
        probe = results.get("fajma", {}).get("alert_probe")
        if probe and probe["reading_to_event_ms"]["p99"] is not None:
            out["alert_p99_le_5ms"] = probe["reading_to_event_ms"]["p99"] <= 5.0
        else:
            out["alert_p99_le_5ms"] = "not measured (no alert probe or no fajma_alert event)"
    return out


def plot(results: dict[str, Any], path: Path, machine: dict[str, Any]) -> None:
    matplotlib: Any = importlib.import_module("matplotlib")
    matplotlib.use("Agg")
    plt: Any = importlib.import_module("matplotlib.pyplot")
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    colors = {"fajma": "tab:blue", "esphome": "tab:orange"}
    for name, run in results.items():
        points = run.get("points", [])
        if not points:
            continue
        label, color = NAMES[name], colors[name]
        ns = [p["n"] for p in points]
        axes[0].plot(
            ns, [p["latency_ha_ms"]["p50"] for p in points], "o-", color=color, label=f"{label} p50"
        )
        axes[0].plot(
            ns,
            [p["latency_ha_ms"]["p99"] for p in points],
            "s--",
            color=color,
            label=f"{label} p99",
        )
        axes[1].plot(
            ns, [p["cpu_s_per_1000_readings"] for p in points], "o-", color=color, label=label
        )
        axes[2].plot(
            ns, [p["loop_lag_ms"]["p99"] for p in points], "o-", color=color, label=f"{label} p99"
        )
    axes[0].set_title("reading -> HA state (last_changed), ms")
    axes[1].set_title("HA CPU seconds per 1000 readings")
    axes[2].set_title("event-loop lag p99, ms")
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xlabel("devices (N)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    axes[0].set_yscale("log")
    fig.suptitle(
        f"{machine.get('cpu', '')} ({machine.get('cores')} cores, shared with other work: "
        f"load average {machine.get('loadavg_at_start')} at start), {machine.get('date', '')}; "
        "one HA process per integration, same virtual devices, 1 reading period/s",
        fontsize=9,
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


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
        plot(report["results"], Path(args[2]), report["machine"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
