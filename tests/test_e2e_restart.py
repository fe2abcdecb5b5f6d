"""End to end with a real `hass` process: a critical alert survives `kill -9`.

Home Assistant (on a free loopback port, a temporary config folder) gets one virtual device
(the real firmware) whose patient is in critical tachycardia, added through the real config
flow, the critical delay set to 0 through the real options flow. Once the `fajma_alert`
"raised" event has arrived over the websocket, a second passes and the process is killed
with SIGKILL: no unload, no final write. The alert store on disk must hold the alert; a
new Home Assistant on the same folder must show the same alert (same id, critical,
unacknowledged) and must not raise it again. The coalesced writes (alert_store.SAVE_DELAY)
come later than the kill: only the immediate write on `raised` can save it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
import json
from pathlib import Path
import subprocess
import time
from typing import Any

import aiohttp
import pytest

from custom_components.fajma.const import DOMAIN, EVENT_ALERT
from fajma_tools.bench import BenchClient
from fajma_tools.demo import write_http_config
from fajma_tools.hass_client import HomeAssistantError, start_home_assistant
from fajma_tools.virtual_device import DeviceSpec, RunningDevice, ensure_built, terminate
from tests.conftest import HEADER
from tests.test_demo_e2e import free_port, integration_problems, tail

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("socket_enabled")]

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 120.0
EVENT_TIMEOUT = 30.0
# The least Home Assistant that onboards, runs config and options flows and serves the
# websocket API (its HTTP server on 127.0.0.1 only: .storage/http, write_http_config).
CONFIGURATION_YAML = """\
homeassistant:
  name: FAJMA restart test
  time_zone: UTC
  unit_system: metric
  country: FR
  currency: EUR
api:
websocket_api:
onboarding:
config:
logger:
  default: warning
  logs:
    custom_components.fajma: info
"""
# Heart rate 135 bpm (critical) from the first reading on, everything else normal.
CRITICAL_TACHYCARDIA = f"{HEADER}\n0,135,97,36.8,21.5,45,1,2.5\n"


class AlertEvents:
    """`fajma_alert` events as a websocket client (a card, an app) receives them."""

    def __init__(self, session: aiohttp.ClientSession, base: str, token: str) -> None:
        self._session = session
        self._base = base
        self._token = token
        self.events: list[dict[str, Any]] = []
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None

    async def open(self) -> None:
        ws = await self._session.ws_connect(f"{self._base}/api/websocket")
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": self._token})
        assert (await ws.receive_json())["type"] == "auth_ok"
        await ws.send_json({"id": 1, "type": "subscribe_events", "event_type": EVENT_ALERT})
        assert (await ws.receive_json())["success"] is True
        self._ws = ws
        self._reader = asyncio.create_task(self._read(ws))

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for message in ws:
            if message.type is aiohttp.WSMsgType.TEXT:
                item = json.loads(message.data)
                if item.get("type") == "event":
                    self.events.append(item["event"]["data"])

    async def wait_for(
        self, match: Callable[[dict[str, Any]], bool], timeout: float
    ) -> dict[str, Any]:
        """The first event that matches, waiting at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := next((e for e in self.events if match(e)), None):
                return found
            await asyncio.sleep(0.05)
        raise TimeoutError(f"no such fajma_alert event in {timeout} s; got {self.events}")

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        if self._ws is not None:
            await self._ws.close()


def raised_critical_heart_rate(event: dict[str, Any]) -> bool:
    return (event["state"], event["priority"], event["vital"]) == (
        "raised",
        "critical",
        "heart_rate",
    )


async def until(probe: Callable[[], Any], what: str, timeout: float = EVENT_TIMEOUT) -> Any:
    """Poll an async `probe` until it returns something truthy (bounded)."""
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        try:
            if last := await probe():
                return last
        except HomeAssistantError as err:  # e.g. not_found while the entry is setting up
            last = err
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} within {timeout} s (last: {last!r})")
        await asyncio.sleep(0.2)


