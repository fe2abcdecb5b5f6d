"""The virtual device is the real firmware: read it with the real aioesphomeapi client."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Callable
import contextlib
from dataclasses import dataclass, field
import math
import os
from pathlib import Path
from typing import Any

from aioesphomeapi import (
    APIClient,
    APIConnectionError,
    BinarySensorInfo,
    ButtonInfo,
    DeviceInfo,
    EntityCategory,
    EntityInfo,
    InvalidEncryptionKeyAPIError,
    LogLevel,
    RequiresEncryptionAPIError,
    SensorInfo,
    UserService,
)
import pytest

from fajma_tools.virtual_device import derive_mac, main as virtual_device_main, scenario_names
from tests.virtual_device import VirtualDevice

# Real TCP to the device on 127.0.0.1 (the harness blocks sockets unless a test asks).
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("socket_enabled")]

CONTRACT_SENSORS = {
    # object_id: (unit, device_class)
    "heart_rate": ("bpm", ""),
    "spo2": ("%", ""),
    "body_temperature": ("°C", "temperature"),
    "ambient_temperature": ("°C", "temperature"),
    "humidity": ("%", "humidity"),
    "perfusion_index": ("%", ""),
    "spo2_ratio": ("", ""),
}
SHIPPED_SCENARIOS = {
    "stable",
    "fever",
    "tachycardia",
    "bradycardia",
    "desaturation",
    "finger_off",
    "sensor_fault",
    "deteriorating",
}
HEADER = "t,heart_rate,spo2,body_temperature,ambient_temperature,humidity,finger,perfusion_index"


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@dataclass
class Session:
    """A connected client with the device's entities indexed by object id."""

    client: APIClient
    info: DeviceInfo
    entities: dict[str, EntityInfo]
    services: dict[str, UserService]
    states: dict[str, Any] = field(default_factory=dict)
    updates: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 10
    ) -> None:
        async with asyncio.timeout(timeout):
            while not predicate(self.states):
                self.updates.clear()
                await self.updates.wait()

    def press(self, object_id: str) -> None:
        self.client.button_command(self.entities[object_id].key)


@contextlib.asynccontextmanager
async def connect(
    device: VirtualDevice, *, key: str | None = None, subscribe: bool = True
) -> AsyncIterator[Session]:
    client = APIClient(device.host, device.port, None, noise_psk=key)
    await client.connect(login=True)
    try:
        info, entities, services = await client.device_info_and_list_entities()
        by_object_id = {entity.object_id: entity for entity in entities}
        session = Session(client, info, by_object_id, {s.name: s for s in services})
        object_id_of_key = {entity.key: entity.object_id for entity in entities}

        def on_state(state: Any) -> None:
            session.states[object_id_of_key[state.key]] = state.state
            session.updates.set()

        if subscribe:
            client.subscribe_states(on_state)
        yield session
    finally:
        await client.disconnect()


@pytest.fixture
async def devices() -> AsyncIterator[list[VirtualDevice]]:
    """Devices a test creates are stopped and cleaned up however the test ends."""
    created: list[VirtualDevice] = []
    yield created
    await asyncio.gather(*(device.close() for device in created))


def has_reading(states: dict[str, Any], object_id: str) -> bool:
    """A real reading arrived (a freshly booted device first reports NaN: no state yet)."""
    value = states.get(object_id)
    return isinstance(value, float) and not math.isnan(value)


