"""scripts/demo: two virtual patients and a real Home Assistant with FAJMA, on 127.0.0.1.

The first run creates `.demo/` (ignored by git): a Home Assistant configuration that is
onboarded through Home Assistant's own onboarding API, two FAJMA entries added through the
real config flow, and the FAJMA dashboard as the default dashboard. Later runs reuse it;
--reset starts from a clean configuration. Ctrl-C stops everything the demo started.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
import json
import os
from pathlib import Path
import shutil
import signal
import subprocess
import sys
from typing import Any

import aiohttp

from fajma_tools.hass_client import HomeAssistantClient, HomeAssistantError
from fajma_tools.virtual_device import (
    HOST,
    REPO,
    DeviceSpec,
    RunningDevice,
    VirtualDeviceError,
    ensure_built,
    resolve_scenario,
)

DEMO_DIR = REPO / ".demo"
USERNAME = "demo"
PASSWORD = "fajma-demo"  # a published demo login, on a loopback-only server
HASS = REPO / ".venv" / "bin" / "hass"


@dataclass(frozen=True)
class Patient:
    device: str
    title: str
    scenario: str
    time_scale: float
    port: int


PATIENTS = (
    Patient("fajma-eliane", "Grand-mère Éliane", "stable", 1.0, 16101),
    # Compressed so that SpO2 turns warning within half a minute and critical in about 90 s.
    Patient("fajma-jean", "Papi Jean", "deteriorating", 4.0, 16102),
)

CONFIGURATION_YAML = """\
# Written by scripts/demo. Only what the demo needs, all on 127.0.0.1.
homeassistant:
  name: FAJMA demo
  time_zone: Europe/Paris
  unit_system: metric
  country: FR
  currency: EUR
http:
  server_host: 127.0.0.1
  server_port: {port}
frontend:
config:
history:
logbook:
recorder:
  purge_keep_days: 3
logger:
  default: warning
  logs:
    custom_components.fajma: info
"""


class DemoError(Exception):
    """The demo could not start."""


def log(message: str) -> None:
    print(f"demo: {message}", flush=True)


def prepare_config(config: Path, port: int) -> None:
    config.mkdir(parents=True, exist_ok=True)
    (config / "configuration.yaml").write_text(CONFIGURATION_YAML.format(port=port))
    custom = config / "custom_components"
    custom.mkdir(exist_ok=True)
    link = custom / "fajma"
    if not link.is_symlink():
        if link.exists():
            shutil.rmtree(link)
        link.symlink_to(REPO / "custom_components" / "fajma")


class DemoClient(HomeAssistantClient):
    """Adds the demo's patients and dashboard."""

    async def add_patient(self, patient: Patient) -> None:
        """Add a FAJMA device through the real config flow, as a user does in the UI."""
        flow = await self._json(
            "POST", "/api/config/config_entries/flow", json={"handler": "fajma"}
        )
        fields = {field["name"] for field in flow.get("data_schema", [])}
        user_input: dict[str, Any] = {"host": HOST, "port": patient.port}
        for name in fields:
            if "name" in name or "patient" in name:
                user_input[name] = patient.title
        result = await self._json(
            "POST", f"/api/config/config_entries/flow/{flow['flow_id']}", json=user_input
        )
        if result.get("type") == "create_entry":
            log(f"added {patient.title} ({HOST}:{patient.port})")
        elif result.get("type") == "abort" and result.get("reason") == "already_configured":
            log(f"{patient.title} is already configured")
        else:
            raise HomeAssistantError(f"adding {patient.title} failed: {json.dumps(result)}")

    async def install_dashboard(self) -> None:
        entries = await self.ws({"type": "config_entries/get", "domain": "fajma"})
        entry_ids = {entry["entry_id"] for entry in entries}
        devices = await self.ws({"type": "config/device_registry/list"})
        patient_devices = [
            device for device in devices if entry_ids & set(device.get("config_entries", []))
        ]
        patient_devices.sort(key=lambda device: device.get("name_by_user") or device["name"])
        cards: list[dict[str, Any]] = [{"type": "custom:fajma-overview-card"}]
        cards += [
            {"type": "custom:fajma-patient-card", "device_id": device["id"]}
            for device in patient_devices
        ]
        config = {
            "title": "FAJMA",
            "views": [
                {"title": "Patients", "path": "patients", "icon": "mdi:heart-pulse", "cards": cards}
            ],
        }
        # The default dashboard ("Overview") becomes the FAJMA dashboard.
        await self.ws({"type": "lovelace/config/save", "config": config})


async def run_demo(args: argparse.Namespace) -> int:
    if args.reset and DEMO_DIR.exists():
        log("--reset: removing the previous demo configuration")
        shutil.rmtree(DEMO_DIR)
    config = DEMO_DIR / "config"
    prepare_config(config, args.port)
    binary = await asyncio.to_thread(ensure_built)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    devices = [
        RunningDevice(
            DeviceSpec(
                name=patient.device,
                port=patient.port,
                scenario=resolve_scenario(patient.scenario),
                time_scale=patient.time_scale,
                friendly_name=patient.title,
            ),
            binary,
            DEMO_DIR / "devices",
        )
        for patient in PATIENTS
    ]
    hass: asyncio.subprocess.Process | None = None
    device_log = (DEMO_DIR / "devices.log").open("ab")
    try:
        for device, patient in zip(devices, PATIENTS, strict=True):
            await device.start(log=device_log.fileno())
            log(f"virtual device {patient.device}: {patient.scenario} on {HOST}:{patient.port}")
        with (DEMO_DIR / "home-assistant.log").open("ab") as hass_log:
            hass = await asyncio.create_subprocess_exec(
                str(HASS),
                "--config",
                str(config),
                "--skip-pip",
                stdout=hass_log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        base = f"http://{HOST}:{args.port}"
        async with aiohttp.ClientSession() as session:
            client = DemoClient(session, base, USERNAME, PASSWORD)
            log("starting Home Assistant (the first start takes a minute)")
            await client.wait_until_up(hass, timeout=300)
            await client.onboard_or_login()
            for patient in PATIENTS:
                await client.add_patient(patient)
            await client.install_dashboard()
            await client.close()
        print(
            f"\nFAJMA demo ready: {base}\n  login: {USERNAME} / {PASSWORD}\n"
            "  Papi Jean deteriorates: SpO2 warning in about 30 s, critical in about 90 s.\n"
            "  Logs: .demo/home-assistant.log, .demo/devices.log. Ctrl-C stops the demo.\n"
            "DEMO READY",
            flush=True,
        )
        hass_exit = asyncio.create_task(hass.wait())
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({hass_exit, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        hass_exit.cancel()
        if hass_exit in done:
            log(f"Home Assistant exited ({hass.returncode}); see .demo/home-assistant.log")
            return 1
        return 0
    finally:
        log("stopping")
        if hass is not None and hass.returncode is None:
            hass.terminate()
            try:
                await asyncio.wait_for(hass.wait(), 60)
            except TimeoutError:
                hass.kill()
                await hass.wait()
        await asyncio.gather(*(device.stop() for device in devices), return_exceptions=True)
        device_log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/demo", description=__doc__)
    parser.add_argument("--reset", action="store_true", help="start from a clean configuration")
    parser.add_argument("--port", type=int, default=8123, help="Home Assistant port (8123)")
    args = parser.parse_args(argv)
    try:
        return asyncio.run(run_demo(args))
    except (DemoError, HomeAssistantError, VirtualDeviceError) as err:
        print(f"demo: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
