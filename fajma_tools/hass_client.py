"""A small client for Home Assistant's REST and websocket APIs: onboarding, the login flow,
config flows and websocket commands; and the one way the demo and the benchmark start a real
Home Assistant, which they then drive the way its frontend does."""

from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path
import subprocess
from typing import Any

import aiohttp

CLIENT_ID = "http://127.0.0.1:8123/"
HASS = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "hass"


async def start_home_assistant(config: Path, port: int, log: Path) -> asyncio.subprocess.Process:
    """Start Home Assistant on `config` (its HTTP settings written for `port`), logging to `log`.

    SETUP_PORT is Home Assistant's default port, should it ever fall back to it.
    """
    with log.open("ab") as output:
        return await asyncio.create_subprocess_exec(
            str(HASS),
            "--config",
            str(config),
            "--skip-pip",
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "SETUP_PORT": str(port)},
        )


class HomeAssistantError(Exception):
    """Home Assistant refused a request."""


class HomeAssistantClient:
    """The bits of Home Assistant's REST and websocket APIs the demo drives."""

    def __init__(
        self, session: aiohttp.ClientSession, base: str, username: str, password: str
    ) -> None:
        self._session = session
        self._username = username
        self._password = password
        self._base = base
        self._token: str | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._next_id = 1

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"} if self._token else {}

    async def wait_until_up(self, process: asyncio.subprocess.Process, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if process.returncode is not None:
                raise HomeAssistantError(f"Home Assistant exited with code {process.returncode}")
            with contextlib.suppress(aiohttp.ClientError):
                async with self._session.get(f"{self._base}/api/onboarding") as response:
                    # 404: onboarding is complete (Home Assistant no longer serves its views).
                    if response.status in (200, 404):
                        return
            await asyncio.sleep(0.5)
        raise HomeAssistantError("Home Assistant did not start in time")

    async def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        async with self._session.request(
            method, f"{self._base}{path}", headers=self._headers, **kwargs
        ) as response:
            if response.status >= 400:
                raise HomeAssistantError(
                    f"{method} {path}: {response.status} {await response.text()}"
                )
            return await response.json()

    async def _token_from_code(self, code: str) -> None:
        data = {"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID}
        tokens = await self._json("POST", "/auth/token", data=data)
        self._token = tokens["access_token"]

    async def _onboarding_steps(self) -> list[dict[str, Any]]:
        """The onboarding steps; all done once Home Assistant stops serving them (404)."""
        async with self._session.get(f"{self._base}/api/onboarding") as response:
            if response.status == 404:
                return [
                    {"step": step, "done": True}
                    for step in ("user", "core_config", "analytics", "integration")
                ]
        steps: list[dict[str, Any]] = await self._json("GET", "/api/onboarding")
        return steps

    async def onboard_or_login(self, language: str = "en") -> None:
        steps = await self._onboarding_steps()
        if not next(step["done"] for step in steps if step["step"] == "user"):
            user = await self._json(
                "POST",
                "/api/onboarding/users",
                json={
                    "client_id": CLIENT_ID,
                    "name": "Demo caregiver",
                    "username": self._username,
                    "password": self._password,
                    "language": language,
                },
            )
            await self._token_from_code(user["auth_code"])
        else:
            await self.login()
        steps = await self._onboarding_steps()
        pending = {step["step"] for step in steps}
        done = {step["step"] for step in steps if step["done"]}
        if "core_config" in pending - done:
            await self._json("POST", "/api/onboarding/core_config")
        if "analytics" in pending - done:
            await self._json("POST", "/api/onboarding/analytics")
        if "integration" in pending - done:
            await self._json(
                "POST",
                "/api/onboarding/integration",
                json={"client_id": CLIENT_ID, "redirect_uri": CLIENT_ID},
            )

    async def set_language(self, language: str) -> None:
        """The logged-in user's language in the frontend (what the profile page sets)."""
        await self.ws(
            {
                "type": "frontend/set_user_data",
                "key": "language",
                "value": {"language": language, "number_format": "language"},
            }
        )

    async def login(self) -> None:
        """Home Assistant's own login flow, as the frontend's login page uses it."""
        flow = await self._json(
            "POST",
            "/auth/login_flow",
            json={
                "client_id": CLIENT_ID,
                "handler": ["homeassistant", None],
                "redirect_uri": CLIENT_ID,
            },
        )
        result = await self._json(
            "POST",
            f"/auth/login_flow/{flow['flow_id']}",
            json={
                "client_id": CLIENT_ID,
                "username": self._username,
                "password": self._password,
            },
        )
        if result.get("type") != "create_entry":
            raise HomeAssistantError(f"the demo login was refused: {result}")
        await self._token_from_code(result["result"])

    async def ws(self, message: dict[str, Any]) -> Any:
        if self._ws is None:
            # The entity registry of a few hundred devices is several megabytes (scripts/bench).
            self._ws = await self._session.ws_connect(
                f"{self._base}/api/websocket", max_msg_size=64 * 1024 * 1024
            )
            await self._ws.receive_json()
            await self._ws.send_json({"type": "auth", "access_token": self._token})
            if (await self._ws.receive_json())["type"] != "auth_ok":
                raise HomeAssistantError("websocket authentication failed")
        message_id = self._next_id
        self._next_id += 1
        await self._ws.send_json({"id": message_id, **message})
        while True:
            reply = await self._ws.receive_json()
            if reply.get("id") == message_id and reply["type"] == "result":
                if not reply["success"]:
                    raise HomeAssistantError(f"{message['type']}: {reply['error']}")
                return reply["result"]

    async def close(self) -> None:
        """Close the websocket; the next `ws` call opens a new one."""
        if self._ws is not None:
            await self._ws.close()
            self._ws = None
