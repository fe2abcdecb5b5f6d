"""scripts/bench: FAJMA against Home Assistant's own `esphome` integration, same devices.

For each integration a real Home Assistant process is started on a fresh configuration in
`.bench/` (ignored by git), onboarded through its own API, and given the devices through the
integration's real config flow; for each N of the sweep (devices are added, never removed)
the benchmark waits for every device to be online, warms up, then measures one window:

* CPU: utime+stime of the hass process (/proc/<pid>/stat, all threads) per 1000 readings
  sent. Readings = sensor publications (6 sensors + finger per device and period), counted
  by an independent aioesphomeapi subscriber on a sample of devices and scaled to N.
* memory: VmRSS of the hass process; per device = (RSS at N - RSS with no device) / N, and
  the marginal cost between two sweep points (what one more patient costs).
* event-loop lag: `fajma_bench`, a probe component inside hass (fajma_tools/bench_probe.py),
  asks to run every 50 ms and records how late it ran; plus a websocket ping round trip.
* delivered vs sent: the bench scenario changes 5 sensors at every reading, so each reading
  of those must produce one state_changed; the probe counts state_changed per entity in
  process, the subscriber counts the device's publications.
* latency: every changing reading of the sample devices is a probe. The subscriber stamps
  when the device's publication reaches a client (time.time()); Home Assistant stamps the
  state it writes (last_changed, same clock); a websocket client subscribed to those
  entities stamps when it sees the change. HA's added latency = last_changed - publication;
  end to end = websocket receipt - publication.
* fajma_alert: a websocket subscription counts `fajma_alert` events (none expected with
  the all-normal bench scenario; see docs/performance.md for the alert probe, which runs at
  the largest N up to 200 and is compared with core's reading -> state p99 at that N).
* scale limit (--scale N1,N2,...): past the regular counts, each integration's sweep goes on
  until its loop lag p99 reaches 50 ms or the devices cannot keep their reading rate (the
  machine's limit); the report's `scale_limit` says the largest N that passed and why the
  next one failed.

Everything binds to 127.0.0.1; every process the benchmark starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import deque
from collections.abc import Callable, Iterable, Sequence
import contextlib
from dataclasses import asdict, dataclass, field
import datetime as dt
import hashlib
import importlib
import importlib.metadata
import ipaddress
import json
import math
import os
from pathlib import Path
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from typing import Any

from aioesphomeapi.client import APIClient
from aioesphomeapi.model import BinarySensorState, EntityState, SensorState
import aiohttp

from fajma_tools import bench_probe
from fajma_tools.bench_report import (
    ALERT_TARGET_N,
    INTEGRATIONS,
    alert_vs_core,
    marginal_memory,
    plot,
    point_failures,
    ratios,
    scale_limits,
    targets,
)
from fajma_tools.demo import write_http_config
from fajma_tools.hass_client import (
    CLIENT_ID,
    HomeAssistantClient,
    HomeAssistantError,
    start_home_assistant,
)
from fajma_tools.virtual_device import (
    HOST,
    REPO,
    DeviceSpec,
    RunningDevice,
    VirtualDeviceError,
    ensure_built,
    port_is_free,
    terminate,
)

BENCH_DIR = REPO / ".bench"
PY_SPY = REPO / ".venv" / "bin" / "py-spy"
USERNAME = "bench"
PASSWORD = "fajma-bench"  # loopback-only throwaway instance
# The 5 sensors the bench scenario changes at every reading; perfusion index and the finger
# stay constant (perfusion_index is disabled by default in FAJMA, enabled in core esphome).
CHANGING = ("heart_rate", "spo2", "body_temperature", "ambient_temperature", "humidity")
# 6 sensors per period; ESPHome sends a binary sensor (the finger) only when it changes.
READINGS_PER_PERIOD = 6
SCENARIO_PERIODS = 120
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Descriptors a process needs beyond one per device (its own files, sockets, the samples').
FDS_SPARE = 256

CONFIGURATION_YAML = """\
# Written by scripts/bench: the least Home Assistant that onboards, runs config flows and
# serves the websocket API. No recorder/history: their cost per state change is the same for
# both integrations and would only dilute the comparison. The HTTP server's address
# (127.0.0.1 only) is in .storage/http, written as scripts/demo does, not here.
homeassistant:
  name: FAJMA bench
  time_zone: UTC
  unit_system: metric
  country: FR
  currency: EUR
api:
websocket_api:
onboarding:
config:
fajma_bench:
logger:
  default: warning
