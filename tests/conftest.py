"""Fixtures for the FAJMA integration tests.

Two kinds of device:
* `VirtualDevice` (tests/virtual_device.py): the real firmware on 127.0.0.1, reached with the
  real aioesphomeapi; used wherever a user would meet the device.
* `FakeDevice`: replaces APIClient and ReconnectLogic for paths a real device cannot easily
  produce (a silent connected device, missing contract entities, a stranger at the address).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
import contextlib
from dataclasses import dataclass, field
import math
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock, patch

from aioesphomeapi.core import APIConnectionError
from aioesphomeapi.model import (
    BinarySensorInfo,
    BinarySensorState,
    ButtonInfo,
    DeviceInfo,
    EntityInfo,
    EntityState,
    SensorInfo,
    SensorState,
    UserService,
    UserServiceArg,
    UserServiceArgType,
)
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

import custom_components.fajma  # noqa: F401  (our package, not the plugin's testing_config)
from custom_components.fajma.const import (
    CONF_DEVICE_NAME,
    CONF_ENCRYPTION_KEY,
    CONF_PATIENT_NAME,
    DOMAIN,
    PROJECT_NAME,
)
from tests.virtual_device import VirtualDevice

# Fixtures of the alert tests (a patient with phones, time that passes), for every module.
pytest_plugins = ("tests.alert_fixtures", "tests.phones")

PATIENT = "Grand-mère Éliane"
HEADER = "t,heart_rate,spo2,body_temperature,ambient_temperature,humidity,finger,perfusion_index"
WAIT_TIMEOUT = 20.0


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load custom_components/fajma."""


@pytest.fixture(autouse=True)
def auto_mock_zeroconf(mock_async_zeroconf: MagicMock) -> None:
    """Home Assistant's shared zeroconf instance, without multicast sockets."""


def write_scenario(path: Path, rows: list[str]) -> Path:
    """Write a scenario CSV (rows without the header)."""
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


async def wait_for(
    predicate: Callable[[], bool], timeout: float = WAIT_TIMEOUT, what: str = "condition"
) -> None:
    """Poll a condition (the device publishes in real time), failing after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.05)


async def wait_for_state(
    hass: HomeAssistant,
    entity_id: str,
    check: Callable[[Any], bool],
    timeout: float = WAIT_TIMEOUT,
) -> Any:
    """Wait until the state of `entity_id` satisfies `check`; return it."""

    def ok() -> bool:
        state = hass.states.get(entity_id)
        return state is not None and check(state)

    await wait_for(ok, timeout, f"{entity_id} (now {hass.states.get(entity_id)})")
    return hass.states.get(entity_id)


def entry_for(device: VirtualDevice, title: str = PATIENT, **options: Any) -> MockConfigEntry:
    """A config entry pointing at a virtual device."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=title,
        unique_id=device.mac,
        data={
            CONF_HOST: device.host,
            CONF_PORT: device.port,
            CONF_ENCRYPTION_KEY: device.encryption_key,
            CONF_PATIENT_NAME: title,
            CONF_DEVICE_NAME: device.name,
        },
        options=options,
    )


@contextlib.asynccontextmanager
async def running(device: VirtualDevice) -> AsyncIterator[VirtualDevice]:
    """Start a virtual device and always clean it up."""
    try:
        await device.start()
        yield device
    finally:
        await device.close()


@pytest.fixture
def socket_ok(socket_enabled: None) -> None:
    """Real TCP to 127.0.0.1 for the virtual devices."""


@pytest.fixture
async def stable_device(socket_ok: None) -> AsyncIterator[VirtualDevice]:
    """A running virtual device playing the stable scenario."""
    async with running(VirtualDevice("fajma-stable", "stable")) as device:
        yield device


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add and set up a config entry."""
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def unload_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Unload an entry (tests fail on lingering tasks and timers)."""
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


# --- fake device ---------------------------------------------------------------------------

