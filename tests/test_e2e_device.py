"""End to end: the real firmware (virtual device) over real TCP with the real aioesphomeapi.

No mocks here. The device publishes in real time, so tests wait on conditions with a bound,
never on fixed sleeps.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from aioesphomeapi.client import APIClient
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID, STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.fajma.const import CONF_BODY_TEMPERATURE_OFFSET, CONF_ENCRYPTION_KEY, DOMAIN
from tests.conftest import (
    PATIENT,
    entry_for,
    running,
    setup_entry,
    unload_entry,
    wait_for,
    wait_for_state,
    write_scenario,
)
from tests.virtual_device import VirtualDevice

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("socket_ok")]

P = "grand_mere_eliane"
HEART = f"sensor.{P}_heart_rate"
SPO2 = f"sensor.{P}_spo2"
TEMP = f"sensor.{P}_body_temperature"
STATUS = f"sensor.{P}_patient_status"
CONNECTIVITY = f"binary_sensor.{P}_connectivity"
FINGER = f"binary_sensor.{P}_finger_detected"
VALID = lambda state: state.state not in ("unknown", STATE_UNAVAILABLE)  # noqa: E731


def device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The registry id of the patient's device."""
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return device.id


async def test_stable_patient(hass: HomeAssistant, stable_device: VirtualDevice) -> None:
    """The entities appear with the device's readings, normal status and thresholds."""
    entry = entry_for(stable_device)
    await setup_entry(hass, entry)
    heart = await wait_for_state(hass, HEART, VALID)
    assert 60 <= float(heart.state) <= 100
    assert heart.attributes["status"] == "normal"
    assert heart.attributes["unit_of_measurement"] == "bpm"
    assert heart.attributes["state_class"] == "measurement"
    assert {k: heart.attributes[k] for k in ("warning_low", "warning_high")} == {
        "warning_low": 60,
        "warning_high": 100,
    }
    spo2 = await wait_for_state(hass, SPO2, VALID)
    assert spo2.attributes["status"] == "normal"
    assert spo2.attributes["warning_high"] is None
    temp = await wait_for_state(hass, TEMP, VALID)
    assert temp.state == "36.8"  # the device's float32 is rounded, not shown as 36.7999…
    assert temp.attributes["device_class"] == "temperature"
    assert hass.states.get(STATUS).state == "normal"
    assert hass.states.get(CONNECTIVITY).state == STATE_ON
    assert hass.states.get(FINGER).state == STATE_ON
    assert float(hass.states.get(f"sensor.{P}_ambient_temperature").state) == 21.5
    assert float(hass.states.get(f"sensor.{P}_humidity").state) == 45

    registry = er.async_get(hass)
    heart_entry = registry.async_get(HEART)
    assert heart_entry.unique_id == f"{stable_device.mac}_heart_rate"
    assert heart_entry.translation_key == "heart_rate"
    perfusion = registry.async_get(f"sensor.{P}_perfusion_index")
    assert perfusion.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    device = dr.async_get(hass).async_get(heart_entry.device_id)
    assert device.name == PATIENT
    await unload_entry(hass, entry)


async def test_fever_goes_critical(hass: HomeAssistant, socket_ok: None) -> None:
    """The fever scenario drives body temperature to critical, and the patient with it."""
    async with running(VirtualDevice("fajma-fever", "fever", time_scale=10)) as device:
        entry = entry_for(device)
        await setup_entry(hass, entry)
        temp = await wait_for_state(hass, TEMP, lambda s: s.attributes.get("status") == "critical")
        assert float(temp.state) > 40
        assert hass.states.get(STATUS).state == "critical"
        await unload_entry(hass, entry)


async def test_finger_off_no_signal(hass: HomeAssistant, socket_ok: None) -> None:
    """Without a finger, pulse and SpO2 show no signal (never normal); temperature stays."""
    async with running(VirtualDevice("fajma-finger", "finger_off", time_scale=5)) as device:
        entry = entry_for(device)
        await setup_entry(hass, entry)
        await wait_for_state(hass, HEART, lambda s: s.attributes.get("status") == "normal")
        heart = await wait_for_state(
            hass, HEART, lambda s: s.attributes.get("status") == "no_signal"
        )
        assert heart.state == "unknown"
        assert hass.states.get(SPO2).attributes["status"] == "no_signal"
        assert hass.states.get(FINGER).state == STATE_OFF
        assert hass.states.get(TEMP).attributes["status"] == "normal"
        assert hass.states.get(STATUS).state == "no_signal"
        await unload_entry(hass, entry)


