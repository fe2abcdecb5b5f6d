"""Setup, unload and the connection manager's lifecycle (fake device for hard-to-cause paths)."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any
from unittest.mock import patch

from aioesphomeapi.core import (
    APIConnectionError,
    EncryptionPlaintextAPIError,
    InvalidEncryptionKeyAPIError,
    RequiresEncryptionAPIError,
)
from aioesphomeapi.model import BinarySensorInfo, ButtonInfo, SensorInfo
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_CLOSE, STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.fajma.const import (
    CONF_ENCRYPTION_KEY,
    CONF_STALE_TIMEOUT,
    DOMAIN,
    EVENT_ALERT,
    ISSUE_MISSING_ENTITIES,
)
from custom_components.fajma.contract import object_id_of
from custom_components.fajma.coordinator import FajmaCoordinator
from custom_components.fajma.vitals import PatientStatus, Vital, VitalsSnapshot, VitalStatus
from tests.conftest import (
    FAKE_MAC,
    OFFSET_ACTION,
    PATIENT,
    FakeDevice,
    contract_entities,
    publish_all,
    setup_entry,
    unload_entry,
)

HEART = "sensor.grand_mere_eliane_heart_rate"
STATUS = "sensor.grand_mere_eliane_patient_status"
CONNECTIVITY = "binary_sensor.grand_mere_eliane_connectivity"
FINGER = "binary_sensor.grand_mere_eliane_finger_detected"


async def test_setup_and_unload(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Setup connects, names the device after the patient; unload stops and disconnects."""
    await setup_entry(hass, fake_entry)
    assert fake_entry.state is ConfigEntryState.LOADED
    coordinator = fake_entry.runtime_data.coordinator
    assert isinstance(coordinator, FajmaCoordinator)
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, FAKE_MAC), fake_entry.entry_id
    )
    assert device is not None
    assert device.name == PATIENT
    # Not keyed on the MAC connection: Home Assistant's esphome device keeps its own.
    assert device.connections == set()
    # The client is built to refuse another device at the address.
    assert fake_device.client.kwargs["expected_mac"] == FAKE_MAC.replace(":", "")
    assert fake_device.logic.kwargs["name"] == "fajma-fake"

    publish_all(fake_device)
    await hass.async_block_till_done()
    assert hass.states.get(HEART).state == "72.0"
    assert hass.states.get(STATUS).state == "normal"

    await unload_entry(hass, fake_entry)
    assert fake_entry.state is ConfigEntryState.NOT_LOADED
    assert fake_device.logic.stopped
    assert fake_device.client.disconnects >= 1


