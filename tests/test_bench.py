"""scripts/bench: Home Assistant on 127.0.0.1 only, and the report (scale limit, alert vs core)."""

from __future__ import annotations

import json
from pathlib import Path
import socket
from typing import Any

import pytest

from fajma_tools import bench
from fajma_tools.bench import HassRun, is_loopback, listening_addresses, scale_stop
from fajma_tools.bench_report import alert_vs_core, ratios, render, scale_limit, targets
from fajma_tools.virtual_device import REPO

HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"


def test_http_settings_written_like_the_demo(tmp_path: Path) -> None:
    """Loopback and the port in .storage/http (confirmed, nothing to revert); no YAML http:."""
    run = HassRun("fajma", 18999, REPO / "custom_components" / "fajma")
    run.dir = tmp_path / "fajma"
    config = run.prepare()
    assert "http:" not in (config / "configuration.yaml").read_text()
    stored = json.loads((config / ".storage" / "http").read_text())
    assert stored["data"]["stable"]["server_host"] == ["127.0.0.1"]
    assert stored["data"]["stable"]["server_port"] == 18999
    assert stored["data"]["pending"] is None
    assert stored["data"]["yaml_migration_done"] is True


def test_listening_addresses_from_proc(tmp_path: Path) -> None:
    """Listening sockets of a port, IPv4 and IPv6, as the kernel lists them."""
    (tmp_path / "tcp").write_text(
        HEADER
        + "   0: 0100007F:4A37 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0\n"
        + "   1: 00000000:4A37 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0\n"
        # Connected (not listening) and another port: ignored.
        + "   2: 0100007F:4A37 0100007F:D431 01 00000000:00000000 00:00000000 00000000 0\n"
        + "   3: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0\n"
    )
    (tmp_path / "tcp6").write_text(
        HEADER
        + "   0: 00000000000000000000000001000000:4A37 00000000000000000000000000000000:0000 0A"
        + " 00000000:00000000 00:00000000 00000000 0\n"
    )
    addresses = listening_addresses(0x4A37, tmp_path)
    assert addresses == {"127.0.0.1", "0.0.0.0", "::1"}
    assert sorted(a for a in addresses if not is_loopback(a)) == ["0.0.0.0"]
    assert is_loopback("::ffff:127.0.0.1")
    assert not is_loopback("::")