async def test_sensor_fault_never_normal(
    hass: HomeAssistant, socket_ok: None, tmp_path: Path
) -> None:
    """Implausible readings from a faulty sensor are no_signal, not an alarm or normal."""
    scenario = write_scenario(
        tmp_path / "fault.csv",
        ["0,72,97,36.8,21.5,45,1,3", "3,300,120,55,21.5,45,1,3", "60,300,120,55,21.5,45,1,3"],
    )
    async with running(VirtualDevice("fajma-fault", scenario)) as device:
        entry = entry_for(device)
        await setup_entry(hass, entry)
        # Normal first, so the faulty batch is really evaluated (not merely absent).
        await wait_for_state(hass, STATUS, lambda s: s.state == "normal")
        await wait_for_state(hass, TEMP, lambda s: s.attributes.get("status") == "no_signal")
        await wait_for_state(hass, HEART, lambda s: s.attributes.get("status") == "no_signal")
        for entity_id in (HEART, SPO2, TEMP):
            state = hass.states.get(entity_id)
            assert state.attributes["status"] == "no_signal", entity_id
            assert state.state == "unknown"
        assert hass.states.get(STATUS).state == "no_signal"
        await unload_entry(hass, entry)


async def test_device_lost_and_back(hass: HomeAssistant, stable_device: VirtualDevice) -> None:
    """Stopping the device: vitals unavailable, patient offline; restarting it: recovered."""
    entry = entry_for(stable_device)
    await setup_entry(hass, entry)
    await wait_for_state(hass, HEART, VALID)

    await stable_device.stop()
    await wait_for_state(hass, STATUS, lambda s: s.state == "offline")
    assert hass.states.get(HEART).state == STATE_UNAVAILABLE
    assert hass.states.get(TEMP).state == STATE_UNAVAILABLE
    assert hass.states.get(CONNECTIVITY).state == STATE_OFF

    await stable_device.start()  # no user action in between
    await wait_for_state(hass, HEART, VALID, timeout=30)
    await wait_for_state(hass, STATUS, lambda s: s.state == "normal")
    assert hass.states.get(CONNECTIVITY).state == STATE_ON
    await unload_entry(hass, entry)


async def test_calibrate_with_reference(hass: HomeAssistant, stable_device: VirtualDevice) -> None:
    """The offset is stored on the device and later readings are shifted by it."""
    entry = entry_for(stable_device)
    await setup_entry(hass, entry)
    temp = await wait_for_state(hass, TEMP, VALID)
    before = float(temp.state)

    await hass.services.async_call(
        DOMAIN,
        "calibrate",
        {ATTR_DEVICE_ID: device_id(hass, entry), "reference_temperature": before + 0.7},
        blocking=True,
    )
    offset = entry.data[CONF_BODY_TEMPERATURE_OFFSET]
    assert offset == pytest.approx(0.7, abs=0.011)
    await wait_for_state(
        hass, TEMP, lambda s: VALID(s) and abs(float(s.state) - (before + 0.7)) < 0.06
    )
    await wait_for(lambda: "Oximeter calibration done" in stable_device.log, what="calibration")

    # A second calibration builds on the stored offset: back to the raw reading.
    temp = hass.states.get(TEMP)
    await hass.services.async_call(
        DOMAIN,
        "calibrate",
        {ATTR_DEVICE_ID: device_id(hass, entry), "reference_temperature": float(temp.state) - 0.7},
        blocking=True,
    )
    assert entry.data[CONF_BODY_TEMPERATURE_OFFSET] == pytest.approx(0.0, abs=0.02)
    await wait_for_state(hass, TEMP, lambda s: VALID(s) and abs(float(s.state) - before) < 0.06)
    await unload_entry(hass, entry)