FAKE_MAC = "aa:bb:cc:dd:ee:ff"
KEYS = {
    "heart_rate": 1,
    "spo2": 2,
    "body_temperature": 3,
    "ambient_temperature": 4,
    "humidity": 5,
    "perfusion_index": 6,
    "finger_detected": 7,
    "restart": 8,
    "calibrate": 9,
    "irregular_pulse": 11,
    "spo2_ratio": 12,
}
BINARY_SENSOR_IDS = ("finger_detected", "irregular_pulse")
OFFSET_ACTION = UserService(
    name="set_body_temperature_offset",
    key=10,
    args=[UserServiceArg(name="offset", type=UserServiceArgType.FLOAT)],
)


def contract_entities(*, without: tuple[str, ...] = (), names_only: bool = False) -> list[Any]:
    """The entity infos of the contract, optionally without some or without object ids."""
    infos: list[EntityInfo] = []
    names = {
        "heart_rate": "Heart rate",
        "spo2": "SpO2",
        "body_temperature": "Body temperature",
        "ambient_temperature": "Ambient temperature",
        "humidity": "Humidity",
        "perfusion_index": "Perfusion index",
        "finger_detected": "Finger detected",
        "restart": "Restart",
        "calibrate": "Calibrate",
        "irregular_pulse": "Irregular pulse",
        "spo2_ratio": "SpO2 ratio",
    }
    for object_id, key in KEYS.items():
        if object_id in without:
            continue
        kind = (
            BinarySensorInfo
            if object_id in BINARY_SENSOR_IDS
            else ButtonInfo
            if object_id in ("restart", "calibrate")
            else SensorInfo
        )
        infos.append(
            kind(object_id="" if names_only else object_id, key=key, name=names[object_id])
        )
    return infos


@dataclass
class FakeDevice:
    """What the fake client answers; tests change it between connections."""

    mac: str = FAKE_MAC
    project_name: str = PROJECT_NAME
    project_version: str = "0.1.0"
    entities: list[Any] = field(default_factory=contract_entities)
    services: list[UserService] = field(default_factory=lambda: [OFFSET_ACTION])
    connect_error: Exception | None = None
    silent: bool = False  # never answers a connection attempt
    device_info_error: Exception | None = None
    pressed: list[int] = field(default_factory=list)
    executed: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    clients: list[FakeClient] = field(default_factory=list)
    logics: list[FakeReconnectLogic] = field(default_factory=list)

    @property
    def client(self) -> FakeClient:
        """The last client created."""
        return self.clients[-1]

    @property
    def logic(self) -> FakeReconnectLogic:
        """The last reconnect logic created."""
        return self.logics[-1]

    def publish(self, object_id: str, value: float | bool | None) -> None:
        """Send a state as the device would (None: missing state)."""
        key = KEYS[object_id]
        state: EntityState
        if object_id in BINARY_SENSOR_IDS:
            state = BinarySensorState(key=key, state=bool(value), missing_state=value is None)
        else:
            state = SensorState(
                key=key,
                state=math.nan if value is None else float(value),
                missing_state=False,
            )
        assert self.client.on_state is not None
        self.client.on_state(state)


class FakeClient:
    """The parts of APIClient the coordinator uses."""

    def __init__(self, device: FakeDevice, *args: Any, **kwargs: Any) -> None:
        """Record the client."""
        self.device = device
        self.args = args
        self.kwargs = kwargs
        self.log_name = "fake-device @ 192.0.2.1"
        self.on_state: Callable[[EntityState], None] | None = None
        self.disconnects = 0
        device.clients.append(self)

    async def device_info_and_list_entities(
        self,
    ) -> tuple[DeviceInfo, list[Any], list[UserService]]:
        """Answer with the fake device's description."""
        if self.device.device_info_error is not None:
            raise self.device.device_info_error
        info = DeviceInfo(
            name="fajma-fake",
            mac_address=self.device.mac.upper(),
            project_name=self.device.project_name,
            project_version=self.device.project_version,
            model="esp32",
        )
        return info, self.device.entities, self.device.services

    def subscribe_states(self, on_state: Callable[[EntityState], None]) -> None:
        """Keep the state callback."""
        self.on_state = on_state

    async def disconnect(self, force: bool = False) -> None:
        """Count disconnects."""
        self.disconnects += 1

    def button_command(self, key: int, device_id: int = 0) -> None:
        """Record a press."""
        self.device.pressed.append(key)

    async def execute_service(self, service: UserService, data: dict[str, Any]) -> None:
        """Record an action call."""
        self.device.executed.append((service.name, data))


