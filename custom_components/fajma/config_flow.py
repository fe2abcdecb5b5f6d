"""Config flow for FAJMA: user, zeroconf, reauth and reconfigure (options: options_flow.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, override

from aioesphomeapi.client import APIClient
from aioesphomeapi.core import (
    APIConnectionError,
    EncryptionPlaintextAPIError,
    InvalidEncryptionKeyAPIError,
    RequiresEncryptionAPIError,
)
from aioesphomeapi.model import DeviceInfo
from homeassistant.components import zeroconf
from homeassistant.config_entries import (
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
import probatio as vol

from .const import (
    CLIENT_INFO,
    CONF_DEVICE_NAME,
    CONF_ENCRYPTION_KEY,
    CONF_ESCALATION_TARGETS,
    CONF_NO_NOTIFICATIONS,
    CONF_NOTIFY_TARGETS,
    CONF_PATIENT_NAME,
    DEFAULT_PORT,
    DOMAIN,
    PROJECT_NAME,
)
from .coordinator import FajmaConfigEntry
from .flow_forms import non_finite_errors, notify_target_selector, unknown_target_errors
from .options_flow import FajmaOptionsFlow

_KEY_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
_PORT_SELECTOR = NumberSelector(
    NumberSelectorConfig(min=1, max=65535, mode=NumberSelectorMode.BOX, step=1)
)


class DeviceError(Exception):
    """A device probe failed; `key` is the translated error of the form."""

    def __init__(self, key: str) -> None:
        """Initialize with the error key."""
        super().__init__(key)
        self.key = key


async def async_probe(hass: HomeAssistant, host: str, port: int, key: str | None) -> DeviceInfo:
    """Connect once, read the device info and check it is a FAJMA device.

    Encryption errors are reported, never answered with a plaintext retry.
    """
    client = APIClient(
        host,
        port,
        None,
        client_info=CLIENT_INFO,
        zeroconf_instance=await zeroconf.async_get_instance(hass),
        noise_psk=key or None,
    )
    try:
        await client.connect(login=True)
        info = await client.device_info()
    except InvalidEncryptionKeyAPIError as err:
        raise DeviceError("invalid_key") from err
    except RequiresEncryptionAPIError as err:
        raise DeviceError("encryption_required") from err
    except EncryptionPlaintextAPIError as err:
        raise DeviceError("encryption_not_supported") from err
    except APIConnectionError as err:
        raise DeviceError("cannot_connect") from err
    finally:
        await client.disconnect()
    if info.project_name != PROJECT_NAME:
        raise DeviceError("not_fajma")
    return info


def _entry_data(
    host: str, port: int, key: str | None, patient: str, info: DeviceInfo
) -> dict[str, Any]:
    return {
        CONF_HOST: host,
        CONF_PORT: port,
        CONF_ENCRYPTION_KEY: key or None,
        CONF_PATIENT_NAME: patient,
        CONF_DEVICE_NAME: info.name,
    }


class FajmaConfigFlow(ConfigFlow, domain=DOMAIN):
    """Handle a config flow for FAJMA."""

    VERSION = 1

    def __init__(self) -> None:
        """Initialize the flow."""
        self._host = ""
        self._port = DEFAULT_PORT
        self._needs_key = False
        self._discovered_name = ""
        # (title, data) of the entry being added: confirmed unencrypted, then who is warned.
        self._unencrypted: tuple[str, dict[str, Any]] | None = None
        self._pending: tuple[str, dict[str, Any]] | None = None

    @staticmethod
    @callback
    @override
    def async_get_options_flow(config_entry: FajmaConfigEntry) -> FajmaOptionsFlow:
        """Return the options flow."""
        return FajmaOptionsFlow()

    @override
    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the device address, its key and the patient's name."""
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = non_finite_errors(user_input)
            patient = user_input[CONF_PATIENT_NAME].strip()
            key = user_input.get(CONF_ENCRYPTION_KEY) or None
            if not patient:
                errors[CONF_PATIENT_NAME] = "patient_name_required"
            if not errors:
                host = user_input[CONF_HOST].strip()
                port = int(user_input[CONF_PORT])
                try:
                    info = await async_probe(self.hass, host, port, key)
                except DeviceError as err:
                    errors["base"] = err.key
                else:
                    await self.async_set_unique_id(format_mac(info.mac_address))
                    self._abort_if_unique_id_configured()
                    return await self._async_create_or_confirm(
                        patient, _entry_data(host, port, key, patient, info)
                    )
        schema = vol.Schema(
            {
                vol.Required(CONF_PATIENT_NAME): str,
                vol.Required(CONF_HOST): str,
                vol.Required(CONF_PORT, default=DEFAULT_PORT): _PORT_SELECTOR,
                vol.Optional(CONF_ENCRYPTION_KEY): _KEY_SELECTOR,
            }
        )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=errors,
        )

    @override
    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """Handle a FAJMA device announced over mDNS."""
        properties = discovery_info.properties
        if not str(properties.get("project_name", "")).startswith("fajma."):
            return self.async_abort(reason="not_fajma")
        if not (mac := properties.get("mac")):
            return self.async_abort(reason="not_fajma")
        self._host = discovery_info.host
        self._port = discovery_info.port or DEFAULT_PORT
        await self.async_set_unique_id(format_mac(str(mac)))
        # A known device at a new address: follow it (the entry reloads).
        self._abort_if_unique_id_configured(updates={CONF_HOST: self._host, CONF_PORT: self._port})
        self._needs_key = "api_encryption" in properties
        self._discovered_name = str(
            properties.get("friendly_name") or discovery_info.name.split(".")[0]
        )
        self.context["title_placeholders"] = {"name": self._discovered_name}
        return await self.async_step_zeroconf_confirm()

    async def async_step_zeroconf_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask the patient's name (and the key, if the device encrypts) for a discovery."""
        errors: dict[str, str] = {}
        if user_input is not None:
            patient = user_input[CONF_PATIENT_NAME].strip()
            key = user_input.get(CONF_ENCRYPTION_KEY) or None
            if not patient:
                errors[CONF_PATIENT_NAME] = "patient_name_required"
            else:
                try:
                    info = await async_probe(self.hass, self._host, self._port, key)
                except DeviceError as err:
                    errors["base"] = err.key
                    self._needs_key = self._needs_key or err.key in (
                        "encryption_required",
                        "invalid_key",
                    )
                else:
                    if format_mac(info.mac_address) != self.unique_id:
                        return self.async_abort(reason="wrong_device")
                    return await self._async_create_or_confirm(
                        patient, _entry_data(self._host, self._port, key, patient, info)
                    )
        fields: dict[Any, Any] = {vol.Required(CONF_PATIENT_NAME): str}
        if self._needs_key:
            fields[vol.Optional(CONF_ENCRYPTION_KEY)] = _KEY_SELECTOR
        return self.async_show_form(
            step_id="zeroconf_confirm",
            data_schema=self.add_suggested_values_to_schema(vol.Schema(fields), user_input),
            description_placeholders={"name": self._discovered_name, "host": self._host},
            errors=errors,
        )

    async def _async_create_or_confirm(self, title: str, data: dict[str, Any]) -> ConfigFlowResult:
        """Create the entry; without an encryption key, only after an explicit confirmation."""
        if data[CONF_ENCRYPTION_KEY] is None:
            self._unencrypted = (title, data)
            return await self.async_step_unencrypted_confirm()
        self._pending = (title, data)
        return await self.async_step_recipients()

    async def async_step_unencrypted_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Say that anyone on the network can read and control the device; add it if confirmed."""
        assert self._unencrypted is not None
        title, data = self._unencrypted
        if user_input is not None:
            self._pending = (title, data)
            return await self.async_step_recipients()
        return self.async_show_form(
            step_id="unencrypted_confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"patient": title, "host": data[CONF_HOST]},
        )

    async def async_step_recipients(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Who is warned: a patient is not added without someone to warn, or a clear "nobody"."""
        assert self._pending is not None
        title, data = self._pending
        errors: dict[str, str] = {}
        if user_input is not None:
            first = list(user_input.get(CONF_NOTIFY_TARGETS, []))
            backup = list(user_input.get(CONF_ESCALATION_TARGETS, []))
            errors = unknown_target_errors(self.hass, user_input)
            if not errors and not first and not user_input.get(CONF_NO_NOTIFICATIONS):
                errors["base"] = "recipients_required"
            if not errors:
                options = {CONF_NOTIFY_TARGETS: first, CONF_ESCALATION_TARGETS: backup}
                return self.async_create_entry(title=title, data=data, options=options)
        targets = notify_target_selector(self.hass)
        schema = vol.Schema(
            {
                vol.Optional(CONF_NOTIFY_TARGETS): targets,
                vol.Optional(CONF_ESCALATION_TARGETS): targets,
                vol.Optional(CONF_NO_NOTIFICATIONS, default=False): BooleanSelector(),
            }
        )
        return self.async_show_form(
            step_id="recipients",
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            description_placeholders={"patient": title},
            errors=errors,
        )

    async def _async_probe_and_reload(
        self, entry: FajmaConfigEntry, host: str, port: int, key: str | None
    ) -> ConfigFlowResult:
        """Probe the device with new settings; if it is the entry's device, save and reload.

        The one sequence behind reauth (a new key) and reconfigure (a new address): raises
        DeviceError when the probe fails, aborts with `wrong_device` for another device.
        """
        info = await async_probe(self.hass, host, port, key)
        await self.async_set_unique_id(format_mac(info.mac_address))
        self._abort_if_unique_id_mismatch(reason="wrong_device")
        return self.async_update_reload_and_abort(
            entry, data_updates={CONF_HOST: host, CONF_PORT: port, CONF_ENCRYPTION_KEY: key}
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Handle an encryption key that was rejected, missing or no longer needed."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the device's current encryption key; never accept going without one.

        An unencrypted entry needs the confirmation of the user and zeroconf steps: a device
        that stopped encrypting is removed and added again, not downgraded here.
        """
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            key = user_input.get(CONF_ENCRYPTION_KEY) or None
            try:
                if key is None:
                    raise DeviceError("encryption_required")
                return await self._async_probe_and_reload(
                    entry, entry.data[CONF_HOST], entry.data[CONF_PORT], key
                )
            except DeviceError as err:
                errors["base"] = err.key
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Optional(CONF_ENCRYPTION_KEY): _KEY_SELECTOR}),
            description_placeholders={"patient": entry.title},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the device's address."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None and not (errors := non_finite_errors(user_input)):
            host = user_input[CONF_HOST].strip()
            port = int(user_input[CONF_PORT])
            try:
                return await self._async_probe_and_reload(
                    entry, host, port, entry.data.get(CONF_ENCRYPTION_KEY)
                )
            except DeviceError as err:
                errors["base"] = err.key
        schema = vol.Schema(
            {
                vol.Required(CONF_HOST): str,
                vol.Required(CONF_PORT): _PORT_SELECTOR,
            }
        )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                schema,
                user_input or {CONF_HOST: entry.data[CONF_HOST], CONF_PORT: entry.data[CONF_PORT]},
            ),
            description_placeholders={"patient": entry.title},
            errors=errors,
        )