async def test_listener_api_for_the_alert_layer(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Subscribers get one typed snapshot per batch of readings."""
    await setup_entry(hass, fake_entry)
    coordinator = fake_entry.runtime_data.coordinator
    received: list[VitalsSnapshot] = []
    unsubscribe = coordinator.async_add_listener(lambda: received.append(coordinator.data))

    publish_all(fake_device, heart_rate=135)
    await hass.async_block_till_done()
    assert len(received) == 1  # seven readings, one evaluation
    snapshot = received[0]
    assert snapshot.status is PatientStatus.CRITICAL
    assert snapshot.vitals[Vital.HEART_RATE].value == 135
    assert snapshot.vitals[Vital.HEART_RATE].status is VitalStatus.CRITICAL
    assert snapshot.vitals[Vital.HEART_RATE].thresholds.as_dict()["critical_high"] == 120
    assert snapshot.online
    assert snapshot.last_reading is not None

    unsubscribe()
    await unload_entry(hass, fake_entry)


async def test_batches_that_arrive_together_are_each_evaluated(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """After a stall, two periods read in one go: the first is not overwritten unseen."""
    await setup_entry(hass, fake_entry)
    coordinator = fake_entry.runtime_data.coordinator
    heart_rates: list[float | None] = []
    unsubscribe = coordinator.async_add_listener(
        lambda: heart_rates.append(coordinator.data.vitals[Vital.HEART_RATE].value)
    )
    # No chance for the loop to run between the two batches.
    publish_all(fake_device, heart_rate=150)
    publish_all(fake_device, heart_rate=72)
    await hass.async_block_till_done()
    assert heart_rates == [150, 72]
    unsubscribe()
    await unload_entry(hass, fake_entry)


@pytest.mark.parametrize(
    "error",
    [APIConnectionError("refused"), TimeoutError()],
)
async def test_setup_not_ready(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    error: Exception,
) -> None:
    """An unreachable device: retry later, and leave nothing running."""
    if isinstance(error, TimeoutError):
        # The device never answers: the setup wait times out.
        fake_device.silent = True
        with patch("custom_components.fajma.coordinator.SETUP_CONNECT_TIMEOUT", 0.01):
            await setup_entry(hass, fake_entry)
    else:
        fake_device.connect_error = error
        await setup_entry(hass, fake_entry)
    assert fake_entry.state is ConfigEntryState.SETUP_RETRY
    assert fake_device.logic.stopped


@pytest.mark.parametrize(
    "error",
    [
        InvalidEncryptionKeyAPIError("bad key"),
        RequiresEncryptionAPIError("key needed"),
        EncryptionPlaintextAPIError("device is plaintext"),
    ],
)
async def test_setup_auth_failed(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    error: Exception,
) -> None:
    """A wrong, missing or no-longer-needed key starts a reauth, never a plaintext retry."""
    fake_device.connect_error = error
    await setup_entry(hass, fake_entry)
    assert fake_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_key_changed_after_setup(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """A key error on a reconnect starts a reauth and stops reconnecting."""
    await setup_entry(hass, fake_entry)
    logic = fake_device.logic
    await logic.drop()
    await logic.on_connect_error(APIConnectionError("refused"))  # an ordinary failure
    assert not logic.stopped
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    await logic.on_connect_error(InvalidEncryptionKeyAPIError("rotated"))
    await hass.async_block_till_done()
    assert logic.stopped
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    await unload_entry(hass, fake_entry)


@pytest.mark.parametrize(
    ("mac", "project"),
    [("11:22:33:44:55:66", "fajma.vitals_monitor"), (FAKE_MAC, "acme.thermostat")],
)
async def test_unexpected_device(  # noqa: PLR0917
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    mac: str,
    project: str,
) -> None:
    """Another device at the address: never show its readings as this patient's."""
    fake_device.mac = mac
    fake_device.project_name = project
    await setup_entry(hass, fake_entry)
    assert fake_entry.state is ConfigEntryState.SETUP_RETRY
    assert "Unexpected device" in caplog.text
    assert fake_device.client.on_state is None


async def test_device_replaced_while_running(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Another board answers at the address after setup: refused, logged once as an error."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    logic = fake_device.logic
    await logic.drop()
    fake_device.mac = "11:22:33:44:55:66"
    for _ in range(3):  # the reconnect logic keeps trying
        await logic.connect()
    await hass.async_block_till_done()
    errors = [r for r in caplog.records if "Unexpected device" in r.message]
    assert [r.levelno for r in errors] == [logging.ERROR, logging.DEBUG, logging.DEBUG]
    assert hass.states.get(STATUS).state == "offline"
    fake_device.mac = FAKE_MAC
    await logic.connect()
    publish_all(fake_device)
    await hass.async_block_till_done()
    assert hass.states.get(STATUS).state == "normal"
    await unload_entry(hass, fake_entry)


async def test_device_info_error(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """The connection drops while listing entities: retry later."""
    fake_device.device_info_error = APIConnectionError("read failed")
    await setup_entry(hass, fake_entry)
    assert fake_entry.state is ConfigEntryState.SETUP_RETRY
    assert fake_device.client.disconnects >= 1


async def test_missing_entities_repair(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Missing contract entities raise a repair issue naming them; the rest works."""
    # Extra entities (a Wi-Fi signal sensor, a factory reset button) are ignored.
    fake_device.entities = [
        *contract_entities(without=("spo2", "calibrate")),
        SensorInfo(object_id="wifi_signal", key=100, name="WiFi signal"),
        ButtonInfo(object_id="factory_reset", key=101, name="Factory reset"),
        BinarySensorInfo(object_id="status", key=102, name="Status"),
    ]
    fake_device.services = []
    await setup_entry(hass, fake_entry)
    issue_id = f"{ISSUE_MISSING_ENTITIES}_{fake_entry.entry_id}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders == {
        "patient": PATIENT,
        "entities": "sensor.spo2, button.calibrate, action.set_body_temperature_offset",
    }
    publish_all(fake_device)
    await hass.async_block_till_done()
    assert hass.states.get(HEART).state == "72.0"
    spo2 = hass.states.get("sensor.grand_mere_eliane_spo2")
    assert spo2.state == "unknown"
    assert spo2.attributes["status"] == "no_signal"
    assert hass.states.get("button.grand_mere_eliane_calibrate").state == STATE_UNAVAILABLE
    assert hass.states.get("button.grand_mere_eliane_restart").state != STATE_UNAVAILABLE

    # A firmware update brings them back: the issue goes away.
    fake_device.entities = contract_entities()
    fake_device.services = [OFFSET_ACTION]
    await fake_device.logic.drop()
    await fake_device.logic.connect()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    await unload_entry(hass, fake_entry)


async def test_older_firmware_without_new_entities(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Firmware from before irregular_pulse and spo2_ratio: a warning that names them, no error."""
    fake_device.entities = contract_entities(without=("irregular_pulse", "spo2_ratio"))
    await setup_entry(hass, fake_entry)
    assert fake_entry.state is ConfigEntryState.LOADED
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"{ISSUE_MISSING_ENTITIES}_{fake_entry.entry_id}"
    )
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING
    assert issue.translation_placeholders == {
        "patient": PATIENT,
        "entities": "sensor.spo2_ratio, binary_sensor.irregular_pulse",
    }
    publish_all(fake_device, heart_rate=64, irregular_pulse=None, spo2_ratio=None)
    await hass.async_block_till_done()
    assert hass.states.get(HEART).state == "64.0"
    await unload_entry(hass, fake_entry)


async def test_object_ids_derived_from_names(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """A firmware that sends no object ids is mapped by name, as ESPHome derives them."""
    fake_device.entities = contract_entities(names_only=True)
    assert object_id_of(fake_device.entities[0]) == "heart_rate"
    await setup_entry(hass, fake_entry)
    publish_all(fake_device, spo2=93)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.grand_mere_eliane_spo2").state == "93.0"
    issue_id = f"{ISSUE_MISSING_ENTITIES}_{fake_entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    await unload_entry(hass, fake_entry)


async def test_disconnect_and_return(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Vitals go unavailable and the patient offline; logged once lost, once back."""
    caplog.set_level(logging.INFO, logger="custom_components.fajma")
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    logic = fake_device.logic

    publish_all(fake_device)  # a batch still pending when the connection drops
    await logic.drop()
    await logic.on_connect_error(APIConnectionError("refused"))
    await logic.drop()  # a second drop (e.g. a failed handshake) is not logged again
    await hass.async_block_till_done()
    assert hass.states.get(HEART).state == STATE_UNAVAILABLE
    assert hass.states.get(FINGER).state == STATE_UNAVAILABLE
    assert hass.states.get(STATUS).state == "offline"
    assert hass.states.get(CONNECTIVITY).state == STATE_OFF
    assert caplog.text.count("is unavailable") == 1

    await logic.connect()
    publish_all(fake_device, body_temperature=39.5)
    await hass.async_block_till_done()
    assert hass.states.get(CONNECTIVITY).state == STATE_ON
    assert hass.states.get(STATUS).state == "warning"
    assert caplog.text.count("is back online") == 1
    await unload_entry(hass, fake_entry)


async def test_stale_timeout(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Connected but silent for the stale timeout: offline; the next reading recovers."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=PATIENT,
        unique_id=FAKE_MAC,
        data={"host": "192.0.2.1", "port": 6053, "patient_name": PATIENT},
        options={CONF_STALE_TIMEOUT: 30},
    )
    await setup_entry(hass, entry)
    publish_all(fake_device)
    await hass.async_block_till_done()

    # A reading 20 s later pushes the deadline: at 35 s nothing is stale yet.
    freezer.tick(timedelta(seconds=20))
    publish_all(fake_device)
    await hass.async_block_till_done()
    freezer.tick(timedelta(seconds=15))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(STATUS).state == "normal"

    freezer.tick(timedelta(seconds=16))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(STATUS).state == "offline"
    assert hass.states.get(HEART).state == STATE_UNAVAILABLE
    assert hass.states.get(CONNECTIVITY).state == STATE_OFF

    publish_all(fake_device)
    await hass.async_block_till_done()
    assert hass.states.get(STATUS).state == "normal"
    assert hass.states.get(HEART).state == "72.0"
    await unload_entry(hass, entry)


async def test_stale_check_after_disconnect(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A stale timer firing for a disconnected device changes nothing."""
    await setup_entry(hass, fake_entry)
    coordinator = fake_entry.runtime_data.coordinator
    await fake_device.logic.drop()
    await hass.async_block_till_done()
    offline = coordinator.data
    assert offline.status is PatientStatus.OFFLINE
    updates: list[None] = []
    coordinator.async_add_listener(lambda: updates.append(None))
    coordinator._async_stale_check(None)
    # Nothing published, nothing re-armed: the reconnect, not the timer, brings news.
    assert coordinator.data is offline
    assert updates == []
    assert coordinator._stale_unsub is None
    await unload_entry(hass, fake_entry)


async def test_home_assistant_close(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """On shutdown the connection is closed and the disconnect is not reported as a loss."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    hass.bus.async_fire(EVENT_HOMEASSISTANT_CLOSE)
    await hass.async_block_till_done()
    assert fake_device.logic.stopped
    await fake_device.logic.drop(expected=True)
    await hass.async_block_till_done()
    assert hass.states.get(STATUS).state == "normal"  # no offline flap on shutdown
    await unload_entry(hass, fake_entry)


async def test_update_entity_reevaluates(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """homeassistant.update_entity polls nothing: it re-evaluates what the device pushed."""
    from homeassistant.setup import async_setup_component

    await async_setup_component(hass, "homeassistant", {})
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    await hass.services.async_call(
        "homeassistant", "update_entity", {"entity_id": HEART}, blocking=True
    )
    assert hass.states.get(HEART).state == "72.0"
    assert fake_entry.runtime_data.coordinator.last_update_success
    await unload_entry(hass, fake_entry)


async def test_remove_entry_deletes_stored_alerts(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """The patient's stored alerts (vital values, times) and issues leave with the entry."""
    other = MockConfigEntry(domain=DOMAIN, title="Other", unique_id="11:22:33:44:55:66")
    other_key = f"fajma.alerts.{other.entry_id}"
    hass_storage[other_key] = {"version": 1, "data": {}}
    await setup_entry(hass, fake_entry)
    publish_all(fake_device, spo2=85)
    await unload_entry(hass, fake_entry)  # writes the alert state
    key = f"fajma.alerts.{fake_entry.entry_id}"
    assert "spo2" in repr(hass_storage[key]["data"])
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, f"unencrypted_{fake_entry.entry_id}") is not None

    await hass.config_entries.async_remove(fake_entry.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage
    assert other_key in hass_storage  # only this patient's
    assert issues.async_get_issue(DOMAIN, f"unencrypted_{fake_entry.entry_id}") is None


async def test_unencrypted_entry_has_a_repair_issue(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """An entry without a key is flagged (translated, with the patient's name); with one, not."""
    await setup_entry(hass, fake_entry)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"unencrypted_{fake_entry.entry_id}")
    assert issue is not None
    assert issue.translation_key == "unencrypted"
    assert issue.translation_placeholders == {"patient": PATIENT}
    assert issue.severity is ir.IssueSeverity.WARNING
    await unload_entry(hass, fake_entry)

    # The key is set (as reauthentication does): the issue goes at the next setup.
    hass.config_entries.async_update_entry(
        fake_entry, data={**fake_entry.data, CONF_ENCRYPTION_KEY: "a-key"}
    )
    await hass.config_entries.async_setup(fake_entry.entry_id)
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"unencrypted_{fake_entry.entry_id}") is None
    await unload_entry(hass, fake_entry)


async def test_known_device_off_at_startup_is_monitored_as_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
) -> None:
    """A patient's monitor that is off when Home Assistant starts still gets its alert."""
    await setup_entry(hass, fake_entry)  # set up once: the device is known
    await unload_entry(hass, fake_entry)
    fake_device.connect_error = APIConnectionError("refused")
    events = async_capture_events(hass, EVENT_ALERT)
    await setup_entry(hass, fake_entry)
    assert fake_entry.state is ConfigEntryState.LOADED
    assert not fake_device.logic.stopped  # it keeps trying
    assert hass.states.get("sensor.grand_mere_eliane_patient_status").state == "offline"
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert [(e.data["vital"], e.data["state"]) for e in events] == [("offline", "raised")]
    # It comes back: monitored again, the alert resolves.
    fake_device.connect_error = None
    await fake_device.logic.connect()
    publish_all(fake_device)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.grand_mere_eliane_patient_status").state == "normal"
    assert events[-1].data["state"] == "resolved"
    await unload_entry(hass, fake_entry)


async def test_device_registry_follows_a_firmware_update(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """After an OTA update the device page shows the new firmware; the user's name stays."""
    await setup_entry(hass, fake_entry)
    registry = dr.async_get(hass)
    device = registry.async_get_device_by_identifier(
        (DOMAIN, fake_entry.unique_id), fake_entry.entry_id
    )
    assert device is not None
    assert (device.name, device.sw_version, device.hw_version) == (
        "Grand-mère Éliane",
        "0.1.0",
        "esp32",
    )
    registry.async_update_device(device.id, name_by_user="Mamie")
    fake_device.project_version = "0.2.0"
    await fake_device.logic.drop()
    await fake_device.logic.connect()
    device = registry.async_get(device.id)
    assert device is not None
    assert device.sw_version == "0.2.0"
    assert (device.name, device.name_by_user) == ("Grand-mère Éliane", "Mamie")
    await unload_entry(hass, fake_entry)
