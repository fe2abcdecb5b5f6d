"""scripts/demo: two virtual patients and a real Home Assistant with FAJMA, on 127.0.0.1.

The first run creates the demo folder (`.demo/` by default, ignored by git): a Home Assistant
configuration that is onboarded through Home Assistant's own onboarding API, two FAJMA entries
added through the real config flow, and a FAJMA dashboard (an overview card and one patient
card per patient) that every user lands on. Later runs reuse it; --reset starts from a clean
configuration. Everything listens on 127.0.0.1 only (Home Assistant's mDNS responder aside).
Ctrl-C (or SIGTERM) stops everything the demo started. `DEMO READY` on its own line means
the demo is ready.

A "Demo phone" registers as the Home Assistant companion app does and is the patients'
phone to warn: what Home Assistant pushes to it shows on its own page (printed with the demo's
URL, --phone-port) and in phone.log; its "I'm on it" button acknowledges as the app does.

  scripts/demo                                   # http://127.0.0.1:8123, devices on 16101-16102
  scripts/demo --dir /tmp/d --port 18123 --device-port 18200   # a second, isolated demo
  scripts/demo --language fr                     # Home Assistant, user and alerts in French
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
import importlib.util
import json
from pathlib import Path
import shutil
import signal
import sys
import time
from typing import Any

import aiohttp

from fajma_tools.hass_client import HomeAssistantClient, HomeAssistantError, start_home_assistant
from fajma_tools.phone import Phone
from fajma_tools.virtual_device import (
    HOST,
    REPO,
    DeviceSpec,
    RunningDevice,
    VirtualDeviceError,
    ensure_built,
    port_is_free,
    resolve_scenario,
    terminate,
)

DEMO_DIR = REPO / ".demo"
DEFAULT_PORT = 8123
DEFAULT_DEVICE_PORT = 16101
DEFAULT_PHONE_PORT = 8124
PHONE_NAME = "Demo phone"
PHONE_TIMEOUT = 30.0  # the phone's notify service appears after its registration
USERNAME = "demo"
PASSWORD = "fajma-demo"  # a published demo login, on a loopback-only server
DASHBOARD_URL = "fajma-patients"  # /fajma-patients/patients, the default page
LANGUAGES = ("en", "fr")  # FAJMA's translations
STATE_FILE = "demo.json"  # what the previous run configured (device ports)
START_TIMEOUT = 300.0  # Home Assistant's first start (database, frontend) on a slow machine
SETUP_TIMEOUT = 120.0  # FAJMA entries loaded and their devices registered
STOP_TIMEOUT = 60.0
# Home Assistant 2026.10's .storage/http: its format version and the settings it stores
# besides the address (its defaults).
HTTP_STORE_VERSION = (2, 2)
HTTP_DEFAULTS: dict[str, Any] = {
    "cors_allowed_origins": ["https://cast.home-assistant.io"],
    "login_attempts_threshold": -1,
    "ip_ban_enabled": True,
    "ssl_profile": "modern",
    "use_x_frame_options": True,
}
# Modules Home Assistant needs for the demo but --skip-pip does not install; all of them come
# from requirements_test.txt (scripts/setup).
REQUIRED_MODULES = {
    # The camera component, imported by every `get_services` call: without it the frontend
    # never gets past "Loading...".
    "turbojpeg": "PyTurboJPEG",
}


@dataclass(frozen=True)
class Patient:
    device: str
    title: str
    scenario: str
    time_scale: float


PATIENTS = (
    Patient("fajma-eliane", "Grand-mère Éliane", "stable", 1.0),
    # Played four times faster: SpO2 turns warning after about 35 s, critical after about 95 s.
    Patient("fajma-jean", "Papi Jean", "deteriorating", 4.0),
)

CONFIGURATION_YAML = """\
# Written by scripts/demo at every start: only what the demo needs. The HTTP server's address
# (127.0.0.1 and --port) is not set here: Home Assistant keeps it in .storage/http, which
# scripts/demo also writes before every start.
homeassistant:
  name: FAJMA demo
  time_zone: Europe/Paris
  unit_system: metric
  country: FR
  currency: EUR
  language: {language}
