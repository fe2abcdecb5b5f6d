"""The benchmark's probe inside Home Assistant: event-loop lag and state_changed counts.

scripts/bench copies this file as the `__init__.py` of a custom component `fajma_bench` in
its own configuration folder (with MANIFEST as manifest.json), so the probe is typed and
linted with the rest of fajma_tools. It imports nothing but Home Assistant.

* Event-loop lag: a timer asks to run every TICK seconds with `loop.call_at`; the lag of one
  tick is how late it actually ran. That is exactly the delay any callback (a reading from a
  device, a websocket message) waits behind whatever else holds the loop, which is what the
  "loop lag" target is about. Cost: 20 wake-ups a second, the same for both integrations.
* state_changed counts: one @callback bus listener counts events per entity id. Counting in
  process avoids streaming thousands of events a second over a websocket to the benchmark,
  which would add serialisation work to Home Assistant's CPU figure and hide the integration.
* garbage collector pauses: a `gc.callbacks` hook times every collection by generation, so
  loop stalls can be told apart from the integrations' own work.
* `fajma_bench/stats` (websocket): returns the lag samples and counts since the last reset.
"""

from __future__ import annotations

import asyncio
from collections import Counter
import gc
import os
import time
from typing import Any, Final

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import websocket_command
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType
import probatio as vol

DOMAIN: Final = "fajma_bench"
TICK: Final = 0.05  # seconds between loop-lag samples
MAX_SAMPLES: Final = 100_000

CONFIG_SCHEMA = cv.empty_config_schema(DOMAIN)

MANIFEST: Final = {
    "domain": DOMAIN,
    "name": "FAJMA benchmark probe",
    "codeowners": [],
    "dependencies": ["websocket_api"],
    "documentation": "https://github.com/fajma/fajma",
    "iot_class": "local_push",
    "requirements": [],
    "version": "0.1.0",
}


class Probe:
    """Loop-lag sampler and state_changed counter."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.hass = hass
        self.loop = hass.loop
        self.lag_ms: list[float] = []
        self.changes: Counter[str] = Counter()
        self.since = time.time()
        self._due = 0.0
        self._handle: asyncio.TimerHandle | None = None
        self._gc_started = 0.0
        self.gc_ms: dict[int, list[float]] = {0: [], 1: [], 2: []}

    def start(self) -> None:
        self._due = self.loop.time() + TICK
        self._handle = self.loop.call_at(self._due, self._tick)
        self.hass.bus.async_listen(EVENT_STATE_CHANGED, self._on_state_changed)
        gc.callbacks.append(self._on_gc)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
            return
        samples = self.gc_ms.setdefault(info.get("generation", -1), [])
        if len(samples) < MAX_SAMPLES:
            samples.append((time.perf_counter() - self._gc_started) * 1000.0)

    def _tick(self) -> None:
        now = self.loop.time()
        if len(self.lag_ms) < MAX_SAMPLES:
            self.lag_ms.append((now - self._due) * 1000.0)
        # Schedule from now, not from the missed due time: a long stall counts once.
        self._due = now + TICK
        self._handle = self.loop.call_at(self._due, self._tick)

    @callback
    def _on_state_changed(self, event: Event[EventStateChangedData]) -> None:
        self.changes[event.data["entity_id"]] += 1

    def snapshot(self, *, reset: bool) -> dict[str, Any]:
        result: dict[str, Any] = {
            "pid": os.getpid(),
            "since": self.since,
            "now": time.time(),
            "lag_ms": list(self.lag_ms),
            "state_changed": dict(self.changes),
            "gc_ms": {str(gen): list(v) for gen, v in self.gc_ms.items()},
        }
        if reset:
            for samples in self.gc_ms.values():
                samples.clear()
            self.lag_ms.clear()
            self.changes.clear()
            self.since = time.time()
        return result


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Start the probe and register its websocket command."""
    probe = Probe(hass)
    probe.start()
    hass.data[DOMAIN] = probe

    @websocket_command(
        {vol.Required("type"): "fajma_bench/stats", vol.Optional("reset", default=False): bool}
    )
    @callback
    def ws_stats(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
        connection.send_result(msg["id"], probe.snapshot(reset=msg["reset"]))

    async_register_command(hass, ws_stats)

    @callback
    def _stop(_event: Event) -> None:
        probe.stop()

    hass.bus.async_listen_once("homeassistant_stop", _stop)
    return True