async def test_a_critical_alert_survives_kill_9(tmp_path: Path) -> None:
    started = time.monotonic()
    port = free_port()
    config = tmp_path / "config"
    (config / "custom_components").mkdir(parents=True)
    (config / "configuration.yaml").write_text(CONFIGURATION_YAML)
    (config / "custom_components" / DOMAIN).symlink_to(REPO / "custom_components" / DOMAIN)
    write_http_config(config, port)
    scenario = tmp_path / "tachycardia.csv"
    scenario.write_text(CRITICAL_TACHYCARDIA)
    device = RunningDevice(
        DeviceSpec(name="fajma-restart", port=free_port(), scenario=scenario),
        await asyncio.to_thread(ensure_built),
        tmp_path / "device",
    )
    log = tmp_path / "home-assistant.log"
    base = f"http://127.0.0.1:{port}"
    hass: asyncio.subprocess.Process | None = None
    try:
        await device.start(log=subprocess.DEVNULL)
        # Websockets and readers close even when an assertion fails half-way.
        async with aiohttp.ClientSession() as session, contextlib.AsyncExitStack() as closing:

            async def start() -> tuple[BenchClient, AlertEvents]:
                """Start Home Assistant on the folder; log in; follow its alert events."""
                nonlocal hass
                hass = await start_home_assistant(config, port, log)
                client = BenchClient(session, base, "test", "fajma-restart-test")
                await client.wait_until_up(hass, START_TIMEOUT)
                await client.create_owner()
                closing.push_async_callback(client.close)
                events = AlertEvents(session, base, client.token)
                closing.push_async_callback(events.close)
                await events.open()
                return client, events

            # --- first run: the alert is raised, then the process is killed -----------------
            client, events = await start()
            entry_id = await client.add_device(DOMAIN, device)

            async def entry_on_disk() -> bool:
                # Home Assistant's own delayed write (1 s): a kill before it loses the patient.
                entries = config / ".storage" / "core.config_entries"
                with contextlib.suppress(OSError):
                    return entry_id in await asyncio.to_thread(entries.read_text)
                return False

            await until(entry_on_disk, "the new entry in core.config_entries", 10.0)
            await client.set_fajma_options(entry_id, critical_delay=0)
            # Raised after the options were saved (the default delay is 10 s): the reload's
            # final write did not store it, so only the write on `raised` can.
            assert not any(raised_critical_heart_rate(e) for e in events.events)
            raised = await events.wait_for(raised_critical_heart_rate, EVENT_TIMEOUT)
            alert_id = raised["alert_id"]
            await asyncio.sleep(1.0)  # deliberate: the kill comes a second after the raise
            assert hass is not None
            hass.kill()  # SIGKILL: no unload, no final write
            await hass.wait()
            await events.close()
            await client.close()

            store = config / ".storage" / f"{DOMAIN}.alerts.{entry_id}"
            stored = json.loads(store.read_text())["data"]
            assert alert_id in {a["alert_id"] for a in stored["alerts"]}, stored["alerts"]

            # --- second run, same folder: the same alert, not raised again -------------------
            client, events = await start()

            async def device_id_of_entry() -> str | None:
                devices = await client.ws({"type": "config/device_registry/list"})
                return next((d["id"] for d in devices if entry_id in d["config_entries"]), None)

            # The kill may have come before the device registry's own delayed write.
            device_id = await until(device_id_of_entry, "the patient's device")
            snapshot = await until(
                lambda: client.ws({"type": "fajma/alerts", "device_id": device_id}),
                "the patient's alerts after the restart",
            )
            assert [a["alert_id"] for a in snapshot["active"] if a["vital"] == "heart_rate"] == [
                alert_id
            ], snapshot["active"]
            active = next(a for a in snapshot["active"] if a["alert_id"] == alert_id)
            assert (active["priority"], active["state"], active["acknowledged"]) == (
                "critical",
                "active",
                False,
            )

            # Readings flow again (the device reconnected); a lost alert would be raised
            # again at the first one (delay 0). Give it a few more seconds.
            async def online() -> bool:
                entities = await client.ws({"type": "config/entity_registry/list"})
                connectivity = {
                    e["entity_id"]
                    for e in entities
                    if e["config_entry_id"] == entry_id and e["entity_id"].endswith("_connectivity")
                }
                states = await client.ws({"type": "get_states"})
                return any(s["entity_id"] in connectivity and s["state"] == "on" for s in states)

            await until(online, "the device back online")
            with pytest.raises(TimeoutError):
                await events.wait_for(raised_critical_heart_rate, 3.0)
            snapshot = await client.ws({"type": "fajma/alerts", "device_id": device_id})
            assert [
                h["alert_id"]
                for h in snapshot["history"]
                if (h["state"], h["vital"]) == ("raised", "heart_rate")
            ] == [alert_id]
            await events.close()
            await client.close()
            assert hass is not None
            assert await terminate(hass, 30)
        assert integration_problems(log) == []
    except BaseException:
        print(tail(log, 80))
        raise
    finally:
        if hass is not None and hass.returncode is None:
            hass.kill()
            await hass.wait()
        await device.stop()
        print(f"wall time {time.monotonic() - started:.0f} s")