frontend:
config:
# The caregivers' phones: the companion app's registration, its notify services and webhook.
mobile_app:
history:
logbook:
recorder:
  purge_keep_days: 3
  commit_interval: 5
logger:
  default: warning
  logs:
    custom_components.fajma: info
"""


class DemoError(Exception):
    """The demo could not start."""


def log(message: str) -> None:
    print(f"demo: {message}", flush=True)


def prepare_config(config: Path, language: str = "en") -> None:
    config.mkdir(parents=True, exist_ok=True)
    (config / "configuration.yaml").write_text(CONFIGURATION_YAML.format(language=language))
    custom = config / "custom_components"
    custom.mkdir(exist_ok=True)
    link = custom / "fajma"
    target = REPO / "custom_components" / "fajma"
    if link.is_symlink() and link.resolve() == target:
        return
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.exists():
        shutil.rmtree(link)
    link.symlink_to(target)


def read_json(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text())
    except OSError, ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    tmp.replace(path)


def write_http_config(config: Path, port: int) -> None:
    """Make Home Assistant's HTTP server listen on 127.0.0.1:`port` only.

    Home Assistant 2026.10 keeps its HTTP settings in `.storage/http`. A YAML `http:` section
    is migrated there once as an unconfirmed trial, which Home Assistant reverts after five
    minutes unless someone confirms it in the UI (the revert restarts it on every interface,
    port 8123), and is ignored afterwards (so --port could not change). The demo therefore
    writes the confirmed ("stable") settings itself before every start, keeping the rest.
    """
    path = config / ".storage" / "http"
    stored = read_json(path)
    version = (stored.get("version"), stored.get("minor_version"))
    data = stored.get("data") if version == HTTP_STORE_VERSION else None
    stable = data.get("stable") if isinstance(data, dict) else None
    now = datetime.now(UTC).isoformat()
    settings = {
        **HTTP_DEFAULTS,
        **(stable if isinstance(stable, dict) else {"created_at": now}),
        "server_host": [HOST],
        "server_port": port,
        "error": None,
        "error_message": None,
    }
    if settings != stable:
        settings["created_at"] = now
    write_json(
        path,
        {
            "version": HTTP_STORE_VERSION[0],
            "minor_version": HTTP_STORE_VERSION[1],
            "key": "http",
            "data": {"stable": settings, "pending": None, "yaml_migration_done": True},
        },
    )


def check_requirements() -> None:
    missing = [
        package
        for module, package in REQUIRED_MODULES.items()
        if not importlib.util.find_spec(module)
    ]
    if missing:
        raise DemoError(
            f"Home Assistant needs {', '.join(missing)} for the demo, and it is not installed in "
            ".venv: add it to requirements_test.txt (the version Home Assistant's manifest "
            "pins) and run scripts/setup"
        )


class DemoClient(HomeAssistantClient):
    """Adds the demo's phone, patients and dashboard."""

    phone_service: str | None = None  # the notify service patients added now will warn

    async def register_phone(self, phone: Phone, base: str) -> None:
        """Register the demo's phone (again: its push URL may have changed since last run)."""
        for entry in await self.ws({"type": "config_entries/get", "domain": "mobile_app"}):
            if entry["title"] == phone.name:
                await self._json("DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}")
        await phone.register(base, self._token or "")
        domain, service = phone.service.split(".")
        deadline = time.monotonic() + PHONE_TIMEOUT
        while service not in (await self.ws({"type": "get_services"})).get(domain, {}):
            if time.monotonic() > deadline:
                raise HomeAssistantError(f"{phone.service} did not appear after registration")
            await asyncio.sleep(0.5)
        self.phone_service = phone.service
        log(f"registered {phone.name} ({phone.service})")

    async def fajma_entries(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = await self.ws(
            {"type": "config_entries/get", "domain": "fajma"}
        )
        return entries

    async def _run_flow(self, start: dict[str, Any], user_input: dict[str, Any]) -> Any:
        flow = await self._json("POST", "/api/config/config_entries/flow", json=start)
        if flow.get("type") != "form":
            return flow
        path = f"/api/config/config_entries/flow/{flow['flow_id']}"
        result = await self._json("POST", path, json=user_input)
        if result.get("type") == "form" and result.get("step_id") == "unencrypted_confirm":
            # The demo's virtual devices are plaintext and listen on 127.0.0.1 only; Home
            # Assistant shows the repair issue it keeps for unencrypted devices.
            log(f"confirming an unencrypted connection to {user_input.get('host')} (loopback)")
            result = await self._json("POST", path, json={})
        if result.get("type") == "form" and result.get("step_id") == "recipients":
            # The demo phone is warned; without one, "nobody" must be said explicitly.
            answer: dict[str, Any] = (
                {"notify_targets": [self.phone_service]}
                if self.phone_service
                else {"no_notifications": True}
            )
            result = await self._json("POST", path, json=answer)
        return result

    async def add_patient(self, patient: Patient, port: int, moved: bool) -> None:
        """Add a FAJMA device through the real config flow, as a user does in the UI.

        A patient added by an earlier run is kept; when its device now listens on another
        port (--device-port changed), the entry follows it through the reconfigure flow.
        """
        address = {"host": HOST, "port": port}
        existing = {entry["title"]: entry for entry in await self.fajma_entries()}
        entry = existing.get(patient.title)
        if entry is not None:
            if not moved:
                log(f"{patient.title} is already configured")
                return
            result = await self._run_flow(
                {"handler": "fajma", "entry_id": entry["entry_id"]}, address
            )
            if result.get("type") == "abort" and result.get("reason") == "reconfigure_successful":
                log(f"{patient.title} now at {HOST}:{port}")
                return
            raise HomeAssistantError(f"moving {patient.title} failed: {json.dumps(result)}")
        result = await self._run_flow(
            {"handler": "fajma"}, {**address, "patient_name": patient.title}
        )
        if result.get("type") == "create_entry":
            log(f"added {patient.title} ({HOST}:{port})")
        elif result.get("type") == "abort" and result.get("reason") == "already_configured":
            log(f"{patient.title}'s device is already configured")
        else:
            raise HomeAssistantError(f"adding {patient.title} failed: {json.dumps(result)}")

    async def wait_for_patients(self, timeout: float) -> list[dict[str, Any]]:
        """The patients' devices, once every FAJMA entry has loaded and registered its device."""
        deadline = time.monotonic() + timeout
        titles = {patient.title for patient in PATIENTS}
        while True:
            entries = [e for e in await self.fajma_entries() if e["title"] in titles]
            loaded = {e["entry_id"] for e in entries if e["state"] == "loaded"}
            devices = [
                device
                for device in await self.ws({"type": "config/device_registry/list"})
                # One config entry per device since Home Assistant 2026.10 (config_entry_id).
                if loaded & {device.get("config_entry_id"), *device.get("config_entries", [])}
            ]
            if len(entries) == len(titles) == len(loaded) and len(devices) >= len(titles):
                return devices
            if time.monotonic() > deadline:
                states = {e["title"]: e["state"] for e in entries}
                raise HomeAssistantError(
                    f"the FAJMA entries did not load in {timeout:.0f} s: {states}"
                )
            await asyncio.sleep(1.0)

    async def install_dashboard(self, devices: list[dict[str, Any]]) -> None:
        order = {patient.title: index for index, patient in enumerate(PATIENTS)}
        devices = sorted(
            devices,
            key=lambda device: order.get(device.get("name_by_user") or device["name"], 99),
        )
        cards: list[dict[str, Any]] = [{"type": "custom:fajma-overview-card"}]
        cards += [
            {"type": "custom:fajma-patient-card", "device_id": device["id"]} for device in devices
        ]
        config = {
            "title": "FAJMA",
            "views": [
                {"title": "Patients", "path": "patients", "icon": "mdi:heart-pulse", "cards": cards}
            ],
        }
        # A dashboard of its own (a new Home Assistant has no editable default dashboard: it
        # opens its generated "home" overview), made the page everyone lands on.
        dashboards = await self.ws({"type": "lovelace/dashboards/list"})
        if not any(item["url_path"] == DASHBOARD_URL for item in dashboards):
            await self.ws(
                {
                    "type": "lovelace/dashboards/create",
                    "url_path": DASHBOARD_URL,
                    "title": "FAJMA",
                    "icon": "mdi:heart-pulse",
                    "mode": "storage",
                    "show_in_sidebar": True,
                    "require_admin": False,
                }
            )
        await self.ws({"type": "lovelace/config/save", "url_path": DASHBOARD_URL, "config": config})
        core = (await self.ws({"type": "frontend/get_system_data", "key": "core"}))["value"]
        core = core if isinstance(core, dict) else {}
        if core.get("default_panel") != DASHBOARD_URL:
            await self.ws(
                {
                    "type": "frontend/set_system_data",
                    "key": "core",
                    "value": {**core, "default_panel": DASHBOARD_URL},
                }
            )

    async def remove_failed_onboarding_entries(self) -> None:
        """Remove what onboarding set up and the offline demo cannot run.

        Onboarding adds Google Translate text-to-speech, Met.no weather and Radio Browser;
        their packages are not installed (--skip-pip, offline), so they would only show as
        failed integrations.
        """
        for entry in await self.ws({"type": "config_entries/get"}):
            if entry.get("source") == "onboarding" and entry.get("state") in (
                "setup_error",
                "setup_retry",
                "not_loaded",
            ):
                await self._json("DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}")
                log(f"removed {entry['title']} (added by onboarding, cannot run offline)")


class Demo:
    """The processes of one demo and the steps that configure Home Assistant."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.dir: Path = args.dir.resolve()
        self.port: int = args.port
        self.device_port: int = args.device_port
        self.reset: bool = args.reset
        self.language: str = args.language
        self.phone_port: int = args.phone_port
        self.phone = Phone(PHONE_NAME, log=self.dir / "phone.log")
        self.devices: list[RunningDevice] = []
        self.hass: asyncio.subprocess.Process | None = None
        self.ports = {
            patient.device: self.device_port + index for index, patient in enumerate(PATIENTS)
        }

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    async def start(self) -> None:
        """Start the devices and Home Assistant, configure it; returns when the demo is ready."""
        started = time.monotonic()
        ports = (self.port, self.phone_port, *self.ports.values())
        busy = [p for p in ports if not port_is_free(p)]
        if busy:
            raise DemoError(
                f"port(s) {', '.join(map(str, busy))} on {HOST} are in use "
                "(another demo? choose --port / --phone-port / --device-port)"
            )
        check_requirements()
        if self.reset and self.dir.exists():
            if (
                any(self.dir.iterdir())
                and not (self.dir / "config" / "configuration.yaml").exists()
            ):
                raise DemoError(
                    f"--reset: {self.dir} does not look like a demo folder; not removing it"
                )
            log(f"--reset: removing {self.dir}")
            await asyncio.to_thread(shutil.rmtree, self.dir)
        config = self.dir / "config"
        prepare_config(config, self.language)
        write_http_config(config, self.port)
        state_path = self.dir / STATE_FILE
        previous_ports: dict[str, int] = read_json(state_path).get("device_ports", {})
        binary = await asyncio.to_thread(ensure_built)

        with (self.dir / "devices.log").open("ab") as device_log:
            for patient in PATIENTS:
                device = RunningDevice(
                    DeviceSpec(
                        name=patient.device,
                        port=self.ports[patient.device],
                        scenario=resolve_scenario(patient.scenario),
                        time_scale=patient.time_scale,
                        friendly_name=patient.title,
                    ),
                    binary,
                    self.dir / "devices",
                )
                self.devices.append(device)
                await device.start(log=device_log.fileno())
                log(
                    f"virtual device {patient.device}: {patient.scenario} "
                    f"x{patient.time_scale:g} on {HOST}:{self.ports[patient.device]}"
                )
        self.hass = await start_home_assistant(config, self.port, self.dir / "home-assistant.log")
        log(f"starting Home Assistant on {self.base} (log: {self.dir / 'home-assistant.log'})")
        async with aiohttp.ClientSession() as session:
            client = DemoClient(session, self.base, USERNAME, PASSWORD)
            try:
                await client.wait_until_up(self.hass, timeout=START_TIMEOUT)
                log(f"Home Assistant is up after {time.monotonic() - started:.0f} s")
                await client.onboard_or_login(language=self.language)
                # The caregiver's own language choice (the frontend's profile setting).
                await client.set_language(self.language)
                await self.phone.start(self.phone_port)
                await client.register_phone(self.phone, self.base)
                for patient in PATIENTS:
                    port = self.ports[patient.device]
                    moved = previous_ports.get(patient.device, port) != port
                    await client.add_patient(patient, port, moved)
                write_json(state_path, {"device_ports": self.ports})
                devices = await client.wait_for_patients(SETUP_TIMEOUT)
                await client.install_dashboard(devices)
                await client.remove_failed_onboarding_entries()
            finally:
                await client.close()
        log(f"ready after {time.monotonic() - started:.0f} s")

    async def wait(self, stop: asyncio.Event) -> int:
        """Run until stopped (0) or until a process of the demo exits on its own (1)."""
        assert self.hass is not None
        watched = {asyncio.create_task(self.hass.wait()): "Home Assistant"}
        for device in self.devices:
            if device.process is not None:
                watched[asyncio.create_task(device.process.wait())] = device.spec.name
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({stopper, *watched}, return_when=asyncio.FIRST_COMPLETED)
        if stopper not in done:
            # Ctrl-C reaches the whole process group: the devices may exit before the demo's
            # own signal handler has run. That is a stop, not a failure.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(stopper), 0.5)
        for task in (stopper, *watched):
            task.cancel()
        if stop.is_set():
            return 0
        for task in done:
            log(f"{watched[task]} exited on its own; see the logs in {self.dir}")
        return 1

    async def stop(self) -> None:
        """Stop Home Assistant (it saves its state), then the devices."""
        hass = self.hass
        if hass is not None and not await terminate(hass, STOP_TIMEOUT):
            log("Home Assistant did not stop in time; it was killed")
        await asyncio.gather(*(device.stop() for device in self.devices), return_exceptions=True)
        await self.phone.stop()


async def run_demo(args: argparse.Namespace) -> int:
    demo = Demo(args)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    exit_code = 0
    try:
        starting = asyncio.create_task(demo.start())
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({starting, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        if not starting.done():  # stopped while starting: nothing to report
            starting.cancel()
            await asyncio.gather(starting, return_exceptions=True)
            log("stopped before the demo was ready")
            return 0
        starting.result()  # raises the reason the demo could not start
        print(
            f"\nFAJMA demo ready: {demo.base}\n"
            f"  login: {USERNAME} / {PASSWORD}\n"
            f"  {PHONE_NAME} (what the patients' alerts push to it): {demo.phone.url}\n"
            "  Papi Jean deteriorates: SpO2 warning after about 35 s, critical after about 95 s.\n"
            f"  Logs: {demo.dir / 'home-assistant.log'}, {demo.dir / 'devices.log'}, "
            f"{demo.dir / 'phone.log'}.\n"
            "  Ctrl-C stops the demo.\n"
            "DEMO READY",
            flush=True,
        )
        exit_code = await demo.wait(stop)
    finally:
        if demo.hass is not None or demo.devices:
            log("stopping")
            await demo.stop()
            log("stopped")
    return exit_code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/demo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--reset", action="store_true", help="start from a clean configuration")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"Home Assistant port ({DEFAULT_PORT})"
    )
    parser.add_argument(
        "--device-port",
        type=int,
        default=DEFAULT_DEVICE_PORT,
        metavar="BASE",
        help=f"first virtual device port; one port per patient ({DEFAULT_DEVICE_PORT})",
    )
    parser.add_argument(
        "--phone-port",
        type=int,
        default=DEFAULT_PHONE_PORT,
        help=f"the demo phone's page and push receiver ({DEFAULT_PHONE_PORT})",
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        default="en",
        help="language of Home Assistant, the user, the dashboard and the alert texts (en)",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=DEMO_DIR,
        metavar="PATH",
        help="state folder: configuration, logs, device preferences (.demo)",
    )
    args = parser.parse_args(argv)
    try:
        return asyncio.run(run_demo(args))
    except (DemoError, HomeAssistantError, VirtualDeviceError) as err:
        print(f"demo: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