class FakeReconnectLogic:
    """Connects at start() and lets tests drop and restore the connection."""

    def __init__(
        self,
        device: FakeDevice,
        *,
        client: FakeClient,
        on_connect: Callable[[], Awaitable[None]],
        on_disconnect: Callable[[bool], Awaitable[None]],
        on_connect_error: Callable[[Exception], Awaitable[None]],
        **kwargs: Any,
    ) -> None:
        """Record the callbacks."""
        self.device = device
        self.client = client
        self.on_connect = on_connect
        self.on_disconnect = on_disconnect
        self.on_connect_error = on_connect_error
        self.kwargs = kwargs
        self.stopped = False
        device.logics.append(self)

    async def start(self) -> None:
        """Connect now (unless the device is silent)."""
        if not self.device.silent:
            await self.connect()

    async def connect(self) -> None:
        """One connection attempt."""
        if self.device.connect_error is not None:
            await self.on_connect_error(self.device.connect_error)
            return
        await self.on_connect()

    async def drop(self, expected: bool = False) -> None:
        """The connection is lost."""
        await self.on_disconnect(expected)

    async def stop(self) -> None:
        """Stop reconnecting."""
        self.stopped = True

    def stop_callback(self) -> None:
        """Stop reconnecting (from a callback)."""
        self.stopped = True


@pytest.fixture
def fake_device() -> Iterator[FakeDevice]:
    """Replace APIClient and ReconnectLogic in the coordinator with the fake device."""
    device = FakeDevice()
    with (
        patch(
            "custom_components.fajma.coordinator.APIClient",
            side_effect=lambda *a, **kw: FakeClient(device, *a, **kw),
        ),
        patch(
            "custom_components.fajma.coordinator.ReconnectLogic",
            side_effect=lambda **kw: FakeReconnectLogic(device, **kw),
        ),
    ):
        yield device


@pytest.fixture
def fake_entry() -> MockConfigEntry:
    """A config entry for the fake device."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=PATIENT,
        unique_id=FAKE_MAC,
        data={
            CONF_HOST: "192.0.2.1",
            CONF_PORT: 6053,
            CONF_ENCRYPTION_KEY: None,
            CONF_PATIENT_NAME: PATIENT,
            CONF_DEVICE_NAME: "fajma-fake",
        },
    )


def publish_all(
    device: FakeDevice,
    *,
    heart_rate: float | None = 72,
    spo2: float | None = 98,
    body_temperature: float | None = 36.8,
    ambient_temperature: float | None = 21.5,
    humidity: float | None = 45,
    perfusion_index: float | None = 2.5,
    finger: bool | None = True,
    irregular_pulse: bool | None = False,
    spo2_ratio: float | None = 0.55,
) -> None:
    """Publish a full batch of readings from the fake device."""
    device.publish("finger_detected", finger)
    device.publish("heart_rate", heart_rate)
    device.publish("spo2", spo2)
    device.publish("body_temperature", body_temperature)
    device.publish("ambient_temperature", ambient_temperature)
    device.publish("humidity", humidity)
    device.publish("perfusion_index", perfusion_index)
    device.publish("irregular_pulse", irregular_pulse)
    device.publish("spo2_ratio", spo2_ratio)


def raise_connection_error(*_: Any) -> None:
    """A button press on a dead connection."""
    raise APIConnectionError("connection lost")


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Enable the entities that are disabled by default (as Home Assistant core's fixture)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
    ):
        yield


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Home Assistant's snapshot format, stored in tests/snapshots/."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)
