"""Run virtual FAJMA devices: the real ESPHome firmware, built for the `host` platform.

Each device is a Linux process serving the real ESPHome native API on 127.0.0.1. Its
identity (name, MAC) and its port are chosen at run time, so one cached build serves any
number of devices; with an encryption key, a Noise proxy stands in front of it.

  scripts/virtual-device --scenario fever --port 16053
  scripts/virtual-device --count 4 --port 16053 --name ward      # ward-1 .. ward-4
  scripts/virtual-device --ppg recording.csv --port 16053        # the real oximeter driver

Scenario files: CSV with the header
  t,heart_rate,spo2,body_temperature,ambient_temperature,humidity,finger[,perfusion_index]
  [,irregular_pulse][,spo2_ratio]
(irregular_pulse 0/1, off when left out; spo2_ratio, when left out, is the R that the default
RD117 curve maps to the row's SpO2)

`t` in seconds; an empty cell or a missing column is published as NaN (no reading); lines
starting with # are comments. After the last row the device holds the last row's values
(--after-end hold, the default) or plays the file again from the start (--after-end loop).

Raw PPG (--ppg FILE): CSV with the header t,red,ir[,finger] — t in seconds, red and IR in raw
counts as a MAX30102's FIFO gives them at 7 mA LED current, any sample rate. The firmware's real
max3010x driver and signal processing then run against an emulated MAX30102 on an emulated I2C
bus that plays the file, resampled (linear interpolation) to the sensor's configured rate and
scaled by the LED currents the driver sets; rows with finger 0 read as no finger. Heart rate,
SpO2, perfusion index, finger detected, irregular pulse and SpO2 ratio come from the driver;
the other vitals from --scenario. The recording starts when the driver starts the sensor, in
real time (--time-scale applies to the scenario only). After its last row the sensor keeps
reading the last row's values (--after-end hold, the default: a finger without a pulse, so
heart rate and SpO2 become unknown) or plays the file again from the start (--after-end
loop; a jump in level at the seam can read as a brief motion artefact).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from dataclasses import dataclass, field
import fcntl
import hashlib
import os
from pathlib import Path
import re
import shutil
import signal
import socket
import subprocess
import sys

from fajma_tools.noise_proxy import NoiseProxy, decode_key

REPO = Path(__file__).resolve().parent.parent
FIRMWARE_DIR = REPO / "esphome"
FIRMWARE_YAML = FIRMWARE_DIR / "fajma-virtual.yaml"
SCENARIOS_DIR = FIRMWARE_DIR / "scenarios"
STATE_DIR = REPO / ".virtual-devices"
ESPHOME = REPO / ".venv-esphome" / "bin" / "esphome"
# Everything the virtual firmware is built from: a change to any of these rebuilds it.
BUILD_INPUTS = (
    FIRMWARE_YAML,
    FIRMWARE_DIR / "packages" / "contract.yaml",
    FIRMWARE_DIR / "components" / "virtual_patient",
    FIRMWARE_DIR / "components" / "max3010x",
    FIRMWARE_DIR / "components" / "max30102_emulator",
)
HOST = "127.0.0.1"
NAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,29}[a-z0-9])?$")


class VirtualDeviceError(Exception):
    """A virtual device could not be built or started."""


def scenario_names() -> list[str]:
    return sorted(path.stem for path in SCENARIOS_DIR.glob("*.csv"))


def resolve_scenario(scenario: str | Path) -> Path:
    """A shipped scenario's name, or the path of a CSV file."""
    path = Path(scenario)
    if path.suffix == ".csv" or path.exists():
        if not path.is_file():
            raise VirtualDeviceError(f"scenario file {path} does not exist")
        return path.resolve()
    named = SCENARIOS_DIR / f"{scenario}.csv"
    if not named.is_file():
        raise VirtualDeviceError(
            f"unknown scenario {scenario!r}; choose one of {', '.join(scenario_names())} "
            "or give a CSV file"
        )
    return named


PPG_COLUMNS = ("t", "red", "ir")


def resolve_ppg(path: str | Path) -> Path:
    """A raw PPG recording: an existing CSV whose header names t, red and ir."""
    ppg = Path(path)
    if not ppg.is_file():
        raise VirtualDeviceError(f"PPG file {ppg} does not exist")
    with ppg.open(encoding="utf-8", errors="replace") as stream:
        header = next((line for line in stream if line.strip() and not line.startswith("#")), "")
    columns = [cell.strip() for cell in header.split(",")]
    if not set(PPG_COLUMNS) <= set(columns):
        raise VirtualDeviceError(
            f"PPG file {ppg}: the header must name t, red and ir (got {header.strip()!r})"
        )
    return ppg.resolve()