"""


class BenchError(Exception):
    """The benchmark could not run."""


def log(message: str) -> None:
    print(f"bench {time.strftime('%H:%M:%S')}: {message}", flush=True)


# --- small measurement helpers ---------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100); None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(values: Sequence[float]) -> dict[str, float | int | None]:
    return {
        "count": len(values),
        "p50": percentile(values, 50),
        "p99": percentile(values, 99),
        "max": max(values) if values else None,
    }


def gc_summary(pauses: dict[str, list[float]]) -> dict[str, dict[str, float | int | None]]:
    """Per generation: how many collections, their total, p99 and longest pause."""
    return {
        f"gen{gen}": {
            "count": len(v),
            "total": round(sum(v), 1),
            "p99": percentile(v, 99),
            "max": max(v) if v else None,
        }
        for gen, v in sorted(pauses.items())
    }


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    raise BenchError(f"no VmRSS for pid {pid}")


def system_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def loadavg() -> list[float]:
    return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]


def machine_info() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    versions: dict[str, str] = {}
    for dist in ("homeassistant", "aioesphomeapi"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[dist] = importlib.metadata.version(dist)
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        **versions,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "loadavg_at_start": loadavg(),
    }


def source_digest(folder: Path) -> dict[str, str]:
    """Which FAJMA was measured: the repository's commit and a digest of the folder."""
    digest = hashlib.sha256()
    for path in sorted(folder.resolve().rglob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {"path": str(folder), "git_head": head, "py_sha256": digest.hexdigest()[:16]}


# --- the devices -------------------------------------------------------------------------------


def write_scenario(path: Path, *, alert_every: int = 0) -> Path:
    """A looped scenario whose 5 CHANGING sensors change at every reading, all in band.

    Rows sit half a period after each reading's scenario time, so each reading takes the
    next row even with scheduling jitter. Values are exact in float32 (integers, quarters):
    the device's value and Home Assistant's state compare exactly.
    """
    lines = [
        "t,heart_rate,spo2,body_temperature,ambient_temperature,humidity,finger,perfusion_index"
    ]

    def row(t: float, k: int) -> str:
        heart = 70 + k % 10
        if alert_every:
            # One critical reading (135 > 120 bpm) every `alert_every` readings, else 72.
            heart = 135 if k % alert_every == 0 else 72
        return (
            f"{t:g},{heart},{96 + k % 4},{36.5 + 0.25 * (k % 4):g},"
            f"{21 + 0.5 * (k % 4):g},{40 + k % 10},1,2.5"
        )

    lines.append(row(0, 0))
    lines.extend(row(k - 0.5, k) for k in range(1, SCENARIO_PERIODS))
    lines.append(row(SCENARIO_PERIODS, 0))  # the loop's end; a reading never lands on it
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Fleet:
    """N virtual devices on consecutive loopback ports, shared by both integrations."""

    def __init__(
        self, count: int, base_port: int, interval: float, scenario: Path, *, prefix: str = "bench"
    ) -> None:
        self.devices: list[RunningDevice] = []
        self._prefix = prefix
        self._count = count
        self._base_port = base_port
        self._interval = interval
        self._scenario = scenario
        self._log: Any = None
        self._binary: Path | None = None

    async def start(self, count: int | None = None) -> None:
        """Start the first `count` devices (all by default) that are not running yet.

        Every device's spec exists from the start (the ports of all of them are checked at
        the first call), but a device beyond the regular sweep only runs once the scale
        extension reaches it: idle devices still read and publish, load the machine, and
        would weigh on the small-N points.
        """
        count = self._count if count is None else min(count, self._count)
        if not self.devices:
            busy = [
                p
                for p in range(self._base_port, self._base_port + self._count)
                if not port_is_free(p)
            ]
            if busy:
                raise BenchError(f"ports already in use: {busy[:5]} (choose --base-port)")
            self._binary = await asyncio.to_thread(ensure_built)
            state_dir = BENCH_DIR / "devices"
            state_dir.mkdir(parents=True, exist_ok=True)
            self._log = (BENCH_DIR / f"{self._prefix}-devices.log").open("wb")
            for index in range(self._count):
                spec = DeviceSpec(
                    name=f"{self._prefix}-{index + 1}",
                    port=self._base_port + index,
                    scenario=self._scenario,
                    # One scenario row per reading whatever the period.
                    time_scale=1.0 / self._interval,
                    after_end="loop",
                    reading_interval=self._interval,
                )
                self.devices.append(RunningDevice(spec, self._binary, state_dir))
        waiting = [d for d in self.devices[:count] if not _running(d)]
        for start in range(0, len(waiting), 25):
            batch = waiting[start : start + 25]
            await asyncio.gather(*(d.start(log=self._log.fileno()) for d in batch))

    def running(self) -> int:
        return sum(1 for d in self.devices if _running(d))

    async def stop_beyond(self, count: int) -> None:
        """Stop the devices after the first `count` (back to the regular sweep's fleet)."""
        await asyncio.gather(*(d.stop() for d in self.devices[count:]), return_exceptions=True)

    def cpu_seconds(self, count: int) -> float:
        total = 0.0
        for device in self.devices[:count]:
            if device.process is not None and device.process.returncode is None:
                with contextlib.suppress(OSError):
                    total += cpu_seconds(device.process.pid)
        return total

    async def stop(self) -> None:
        await asyncio.gather(*(d.stop() for d in self.devices), return_exceptions=True)
        if self._log is not None:
            self._log.close()


def _running(device: RunningDevice) -> bool:
    return device.process is not None and device.process.returncode is None


@dataclass
class Publication:
    time: float
    value: float


@dataclass
class SubscribedDevice:
    """What an independent client sees a device publish."""

    mac: str
    client: APIClient
    keys: dict[int, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    history: dict[str, deque[Publication]] = field(default_factory=dict)


class Subscribers:
    """Second API clients on sample devices: the 'sent' side of every comparison."""

    def __init__(self) -> None:
        self.devices: list[SubscribedDevice] = []

    async def add(self, device: RunningDevice) -> None:
        client = APIClient(HOST, device.spec.port, None, client_info="fajma-bench")
        await client.connect(login=True)
        _info, entities, _services = await client.device_info_and_list_entities()
        sub = SubscribedDevice(mac=device.spec.mac, client=client)
        for info in entities:
            object_id = getattr(info, "object_id", "") or re.sub(
                r"[^a-z0-9_]", "", info.name.lower().replace(" ", "_")
            )
            sub.keys[info.key] = object_id
            sub.counts[object_id] = 0
            sub.history[object_id] = deque(maxlen=4096)

        def on_state(state: EntityState) -> None:
            now = time.time()
            object_id = sub.keys.get(state.key)
            if object_id is None:
                return
            if isinstance(state, SensorState):
                sub.counts[object_id] += 1
                sub.history[object_id].append(Publication(now, float(state.state)))
            elif isinstance(state, BinarySensorState):
                sub.counts[object_id] += 1

        client.subscribe_states(on_state)
        self.devices.append(sub)

    def in_use(self, macs: set[str]) -> list[SubscribedDevice]:
        return [d for d in self.devices if d.mac in macs]

    def totals(self, macs: set[str]) -> tuple[int, int]:
        """(all readings, changing readings) the sample devices among `macs` published."""
        devices = self.in_use(macs)
        readings = sum(sum(d.counts.values()) for d in devices)
        changing = sum(d.counts.get(key, 0) for d in devices for key in CHANGING)
        return readings, changing

    def find(self, mac: str, key: str, value: float, before: float) -> Publication | None:
        """The latest publication of `value` not after `before` (+ a small skew)."""
        for device in self.devices:
            if device.mac != mac:
                continue
            for pub in reversed(device.history.get(key, ())):
                if pub.time <= before and pub.value == value:
                    return pub
        return None

    async def close(self) -> None:
        for device in self.devices:
            with contextlib.suppress(Exception):
                await device.client.disconnect()
        self.devices.clear()


# --- Home Assistant ------------------------------------------------------------------------------


class BenchClient(HomeAssistantClient):
    """Adds devices through each integration's config flow."""

    @property
    def token(self) -> str:
        assert self._token is not None
        return self._token

    async def create_owner(self) -> None:
        """Create the owner (or log in); leave the other onboarding steps undone.

        Onboarding's core_config step sets up default integrations (met, radio_browser,
        google_translate, ...) that would run during the measurement; the APIs the
        benchmark uses need only the owner's token.
        """
        steps = await self._json("GET", "/api/onboarding")
        if next(step["done"] for step in steps if step["step"] == "user"):
            await self.login()
            return
        user = await self._json(
            "POST",
            "/api/onboarding/users",
            json={
                "client_id": CLIENT_ID,
                "name": "Bench",
                "username": self._username,
                "password": self._password,
                "language": "en",
            },
        )
        await self._token_from_code(user["auth_code"])

    async def add_device(self, integration: str, device: RunningDevice) -> str:
        flow = await self._json(
            "POST", "/api/config/config_entries/flow", json={"handler": integration}
        )
        user_input: dict[str, Any] = {"host": HOST, "port": device.spec.port}
        if integration == "fajma":
            user_input["patient_name"] = device.spec.name
        path = f"/api/config/config_entries/flow/{flow['flow_id']}"
        result = await self._json("POST", path, json=user_input)
        if result.get("type") == "form" and result.get("step_id") == "unencrypted_confirm":
            # The virtual devices are plaintext on 127.0.0.1, as core esphome's are here.
            result = await self._json("POST", path, json={})
        if result.get("type") == "form" and result.get("step_id") == "recipients":
            result = await self._json("POST", path, json={"no_notifications": True})
        if result.get("type") != "create_entry":
            raise BenchError(f"adding {device.spec.name} to {integration}: {json.dumps(result)}")
        entry = result.get("result")
        return str(entry["entry_id"]) if isinstance(entry, dict) else str(entry)

    async def remove_entry(self, entry_id: str) -> None:
        await self._json("DELETE", f"/api/config/config_entries/entry/{entry_id}")

    async def set_fajma_options(self, entry_id: str, critical_delay: int) -> None:
        """The options flow as a user goes through it: default preset, then the alerts step."""
        flow = await self._json(
            "POST", "/api/config/config_entries/options/flow", json={"handler": entry_id}
        )
        path = f"/api/config/config_entries/options/flow/{flow['flow_id']}"
        result = await self._json("POST", path, json={"preset": "default", "stale_timeout": 30})
        if result.get("step_id") != "alerts":
            raise BenchError(f"options flow of {entry_id}: {json.dumps(result)}")
        result = await self._json(
            "POST",
            path,
            json={
                "resend_interval": 5,
                "escalate_after": 15,
                "acknowledge_timeout": 30,
                "offline_urgent_after": 15,
                "delays": {
                    "heart_rate_critical_delay": critical_delay,
                    "spo2_critical_delay": critical_delay,
                    "body_temperature_critical_delay": critical_delay,
                    "heart_rate_warning_delay": 60,
                    "spo2_warning_delay": 60,
                    "body_temperature_warning_delay": 300,
                    "technical_delay": 120,
                    "no_pulse_delay": 15,
                },
            },
        )
        if result.get("type") != "create_entry":
            raise BenchError(f"options flow of {entry_id}: {json.dumps(result)}")


@dataclass
class Change:
    entity_id: str
    state: str
    changed: float  # Home Assistant's last_changed
    received: float  # when this websocket client saw it


class EventStream:
    """A second websocket: state changes of the sample entities, fajma_alert, pings."""

    def __init__(self, session: aiohttp.ClientSession, base: str, token: str) -> None:
        self._session = session
        self._base = base
        self._token = token
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pinger: asyncio.Task[None] | None = None
        self._next_id = 1
        self._entities_id = 0
        self._alerts_id = 0
        self._pings: dict[int, float] = {}
        self.rtt_ms: list[float] = []
        self.changes: list[Change] = []
        self.alerts: list[tuple[float, dict[str, Any]]] = []
        self.on_alert: Callable[[dict[str, Any]], None] | None = None
        self.recording = False

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    async def open(self, entity_ids: list[str]) -> None:
        self._ws = await self._session.ws_connect(
            f"{self._base}/api/websocket", max_msg_size=64 * 1024 * 1024
        )
        await self._ws.receive_json()
        await self._ws.send_json({"type": "auth", "access_token": self._token})
        if (await self._ws.receive_json())["type"] != "auth_ok":
            raise BenchError("websocket authentication failed")
        self._entities_id = self._id()
        await self._ws.send_json(
            {"id": self._entities_id, "type": "subscribe_entities", "entity_ids": entity_ids}
        )
        self._alerts_id = self._id()
        await self._ws.send_json(
            {"id": self._alerts_id, "type": "subscribe_events", "event_type": "fajma_alert"}
        )
        self._reader = asyncio.create_task(self._read())
        self._pinger = asyncio.create_task(self._ping())

    async def _ping(self) -> None:
        assert self._ws is not None
        while True:
            await asyncio.sleep(0.5)
            message_id = self._id()
            self._pings[message_id] = time.perf_counter()
            await self._ws.send_json({"id": message_id, "type": "ping"})

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
            received = time.time()
            payload = json.loads(message.data)
            for item in payload if isinstance(payload, list) else [payload]:
                self._handle(item, received)

    def _handle(self, item: dict[str, Any], received: float) -> None:
        kind = item.get("type")
        if kind == "pong":
            sent = self._pings.pop(item["id"], None)
            if sent is not None and self.recording:
                self.rtt_ms.append((time.perf_counter() - sent) * 1000.0)
        elif kind == "event" and item.get("id") == self._entities_id and self.recording:
            for entity_id, diff in item["event"].get("c", {}).items():
                plus = diff.get("+", {})
                if "s" in plus and "lc" in plus:
                    self.changes.append(Change(entity_id, plus["s"], plus["lc"], received))
        elif kind == "event" and item.get("id") == self._alerts_id:
            self.alerts.append((received, item["event"]))
            if self.on_alert is not None:
                self.on_alert(item["event"])

    def reset(self) -> None:
        self.rtt_ms.clear()
        self.changes.clear()
        self.alerts.clear()
        self.recording = True

    async def close(self) -> None:
        for task in (self._pinger, self._reader):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        if self._ws is not None:
            await self._ws.close()


def mac_hex(mac: str) -> str:
    return mac.replace(":", "").lower()


def entity_map(
    entries: Iterable[dict[str, Any]], macs: Iterable[str]
) -> dict[str, tuple[str, str]]:
    """entity_id -> (device mac, contract object id), for FAJMA and core esphome entities.

    FAJMA unique ids are `<mac>_<key>`; core esphome's carry the MAC without colons and the
    entity name (`<mac>/0/sensor/Heart rate`, or `<mac>-sensor-heart_rate` in older schemes).
    """
    by_hex = {mac_hex(mac): mac for mac in macs}
    result: dict[str, tuple[str, str]] = {}
    for entry in entries:
        if entry.get("platform") not in INTEGRATIONS:
            continue
        unique = str(entry.get("unique_id", "")).lower().replace(":", "")
        hex_ = unique[:12]
        if hex_ not in by_hex:
            continue
        rest = unique[12:].lstrip("_-/").rsplit("/", 1)[-1]
        rest = re.sub(r"^(sensor|binary_sensor|button)-", "", rest)
        key = re.sub(r"[^a-z0-9]+", "_", rest).strip("_")
        result[entry["entity_id"]] = (by_hex[hex_], key)
    return result


def listening_addresses(port: int, proc_net: Path = Path("/proc/net")) -> set[str]:
    """The local addresses of the TCP sockets listening on `port` (from /proc/net/tcp{,6})."""
    addresses: set[str] = set()
    for name in ("tcp", "tcp6"):
        try:
            lines = (proc_net / name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 4 or fields[3] != "0A":  # 0A: LISTEN
                continue
            address, _, port_hex = fields[1].partition(":")
            if int(port_hex, 16) != port:
                continue
            # Each 32-bit word of the address is in the host's (little-endian) order.
            raw = b"".join(
                bytes.fromhex(address[i : i + 8])[::-1] for i in range(0, len(address), 8)
            )
            addresses.add(str(ipaddress.ip_address(raw)))
    return addresses


def is_loopback(address: str) -> bool:
    """True for 127.0.0.0/8, ::1 and IPv4-mapped loopback addresses."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


class HassRun:
    """One Home Assistant process with one integration."""

    def __init__(self, integration: str, port: int, fajma_source: Path) -> None:
        self.integration = integration
        self.port = port
        self.fajma_source = fajma_source
        self.base = f"http://{HOST}:{port}"
        self.dir = BENCH_DIR / integration
        self.process: asyncio.subprocess.Process | None = None
        self.session: aiohttp.ClientSession | None = None
        self.client: BenchClient | None = None
        self.pid = 0
        self.added = 0

    def prepare(self) -> Path:
        if self.dir.exists():
            shutil.rmtree(self.dir)
        config = self.dir / "config"
        custom = config / "custom_components"
        custom.mkdir(parents=True)
        (config / "configuration.yaml").write_text(CONFIGURATION_YAML)
        # Home Assistant 2026.10 keeps the HTTP settings in .storage/http; a YAML http: section
        # would be a trial that it reverts to every interface after 5 minutes.
        write_http_config(config, self.port)
        (custom / "fajma").symlink_to(self.fajma_source.resolve())
        probe = custom / bench_probe.DOMAIN
        probe.mkdir()
        (probe / "manifest.json").write_text(json.dumps(bench_probe.MANIFEST, indent=2))
        # A copy, not an import: with the repository on sys.path its own custom_components
        # package would shadow the configuration's.
        shutil.copyfile(bench_probe.__file__, probe / "__init__.py")
        return config

    async def start(self) -> None:
        if not port_is_free(self.port):
            raise BenchError(f"port {self.port} is in use (choose --hass-port)")
        config = self.prepare()
        self.process = await start_home_assistant(
            config, self.port, self.dir / "home-assistant.log"
        )
        self.session = aiohttp.ClientSession()
        self.client = BenchClient(self.session, self.base, USERNAME, PASSWORD)
        await self.client.wait_until_up(self.process, timeout=300)
        await self.client.create_owner()
        # The HTTP API answers before every integration is set up: wait for the probe.
        deadline = time.monotonic() + 180
        while True:
            try:
                stats = await self.stats(reset=False)
                break
            except HomeAssistantError:
                if time.monotonic() > deadline or self.process.returncode is not None:
                    raise
                await asyncio.sleep(1.0)
        self.pid = int(stats["pid"])
        # The owner's password is published in this file: never run on another interface.
        exposed = sorted(a for a in listening_addresses(self.port) if not is_loopback(a))
        if exposed:
            raise BenchError(
                f"Home Assistant listens on {', '.join(exposed)} port {self.port}, not only "
                f"on {HOST}; stopping (its login is published in fajma_tools/bench.py)"
            )

    async def stats(self, *, reset: bool) -> dict[str, Any]:
        assert self.client is not None
        result: dict[str, Any] = await self.client.ws({"type": "fajma_bench/stats", "reset": reset})
        return result

    async def add_devices(self, devices: Sequence[RunningDevice]) -> list[str]:
        assert self.client is not None
        client = self.client
        semaphore = asyncio.Semaphore(6)

        async def add(device: RunningDevice) -> str:
            async with semaphore:
                return await client.add_device(self.integration, device)

        entry_ids = await asyncio.gather(*(add(d) for d in devices))
        self.added += len(devices)
        return list(entry_ids)

    async def entity_map(self, macs: Iterable[str]) -> dict[str, tuple[str, str]]:
        assert self.client is not None
        entries = await self.client.ws({"type": "config/entity_registry/list"})
        return entity_map(entries, macs)

    async def states(self) -> dict[str, str]:
        assert self.client is not None
        return {s["entity_id"]: s["state"] for s in await self.client.ws({"type": "get_states"})}

    async def stop(self) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):
                await self.client.close()
        if self.session is not None:
            await self.session.close()
        if self.process is not None:
            await terminate(self.process, 60)


# --- one sweep point -----------------------------------------------------------------------------


@dataclass
class Settings:
    counts: list[int]
    interval: float
    warmup: float
    window: float
    baseline: float
    sample: int
    base_port: int
    hass_port: int
    integrations: list[str]
    profile: float
    quick: bool
    fajma_source: Path
    alert_devices: int
    alert_interval: float
    # Counts past the regular sweep (--scale), measured until the scale limit is found.
    scale: list[int] = field(default_factory=list)

    @property
    def sweep(self) -> list[int]:
        return self.counts + [n for n in self.scale if n > max(self.counts)]

    @property
    def alert_n(self) -> int:
        """The N the alert probe runs at: the largest of the sweep up to ALERT_TARGET_N."""
        return max((n for n in self.sweep if n <= ALERT_TARGET_N), default=self.sweep[0])


async def wait_online(run: HassRun, macs: set[str], timeout: float) -> dict[str, tuple[str, str]]:
    """Until every device has its entities and its heart rate shows a number.

    Core esphome registers entities only once connected (after its setup returned), FAJMA
    before: poll the registry and the states alike. Returns the entity map.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        entities = await run.entity_map(macs)
        heart = {eid for eid, (mac, key) in entities.items() if key == "heart_rate"}
        states = await run.states()
        waiting = len(macs) - sum(1 for eid in heart if _is_number(states.get(eid)))
        if waiting == 0:
            return entities
        if loop.time() > deadline:
            raise BenchError(
                f"{run.integration}: {waiting} of {len(macs)} devices not online "
                f"({len(heart)} heart-rate entities)"
            )
        await asyncio.sleep(1.0)


def _is_number(state: str | None) -> bool:
    try:
        return state is not None and math.isfinite(float(state))
    except ValueError:
        return False


async def measure_point(
    *,
    run: HassRun,
    fleet: Fleet,
    subs: Subscribers,
    stream: EventStream,
    entities: dict[str, tuple[str, str]],
    n: int,
    settings: Settings,
    baseline_rss: float,
    idle_cpu_rate: float,
) -> dict[str, Any]:
    macs = {d.spec.mac for d in fleet.devices[:n]}
    sample_macs = {d.mac for d in subs.in_use(macs)}
    await asyncio.sleep(settings.warmup)

    await run.stats(reset=True)
    stream.reset()
    sent0 = subs.totals(macs)
    cpu0, dev0, sys0, t0 = cpu_seconds(run.pid), fleet.cpu_seconds(n), system_ticks(), time.time()
    load0 = loadavg()
    rss: list[float] = []
    end = time.monotonic() + settings.window
    while (left := end - time.monotonic()) > 0:
        await asyncio.sleep(min(1.0, left))
        rss.append(rss_mb(run.pid))
    cpu1, dev1, sys1, t1 = cpu_seconds(run.pid), fleet.cpu_seconds(n), system_ticks(), time.time()
    sent1 = subs.totals(macs)
    stats = await run.stats(reset=False)
    stream.recording = False
    elapsed = t1 - t0

    sample_n = max(len(sample_macs), 1)
    sample_readings = sent1[0] - sent0[0]
    sample_changing = sent1[1] - sent0[1]
    readings = sample_readings / sample_n * n
    nominal = n * READINGS_PER_PERIOD * elapsed / settings.interval
    changed: dict[str, int] = stats["state_changed"]
    delivered_all = sum(
        count
        for eid, count in changed.items()
        if eid in entities and entities[eid][0] in macs and entities[eid][1] in CHANGING
    )
    delivered_sample = sum(
        count
        for eid, count in changed.items()
        if eid in entities and entities[eid][0] in sample_macs and entities[eid][1] in CHANGING
    )
    ha_cpu = cpu1 - cpu0
    busy = (sys1[0] - sys0[0]) / max(sys1[1] - sys0[1], 1) * 100.0

    ha_latency: list[float] = []
    ws_latency: list[float] = []
    by_sensor: dict[str, list[float]] = {key: [] for key in CHANGING}
    unmatched = 0
    for change in stream.changes:
        target = entities.get(change.entity_id)
        if target is None or not _is_number(change.state):
            continue
        pub = subs.find(target[0], target[1], float(change.state), change.changed + 0.25)
        if pub is None:
            unmatched += 1
            continue
        ha_latency.append((change.changed - pub.time) * 1000.0)
        by_sensor[target[1]].append(ha_latency[-1])
        ws_latency.append((change.received - pub.time) * 1000.0)
    rss_now = max(rss) if rss else rss_mb(run.pid)
    return {
        "n": n,
        "window_s": round(elapsed, 2),
        "readings_sent": round(readings),
        "readings_nominal": round(nominal),
        "ha_cpu_s": round(ha_cpu, 3),
        "ha_cpu_percent_of_one_core": round(ha_cpu / elapsed * 100.0, 1),
        "cpu_s_per_1000_readings": round(ha_cpu / readings * 1000.0, 4) if readings else None,
        # Minus what the same Home Assistant burnt with no device (its timers, the probe).
        "cpu_s_per_1000_readings_net": round(
            max(ha_cpu - idle_cpu_rate * elapsed, 0.0) / readings * 1000.0, 4
        )
        if readings
        else None,
        "devices_cpu_percent_of_one_core": round((dev1 - dev0) / elapsed * 100.0, 1),
        "machine_busy_percent": round(busy, 1),
        "loadavg": [load0, loadavg()],
        "rss_mb": round(rss_now, 1),
        "rss_delta_mb": round(rss_now - baseline_rss, 1),
        "rss_per_device_mb": round((rss_now - baseline_rss) / n, 3),
        "loop_lag_ms": summary(stats["lag_ms"]),
        "gc_pauses_ms": gc_summary(stats.get("gc_ms", {})),
        "ws_ping_rtt_ms": summary(stream.rtt_ms),
        "sample_devices": len(sample_macs),
        "sample_changing_sent": sample_changing,
        "sample_state_changed": delivered_sample,
        "sample_delivered_ratio": round(delivered_sample / sample_changing, 4)
        if sample_changing
        else None,
        "all_state_changed": delivered_all,
        "all_changing_expected": round(sample_changing / sample_n * n),
        "all_delivered_ratio": round(delivered_all / (sample_changing / sample_n * n), 4)
        if sample_changing
        else None,
        # The changing readings the sample devices sent / what the scenario schedules (one per
        # changing sensor and period): below MIN_READING_RATE the devices cannot generate N.
        "sample_reading_rate_ratio": round(
            sample_changing / (len(sample_macs) * len(CHANGING) * elapsed / settings.interval), 3
        )
        if sample_macs
        else None,
        "latency_ha_ms": summary(ha_latency),
        "latency_ws_ms": summary(ws_latency),
        # The device sends its 6 readings in this order; FAJMA evaluates once all are in.
        "latency_ha_ms_by_sensor": {key: summary(v) for key, v in by_sensor.items()},
        "latency_unmatched": unmatched,
        "fajma_alerts": len(stream.alerts),
    }


async def idle_point(run: HassRun, settings: Settings) -> dict[str, Any]:
    """Home Assistant with no device: the RSS baseline and the idle CPU and loop lag."""
    await asyncio.sleep(settings.baseline)
    await run.stats(reset=True)
    cpu0, t0 = cpu_seconds(run.pid), time.time()
    rss: list[float] = []
    end = time.monotonic() + settings.baseline
    while (left := end - time.monotonic()) > 0:
        await asyncio.sleep(min(1.0, left))
        rss.append(rss_mb(run.pid))
    stats = await run.stats(reset=False)
    elapsed = time.time() - t0
    return {
        "n": 0,
        "rss_mb": round(max(rss), 1),
        "ha_cpu_percent_of_one_core": round((cpu_seconds(run.pid) - cpu0) / elapsed * 100.0, 2),
        "loop_lag_ms": summary(stats["lag_ms"]),
        "loadavg": loadavg(),
    }


async def profile(run: HassRun, seconds: float, n: int) -> dict[str, Any]:
    """py-spy the hass process; share of samples by who is on the stack."""
    if not PY_SPY.exists():
        return {"error": "py-spy is not installed"}
    out = BENCH_DIR / f"profile-{run.integration}-{n}.txt"
    process = await asyncio.create_subprocess_exec(
        str(PY_SPY),
        "record",
        "--pid",
        str(run.pid),
        "--duration",
        str(int(seconds)),
        "--rate",
        "200",
        "--format",
        "raw",
        "--nonblocking",
        "--output",
        str(out),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), seconds + 60)
    if process.returncode != 0 or not out.exists():
        return {"error": err.decode(errors="replace")[-500:]}
    return profile_summary(out.read_text())


# py-spy names files relative to their sys.path entry: "fajma/coordinator.py" (the custom
# component, through the config folder's symlink), "homeassistant/components/esphome/...".
PROFILE_GROUPS: dict[str, tuple[str, ...]] = {
    "fajma integration": (" (fajma/", "custom_components/fajma/"),
    "core esphome integration": ("homeassistant/components/esphome/",),
    "aioesphomeapi": ("aioesphomeapi/",),
    "entity state writes (helpers/entity.py)": ("homeassistant/helpers/entity.py",),
    "state machine and bus (core.py)": ("homeassistant/core.py",),
    "sensor platform": ("homeassistant/components/sensor/",),
    "DataUpdateCoordinator": ("homeassistant/helpers/update_coordinator.py",),
    "websocket_api (the bench's own subscription)": ("homeassistant/components/websocket_api/",),
    "bench probe": ("fajma_bench/",),
}
IDLE_LEAVES = ("select (selectors.py", "EpollSelector.select")


def profile_summary(raw: str) -> dict[str, Any]:
    """Inclusive share of busy samples per group, and the top self-time functions."""
    total = 0
    idle = 0
    groups = dict.fromkeys(PROFILE_GROUPS, 0)
    own: dict[str, int] = {}
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        leaf = stack.split(";")[-1]
        if leaf.startswith(IDLE_LEAVES):
            idle += count
            continue
        total += count
        for name, needles in PROFILE_GROUPS.items():
            if any(needle in stack for needle in needles):
                groups[name] += count
        own[leaf] = own.get(leaf, 0) + count
    top = sorted(own.items(), key=lambda item: -item[1])[:15]
    return {
        "busy_samples": total,
        "idle_samples": idle,
        "inclusive_percent_of_busy": {k: round(v / total * 100, 1) for k, v in groups.items()}
        if total
        else {},
        "top_self_percent_of_busy": [
            {"frame": k, "percent": round(v / total * 100, 1)} for k, v in top
        ]
        if total
        else [],
    }


# --- the whole benchmark -----------------------------------------------------------------------


ALERT_EVERY = 2  # readings: one critical reading, then a normal one


async def alert_phase(
    run: HassRun, alert_fleet: Fleet, settings: Settings, n: int
) -> dict[str, Any]:
    """Reading -> fajma_alert latency with the critical delay at 0 (FAJMA only), at N devices.

    Probe devices play one critical heart rate (135 bpm) every ALERT_EVERY readings; each is
    timestamped by a second subscriber when the device publishes it, and must raise one
    alert. The benchmark acknowledges every alert at once (the `fajma.acknowledge` action),
    so the next critical reading raises a new one.
    """
    assert run.client is not None
    assert run.session is not None
    client = run.client
    entry_ids = await run.add_devices(alert_fleet.devices)
    run.added -= len(entry_ids)  # `added` counts the sweep's fleet, which goes on after this
    for entry_id in entry_ids:
        await client.set_fajma_options(entry_id, critical_delay=0)
    macs = {d.spec.mac for d in alert_fleet.devices}
    await wait_online(run, macs, timeout=60)
    subs = Subscribers()
    for device in alert_fleet.devices:
        await subs.add(device)
    subscribed_at = time.time()
    by_patient = {d.spec.name: d.spec.mac for d in alert_fleet.devices}
    acks: asyncio.Queue[str] = asyncio.Queue()
    raised: list[tuple[float, float, str, float]] = []  # (received, fired, mac, value)

    def on_alert(event: dict[str, Any]) -> None:
        data = event.get("data", {})
        if data.get("state") == "raised" and data.get("vital") == "heart_rate":
            fired = dt.datetime.fromisoformat(event["time_fired"]).timestamp()
            mac = by_patient.get(str(data.get("patient")), "")
            raised.append((time.time(), fired, mac, float(data.get("value") or 0)))
            acks.put_nowait(str(data["alert_id"]))

    async def acknowledge() -> None:
        while True:
            alert_id = await acks.get()
            with contextlib.suppress(HomeAssistantError):
                await client.ws(
                    {
                        "type": "call_service",
                        "domain": "fajma",
                        "service": "acknowledge",
                        "service_data": {"alert_id": alert_id},
                    }
                )

    stream = EventStream(run.session, run.base, client.token)
    stream.on_alert = on_alert
    await stream.open([])
    acker = asyncio.create_task(acknowledge())
    try:
        await asyncio.sleep(settings.warmup)
        raised.clear()
        start = time.time()
        await asyncio.sleep(settings.window)
        end = time.time()
        await asyncio.sleep(0.5)  # alerts of the last readings
    finally:
        acker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await acker
        await stream.close()
    # Every critical publication, also those after the window: an alert raised just after
    # `end` must match its own reading (and is then left out), not one a period earlier.
    critical = [
        (d.mac, pub)
        for d in subs.devices
        for pub in d.history.get("heart_rate", ())
        if pub.value == 135.0
    ]
    critical_in_window = sum(1 for _, pub in critical if start <= pub.time <= end)
    hr_rate = round(
        sum(len(d.history.get("heart_rate", ())) for d in subs.devices)
        / max(len(subs.devices), 1)
        / max(time.time() - subscribed_at, 1e-3),
        2,
    )
    await subs.close()
    fired_ms: list[float] = []
    seen_ms: list[float] = []
    for received, fired, mac, value in raised:
        pub = subs_find(critical, mac, value, fired + 0.25)
        if pub is None or not start <= pub.time <= end:
            continue
        fired_ms.append((fired - pub.time) * 1000.0)
        seen_ms.append((received - pub.time) * 1000.0)
    # Back to N devices, as core esphome has: larger N (--scale) compare like with like.
    for entry_id in entry_ids:
        await client.remove_entry(entry_id)
    return {
        "n": n,
        "events_seen": len(stream.alerts),
        "heart_rate_readings_per_device_s": hr_rate,
        "alert_devices": len(alert_fleet.devices),
        "interval_s": settings.alert_interval,
        "critical_readings_sent": critical_in_window,
        "alerts_raised": len(fired_ms),
        "reading_to_event_ms": summary(fired_ms),
        "reading_to_websocket_ms": summary(seen_ms),
    }


def subs_find(
    publications: list[tuple[str, Publication]], mac: str, value: float, before: float
) -> Publication | None:
    """The latest publication of `value` by `mac` not after `before`."""
    best: Publication | None = None
    for pub_mac, pub in publications:
        if (
            pub_mac == mac
            and pub.value == value
            and pub.time <= before
            and (best is None or pub.time > best.time)
        ):
            best = pub
    return best


async def bench_integration(
    integration: str, fleet: Fleet, settings: Settings, alert_fleet: Fleet | None = None
) -> dict[str, Any]:
    run = HassRun(integration, settings.hass_port, settings.fajma_source)
    subs = Subscribers()
    stream: EventStream | None = None
    result: dict[str, Any] = {"points": []}
    try:
        log(f"{integration}: starting Home Assistant")
        started = time.monotonic()
        await run.start()
        result["startup_s"] = round(time.monotonic() - started, 1)
        log(f"{integration}: up in {result['startup_s']} s (pid {run.pid}); idle baseline")
        baseline = await idle_point(run, settings)
        result["baseline"] = baseline
        # Among the devices running from the start (the fleet also lists --scale's, not yet).
        for device in [d for d in fleet.devices[: settings.sample] if _running(d)]:
            await subs.add(device)
        for n in settings.sweep:
            scaling = n > max(settings.counts)
            if scaling:
                if stop := scale_stop(result, n):
                    result["scale_stopped"] = stop
                    log(f"{integration}: scale extension stops before N={n}: {stop['detail']}")
                    break
                try:
                    await fleet.start(n)
                except (BenchError, VirtualDeviceError) as err:
                    result["scale_stopped"] = {
                        "n": n,
                        "reason": "devices_not_started",
                        "detail": f"{fleet.running()} of {n} devices running: {err}",
                    }
                    log(f"{integration}: N={n}: {result['scale_stopped']['detail']}")
                    break
            new = fleet.devices[run.added : n]
            log(f"{integration}: adding {len(new)} devices through the config flow (N={n})")
            t_add = time.monotonic()
            macs = {d.spec.mac for d in fleet.devices[:n]}
            try:
                await run.add_devices(new)
                entities = await wait_online(run, macs, timeout=60 + n)
            except (
                BenchError,
                HomeAssistantError,
                aiohttp.ClientError,
                aiohttp.WSMessageTypeError,  # a message over the size limit
                OSError,
            ) as err:
                if not scaling:
                    raise
                result["scale_stopped"] = {
                    "n": n,
                    "reason": "not_online",
                    "detail": f"{type(err).__name__}: {err}",
                }
                log(f"{integration}: N={n}: {err}")
                break
            add_s = round(time.monotonic() - t_add, 1)
            sample = {d.mac for d in subs.devices}
            watched = sorted(
                e for e, (mac, key) in entities.items() if mac in sample and key in CHANGING
            )
            if stream is not None:
                await stream.close()
            assert run.session is not None
            assert run.client is not None
            stream = EventStream(run.session, run.base, run.client.token)
            await stream.open(watched)
            log(
                f"{integration}: N={n} online after {add_s} s; warm-up {settings.warmup:g} s, "
                f"window {settings.window:g} s"
            )
            point = await measure_point(
                run=run,
                fleet=fleet,
                subs=subs,
                stream=stream,
                entities=entities,
                n=n,
                settings=settings,
                baseline_rss=baseline["rss_mb"],
                idle_cpu_rate=baseline["ha_cpu_percent_of_one_core"] / 100.0,
            )
            point["add_and_connect_s"] = add_s
            point["scale"] = scaling
            result["points"].append(point)
            log(
                f"{integration}: N={n} cpu/1000 readings {point['cpu_s_per_1000_readings']} s, "
                f"rss/device {point['rss_per_device_mb']} MB, lag p99 "
                f"{_fmt(point['loop_lag_ms']['p99'])} ms, HA latency p50/p99 "
                f"{_fmt(point['latency_ha_ms']['p50'])}/{_fmt(point['latency_ha_ms']['p99'])} ms "
                f"({point['latency_ha_ms']['count']} probes), delivered "
                f"{point['all_delivered_ratio']}, reading rate "
                f"{point['sample_reading_rate_ratio']}, machine {point['machine_busy_percent']} %"
            )
            if integration == "fajma" and alert_fleet is not None and n == settings.alert_n:
                # At N = 200 (the target), before the scale extension goes further.
                log(
                    f"fajma: alert probe, {len(alert_fleet.devices)} devices every "
                    f"{settings.alert_interval:g} s, critical delay 0, with N={n}"
                )
                result["alert_probe"] = await alert_phase(run, alert_fleet, settings, n)
                probe = result["alert_probe"]
                log(
                    f"fajma: reading -> fajma_alert p50/p99 "
                    f"{_fmt(probe['reading_to_event_ms']['p50'])}/"
                    f"{_fmt(probe['reading_to_event_ms']['p99'])} ms "
                    f"({probe['alerts_raised']} alerts for {probe['critical_readings_sent']} "
                    "critical readings)"
                )
            if settings.profile > 0 and n == settings.counts[-1]:
                log(f"{integration}: py-spy for {settings.profile:g} s at N={n}")
                result["profile"] = {"n": n, **await profile(run, settings.profile, n)}
    finally:
        if stream is not None:
            await stream.close()
        await subs.close()
        await run.stop()
    return result


def scale_stop(result: dict[str, Any], n: int) -> dict[str, Any] | None:
    """Why the scale extension goes no further than the points measured so far (or None).

    It stops once a point is past the limit (loop lag p99 >= 50 ms, devices that could not
    keep their reading rate), and before starting devices the system cannot hold: each
    device is a process with a listening socket, and its Home Assistant connection and the
    benchmark's own child watcher take a descriptor each.
    """
    for point in result["points"]:
        if reasons := point_failures(point):
            return {
                "n": n,
                "reason": "after_" + reasons[0],
                "detail": f"N={point['n']} is already past the limit ({', '.join(reasons)})",
            }
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and n + FDS_SPARE > soft:
        return {
            "n": n,
            "reason": "devices_not_started",
            "detail": f"{n} devices need more than the {soft} file descriptors of ulimit -n",
        }
    return None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _fmt(value: float | int | None) -> str:
    return "-" if value is None else f"{value:.2f}"


async def run_bench(settings: Settings, json_path: Path | None, plot_path: Path | None) -> int:
    BENCH_DIR.mkdir(exist_ok=True)
    machine = machine_info()
    machine["fajma_source"] = source_digest(settings.fajma_source)
    log(f"machine: {machine['cpu']} x{machine['cores']}, load {machine['loadavg_at_start']}")
    largest = max(settings.sweep)
    fleet = Fleet(
        largest,
        settings.base_port,
        settings.interval,
        write_scenario(BENCH_DIR / "scenario.csv"),
    )
    alert_fleet: Fleet | None = None
    if settings.alert_devices > 0 and "fajma" in settings.integrations:
        alert_fleet = Fleet(
            settings.alert_devices,
            settings.base_port + largest,
            settings.alert_interval,
            write_scenario(BENCH_DIR / "alert-scenario.csv", alert_every=ALERT_EVERY),
            prefix="alert",
        )
    results: dict[str, Any] = {}
    started = time.monotonic()
    try:
        log(f"starting {max(settings.counts)} virtual devices")
        await fleet.start(max(settings.counts))
        if alert_fleet is not None:
            await alert_fleet.start()
        for integration in settings.integrations:
            results[integration] = await bench_integration(
                integration, fleet, settings, alert_fleet
            )
            results[integration]["marginal_memory"] = marginal_memory(
                results[integration]["points"]
            )
            # The next integration starts its sweep with the same devices running.
            await fleet.stop_beyond(max(settings.counts))
    finally:
        await fleet.stop()
        if alert_fleet is not None:
            await alert_fleet.stop()
    machine["loadavg_at_end"] = loadavg()
    report = {
        "machine": machine,
        "settings": asdict(settings),
        "command": "scripts/bench " + " ".join(sys.argv[1:]),
        "wall_time_s": round(time.monotonic() - started, 1),
        "results": results,
        "fajma_over_core": ratios(results),
        "targets": targets(results),
        "scale_limit": scale_limits(results),
        "alert_vs_core": alert_vs_core(results),
    }
    text = json.dumps(report, indent=2, default=str)
    if json_path is not None:
        await asyncio.to_thread(_write, json_path, text + "\n")
        log(f"wrote {json_path}")
    else:
        print(text)
    if plot_path is not None:
        plot(results, plot_path, machine)
        log(f"wrote {plot_path}")
    log(f"done in {report['wall_time_s']} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--counts", default="1,10,50,200", help="device counts (default 1,10,50,200)"
    )
    parser.add_argument(
        "--scale",
        default="",
        help="counts past the sweep (e.g. 300,400,600), each integration going on until its "
        "loop lag p99 reaches 50 ms or the devices cannot keep their reading rate",
    )
    parser.add_argument("--interval", type=float, default=1.0, help="reading period, s (1)")
    parser.add_argument("--warmup", type=float, default=15.0, help="seconds before a window (15)")
    parser.add_argument("--window", type=float, default=60.0, help="measurement window, s (60)")
    parser.add_argument("--sample", type=int, default=5, help="devices with a 2nd subscriber (5)")
    parser.add_argument("--integrations", default="fajma,esphome", help="fajma,esphome")
    parser.add_argument("--base-port", type=int, default=17000, help="first device port (17000)")
    parser.add_argument("--hass-port", type=int, default=18123, help="Home Assistant port (18123)")
    parser.add_argument("--profile", type=float, default=0.0, help="py-spy seconds at the last N")
    parser.add_argument("--quick", action="store_true", help="N=1,10, short windows (< 3 min)")
    parser.add_argument(
        "--fajma-source",
        type=Path,
        default=REPO / "custom_components" / "fajma",
        help="the FAJMA integration folder to measure (default: this repository's)",
    )
    parser.add_argument(
        "--alert-devices", type=int, default=8, help="FAJMA alert-probe devices (8; 0: none)"
    )
    parser.add_argument(
        "--alert-interval", type=float, default=1.0, help="their reading period, s (1)"
    )
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--plot", type=Path, help="write the PNG plot here")
    args = parser.parse_args(argv)
    counts = sorted({int(c) for c in args.counts.split(",") if c.strip()})
    settings = Settings(
        counts=[1, 10] if args.quick else counts,
        interval=args.interval,
        warmup=3.0 if args.quick else args.warmup,
        window=12.0 if args.quick else args.window,
        baseline=3.0 if args.quick else 10.0,
        sample=args.sample,
        base_port=args.base_port,
        hass_port=args.hass_port,
        integrations=[i for i in args.integrations.split(",") if i],
        profile=args.profile,
        quick=args.quick,
        fajma_source=args.fajma_source,
        alert_devices=args.alert_devices,
        alert_interval=args.alert_interval,
        scale=sorted({int(c) for c in args.scale.split(",") if c.strip()}),
    )
    unknown = set(settings.integrations) - set(INTEGRATIONS)
    if unknown or not settings.counts or min(settings.counts) < 1 or settings.interval <= 0:
        parser.error("bad --integrations, --counts or --interval")
    if settings.scale and min(settings.scale) <= max(settings.counts):
        parser.error("--scale counts must be larger than the largest of --counts")
    last_port = settings.base_port + max(settings.sweep) + settings.alert_devices
    if settings.base_port <= settings.hass_port < last_port:
        parser.error(
            f"--hass-port {settings.hass_port} is among the device ports "
            f"{settings.base_port}..{last_port - 1}: choose another --base-port or --hass-port"
        )
    loop_task: asyncio.Task[int] | None = None

    async def runner() -> int:
        nonlocal loop_task
        loop_task = asyncio.current_task()
        asyncio.get_running_loop().add_signal_handler(
            signal.SIGTERM, lambda: loop_task.cancel() if loop_task else None
        )
        return await run_bench(settings, args.json, args.plot)

    try:
        return asyncio.run(runner())
    except (BenchError, HomeAssistantError, VirtualDeviceError) as err:
        print(f"bench: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt, asyncio.CancelledError:
        print("bench: interrupted; everything it started was stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
