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
        versus = alert_vs_core(results)
        if versus is None or versus["alert_le_core"] is None:
            out["alert_p99_le_core_p99_at_200"] = "not measured (no alert probe or no core point)"
        elif versus["n"] != ALERT_TARGET_N:
            out["alert_p99_le_core_p99_at_200"] = f"not measured at N=200 (N={versus['n']})"
        else:
            out["alert_p99_le_core_p99_at_200"] = versus["alert_le_core"]
    return out


# The scale limit (issue 13): the largest N whose event-loop lag p99 stays under this.
LAG_LIMIT_MS = 50.0
# The devices "keep their reading rate" while the sample subscriber receives at least this
# share of the changing readings the scenario schedules (5 sensors per device and period).
# Below it the machine, not the integration, is the limit: the devices cannot generate N.
MIN_READING_RATE = 0.9
# The N at which the issue compares reading -> fajma_alert with core's reading -> state.
ALERT_TARGET_N = 200


def reading_rate(point: dict[str, Any]) -> float | None:
    """Changing readings the sample devices sent / what the scenario schedules (1.0 = kept up)."""
    value = point.get("sample_reading_rate_ratio")
    return float(value) if value is not None else None


def point_failures(point: dict[str, Any]) -> list[str]:
    """Why a sweep point is past the scale limit: "loop_lag", "devices_saturated" (or none)."""
    reasons: list[str] = []
    lag = point.get("loop_lag_ms", {}).get("p99")
    if lag is not None and lag >= LAG_LIMIT_MS:
        reasons.append("loop_lag")
    rate = reading_rate(point)
    if rate is not None and rate < MIN_READING_RATE:
        reasons.append("devices_saturated")
    return reasons


def scale_limit(run: dict[str, Any]) -> dict[str, Any]:
    """The largest N of one integration's sweep with loop lag p99 < LAG_LIMIT_MS.

    Points are taken in order of N; the first one that fails (lag, or devices that could not
    keep their rate) ends the search, as does `scale_stopped` (a larger N that could not be
    measured: devices not started, not online). `limited_by` says which: "loop_lag" is the
    integration's limit; "devices_saturated" / "devices_not_started" are the machine's, so the
    integration's own limit is at least `largest_n_ok`; None: no N tried failed.
    """
    ok: int | None = None
    failed: dict[str, Any] | None = None
    tried = 0
    for point in sorted(run.get("points", []), key=lambda p: p["n"]):
        tried = point["n"]
        reasons = point_failures(point)
        if reasons:
            failed = {
                "n": point["n"],
                "reasons": reasons,
                "loop_lag_p99_ms": point["loop_lag_ms"]["p99"],
                "reading_rate_ratio": reading_rate(point),
                "machine_busy_percent": point.get("machine_busy_percent"),
                "devices_cpu_percent_of_one_core": point.get("devices_cpu_percent_of_one_core"),
            }
            break
        ok = point["n"]
    stopped = run.get("scale_stopped")
    if failed is None and stopped:
        failed = {
            "n": stopped["n"],
            "reasons": [stopped["reason"]],
            "detail": stopped.get("detail"),
            "loop_lag_p99_ms": None,
            "reading_rate_ratio": None,
            "machine_busy_percent": stopped.get("machine_busy_percent"),
            "devices_cpu_percent_of_one_core": None,
        }
    return {
        "lag_limit_ms": LAG_LIMIT_MS,
        "min_reading_rate": MIN_READING_RATE,
        "largest_n_ok": ok,
        "largest_n_tried": tried,
        "first_failed": failed,
        "limited_by": failed["reasons"][0] if failed else None,
    }


def scale_limits(results: dict[str, Any]) -> dict[str, Any]:
    return {name: scale_limit(run) for name, run in results.items()}


def alert_vs_core(results: dict[str, Any]) -> dict[str, Any] | None:
    """Reading -> fajma_alert p99 (alert probe) next to core's reading -> state p99, same N."""
    probe = results.get("fajma", {}).get("alert_probe")
    if not probe:
        return None
    n = probe.get("n")
    core = {p["n"]: p for p in results.get("esphome", {}).get("points", [])}.get(n)
    own = {p["n"]: p for p in results.get("fajma", {}).get("points", [])}.get(n)
    alert_p99 = probe["reading_to_event_ms"]["p99"]
    core_p99 = core["latency_ha_ms"]["p99"] if core else None
    ratio = round(alert_p99 / core_p99, 3) if alert_p99 is not None and core_p99 else None
    return {
        "n": n,
        "alert_reading_to_event_p99_ms": alert_p99,
        "alerts_raised": probe.get("alerts_raised"),
        "core_reading_to_state_p99_ms": core_p99,
        "core_probes": core["latency_ha_ms"]["count"] if core else None,
        "fajma_reading_to_state_p99_ms": own["latency_ha_ms"]["p99"] if own else None,
        "ratio": ratio,
        "alert_le_core": ratio <= 1.0 if ratio is not None else None,
    }


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
    limits = report.get("scale_limit") or scale_limits(report["results"])
    if any(limit["largest_n_tried"] for limit in limits.values()):
        lines.append(
            f"Scale limit (largest N with event-loop lag p99 < {LAG_LIMIT_MS:g} ms, devices "
            f"keeping >= {MIN_READING_RATE:.0%} of their reading rate):"
        )
        lines.append("")
        lines.append(
            "| integration | largest N ok | largest N tried | first failed N | why "
            "| its lag p99 ms | reading rate | machine busy % | devices %core |"
        )
        lines.append("|---|---|---|---|---|---|---|---|---|")
        for name, limit in limits.items():
            failed = limit["first_failed"] or {}
            ok = _f(limit["largest_n_ok"])
            why = ", ".join(failed.get("reasons", []))
            if not failed:  # every N tried passed: the limit is above them
                ok, why = f"≥ {ok}", "not reached"
            lines.append(
                f"| {NAMES[name]} | {ok} | {limit['largest_n_tried']} "
                f"| {_f(failed.get('n'))} | {why} "
                f"| {_f(failed.get('loop_lag_p99_ms'))} | {_f(failed.get('reading_rate_ratio'))} "
                f"| {_f(failed.get('machine_busy_percent'), 0)} "
                f"| {_f(failed.get('devices_cpu_percent_of_one_core'), 0)} |"
            )
        lines.append("")
    versus = report.get("alert_vs_core") or alert_vs_core(report["results"])
    if versus:
        lines.append(
            f"Reading → `fajma_alert` p99 at N={versus['n']} (alert probe, "
            f"{_f(versus['alerts_raised'])} alerts): "
            f"{_f(versus['alert_reading_to_event_p99_ms'])} ms; core esphome reading → state "
            f"p99 at the same N: {_f(versus['core_reading_to_state_p99_ms'])} ms; ratio "
            f"{_f(versus['ratio'], 3)}."
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
