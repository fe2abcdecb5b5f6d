"""A phone as the Home Assistant companion app is one, for tests: its push service on
127.0.0.1 (answering as the real one, failing on demand) and its registration call."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator


class PushService:
    """The companion apps' push service on 127.0.0.1, answering with `status`."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 201
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append(await request.json())
        limits = {"successful": 1, "errors": 0, "maximum": 150, "resetsAt": "2027-01-01T00:00:00Z"}
        if self.status == 429:
            return web.json_response(
                {"message": "Rate limit exceeded", "rateLimits": limits}, status=429
            )
        if self.status >= 400:
            return web.json_response({"errorMessage": "push service broken"}, status=self.status)
        return web.json_response({"rateLimits": limits}, status=self.status)

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_post("/push", self.handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/push"

    async def stop(self) -> None:
        """The push service goes down: its port refuses connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def alerts(self) -> list[str]:
        """The conditions of the alerts received (from their tag), oldest first."""
        return [
            push["data"]["tag"].split(":")[1].split("-")[0]
            for push in self.received
            if push.get("message") != "clear_notification"
        ]


@pytest.fixture
async def push() -> AsyncIterator[PushService]:
    """A push service for one phone, stopped at the end."""
    service = PushService()
    await service.start()
    yield service
    await service.stop()


async def register_phone(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, push_url: str, name: str
) -> str:
    """The companion app's own registration call; returns the phone's webhook id."""
    # Everything that registers HTTP views first: the test client then freezes the router.
    for component in ("repairs", "notify", "mobile_app"):
        assert await async_setup_component(hass, component, {})
    client = await hass_client()
    response = await client.post(
        "/api/mobile_app/registrations",
        json={
            "app_data": {"push_token": f"token-{name}", "push_url": push_url},
            "app_id": "io.robbie.HomeAssistant",
            "app_name": "Home Assistant",
            "app_version": "2026.10",
            "device_name": name,
            "manufacturer": "Apple",
            "model": "iPhone",
            "os_name": "iOS",
            "os_version": "19.1",
            "supports_encryption": False,
        },
    )
    assert response.status == 201, await response.text()
    await hass.async_block_till_done()
    webhook_id: str = (await response.json())["webhook_id"]
    return webhook_id
