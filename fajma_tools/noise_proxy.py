"""A Noise-terminating proxy in front of a plaintext ESPHome native API server.

The virtual device is ESPHome's host build, which cannot link ESPHome's own Noise support
(noise-c) here. The proxy speaks the encrypted side of the native API exactly as an
encrypted ESPHome device does, so Home Assistant and aioesphomeapi see a real encrypted
device, including the rejection of a wrong key and of a plaintext client.

Wire format, client side (as ESPHome's APINoiseFrameHelper):
  frame      = 0x01, length (2 bytes, big endian), body
  hello      = the client's first frame, empty; the prologue is b"NoiseAPIInit" + len + hello
  server     = hello body 0x01 + name + 0x00 + mac + 0x00, then a handshake frame 0x00 + msg
  wrong key  = a frame 0x01 + b"Handshake MAC failure"
  data       = encrypt(type (2 B BE) + length (2 B BE) + protobuf)
Device side (plaintext): 0x00, varint length, varint type, protobuf.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging

from noise.connection import NoiseConnection

_LOGGER = logging.getLogger(__name__)

NOISE_PROTOCOL = b"Noise_NNpsk0_25519_ChaChaPoly_SHA256"
HANDSHAKE_MAC_FAILURE = b"Handshake MAC failure"
MAX_FRAME = 0xFFFF


class ProxyError(Exception):
    """The client broke the protocol; the connection is closed."""


def decode_key(key: str) -> bytes:
    """Decode an ESPHome API encryption key (base64 of 32 bytes)."""
    try:
        raw = base64.b64decode(key, validate=True)
    except binascii.Error as err:
        raise ValueError("the encryption key is not valid base64") from err
    if len(raw) != 32:
        raise ValueError("the encryption key must be 32 bytes (44 base64 characters)")
    return raw


def encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


async def read_varint(reader: asyncio.StreamReader) -> int:
    result = 0
    shift = 0
    while True:
        byte = (await reader.readexactly(1))[0]
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result
        shift += 7
        if shift > 35:
            raise ProxyError("varint too long")


async def read_noise_frame(reader: asyncio.StreamReader) -> bytes:
    header = await reader.readexactly(3)
    if header[0] != 0x01:
        raise ProxyError(f"bad indicator byte {header[0]:#04x}")
    return await reader.readexactly((header[1] << 8) | header[2])


def noise_frame(body: bytes) -> bytes:
    return bytes((0x01, len(body) >> 8, len(body) & 0xFF)) + body


class NoiseProxy:
    """Accepts encrypted clients on `listen_port` and relays them to the plaintext device."""

    def __init__(
        self,
        *,
        key: str,
        name: str,
        mac: str,
        device_port: int,
        listen_port: int,
        host: str = "127.0.0.1",
    ) -> None:
        self._psk = decode_key(key)
        self._name = name
        self._mac = mac.replace(":", "").lower()
        self._device_port = device_port
        self._listen_port = listen_port
        self._host = host
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self.serve_client, self._host, self._listen_port, reuse_address=True
        )

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def serve_client(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        # Tracked so that close() ends every client session with the server.
        if (task := asyncio.current_task()) is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        try:
            await self._serve(reader, writer)
        except (ProxyError, asyncio.IncompleteReadError, ConnectionError) as err:
            _LOGGER.debug("client connection ended: %s", err)
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        first = await reader.readexactly(1)
        if first[0] != 0x01:
            # A plaintext client: answer in the encrypted framing so it knows encryption
            # is required, as an encrypted ESPHome device does.
            writer.write(noise_frame(b"\x01Bad indicator byte"))
            await writer.drain()
            return
        rest = await reader.readexactly(2)
        hello = await reader.readexactly((rest[0] << 8) | rest[1])
        noise = NoiseConnection.from_name(NOISE_PROTOCOL)
        noise.set_as_responder()
        noise.set_psks(self._psk)
        noise.set_prologue(b"NoiseAPIInit" + len(hello).to_bytes(2, "big") + hello)
        noise.start_handshake()

        writer.write(
            noise_frame(b"\x01" + self._name.encode() + b"\x00" + self._mac.encode() + b"\x00")
        )
        handshake = await read_noise_frame(reader)
        if not handshake or handshake[0] != 0x00:
            raise ProxyError("bad handshake frame")
        try:
            noise.read_message(handshake[1:])
        except Exception:  # any failure here means the keys differ
            writer.write(noise_frame(b"\x01" + HANDSHAKE_MAC_FAILURE))
            await writer.drain()
            return
        writer.write(noise_frame(b"\x00" + noise.write_message()))
        await writer.drain()

        device_reader, device_writer = await asyncio.open_connection("127.0.0.1", self._device_port)
        upstream = asyncio.create_task(self._client_to_device(noise, reader, device_writer))
        downstream = asyncio.create_task(self._device_to_client(noise, device_reader, writer))
        try:
            # Either side closing ends the session; so does close() cancelling this task.
            await asyncio.wait({upstream, downstream}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (upstream, downstream):
                task.cancel()
            results = await asyncio.gather(upstream, downstream, return_exceptions=True)
            device_writer.close()
            with contextlib.suppress(Exception):
                await device_writer.wait_closed()
        for result in results:
            if isinstance(result, Exception) and not isinstance(
                result, (asyncio.IncompleteReadError, ConnectionError, ProxyError)
            ):
                raise result

    async def _client_to_device(
        self,
        noise: NoiseConnection,
        reader: asyncio.StreamReader,
        device_writer: asyncio.StreamWriter,
    ) -> None:
        while True:
            message = noise.decrypt(await read_noise_frame(reader))
            if len(message) < 4:
                raise ProxyError("decrypted message too short")
            msg_type = (message[0] << 8) | message[1]
            payload = message[4:]
            device_writer.write(
                b"\x00" + encode_varint(len(payload)) + encode_varint(msg_type) + payload
            )
            await device_writer.drain()

    async def _device_to_client(
        self,
        noise: NoiseConnection,
        device_reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        while True:
            if (await device_reader.readexactly(1))[0] != 0x00:
                raise ProxyError("device sent a non-plaintext frame")
            length = await read_varint(device_reader)
            msg_type = await read_varint(device_reader)
            payload = await device_reader.readexactly(length)
            # Noise frames carry at most 65535 bytes: ESPHome's own messages stay far below.
            header = msg_type.to_bytes(2, "big") + len(payload).to_bytes(2, "big")
            writer.write(noise_frame(noise.encrypt(header + payload)))
            await writer.drain()
