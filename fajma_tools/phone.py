"""A caregiver's phone played on 127.0.0.1, as the Home Assistant companion app behaves.

It registers through the app's own call (`POST /api/mobile_app/registrations`, with a push URL
and token), so Home Assistant's real `mobile_app` integration creates `notify.mobile_app_<name>`
for it; it receives what that service pushes at its push URL (a small HTTP server standing in
for the companion apps' push service), and presses a notification's button the way the app
does: a `fire_event` of `mobile_app_notification_action` through its webhook. Used by the demo
(a "Demo phone" with a page that shows what it received) and by the end-to-end tests.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import html
import json
from pathlib import Path
import re
import time
from typing import Any

import aiohttp
from aiohttp import web

HOST = "127.0.0.1"
APP_ID = "io.robbie.HomeAssistant"  # the iOS companion app: critical sounds, like the payload
# The push service's answer, rate limits included, as the companion apps' relay sends it.
RATE_LIMITS = {"successful": 1, "errors": 0, "maximum": 150, "resetsAt": "2099-01-01T00:00:00Z"}


def notify_service(name: str) -> str:
    """The notify service Home Assistant makes for a phone called `name`."""
    return "notify.mobile_app_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


@dataclass
class Phone:
    """One phone: its push receiver, what it received, and its registration."""

    name: str
    log: Path | None = None  # every push received, one JSON line each
    received: list[dict[str, Any]] = field(default_factory=list)
    webhook_id: str | None = None
    url: str = ""  # the phone's page
    _runner: web.AppRunner | None = None
    _base: str = ""
    _session: aiohttp.ClientSession | None = None
    _arrived: asyncio.Condition = field(default_factory=asyncio.Condition)
    _local_push: asyncio.Task[None] | None = None

    @property
    def service(self) -> str:
        return notify_service(self.name)

    @property
    def push_url(self) -> str:
        return f"{self.url}push"

    async def start(self, port: int = 0) -> None:
        """Serve the push URL and the phone's page on 127.0.0.1 (`port` 0: a free one)."""
        app = web.Application()
        app.router.add_post("/push", self._on_push)
        app.router.add_get("/", self._page)
        app.router.add_get("/notifications.json", self._notifications)
        app.router.add_post("/acknowledge", self._on_acknowledge)
        self._runner = web.AppRunner(app, access_log=None)
        self._session = aiohttp.ClientSession()
        await self._runner.setup()
        await web.TCPSite(self._runner, HOST, port).start()
        self.url = f"http://{HOST}:{self._runner.addresses[0][1]}/"

    async def stop(self) -> None:
        if self._local_push is not None:
            self._local_push.cancel()
            await asyncio.gather(self._local_push, return_exceptions=True)
            self._local_push = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def register(self, base: str, token: str, timeout: float = 60.0) -> str:
        """The companion app's registration (after `start`); returns the phone's webhook id.

        Home Assistant answers before every integration is set up: until mobile_app is, the
        registration view is missing (404) and the call is tried again.
        """
        assert self._session is not None
        self._base = base
        registration = {
            "app_data": {"push_token": f"token-{self.name}", "push_url": self.push_url},
            "app_id": APP_ID,
            "app_name": "Home Assistant",
            "app_version": "2026.10",
            "device_name": self.name,
            "manufacturer": "Apple",
            "model": "iPhone",
            "os_name": "iOS",
            "os_version": "19.1",
            "supports_encryption": False,
        }
        deadline = time.monotonic() + timeout
        while True:
            async with self._session.post(
                f"{base}/api/mobile_app/registrations",
                headers={"Authorization": f"Bearer {token}"},
                json=registration,
            ) as response:
                if response.status == 201:
                    self.webhook_id = str((await response.json())["webhook_id"])
                    return self.webhook_id
                if response.status != 404 or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"registering {self.name}: {response.status} {await response.text()}"
                    )
            await asyncio.sleep(0.5)

    async def open_local_push(self, token: str) -> None:
        """The app on the home network: the local push channel over the websocket, each
        notification confirmed (without a confirmation Home Assistant falls back to the push
        URL after 10 s)."""
        assert self._session is not None
        assert self.webhook_id is not None
        ws = await self._session.ws_connect(f"{self._base}/api/websocket")
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": token})
        if (await ws.receive_json())["type"] != "auth_ok":
            raise RuntimeError("websocket authentication failed")
        await ws.send_json(
            {
                "id": 1,
                "type": "mobile_app/push_notification_channel",
                "webhook_id": self.webhook_id,
                "support_confirm": True,
            }
        )
        subscribed = asyncio.get_running_loop().create_future()
        self._local_push = asyncio.create_task(self._read_local_push(ws, subscribed))
        await subscribed

    async def _read_local_push(
        self, ws: aiohttp.ClientWebSocketResponse, subscribed: asyncio.Future[None]
    ) -> None:
        next_id = 2
        try:
            async for message in ws:
                reply = json.loads(message.data)
                if reply.get("type") == "result" and reply.get("id") == 1:
                    subscribed.set_result(None)
                if reply.get("type") != "event":
                    continue
                push = dict(reply["event"])
                if confirm_id := push.pop("hass_confirm_id", None):
                    await ws.send_json(
                        {
                            "id": next_id,
                            "type": "mobile_app/push_notification_confirm",
                            "webhook_id": self.webhook_id,
                            "confirm_id": confirm_id,
                        }
                    )
                    next_id += 1
                await self._receive(push, "local push")
        finally:
            await ws.close()

    async def press(self, action: str) -> None:
        """A notification's button, pressed as the app does (through its webhook)."""
        assert self._session is not None
        assert self.webhook_id is not None
        async with self._session.post(
            f"{self._base}/api/webhook/{self.webhook_id}",
            json={
                "type": "fire_event",
                "data": {
                    "event_type": "mobile_app_notification_action",
                    "event_data": {"action": action},
                },
            },
        ) as response:
            response.raise_for_status()

    async def wait_for(self, predicate: Any, timeout: float) -> dict[str, Any]:
        """The first push received (from now on or before) that `predicate` accepts."""
        async with asyncio.timeout(timeout), self._arrived:
            while True:
                for push in self.received:
                    if predicate(push):
                        return push
                await self._arrived.wait()

    async def _on_push(self, request: web.Request) -> web.Response:
        await self._receive(await request.json(), "push service")
        return web.json_response({"rateLimits": RATE_LIMITS}, status=201)

    async def _receive(self, push: dict[str, Any], via: str) -> None:
        push["received_at"] = time.time()
        push["via"] = via
        self.received.append(push)
        if self.log is not None:
            with self.log.open("a", encoding="utf-8") as out:
                out.write(json.dumps(push, ensure_ascii=False) + "\n")
        async with self._arrived:
            self._arrived.notify_all()

    async def _notifications(self, _request: web.Request) -> web.Response:
        return web.json_response(self.received[::-1])

    async def _on_acknowledge(self, request: web.Request) -> web.Response:
        action = str((await request.post()).get("action", ""))
        if action:
            await self.press(action)
        raise web.HTTPSeeOther("/")

    async def _page(self, _request: web.Request) -> web.Response:
        """A lock screen: the notifications received, newest first; critical ones in red."""
        shown: dict[str, dict[str, Any]] = {}
        for push in self.received:  # a later push with the same tag replaces or clears
            tag = str(push.get("data", {}).get("tag", id(push)))
            if push.get("message") == "clear_notification":
                shown.pop(tag, None)
            else:
                shown[tag] = push
        items = []
        for push in sorted(shown.values(), key=lambda p: -float(p["received_at"])):
            data = push.get("data", {})
            critical = data.get("push", {}).get("interruption-level") == "critical"
            buttons = "".join(
                '<form method="post" action="acknowledge">'
                f'<input type="hidden" name="action" value="{html.escape(a["action"])}">'
                f"<button>{html.escape(a['title'])}</button></form>"
                for a in data.get("actions", [])
            )
            when = time.strftime("%H:%M:%S", time.localtime(float(push["received_at"])))
            items.append(
                f'<li class="{"critical" if critical else ""}"><small>{when}</small>'
                f"<b>{html.escape(str(push.get('title', '')))}</b>"
                f"<p>{html.escape(str(push.get('message', '')))}</p>{buttons}</li>"
            )
        body = "".join(items) or "<li>No notifications</li>"
        page = (
            "<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=2>"
            f"<title>{html.escape(self.name)}</title><style>body{{font-family:sans-serif;"
            "background:#111;color:#eee;max-width:420px;margin:auto}li{list-style:none;"
            "background:#333;border-radius:12px;margin:8px;padding:8px}li.critical{"
            "background:#8b0000}small{float:right}</style>"
            f"<h1>{html.escape(self.name)}</h1><ul>{body}</ul>"
        )
        return web.Response(text=page, content_type="text/html")