def test_listening_addresses_of_this_machine(socket_ok: None) -> None:
    """A real server on 127.0.0.1 is seen as loopback-only."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert listening_addresses(port) == {"127.0.0.1"}


# --- the report: scale limit and reading -> fajma_alert vs core (issue 13) ---------------------


def _point(
    n: int, lag_p99: float, *, rate: float | None = 1.0, busy: float = 40.0, ha_p99: float = 5.0
) -> dict[str, Any]:
    """A sweep point as measure_point writes it (the fields the report reads)."""
    return {
        "n": n,
        "window_s": 60.0,
        "readings_sent": n * 420,
        "cpu_s_per_1000_readings": 0.1,
        "cpu_s_per_1000_readings_net": 0.08,
        "ha_cpu_percent_of_one_core": 10.0,
        "rss_mb": 200.0 + n,
        "rss_per_device_mb": 0.9,
        "loop_lag_ms": {"count": 1200, "p50": 0.2, "p99": lag_p99, "max": lag_p99 * 2},
        "ws_ping_rtt_ms": {"count": 120, "p50": 1.0, "p99": 3.0, "max": 4.0},
        "all_delivered_ratio": 1.0,
        "sample_delivered_ratio": 1.0,
        "latency_ha_ms": {"count": 1500, "p50": 1.0, "p99": ha_p99, "max": ha_p99 * 2},
        "latency_ws_ms": {"count": 1500, "p50": 3.0, "p99": 9.0, "max": 12.0},
        "machine_busy_percent": busy,
        "devices_cpu_percent_of_one_core": n / 4,
        "sample_reading_rate_ratio": rate,
    }


def _probe(n: int, p99: float) -> dict[str, Any]:
    return {
        "n": n,
        "alerts_raised": 240,
        "critical_readings_sent": 240,
        "reading_to_event_ms": {"count": 240, "p50": 1.0, "p99": p99, "max": p99 * 2},
    }


def test_scale_limit_is_the_last_n_before_the_lag_reaches_50_ms() -> None:
    """Lag p99 49.9 ms passes, 50 ms fails; later points (even good ones) do not count."""
    run = {
        "points": [
            _point(200, 12.0),
            _point(300, 49.9),
            _point(400, 50.0, busy=91.0),
            _point(600, 20.0),
        ]
    }
    limit = scale_limit(run)
    assert limit["largest_n_ok"] == 300
    assert limit["largest_n_tried"] == 400
    assert limit["limited_by"] == "loop_lag"
    assert limit["first_failed"]["n"] == 400
    assert limit["first_failed"]["reasons"] == ["loop_lag"]
    assert limit["first_failed"]["loop_lag_p99_ms"] == 50.0
    assert limit["first_failed"]["machine_busy_percent"] == 91.0


def test_scale_limit_never_reached() -> None:
    """Every N passes: the limit is above the largest N tried, and nothing failed."""
    limit = scale_limit({"points": [_point(10, 1.0), _point(200, 30.0), _point(400, 45.0)]})
    assert limit["largest_n_ok"] == 400
    assert limit["largest_n_tried"] == 400
    assert limit["first_failed"] is None
    assert limit["limited_by"] is None


def test_scale_limit_stopped_by_saturated_devices() -> None:
    """Devices that could not keep their rate end the search even with a low lag: the machine."""
    limit = scale_limit(
        {"points": [_point(200, 10.0, rate=0.99), _point(400, 20.0, rate=0.62, busy=100.0)]}
    )
    assert limit["largest_n_ok"] == 200
    assert limit["limited_by"] == "devices_saturated"
    assert limit["first_failed"]["reasons"] == ["devices_saturated"]
    assert limit["first_failed"]["reading_rate_ratio"] == 0.62
    # Both at once: the lag comes first (the integration's limit), the machine's is kept too.
    both = scale_limit({"points": [_point(600, 80.0, rate=0.5)]})
    assert both["largest_n_ok"] is None
    assert both["first_failed"]["reasons"] == ["loop_lag", "devices_saturated"]
    # Older runs have no reading rate: only the lag decides.
    assert scale_limit({"points": [_point(200, 10.0, rate=None)]})["first_failed"] is None


def test_scale_limit_when_a_larger_n_could_not_be_measured() -> None:
    run = {
        "points": [_point(200, 10.0), _point(300, 30.0)],
        "scale_stopped": {"n": 600, "reason": "devices_not_started", "detail": "port 17600"},
    }
    limit = scale_limit(run)
    assert limit["largest_n_ok"] == 300
    assert limit["limited_by"] == "devices_not_started"
    assert limit["first_failed"]["n"] == 600
    assert limit["first_failed"]["detail"] == "port 17600"


def test_scale_stop_after_a_failed_point_and_beyond_the_descriptor_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result: dict[str, Any] = {"points": [_point(200, 10.0), _point(300, 30.0)]}
    assert scale_stop(result, 400) is None
    result["points"].append(_point(400, 10.0, rate=0.5))
    stop = scale_stop(result, 600)
    assert stop is not None
    assert stop["reason"] == "after_devices_saturated"
    monkeypatch.setattr(bench.resource, "getrlimit", lambda _which: (1024, 4096))
    stop = scale_stop({"points": [_point(200, 10.0)]}, 800)
    assert stop is not None
    assert stop["reason"] == "devices_not_started"
    assert "1024" in stop["detail"]


def test_alert_probe_next_to_core_at_the_same_n() -> None:
    results = {
        "fajma": {"points": [_point(200, 10.0, ha_p99=7.0)], "alert_probe": _probe(200, 4.0)},
        "esphome": {"points": [_point(10, 1.0, ha_p99=2.0), _point(200, 9.0, ha_p99=8.0)]},
    }
    versus = alert_vs_core(results)
    assert versus is not None
    assert versus["n"] == 200
    assert versus["alert_reading_to_event_p99_ms"] == 4.0
    assert versus["core_reading_to_state_p99_ms"] == 8.0
    assert versus["fajma_reading_to_state_p99_ms"] == 7.0
    assert versus["ratio"] == 0.5
    assert versus["alert_le_core"] is True
    assert targets(results)["alert_p99_le_core_p99_at_200"] is True
    results["fajma"]["alert_probe"] = _probe(200, 12.0)
    assert alert_vs_core(results)["ratio"] == 1.5  # type: ignore[index]
    assert targets(results)["alert_p99_le_core_p99_at_200"] is False
    # A probe at another N is compared at that N, but does not answer the N = 200 target.
    results["fajma"]["alert_probe"] = _probe(10, 3.0)
    assert alert_vs_core(results)["ratio"] == 1.5  # type: ignore[index]
    assert "N=10" in targets(results)["alert_p99_le_core_p99_at_200"]
    del results["fajma"]["alert_probe"]
    assert alert_vs_core(results) is None


def test_report_keeps_the_quick_json_shape_and_renders_the_new_sections() -> None:
    results = {
        "fajma": {
            "baseline": {"ha_cpu_percent_of_one_core": 1.0, "rss_mb": 150.0, "loop_lag_ms": {}},
            "points": [_point(200, 10.0), _point(300, 60.0)],
            "alert_probe": _probe(200, 4.0),
            "marginal_memory": [],
        },
        "esphome": {
            "baseline": {"ha_cpu_percent_of_one_core": 1.0, "rss_mb": 150.0, "loop_lag_ms": {}},
            "points": [_point(200, 10.0, ha_p99=8.0), _point(300, 20.0, rate=0.7)],
            "marginal_memory": [],
        },
    }
    for base in (results["fajma"]["baseline"], results["esphome"]["baseline"]):
        base["loop_lag_ms"] = {"p50": 0.1, "p99": 0.5}
    for row in ratios(results):
        assert set(row) == {
            "n",
            "cpu_per_reading",
            "rss_per_device",
            "loop_lag_p99",
            "latency_ha_p50",
            "latency_ha_p99",
        }
    report = {
        "machine": {
            "cpu": "x",
            "cores": 2,
            "memory_gb": 1,
            "kernel": "k",
            "python": "3.14",
            "date": "d",
            "loadavg_at_start": [0.0],
        },
        "command": "scripts/bench --scale 300",
        "wall_time_s": 1.0,
        "results": results,
        "fajma_over_core": ratios(results),
    }
    text = render(report)  # an older report: the sections are computed from the results
    assert "| FAJMA | 200 | 300 | 300 | loop_lag | 60.00 | 1.00 | 40 | 75 |" in text
    assert "| core esphome | 200 | 300 | 300 | devices_saturated | 20.00 | 0.70 | 40 | 75 |" in text
    results["esphome"]["points"].pop()
    text = render(report)
    assert "| core esphome | ≥ 200 | 200 | - | not reached | - | - | - | - |" in text
    assert "p99 at N=200 (alert probe, 240 alerts): 4.00 ms" in text
    assert "at the same N: 8.00 ms; ratio 0.500." in text


def test_settings_sweep_runs_the_alert_probe_at_200_before_scaling() -> None:
    settings = bench.Settings(
        counts=[1, 10, 50, 200],
        interval=1.0,
        warmup=1.0,
        window=1.0,
        baseline=1.0,
        sample=5,
        base_port=27000,
        hass_port=28123,
        integrations=["fajma", "esphome"],
        profile=0.0,
        quick=False,
        fajma_source=REPO,
        alert_devices=8,
        alert_interval=1.0,
        scale=[300, 600],
    )
    assert settings.sweep == [1, 10, 50, 200, 300, 600]
    assert settings.alert_n == 200
    settings.counts = [1, 10]
    assert settings.alert_n == 10
    settings.counts, settings.scale = [200, 400], []
    assert settings.alert_n == 200


def test_scale_options_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        bench.main(["--counts", "1,200", "--scale", "100"])
    assert "larger than the largest of --counts" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        bench.main(["--scale", "1200"])  # devices 17000..18207 would take 18123
    assert "--hass-port 18123 is among the device ports" in capsys.readouterr().err
