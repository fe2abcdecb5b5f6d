"""The fajma.calibrate and fajma.reset services (the real device path is in test_e2e_device)."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from aioesphomeapi.core import APIConnectionError
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError, Unauthorized
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.fajma.const import CONF_BODY_TEMPERATURE_OFFSET, DOMAIN
from tests.conftest import (
    FAKE_MAC,
    KEYS,
    FakeDevice,
    publish_all,
    raise_connection_error,
    setup_entry,
    unload_entry,
)


def patient_device(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The registry id of the patient's device."""
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, FAKE_MAC), entry.entry_id)
    assert device is not None
    return device.id


async def call(hass: HomeAssistant, service: str, data: dict[str, Any], **kw: Any) -> None:
    """Call a FAJMA service and wait for it."""
    await hass.services.async_call(DOMAIN, service, data, blocking=True, **kw)


async def test_calibrate_with_reference(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """new offset = current offset + (reference - reading); stored, then calibrate pressed."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device, body_temperature=36.5)
    await hass.async_block_till_done()
    device_id = patient_device(hass, fake_entry)

    await call(hass, "calibrate", {ATTR_DEVICE_ID: device_id, "reference_temperature": 37.1})
    assert fake_device.executed == [("set_body_temperature_offset", {"offset": 0.6})]
    assert fake_device.pressed == [KEYS["calibrate"]]
    assert fake_entry.data[CONF_BODY_TEMPERATURE_OFFSET] == 0.6

    # The device now reads 37.1 (offset applied); a new reference builds on the stored one.
    publish_all(fake_device, body_temperature=37.1)
    await hass.async_block_till_done()
    await call(hass, "calibrate", {ATTR_DEVICE_ID: device_id, "reference_temperature": 36.9})
    assert fake_device.executed[-1] == ("set_body_temperature_offset", {"offset": 0.4})
    assert fake_entry.data[CONF_BODY_TEMPERATURE_OFFSET] == 0.4
    await unload_entry(hass, fake_entry)


async def test_calibrate_without_reference_and_reset(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Without a reference only the oximeter is calibrated; reset restarts the device."""
    await setup_entry(hass, fake_entry)
    device_id = patient_device(hass, fake_entry)
    await call(hass, "calibrate", {ATTR_DEVICE_ID: device_id})
    assert fake_device.executed == []
    assert fake_device.pressed == [KEYS["calibrate"]]
    await call(hass, "reset", {ATTR_DEVICE_ID: [device_id]})
    assert fake_device.pressed == [KEYS["calibrate"], KEYS["restart"]]
    await unload_entry(hass, fake_entry)


@pytest.mark.parametrize(
    ("readings", "reference", "key"),
    [
        ({}, 29.9, "reference_out_of_range"),
        ({}, 45.1, "reference_out_of_range"),
        ({"body_temperature": None}, 37.0, "no_body_temperature"),
        ({"body_temperature": 30.0}, 44.0, "offset_out_of_range"),
    ],
)
async def test_calibrate_invalid(  # noqa: PLR0917
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    readings: dict[str, Any],
    reference: float,
    key: str,
) -> None:
    """Bad references and unusable readings are refused with a translated message."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device, **readings)
    await hass.async_block_till_done()
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "calibrate",
            {ATTR_DEVICE_ID: patient_device(hass, fake_entry), "reference_temperature": reference},
        )
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    assert fake_device.executed == []
    assert fake_device.pressed == []
    await unload_entry(hass, fake_entry)


async def test_unknown_and_offline_devices(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Devices that are not FAJMA's, or not connected, are refused."""
    await setup_entry(hass, fake_entry)
    other_entry = MockConfigEntry(domain="esphome")
    other_entry.add_to_hass(hass)
    other = dr.async_get(hass).async_get_or_create(
        config_entry_id=other_entry.entry_id, identifiers={("esphome", "x")}
    )
    for device_id in ("not-a-device", other.id):
        with pytest.raises(ServiceValidationError) as err:
            await call(hass, "reset", {ATTR_DEVICE_ID: device_id})
        assert err.value.translation_key == "unknown_device"

    device_id = patient_device(hass, fake_entry)
    await fake_device.logic.drop()
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "calibrate", {ATTR_DEVICE_ID: device_id})
    assert err.value.translation_key == "device_offline"
    assert err.value.translation_placeholders == {"patient": fake_entry.title}
    # The message the user sees comes from translations/en.json.
    assert str(err.value) == "The FAJMA device of Grand-mère Éliane is offline"

    await unload_entry(hass, fake_entry)  # the device stays in the registry
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "reset", {ATTR_DEVICE_ID: device_id})
    assert err.value.translation_key == "device_offline"


async def test_communication_errors(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """A connection lost mid-call is a translated error; nothing is stored."""
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    device_id = patient_device(hass, fake_entry)

    async def fail(*_: Any) -> None:
        raise APIConnectionError("connection lost")

    with (
        patch.object(fake_device.client, "execute_service", fail),
        pytest.raises(HomeAssistantError) as err,
    ):
        await call(hass, "calibrate", {ATTR_DEVICE_ID: device_id, "reference_temperature": 37})
    assert err.value.translation_key == "communication_error"
    assert CONF_BODY_TEMPERATURE_OFFSET not in fake_entry.data

    with (
        patch.object(fake_device.client, "button_command", raise_connection_error),
        pytest.raises(HomeAssistantError) as err,
    ):
        await call(hass, "reset", {ATTR_DEVICE_ID: device_id})
    assert err.value.translation_key == "communication_error"
    await unload_entry(hass, fake_entry)


async def test_missing_action(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Firmware without the offset action or the button: a clear error, not a crash."""
    fake_device.services = []
    fake_device.entities = [e for e in fake_device.entities if e.object_id != "restart"]
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    device_id = patient_device(hass, fake_entry)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "calibrate", {ATTR_DEVICE_ID: device_id, "reference_temperature": 37})
    assert err.value.translation_key == "communication_error"
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "reset", {ATTR_DEVICE_ID: device_id})
    assert err.value.translation_key == "communication_error"
    await unload_entry(hass, fake_entry)


async def test_admin_only(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    hass_read_only_user: Any,
) -> None:
    """Only administrators may restart or recalibrate a patient's monitor."""
    await setup_entry(hass, fake_entry)
    with pytest.raises(Unauthorized):
        await call(
            hass,
            "reset",
            {ATTR_DEVICE_ID: patient_device(hass, fake_entry)},
            context=Context(user_id=hass_read_only_user.id),
        )
    assert fake_device.pressed == []
    await unload_entry(hass, fake_entry)
