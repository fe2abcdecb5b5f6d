"""A TCP proxy on 127.0.0.1 that misbehaves on demand, for fault tests.

    proxy = ChaosProxy(device.port)
    await proxy.start()          # clients connect to proxy.port instead of the device
    await proxy.drop()           # close every connection, as a Wi-Fi drop does
    proxy.stall = True           # hold all traffic (both directions) until set back
    proxy.refuse = True          # accept, then close new connections at once
    await proxy.truncate()       # the next device frame arrives cut in half, then EOF
    await proxy.inject(b"...")   # garbage bytes to the client, in the middle of the stream
    await proxy.close()

It also records the first byte each client sent on each connection (`first_bytes`): the
ESPHome plaintext protocol starts every frame with 0x00, the Noise protocol with 0x01, so a
test can prove a client never spoke plaintext.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

HOST = "127.0.0.1"
CHUNK = 65536


@dataclass(eq=False)  # identity: links live in a set
class _Link:
    client_reader: asyncio.StreamReader
    client_writer: asyncio.StreamWriter
    device_reader: asyncio.StreamReader
    device_writer: asyncio.StreamWriter
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    truncate_next: bool = False

    def abort(self) -> None:
        for writer in (self.client_writer, self.device_writer):
            transport = writer.transport
            if not transport.is_closing():
                transport.abort()


class ChaosProxy:
    """Forward 127.0.0.1:<port> to 127.0.0.1:<upstream_port>, with faults on demand."""

    def __init__(self, upstream_port: int, *, upstream_host: str = HOST) -> None:
        self.upstream_host = upstream_host
        self.upstream_port = upstream_port
        self.port = 0
        self.stall = False
        self.refuse = False
        self.accepted = 0
        self.first_bytes: list[int] = []
        self._server: asyncio.Server | None = None
        self._links: set[_Link] = set()
        self._resume = asyncio.Event()
        self._resume.set()

    @property
    def connections(self) -> int:
        """Connections open through the proxy now."""
        return len(self._links)

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._on_client, HOST, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        if self.refuse:
            writer.transport.abort()
            return
        try:
            device_reader, device_writer = await asyncio.open_connection(
                self.upstream_host, self.upstream_port
            )
        except OSError:
            writer.transport.abort()
            return
        link = _Link(reader, writer, device_reader, device_writer)
        self._links.add(link)
        link.tasks = [
            asyncio.create_task(self._pump(link, upstream=True)),
            asyncio.create_task(self._pump(link, upstream=False)),
        ]
        await asyncio.gather(*link.tasks, return_exceptions=True)
        link.abort()
        self._links.discard(link)

    async def _pump(self, link: _Link, *, upstream: bool) -> None:
        reader = link.client_reader if upstream else link.device_reader
        writer = link.device_writer if upstream else link.client_writer
        first = upstream
        try:
            while data := await reader.read(CHUNK):
                if first:
                    self.first_bytes.append(data[0])
                    first = False
                while self.stall:
                    self._resume.clear()
                    await self._resume.wait()
                if not upstream and link.truncate_next:
                    writer.write(data[: max(1, len(data) // 2)])
                    await writer.drain()
                    break
                writer.write(data)
                await writer.drain()
        except ConnectionError, OSError:
            pass
        finally:
            link.abort()

    def unstall(self) -> None:
        self.stall = False
        self._resume.set()

    async def drop(self) -> None:
        """Reset every open connection (no goodbye, as a network drop)."""
        for link in list(self._links):
            link.abort()
        await asyncio.sleep(0)

    async def truncate(self) -> None:
        """Cut the next device->client chunk of every connection in half, then close it."""
        for link in list(self._links):
            link.truncate_next = True

    async def inject(self, garbage: bytes) -> None:
        """Write bytes that are no ESPHome frame into every client stream."""
        for link in list(self._links):
            if not link.client_writer.transport.is_closing():
                link.client_writer.write(garbage)
                with contextlib.suppress(ConnectionError, OSError):
                    await link.client_writer.drain()

    async def close(self) -> None:
        self.unstall()
        if self._server is not None:
            self._server.close()
        await self.drop()
        for link in list(self._links):
            for task in link.tasks:
                task.cancel()
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
            self._server = None
