"""End to end with a real `hass` process: the caregivers' phones through Home Assistant's real
mobile_app integration.

One Home Assistant (as scripts/demo starts it, on a free loopback port) for the whole story:
two phones register as the companion app does (`fajma_tools.phone`: push URL and token, a
loopback receiver standing in for the push service; Bob's phone also opens the local push
channel over the websocket and confirms each notification); the patient is added through the real
config flow with Anna's phone to warn and Bob's as back-up, and the delays, reminders and
escalation are set through the real options flow (REST). A virtual device (the real firmware)
plays a scenario written here: SpO2 drops to 85 %. Anna's phone receives the critical alert
(words, tag, group, iOS critical sound, Android alarm stream, the button); nobody answers for a
minute, so Bob's phone gets it too; Anna presses the button as the app does (its webhook),
the alert is acknowledged and withdrawn from both phones; SpO2 recovers and "back within
limits" replaces the notification by its tag.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import asdict
from pathlib import Path
import subprocess
import time
from typing import Any

import aiohttp
import pytest

from custom_components.fajma.alert_model import AlertSettings
from custom_components.fajma.const import DELAY_OPTIONS
from fajma_tools.demo import DemoClient, prepare_config, write_http_config
from fajma_tools.hass_client import start_home_assistant
from fajma_tools.phone import Phone
from fajma_tools.virtual_device import DeviceSpec, RunningDevice, ensure_built, terminate
from tests.test_demo_e2e import free_port, integration_problems, tail

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("socket_enabled")]

PATIENT = "Grand-mère Éliane"
START_TIMEOUT = 240.0
# SpO2 normal, then 85 % (critical) for long enough to reach the back-up phone after the
# 1 min escalation, then normal again.
SCENARIO = """\
t,heart_rate,spo2,body_temperature,ambient_temperature,humidity,finger
0,72,98,36.8,21.5,45,1
20,72,98,36.8,21.5,45,1
21,72,85,36.8,21.5,45,1
92,72,85,36.8,21.5,45,1
93,72,98,36.8,21.5,45,1
"""


def is_alert(phone_push: dict[str, Any], words: str) -> bool:
    return words in str(phone_push.get("message", ""))


async def flow(client: DemoClient, path: str, start: dict[str, Any], *steps: dict[str, Any]) -> Any:
    """A config or options flow through the REST API, one user input per form shown."""
    result = await client._json("POST", path, json=start)
    for user_input in steps:
        assert result["type"] == "form", result
        if result["step_id"] == "unencrypted_confirm":  # the loopback device is plaintext
            result = await client._json("POST", f"{path}/{result['flow_id']}", json={})
        result = await client._json("POST", f"{path}/{result['flow_id']}", json=user_input)
    return result


async def services(client: DemoClient) -> dict[str, Any]:
    return await client.ws({"type": "get_services"})  # type: ignore[no-any-return]


async def test_phones_receive_acknowledge_escalate_and_clear(tmp_path: Path) -> None:
    started = time.monotonic()
    port, device_port = free_port(), free_port()
    config = tmp_path / "config"
    prepare_config(config)
    write_http_config(config, port)
    scenario = tmp_path / "desaturation.csv"
    scenario.write_text(SCENARIO)
    binary = await asyncio.to_thread(ensure_built)
    anna, bob = Phone("Anna Phone"), Phone("Bob Phone")
    hass_log = tmp_path / "home-assistant.log"
    device: RunningDevice | None = None
    hass = await start_home_assistant(config, port, hass_log)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            client = DemoClient(session, base, "demo", "fajma-demo")
            try:
                await client.wait_until_up(hass, START_TIMEOUT)
                await client.onboard_or_login()
                for phone in (anna, bob):
                    await phone.start()
                    await phone.register(base, client._token or "")
                # Bob's phone is at home: the local push channel, with confirmations.
                await bob.open_local_push(client._token or "")
                deadline = time.monotonic() + 30
                while not {"mobile_app_anna_phone", "mobile_app_bob_phone"} <= set(
                    (await services(client)).get("notify", {})
                ):
                    assert time.monotonic() < deadline, "the phones' notify services are missing"
                    await asyncio.sleep(0.5)

                device = RunningDevice(
                    DeviceSpec(
                        name="fajma-e2e", port=device_port, scenario=scenario, friendly_name=PATIENT
                    ),
                    binary,
                    tmp_path / "device",
                )
                await device.start(log=subprocess.DEVNULL)
                created = await flow(
                    client,
                    "/api/config/config_entries/flow",
                    {"handler": "fajma"},
                    {"host": "127.0.0.1", "port": device_port, "patient_name": PATIENT},
                    {"notify_targets": [anna.service], "escalation_targets": [bob.service]},
                )
                assert created["type"] == "create_entry", created
                entry_id = created["result"]["entry_id"]
                defaults = asdict(AlertSettings())
                delays = {name: int(defaults[name]) for name in DELAY_OPTIONS}
                delays["spo2_critical_delay"] = 2
                options = await flow(
                    client,
                    "/api/config/config_entries/options/flow",
                    {"handler": entry_id},
                    {"preset": "default", "stale_timeout": 30},
                    {
                        "notify_targets": [anna.service],
                        "escalation_targets": [bob.service],
                        "resend_interval": 1,
                        "escalate_after": 1,
                        "acknowledge_timeout": 30,
                        "offline_urgent_after": 15,
                        "delays": delays,
                    },
                )
                assert options["type"] == "create_entry", options

                # The critical alert on Anna's phone, in English, with everything the apps use.
                alert = await anna.wait_for(lambda p: is_alert(p, "SpO₂ too low"), 60)
                assert alert["title"] == f"🔴 CRITICAL — {PATIENT}"
                assert alert["message"].startswith("SpO₂ too low: 85\u00a0% (limit ")
                assert alert["message"].endswith(f"Check on {PATIENT}.")
                assert alert["push_token"] == "token-Anna Phone"
                data = alert["data"]
                assert data["tag"].startswith(f"{entry_id}:spo2-")
                assert data["group"] == f"fajma-{entry_id}"
                assert data["push"]["sound"] == {"name": "default", "critical": 1, "volume": 1.0}
                assert data["push"]["interruption-level"] == "critical"
                assert (data["channel"], data["priority"], data["ttl"]) == (
                    "alarm_stream",
                    "high",
                    0,
                )
                (button,) = data["actions"]
                assert button["title"] == "I\u2019m on it"
                assert bob.received == []  # the back-up phone only after escalate_after

                # Nobody answers: a minute later the reminder reaches Bob's phone too.
                escalated = await bob.wait_for(lambda p: is_alert(p, "Nobody has taken"), 90)
                assert escalated["data"]["tag"] == data["tag"]
                assert escalated["via"] == "local push"
                assert escalated["data"]["actions"] == [button]

                # Anna presses the button as the app does: acknowledged, withdrawn from both.
                await anna.press(button["action"])
                # A new websocket: Home Assistant's heartbeat has closed the one left unread
                # for a minute.
                await client.close()
                for phone in (anna, bob):
                    cleared = await phone.wait_for(
                        lambda p: p["message"] == "clear_notification", 10
                    )
                    assert cleared["data"]["tag"] == data["tag"]
                device_id = next(
                    d["id"]
                    for d in await client.ws({"type": "config/device_registry/list"})
                    if d.get("config_entry_id") == entry_id
                    or entry_id in d.get("config_entries", [])
                )
                (active,) = (await client.ws({"type": "fajma/alerts", "device_id": device_id}))[
                    "active"
                ]
                assert active["acknowledged"] is True
                assert active["acknowledged_by"] == "Demo caregiver"  # the phone's user
                assert active["next_resend_at"] is None  # re-sends stop
                pushes = len(anna.received)

                # SpO2 recovers: "back within limits" replaces the notification (same tag).
                resolved = await anna.wait_for(lambda p: is_alert(p, "back within limits"), 60)
                assert resolved["data"]["tag"] == data["tag"]
                assert "actions" not in resolved["data"]
                assert resolved["title"] == f"✅ {PATIENT}: update"
                # Nothing but the resolution after the acknowledgement: re-sends had stopped.
                assert [p["message"] for p in anna.received[pushes:]] == [resolved["message"]]
                await bob.wait_for(lambda p: is_alert(p, "back within limits"), 10)
                # Bob confirmed each one: nothing fell back to the push service.
                assert {push["via"] for push in bob.received} == {"local push"}
                assert {push["via"] for push in anna.received} == {"push service"}
            finally:
                await client.close()
        assert integration_problems(hass_log) == []
    except BaseException:
        print(tail(hass_log, 80))
        raise
    finally:
        if device is not None:
            await device.stop()
        with contextlib.suppress(ProcessLookupError):
            await terminate(hass, 60)
        for phone in (anna, bob):
            await phone.stop()
        print(f"wall time {time.monotonic() - started:.0f} s")