def validate_name(name: str) -> str:
    if not NAME_PATTERN.match(name):
        raise VirtualDeviceError(
            f"device name {name!r} must be 1-31 lowercase letters, digits or hyphens "
            "(an ESPHome host name)"
        )
    return name


def derive_mac(name: str) -> str:
    """A stable, locally administered unicast MAC for a device name."""
    digest = hashlib.sha256(f"fajma-virtual:{name}".encode()).digest()
    return ":".join(f"{byte:02x}" for byte in (0x02, *digest[:5]))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    """True if a server could listen on 127.0.0.1:port now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the servers do: connections of a previous run in TIME_WAIT do not count.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


async def terminate(process: asyncio.subprocess.Process, timeout: float) -> bool:
    """SIGTERM a child and wait; SIGKILL it after `timeout`. False if it had to be killed."""
    if process.returncode is not None:
        return True
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        return False
    return True


def _inputs_digest() -> str:
    digest = hashlib.sha256()
    digest.update(ESPHOME.resolve().as_posix().encode())
    files: list[Path] = []
    for item in BUILD_INPUTS:
        files.extend(sorted(p for p in item.rglob("*") if p.is_file()) if item.is_dir() else [item])
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(REPO).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_built(*, quiet: bool = True) -> Path:
    """Build the virtual firmware unless the cached binary matches the sources."""
    if not ESPHOME.exists():
        raise VirtualDeviceError(f"{ESPHOME} is missing: run scripts/setup first")
    build_dir = STATE_DIR / "build"
    build_dir.mkdir(parents=True, exist_ok=True)
    binary = build_dir / f"fajma-virtual-{_inputs_digest()}"
    if binary.exists():
        return binary
    # Several test processes may start devices at once: one builds, the others wait.
    with (build_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if binary.exists():
            return binary
        result = subprocess.run(
            [str(ESPHOME), "compile", str(FIRMWARE_YAML)],
            cwd=FIRMWARE_DIR,
            capture_output=quiet,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            output = (result.stdout or "") + (result.stderr or "")
            raise VirtualDeviceError(f"esphome compile failed:\n{output[-4000:]}")
        program = FIRMWARE_DIR / ".esphome/build/fajma-virtual/.pioenvs/fajma-virtual/program"
        for old in build_dir.glob("fajma-virtual-*"):
            old.unlink()
        tmp = binary.with_suffix(".tmp")
        shutil.copy2(program, tmp)
        tmp.replace(binary)
    return binary


async def wait_for_port(port: int, timeout: float, process: asyncio.subprocess.Process) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if process.returncode is not None:
            raise VirtualDeviceError(f"the device exited with code {process.returncode}")
        try:
            _, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            if loop.time() > deadline:
                raise VirtualDeviceError(f"the device did not listen on port {port}") from None
            await asyncio.sleep(0.05)
            continue
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
        return


@dataclass
class DeviceSpec:
    name: str
    port: int
    scenario: Path
    time_scale: float = 1.0
    after_end: str = "hold"
    reading_interval: float = 1.0
    friendly_name: str | None = None
    encryption_key: str | None = None
    ppg: Path | None = None
    mac: str = field(init=False)

    def __post_init__(self) -> None:
        validate_name(self.name)
        self.mac = derive_mac(self.name)
        if self.encryption_key is not None:
            try:
                decode_key(self.encryption_key)
            except ValueError as err:
                raise VirtualDeviceError(str(err)) from err


class RunningDevice:
    """One virtual device process (and its Noise proxy when encrypted)."""

    def __init__(self, spec: DeviceSpec, binary: Path, state_dir: Path) -> None:
        self.spec = spec
        self._binary = binary
        self._state_dir = state_dir
        self.process: asyncio.subprocess.Process | None = None
        self._proxy: NoiseProxy | None = None

    async def start(self, *, log: int | None = None, timeout: float = 20.0) -> None:
        spec = self.spec
        device_port = free_port() if spec.encryption_key else spec.port
        prefs = self._state_dir / "prefs"
        prefs.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "ESPHOME_PREFDIR": str(prefs),
            "FAJMA_SCENARIO": str(spec.scenario),
            "FAJMA_TIME_SCALE": repr(spec.time_scale),
            "FAJMA_AFTER_END": spec.after_end,
            "FAJMA_READING_INTERVAL_MS": str(max(1, round(spec.reading_interval * 1000))),
            "FAJMA_API_PORT": str(device_port),
            "FAJMA_DEVICE_NAME": spec.name,
            "FAJMA_FRIENDLY_NAME": spec.friendly_name or spec.name,
            "FAJMA_MAC": spec.mac.replace(":", ""),
            "FAJMA_PPG": str(spec.ppg) if spec.ppg else "",
        }
        self.process = await asyncio.create_subprocess_exec(
            str(self._binary),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        await wait_for_port(device_port, timeout, self.process)
        if spec.encryption_key:
            self._proxy = NoiseProxy(
                key=spec.encryption_key,
                name=spec.name,
                mac=spec.mac,
                device_port=device_port,
                listen_port=spec.port,
            )
            await self._proxy.start()

    async def stop(self) -> None:
        if self._proxy is not None:
            await self._proxy.close()
            self._proxy = None
        if self.process is not None:
            await terminate(self.process, 10)


async def run(specs: list[DeviceSpec], state_dir: Path, *, verbose: bool) -> int:
    binary = ensure_built(quiet=not verbose)
    devices = [RunningDevice(spec, binary, state_dir) for spec in specs]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    exit_code = 0
    try:
        for device in devices:
            await device.start(log=None if verbose else subprocess.DEVNULL)
            spec = device.spec
            encrypted = " (encrypted)" if spec.encryption_key else ""
            print(
                f"{spec.name}: {HOST}:{spec.port}{encrypted} mac {spec.mac} "
                f"scenario {spec.scenario.stem} x{spec.time_scale:g}"
                + (f", PPG {spec.ppg.name}" if spec.ppg else ""),
                flush=True,
            )
        print("READY", flush=True)
        waits = [asyncio.create_task(d.process.wait()) for d in devices if d.process]
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({stopper, *waits}, return_when=asyncio.FIRST_COMPLETED)
        if stopper not in done:
            print("a virtual device exited on its own; stopping the others", file=sys.stderr)
            exit_code = 1
        stopper.cancel()
        for task in waits:
            task.cancel()
    finally:
        await asyncio.gather(*(device.stop() for device in devices), return_exceptions=True)
    return exit_code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/virtual-device",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=6053, help="API port (default 6053)")
    parser.add_argument(
        "--scenario", default="stable", help=f"one of {', '.join(scenario_names())}, or a CSV path"
    )
    parser.add_argument("--time-scale", type=float, default=1.0, help="play X times faster")
    parser.add_argument(
        "--after-end",
        choices=("hold", "loop"),
        default="hold",
        help="after the last row of the scenario (and of --ppg): hold it, or start again",
    )
    parser.add_argument(
        "--ppg",
        metavar="FILE",
        help="raw red/IR recording (t,red,ir[,finger]) for the emulated MAX30102: heart rate, "
        "SpO2 and the other oximeter entities come from the real driver (see above)",
    )
    parser.add_argument(
        "--interval", type=float, default=1.0, help="seconds between readings (default 1)"
    )
    parser.add_argument("--name", default="fajma-virtual", help="device name (identity and MAC)")
    parser.add_argument("--friendly-name", help="name shown in Home Assistant")
    parser.add_argument("--encryption-key", help="base64 API key: serve through a Noise proxy")
    parser.add_argument("--count", type=int, default=1, help="start N devices NAME-1..NAME-N")
    parser.add_argument("--state-dir", type=Path, default=STATE_DIR, help="stored preferences")
    parser.add_argument("--build-only", action="store_true", help="build (or check) and exit")
    parser.add_argument("--verbose", "-v", action="store_true", help="show build and device logs")
    args = parser.parse_args(argv)
    try:
        if args.build_only:
            print(ensure_built(quiet=not args.verbose))
            return 0
        if args.time_scale <= 0 or args.interval <= 0:
            raise VirtualDeviceError("--time-scale and --interval must be positive")
        scenario = resolve_scenario(args.scenario)
        ppg = resolve_ppg(args.ppg) if args.ppg else None
        names = (
            [args.name]
            if args.count == 1
            else [f"{args.name}-{i}" for i in range(1, args.count + 1)]
        )
        specs = [
            DeviceSpec(
                name=name,
                port=args.port + index,
                scenario=scenario,
                time_scale=args.time_scale,
                after_end=args.after_end,
                reading_interval=args.interval,
                friendly_name=args.friendly_name if args.count == 1 else None,
                encryption_key=args.encryption_key,
                ppg=ppg,
            )
            for index, name in enumerate(names)
        ]
        return asyncio.run(run(specs, args.state_dir, verbose=args.verbose))
    except VirtualDeviceError as err:
        print(f"virtual-device: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
