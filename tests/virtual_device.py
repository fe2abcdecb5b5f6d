"""Virtual FAJMA devices for tests: the real firmware (host build) on a free loopback port.

    device = VirtualDevice("fajma-test", "fever")
    await device.start()      # builds if needed, waits until the native API answers
    ...                       # connect to device.host, device.port
    await device.stop()       # SIGTERM: the firmware flushes its preferences, as on a reboot

Preferences (the stored body temperature offset) live in a folder of the instance's own, kept
across stop()/start() of the same instance and removed by close().
"""

from __future__ import annotations

import asyncio
from pathlib import Path
import shutil
import tempfile

from fajma_tools.virtual_device import (
    HOST,
    DeviceSpec,
    RunningDevice,
    ensure_built,
    free_port,
    resolve_ppg,
    resolve_scenario,
)


class VirtualDevice:
    """One virtual device a test starts, stops, kills and restarts."""

    host = HOST

    def __init__(
        self,
        name: str,
        scenario: str | Path,
        *,
        time_scale: float = 1.0,
        encryption_key: str | None = None,
        after_end: str = "hold",
        reading_interval: float = 1.0,
        port: int | None = None,
        ppg: Path | None = None,
    ) -> None:
        self._spec = DeviceSpec(
            name=name,
            port=port or free_port(),
            scenario=resolve_scenario(scenario),
            time_scale=time_scale,
            after_end=after_end,
            reading_interval=reading_interval,
            encryption_key=encryption_key,
            ppg=resolve_ppg(ppg) if ppg else None,
        )
        self._state_dir = Path(tempfile.mkdtemp(prefix=f"fajma-{name}-"))
        self._log_path = self._state_dir / "device.log"
        self._running: RunningDevice | None = None

    @property
    def name(self) -> str:
        return self._spec.name

    @property
    def port(self) -> int:
        return self._spec.port

    @property
    def mac(self) -> str:
        return self._spec.mac

    @property
    def encryption_key(self) -> str | None:
        return self._spec.encryption_key

    @encryption_key.setter
    def encryption_key(self, key: str | None) -> None:
        """Rotate the key; takes effect at the next start()."""
        self._spec.encryption_key = key

    @property
    def pid(self) -> int | None:
        if self._running is None or self._running.process is None:
            return None
        return self._running.process.pid

    @property
    def log(self) -> str:
        """Everything the firmware logged so far (for assertions and failure messages)."""
        return self._log_path.read_text(errors="replace") if self._log_path.exists() else ""

    async def start(self) -> None:
        binary = await asyncio.to_thread(ensure_built)
        self._running = RunningDevice(self._spec, binary, self._state_dir)
        log = await asyncio.to_thread(self._log_path.open, "ab")
        try:
            await self._running.start(log=log.fileno())
        finally:
            log.close()

    async def stop(self) -> None:
        if self._running is not None:
            await self._running.stop()
            self._running = None

    async def kill(self) -> None:
        """SIGKILL: no flush, no goodbye, as when the power is cut."""
        if self._running is not None and self._running.process is not None:
            self._running.process.kill()
            await self._running.process.wait()
        await self.stop()

    async def close(self) -> None:
        await self.stop()
        await asyncio.to_thread(shutil.rmtree, self._state_dir, True)