async def test_reset_restarts_the_device(hass: HomeAssistant, stable_device: VirtualDevice) -> None:
    """fajma.reset restarts the device: seen as a disconnect and an automatic reconnect."""
    entry = entry_for(stable_device)
    await setup_entry(hass, entry)
    await wait_for_state(hass, HEART, VALID)
    connectivity: list[str] = []

    def record(event: Event[EventStateChangedData]) -> None:
        if (state := event.data["new_state"]) is not None:
            connectivity.append(state.state)

    unsub = async_track_state_change_event(hass, CONNECTIVITY, record)
    await hass.services.async_call(
        DOMAIN, "reset", {ATTR_DEVICE_ID: device_id(hass, entry)}, blocking=True
    )
    await wait_for(lambda: STATE_OFF in connectivity, what="the restart's disconnect")
    await wait_for(lambda: connectivity[-1] == STATE_ON, timeout=30, what="the reconnect")
    await wait_for_state(hass, HEART, VALID)
    unsub()
    await unload_entry(hass, entry)


async def test_encrypted_device(hass: HomeAssistant, socket_ok: None) -> None:
    """The right key works; a wrong one starts a reauth and never falls back to plaintext."""
    key = base64.b64encode(os.urandom(32)).decode()
    async with running(VirtualDevice("fajma-noise", "stable", encryption_key=key)) as device:
        entry = entry_for(device)
        await setup_entry(hass, entry)
        await wait_for_state(hass, HEART, VALID)
        await unload_entry(hass, entry)
        await hass.config_entries.async_remove(entry.entry_id)

        wrong = entry_for(device)
        wrong = MockConfigEntry(
            domain=DOMAIN,
            title=PATIENT,
            unique_id=device.mac,
            data={**wrong.data, CONF_ENCRYPTION_KEY: base64.b64encode(os.urandom(32)).decode()},
        )
        await setup_entry(hass, wrong)
        assert wrong.state is ConfigEntryState.SETUP_ERROR
        flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
        assert hass.states.get(HEART) is None


async def test_key_rotated_while_running(hass: HomeAssistant, socket_ok: None) -> None:
    """The device comes back with a new key: reauth starts, no plaintext retry, no crash."""
    key = base64.b64encode(os.urandom(32)).decode()
    async with running(VirtualDevice("fajma-rotate", "stable", encryption_key=key)) as device:
        entry = entry_for(device)
        await setup_entry(hass, entry)
        await wait_for_state(hass, HEART, VALID)

        await device.stop()
        device.encryption_key = base64.b64encode(os.urandom(32)).decode()
        await device.start()
        await wait_for(
            lambda: bool(hass.config_entries.flow.async_progress_by_handler(DOMAIN)),
            timeout=30,
            what="the reauth flow",
        )
        (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        assert flow["context"]["source"] == SOURCE_REAUTH
        assert hass.states.get(STATUS).state == "offline"
        assert hass.states.get(HEART).state == STATE_UNAVAILABLE

        # The caregiver enters the new key: the entry reloads and the readings return.
        result = await hass.config_entries.flow.async_configure(
            flow["flow_id"], {CONF_ENCRYPTION_KEY: device.encryption_key}
        )
        assert result["reason"] == "reauth_successful"
        await wait_for_state(hass, HEART, VALID)
        await unload_entry(hass, entry)


async def test_another_api_client_on_the_same_device(
    hass: HomeAssistant, stable_device: VirtualDevice
) -> None:
    """Home Assistant's esphome integration may hold its own connection: both keep working."""
    entry = entry_for(stable_device)
    await setup_entry(hass, entry)
    await wait_for_state(hass, HEART, VALID)

    other = APIClient(stable_device.host, stable_device.port, None, client_info="Home Assistant")
    await other.connect(login=True)
    received: list[object] = []
    other.subscribe_states(received.append)
    await wait_for(lambda: len(received) > 7, what="the other client's states")
    # Ours keeps receiving while the other is connected, and after it leaves.
    last = hass.states.get(HEART).last_reported
    await wait_for(lambda: hass.states.get(HEART).last_reported > last, what="our readings")
    await other.disconnect()
    last = hass.states.get(HEART).last_reported
    await wait_for(lambda: hass.states.get(HEART).last_reported > last, what="our readings")
    assert hass.states.get(CONNECTIVITY).state == STATE_ON
    await unload_entry(hass, entry)