def write_scenario(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "scenario.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


async def test_device_info_and_contract_entities(devices: list[VirtualDevice]) -> None:
    device = VirtualDevice("fajma-contract", "stable")
    devices.append(device)
    await device.start()
    async with connect(device, subscribe=False) as session:
        assert session.info.project_name == "fajma.vitals_monitor"
        assert session.info.name == "fajma-contract"
        assert session.info.mac_address.lower() == derive_mac("fajma-contract")
        for object_id, (unit, device_class) in CONTRACT_SENSORS.items():
            entity = session.entities[object_id]
            assert isinstance(entity, SensorInfo), object_id
            assert entity.unit_of_measurement == unit
            assert entity.device_class == device_class
            assert entity.state_class == 1  # measurement: long-term statistics work
        assert isinstance(session.entities["finger_detected"], BinarySensorInfo)
        assert isinstance(session.entities["irregular_pulse"], BinarySensorInfo)
        assert session.entities["spo2_ratio"].entity_category == EntityCategory.DIAGNOSTIC
        assert isinstance(session.entities["restart"], ButtonInfo)
        assert session.entities["restart"].device_class == "restart"
        assert isinstance(session.entities["calibrate"], ButtonInfo)
        action = session.services["set_body_temperature_offset"]
        assert [(arg.name, arg.type.name) for arg in action.args] == [("offset", "FLOAT")]


async def test_identity_is_stable_and_distinct_per_name(devices: list[VirtualDevice]) -> None:
    first = VirtualDevice("fajma-ward-1", "stable")
    second = VirtualDevice("fajma-ward-2", "stable")
    devices += [first, second]
    await asyncio.gather(first.start(), second.start())
    async with connect(first, subscribe=False) as a, connect(second, subscribe=False) as b:
        macs = {a.info.mac_address, b.info.mac_address}
        assert len(macs) == 2
    await first.stop()
    await first.start()
    async with connect(first, subscribe=False) as again:
        assert again.info.mac_address == a.info.mac_address
        assert again.info.name == "fajma-ward-1"


async def test_four_devices_at_once(devices: list[VirtualDevice]) -> None:
    started = [VirtualDevice(f"fajma-four-{i}", "fever") for i in range(4)]
    devices += started
    await asyncio.gather(*(device.start() for device in started))
    assert len({device.port for device in started}) == 4
    for device in started:
        async with connect(device) as session:
            await session.wait_for(lambda s: has_reading(s, "body_temperature"))
            assert session.info.name == device.name


async def test_states_follow_the_scenario(devices: list[VirtualDevice], tmp_path: Path) -> None:
    scenario = write_scenario(
        tmp_path,
        [
            "0,70,98,36.6,21,40,1,3.5",
            "1,130,85,,22,41,0,",
        ],
    )
    device = VirtualDevice("fajma-follow", scenario, reading_interval=0.2)
    devices.append(device)
    await device.start()
    async with connect(device) as session:
        await session.wait_for(lambda s: s.get("heart_rate") == 70)
        assert session.states["spo2"] == 98
        assert session.states["body_temperature"] == pytest.approx(36.6)
        assert session.states["finger_detected"] is True
        # The second row: an empty cell is published as NaN ("no reading"), never 0.
        await session.wait_for(lambda s: s.get("heart_rate") == 130)
        await session.wait_for(lambda s: math.isnan(s.get("body_temperature", 0.0)))
        assert session.states["spo2"] == 85
        assert math.isnan(session.states["perfusion_index"])
        assert session.states["finger_detected"] is False
        assert session.states["humidity"] == 41


async def test_irregular_pulse_and_spo2_ratio(devices: list[VirtualDevice], tmp_path: Path) -> None:
    """The optional columns; without spo2_ratio, R is the default curve's at that SpO2."""
    scenario = write_scenario(
        tmp_path,
        ["0,70,98,1,0", "1,110,94,1,1", "2,,,0,1"],
        header="t,heart_rate,spo2,finger,irregular_pulse",
    )
    device = VirtualDevice("fajma-rhythm", scenario, reading_interval=0.2)
    devices.append(device)
    await device.start()
    async with connect(device) as session:
        await session.wait_for(lambda s: s.get("heart_rate") == 70)
        assert session.states["irregular_pulse"] is False
        # RD117: -45.060 R² + 30.354 R + 94.845 = 98 at R = 0.5452.
        assert session.states["spo2_ratio"] == pytest.approx(0.5452, abs=1e-3)
        await session.wait_for(lambda s: s.get("heart_rate") == 110)
        assert session.states["irregular_pulse"] is True
        assert session.states["spo2_ratio"] == pytest.approx(0.7004, abs=1e-3)
        # No heart rate or SpO2: no ratio either.
        await session.wait_for(lambda s: math.isnan(s.get("heart_rate", 0.0)))
        assert math.isnan(session.states["spo2_ratio"])
    scenario_with_ratio = write_scenario(
        tmp_path, ["0,70,98,1,0.61"], header="t,heart_rate,spo2,finger,spo2_ratio"
    )
    device = VirtualDevice("fajma-ratio", scenario_with_ratio, reading_interval=0.2)
    devices.append(device)
    await device.start()
    async with connect(device) as session:
        await session.wait_for(lambda s: s.get("spo2_ratio") == pytest.approx(0.61))


async def test_missing_columns_are_published_as_nan(
    devices: list[VirtualDevice], tmp_path: Path
) -> None:
    scenario = write_scenario(tmp_path, ["0,37.2"], header="t,body_temperature")
    device = VirtualDevice("fajma-partial", scenario, reading_interval=0.2)
    devices.append(device)
    await device.start()
    async with connect(device) as session:
        # Both are published by the same update, so once one is there the other is current.
        await session.wait_for(lambda s: s.get("body_temperature") == pytest.approx(37.2))
        assert math.isnan(session.states["heart_rate"])
        assert math.isnan(session.states["humidity"])


async def test_time_scale_plays_the_scenario_faster(
    devices: list[VirtualDevice], tmp_path: Path
) -> None:
    scenario = write_scenario(tmp_path, ["0,70,98,36.6,21,40,1,3", "60,50,98,36.6,21,40,1,3"])
    device = VirtualDevice("fajma-fast", scenario, time_scale=60, reading_interval=0.2)
    devices.append(device)
    await device.start()
    async with connect(device) as session:
        # Scenario minute 1 arrives after about one real second.
        await session.wait_for(lambda s: s.get("heart_rate") == 50, timeout=5)


async def test_a_broken_scenario_publishes_nothing_but_nan(
    devices: list[VirtualDevice], tmp_path: Path
) -> None:
    scenario = write_scenario(tmp_path, ["0,abc"], header="t,heart_rate")
    device = VirtualDevice("fajma-broken", scenario, reading_interval=0.2)
    devices.append(device)
    await device.start()
    async with connect(device) as session:
        await session.wait_for(lambda s: "heart_rate" in s)
        assert math.isnan(session.states["heart_rate"])
    assert "'abc' is not a number" in device.log


async def test_calibrate_and_restart_buttons(devices: list[VirtualDevice]) -> None:
    device = VirtualDevice("fajma-buttons", "stable", reading_interval=0.2)
    devices.append(device)
    await device.start()
    pid = device.pid
    async with connect(device) as session:
        lines: list[str] = []
        calibrated = asyncio.Event()

        def on_log(message: Any) -> None:
            lines.append(message.message.decode(errors="replace"))
            if "Oximeter calibration done" in lines[-1]:
                calibrated.set()

        session.client.subscribe_logs(on_log, log_level=LogLevel.LOG_LEVEL_INFO)
        session.press("calibrate")
        async with asyncio.timeout(5):
            await calibrated.wait()

        session.press("restart")
        # The firmware reboots into itself: the connection drops, the process stays.
        async with asyncio.timeout(10):
            while session.client.connected_address is not None:
                with contextlib.suppress(APIConnectionError):
                    await session.client.device_info()
                await asyncio.sleep(0.1)
    assert device.pid == pid
    async with asyncio.timeout(10):
        while True:
            try:
                async with connect(device) as again:
                    await again.wait_for(lambda s: has_reading(s, "heart_rate"))
                    break
            except APIConnectionError:
                await asyncio.sleep(0.2)
    assert device.log.count("Playing scenario") == 2  # the firmware booted a second time


async def test_body_temperature_offset_shifts_readings_and_survives_restart(
    devices: list[VirtualDevice], tmp_path: Path
) -> None:
    scenario = write_scenario(tmp_path, ["0,70,98,36.0,21,40,1,3"])
    device = VirtualDevice("fajma-offset", scenario, reading_interval=0.2)
    devices.append(device)
    await device.start()
    async with connect(device) as session:
        await session.wait_for(lambda s: s.get("body_temperature") == pytest.approx(36.0))
        await session.client.execute_service(
            session.services["set_body_temperature_offset"], {"offset": 0.8}
        )
        await session.wait_for(lambda s: s.get("body_temperature") == pytest.approx(36.8))
    await device.kill()  # no graceful flush: the action must have stored it already
    await device.start()
    async with connect(device) as session:
        await session.wait_for(lambda s: has_reading(s, "body_temperature"))
        assert session.states["body_temperature"] == pytest.approx(36.8)
        # An absurd offset is refused and the stored one kept.
        await session.client.execute_service(
            session.services["set_body_temperature_offset"], {"offset": 25.0}
        )
        await asyncio.sleep(0.5)
        assert session.states["body_temperature"] == pytest.approx(36.8)
    assert "Rejected body temperature offset" in device.log


async def test_encrypted_device(devices: list[VirtualDevice]) -> None:
    key = new_key()
    device = VirtualDevice("fajma-secret", "fever", encryption_key=key, reading_interval=0.2)
    devices.append(device)
    await device.start()
    async with connect(device, key=key) as session:
        assert session.info.project_name == "fajma.vitals_monitor"
        await session.wait_for(lambda s: has_reading(s, "body_temperature"))
        assert session.states["body_temperature"] == pytest.approx(37.0)

    wrong = APIClient(device.host, device.port, None, noise_psk=new_key())
    with pytest.raises(InvalidEncryptionKeyAPIError):
        await wrong.connect(login=True)
    await wrong.disconnect()

    # A client without a key is refused, never served in plaintext.
    plaintext = APIClient(device.host, device.port, None)
    with pytest.raises(RequiresEncryptionAPIError):
        await plaintext.connect(login=True)
    await plaintext.disconnect()


def test_every_named_scenario_ships() -> None:
    assert set(scenario_names()) >= SHIPPED_SCENARIOS


async def test_reading_interval_sets_the_publication_rate(devices: list[VirtualDevice]) -> None:
    """--interval 0.1 publishes about ten readings a second (the default is one)."""
    device = VirtualDevice("fajma-rate", "stable", reading_interval=0.1)
    devices.append(device)
    await device.start()
    async with connect(device, subscribe=False) as session:
        key = session.entities["heart_rate"].key
        received = 0
        enough = asyncio.Event()

        def on_state(state: Any) -> None:
            nonlocal received
            received += state.key == key
            if received >= 15:
                enough.set()

        session.client.subscribe_states(on_state)
        # Bounded by count, not by a fixed sleep: 15 readings arrive in ~1.5 s at 10 Hz,
        # and would need 15 s at the default 1 Hz, well past the timeout.
        async with asyncio.timeout(5):
            await enough.wait()


# --- the real oximeter driver on the emulated MAX30102 (--ppg) ------------------------------


def write_ppg(
    path: Path, segments: list[tuple[float, float]], *, rate: float = 50.0, ratio: float = 0.6
) -> Path:
    """A synthetic raw recording: (seconds, bpm) segments, red/IR counts with the given R."""
    lines = ["t,red,ir"]
    t = phase = 0.0
    for duration, bpm in segments:
        end = t + duration
        while t < end:
            shape = math.exp(-0.5 * ((phase - 0.18) / 0.07) ** 2) + 0.4 * math.exp(
                -0.5 * ((phase - 0.45) / 0.09) ** 2
            )
            ir = 120000 * (1 - 0.015 * shape)
            red = 95000 * (1 - ratio * 0.015 * shape)
            lines.append(f"{t:.4f},{red:.0f},{ir:.0f}")
            phase = (phase + bpm / 60 / rate) % 1.0
            t += 1 / rate
    path.write_text("\n".join(lines) + "\n")
    return path


async def test_ppg_heart_rate_follows_the_recording(
    devices: list[VirtualDevice], tmp_path: Path
) -> None:
    """The real driver and processor, through an emulated MAX30102, read the recording."""
    recording = write_ppg(tmp_path / "ppg.csv", [(14.0, 60.0), (40.0, 105.0)])
    device = VirtualDevice("fajma-ppg", "stable", ppg=recording)
    devices.append(device)
    await device.start()
    async with connect(device) as session:
        # The scenario still provides the other vitals.
        await session.wait_for(lambda s: has_reading(s, "body_temperature"))
        await session.wait_for(lambda s: abs(s.get("heart_rate", 0.0) - 60) <= 2, timeout=12)
        assert session.states["finger_detected"] is True
        assert session.states["irregular_pulse"] is False
        # R of the recording is 0.6: RD117 gives 96.8 %.
        await session.wait_for(lambda s: has_reading(s, "spo2_ratio"))
        assert session.states["spo2_ratio"] == pytest.approx(0.6, abs=0.03)
        assert session.states["spo2"] == pytest.approx(96.8, abs=1.0)
        assert session.states["perfusion_index"] > 0.5
        # The Calibrate button runs the real driver's LED calibration (after the one on the
        # first finger), not the virtual patient's stand-in.
        session.press("calibrate")
        # The rate changes 14 s into the recording; the device follows.
        await session.wait_for(lambda s: abs(s.get("heart_rate", 0.0) - 105) <= 2, timeout=20)
    assert "Finger detected" in device.log
    assert device.log.count("Calibrating LED currents towards IR level 120000") == 2, device.log
    assert "Oximeter calibration done (virtual" not in device.log


async def test_ppg_on_a_real_recording(devices: list[VirtualDevice], tmp_path: Path) -> None:
    """A minute of a shared real recording: heart rate within 5 bpm of the reference."""
    from fajma_tools import ppg_eval

    sources = ppg_eval.default_recordings()
    if not sources:
        pytest.skip(f"no real PPG recordings in {ppg_eval.ppg_dir()}")
    recording = ppg_eval.load(sources[0])
    start = int(60 * recording.rate_hz)  # a minute in: away from the placement
    count = int(40 * recording.rate_hz)
    lines = ["t,red,ir"] + [
        f"{i / recording.rate_hz:.4f},{recording.red[start + i]},{recording.ir[start + i]}"
        for i in range(count)
    ]
    path = tmp_path / "real.csv"
    path.write_text("\n".join(lines) + "\n")
    device = VirtualDevice("fajma-ppg-real", "stable", ppg=path)
    devices.append(device)
    await device.start()
    loop = asyncio.get_running_loop()
    started = loop.time()
    errors: list[float] = []
    async with connect(device) as session:
        while loop.time() - started < 25:
            session.updates.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(2):
                    await session.updates.wait()
            if not has_reading(session.states, "heart_rate"):
                continue
            t = 60 + loop.time() - started
            reference = ppg_eval.heart_rate_reference(recording, t)
            if reference is not None:
                errors.append(abs(session.states["heart_rate"] - reference))
    assert len(errors) >= 10, errors
    assert sorted(errors)[len(errors) // 2] <= 5.0, errors


def test_ppg_file_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("# a comment\nt,heart_rate\n0,70\n")
    assert virtual_device_main(["--ppg", str(bad)]) == 2
    assert "the header must name t, red and ir" in capsys.readouterr().err
    assert virtual_device_main(["--ppg", str(tmp_path / "missing.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        virtual_device_main(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "After its last row the sensor keeps reading the last row's values" in help_text
    assert "--after-end loop" in help_text
