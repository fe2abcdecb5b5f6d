"""Services of the FAJMA integration: calibrate and reset a device, acknowledge alerts."""

from __future__ import annotations

import logging
from typing import Any

from aioesphomeapi.core import APIConnectionError
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
import probatio as vol

from .acknowledge import async_acknowledge_alert
from .alerts import async_user_name, manager_of_device
from .const import (
    ATTR_ALERT_ID,
    ATTR_REFERENCE_TEMPERATURE,
    CONF_BODY_TEMPERATURE_OFFSET,
    DOMAIN,
    MAX_BODY_TEMPERATURE_OFFSET,
    MAX_REFERENCE_TEMPERATURE,
    MIN_REFERENCE_TEMPERATURE,
    SERVICE_ACKNOWLEDGE,
    SERVICE_CALIBRATE,
    SERVICE_RESET,
    SERVICE_TEST_ALERT,
    ContractButton,
)
from .coordinator import FajmaConfigEntry
from .permissions import async_check_admin
from .vitals import Vital, VitalStatus

_LOGGER = logging.getLogger(__name__)

_DEVICE_SCHEMA: dict[Any, Any] = {
    vol.Required(ATTR_DEVICE_ID): vol.All(cv.ensure_list, [cv.string])
}

# The range is checked in the handler, not here, so the user gets a translated message.
CALIBRATE_SCHEMA = vol.Schema(
    {**_DEVICE_SCHEMA, vol.Optional(ATTR_REFERENCE_TEMPERATURE): vol.Coerce(float)}
)
RESET_SCHEMA = vol.Schema(_DEVICE_SCHEMA)
ACKNOWLEDGE_SCHEMA = vol.Schema(
    vol.All(
        {
            vol.Exclusive(ATTR_ALERT_ID, "target"): cv.string,
            vol.Exclusive(ATTR_DEVICE_ID, "target"): vol.All(cv.ensure_list, [cv.string]),
        },
        cv.has_at_least_one_key(ATTR_ALERT_ID, ATTR_DEVICE_ID),
    )
)


def _entries(hass: HomeAssistant, call: ServiceCall) -> list[FajmaConfigEntry]:
    """Return the loaded, connected entries of the targeted devices, or raise."""
    registry = dr.async_get(hass)
    entries: list[FajmaConfigEntry] = []
    for device_id in call.data[ATTR_DEVICE_ID]:
        device = registry.async_get(device_id)
        entry: FajmaConfigEntry | None = None
        if device is not None:
            candidate = hass.config_entries.async_get_entry(device.config_entry_id)
            if candidate is not None and candidate.domain == DOMAIN:
                entry = candidate
        if entry is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unknown_device",
                translation_placeholders={"device_id": device_id},
            )
        if (
            entry.state is not ConfigEntryState.LOADED
            or not entry.runtime_data.coordinator.connected
        ):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="device_offline",
                translation_placeholders={"patient": entry.title},
            )
        entries.append(entry)
    return entries


async def _async_calibrate(call: ServiceCall) -> None:
    """Store a new body temperature offset (if a reference is given), then calibrate."""
    hass = call.hass
    await async_check_admin(hass, call.context)
    reference: float | None = call.data.get(ATTR_REFERENCE_TEMPERATURE)
    if reference is not None and not (
        MIN_REFERENCE_TEMPERATURE <= reference <= MAX_REFERENCE_TEMPERATURE
    ):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="reference_out_of_range",
            translation_placeholders={
                "reference": f"{reference:g}",
                "min": f"{MIN_REFERENCE_TEMPERATURE:g}",
                "max": f"{MAX_REFERENCE_TEMPERATURE:g}",
            },
        )
    for entry in _entries(hass, call):
        coordinator = entry.runtime_data.coordinator
        if reference is not None:
            evaluation = coordinator.data.vitals[Vital.BODY_TEMPERATURE]
            if evaluation.status is VitalStatus.NO_SIGNAL or evaluation.value is None:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="no_body_temperature",
                    translation_placeholders={"patient": entry.title},
                )
            current_offset = float(entry.data.get(CONF_BODY_TEMPERATURE_OFFSET, 0.0))
            # The reading already includes the current offset.
            offset = round(current_offset + (reference - evaluation.value), 2)
            if abs(offset) > MAX_BODY_TEMPERATURE_OFFSET:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="offset_out_of_range",
                    translation_placeholders={
                        "offset": f"{offset:g}",
                        "max": f"{MAX_BODY_TEMPERATURE_OFFSET:g}",
                    },
                )
            try:
                await coordinator.async_set_body_temperature_offset(offset)
            except APIConnectionError as err:
                raise _communication_error(err) from err
            hass.config_entries.async_update_entry(
                entry, data={**entry.data, CONF_BODY_TEMPERATURE_OFFSET: offset}
            )
            _LOGGER.info(
                "%s: body temperature offset %.2f -> %.2f °C", entry.title, current_offset, offset
            )
        _press(entry, ContractButton.CALIBRATE)


async def _async_reset(call: ServiceCall) -> None:
    """Restart the targeted devices."""
    await async_check_admin(call.hass, call.context)
    for entry in _entries(call.hass, call):
        _press(entry, ContractButton.RESTART)


async def _async_test_alert(call: ServiceCall) -> None:
    """Send a test alert for the targeted patients to everyone who would be told."""
    await async_check_admin(call.hass, call.context)
    for device_id in call.data[ATTR_DEVICE_ID]:
        if (patient := manager_of_device(call.hass, device_id)) is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unknown_device",
                translation_placeholders={"device_id": device_id},
            )
        await patient.async_send_test()


def _press(entry: FajmaConfigEntry, button: ContractButton) -> None:
    try:
        entry.runtime_data.coordinator.press(button)
    except APIConnectionError as err:
        raise _communication_error(err) from err


def _communication_error(err: Exception) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="communication_error",
        translation_placeholders={"error": str(err)},
    )


async def _async_acknowledge(call: ServiceCall) -> None:
    """Acknowledge one alert by id, or every alert of the targeted patients' devices."""
    hass = call.hass
    by = await async_user_name(hass, call.context)
    if (alert_id := call.data.get(ATTR_ALERT_ID)) is not None:
        if async_acknowledge_alert(hass, alert_id, call.context, by) is not None:
            return
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_alert",
            translation_placeholders={"alert_id": alert_id},
        )
    for device_id in call.data[ATTR_DEVICE_ID]:
        if (patient := manager_of_device(hass, device_id)) is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unknown_device",
                translation_placeholders={"device_id": device_id},
            )
        patient.async_acknowledge(None, call.context, by=by)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the FAJMA services: device actions for admins, acknowledge for everyone.

    A caregiver acknowledging an alert need not be an administrator. The device actions check
    the user themselves (not with async_register_admin_service) so that the refusal is the same
    translated error as the Restart and Calibrate buttons'.
    """
    hass.services.async_register(
        DOMAIN, SERVICE_CALIBRATE, _async_calibrate, schema=CALIBRATE_SCHEMA
    )
    hass.services.async_register(DOMAIN, SERVICE_RESET, _async_reset, schema=RESET_SCHEMA)
    hass.services.async_register(DOMAIN, SERVICE_TEST_ALERT, _async_test_alert, schema=RESET_SCHEMA)
    hass.services.async_register(
        DOMAIN, SERVICE_ACKNOWLEDGE, _async_acknowledge, schema=ACKNOWLEDGE_SCHEMA
    )
