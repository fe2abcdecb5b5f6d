"""Config flow for FAJMA: user, zeroconf, reauth, reconfigure and options."""

from __future__ import annotations

from collections.abc import Mapping
import math
from typing import Any, Final

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
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import section
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
import probatio as vol

from .alerts import settings_from_options
from .const import (
    CLIENT_INFO,
    CONF_DELAYS,
    CONF_DEVICE_NAME,
    CONF_ENCRYPTION_KEY,
    CONF_ESCALATION_TARGETS,
    CONF_NO_NOTIFICATIONS,
    CONF_NOTIFY_TARGETS,
    CONF_PATIENT_NAME,
    CONF_PRESET,
    CONF_STALE_TIMEOUT,
    DEFAULT_PORT,
    DEFAULT_STALE_TIMEOUT,
    DELAY_OPTIONS,
    DOMAIN,
    LEGACY_CRITICAL_DELAY,
    LEGACY_ESCALATE_AFTER_RESENDS,
    LEGACY_WARNING_DELAY,
    MAX_ALERT_DELAY,
    MAX_MINUTES,
    MAX_STALE_TIMEOUT,
    MIN_STALE_TIMEOUT,
    MINUTE_OPTIONS,
    PROJECT_NAME,
)
from .coordinator import FajmaConfigEntry, table_from_options
from .vitals import (
    PRESETS,
    SIDES,
    Preset,
    Side,
    Vital,
    custom_table,
    describe_limit,
    option_key,
    validate_thresholds,
)

_KEY_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
_PORT_SELECTOR = NumberSelector(
    NumberSelectorConfig(min=1, max=65535, mode=NumberSelectorMode.BOX, step=1)
)


# The field error for a number that is NaN or infinite.
NOT_A_NUMBER: Final = "not_a_number"


def non_finite_errors(user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return a field error for every number in a submitted form that is NaN or infinite.

    Number selectors let "nan" through (it passes their min/max checks) and, without bounds,
    "inf"; every step that converts or compares numbers calls this first:
    `errors = non_finite_errors(user_input)`, then goes on only `if not errors`. A number in
    a section of the form (a nested mapping) marks the section and the form as a whole.
    """
    errors: dict[str, str] = {}
    for key, value in user_input.items():
        if isinstance(value, Mapping):
            if non_finite_errors(value):
                errors[key] = NOT_A_NUMBER
                errors.setdefault("base", NOT_A_NUMBER)
        elif isinstance(value, float) and not math.isfinite(value):
            errors[key] = NOT_A_NUMBER
    return errors


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


def notify_target_selector(hass: HomeAssistant) -> SelectSelector:
    """The phones and other notify services to choose from (one may also be typed)."""
    services = sorted(
        f"notify.{name}" for name in hass.services.async_services_for_domain("notify")
    )
    return SelectSelector(SelectSelectorConfig(options=services, multiple=True, custom_value=True))


def unknown_target_errors(hass: HomeAssistant, user_input: Mapping[str, Any]) -> dict[str, str]:
    """A field error for each list of notify targets naming a service that does not exist."""
    errors: dict[str, str] = {}
    for key in (CONF_NOTIFY_TARGETS, CONF_ESCALATION_TARGETS):
        unknown = [
            target
            for target in user_input.get(key, [])
            if not hass.services.has_service("notify", target.removeprefix("notify."))
        ]
        if unknown:
            errors[key] = "unknown_notify_target"
    return errors


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
    def async_get_options_flow(config_entry: FajmaConfigEntry) -> FajmaOptionsFlow:
        """Return the options flow."""
        return FajmaOptionsFlow()

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
                info = await async_probe(
                    self.hass, entry.data[CONF_HOST], entry.data[CONF_PORT], key
                )
            except DeviceError as err:
                errors["base"] = err.key
            else:
                await self.async_set_unique_id(format_mac(info.mac_address))
                self._abort_if_unique_id_mismatch(reason="wrong_device")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_ENCRYPTION_KEY: key}
                )
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
                info = await async_probe(self.hass, host, port, entry.data.get(CONF_ENCRYPTION_KEY))
            except DeviceError as err:
                errors["base"] = err.key
            else:
                await self.async_set_unique_id(format_mac(info.mac_address))
                self._abort_if_unique_id_mismatch(reason="wrong_device")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_HOST: host, CONF_PORT: port}
                )
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


def preset_summary() -> str:
    """Describe every fixed preset, one line per preset and vital (Markdown)."""
    names = {Vital.HEART_RATE: "HR (bpm)", Vital.SPO2: "SpO2 (%)", Vital.BODY_TEMPERATURE: "T (°C)"}
    lines: list[str] = []
    for preset, table in PRESETS.items():
        lines.append(f"**{preset.value}**")
        for vital in Vital:
            t = table[vital]
            warning = ", ".join(
                describe_limit(t.limit(side), side)
                for side in (Side.WARNING_LOW, Side.WARNING_HIGH)
                if side in SIDES[vital]
            )
            critical = ", ".join(
                describe_limit(t.limit(side), side)
                for side in (Side.CRITICAL_LOW, Side.CRITICAL_HIGH)
                if side in SIDES[vital]
            )
            lines.append(f"- {names[vital]}: ⚠ {warning}; ⛔ {critical}")
    return "\n".join(lines)


class FajmaOptionsFlow(OptionsFlowWithReload):
    """Thresholds, stale timeout, then alerts; the entry reloads when they change."""

    def __init__(self) -> None:
        """Initialize the options flow."""
        self._options: dict[str, Any] = {}

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose the preset and the stale timeout."""
        errors: dict[str, str] = {}
        if user_input is not None and not (errors := non_finite_errors(user_input)):
            self._options = {
                **self.config_entry.options,
                CONF_PRESET: user_input[CONF_PRESET],
                CONF_STALE_TIMEOUT: int(user_input[CONF_STALE_TIMEOUT]),
            }
            if user_input[CONF_PRESET] == Preset.CUSTOM:
                return await self.async_step_custom()
            return await self.async_step_alerts()
        options = self.config_entry.options
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_PRESET, default=options.get(CONF_PRESET, Preset.DEFAULT.value)
                ): SelectSelector(
                    SelectSelectorConfig(
                        options=[preset.value for preset in Preset],
                        mode=SelectSelectorMode.LIST,
                        translation_key=CONF_PRESET,
                    )
                ),
                vol.Required(
                    CONF_STALE_TIMEOUT,
                    default=options.get(CONF_STALE_TIMEOUT, DEFAULT_STALE_TIMEOUT),
                ): NumberSelector(
                    NumberSelectorConfig(
                        min=MIN_STALE_TIMEOUT,
                        max=MAX_STALE_TIMEOUT,
                        step=1,
                        mode=NumberSelectorMode.BOX,
                        unit_of_measurement="s",
                    )
                ),
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            description_placeholders={"presets": preset_summary()},
            errors=errors,
        )

    async def async_step_custom(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Set every limit by hand; validated against the same tables as the presets."""
        errors: dict[str, str] = {}
        if user_input is not None and not (errors := non_finite_errors(user_input)):
            values = {key: float(value) for key, value in user_input.items()}
            table = custom_table(values)
            for vital in Vital:
                for side, error in validate_thresholds(vital, table[vital]).items():
                    errors[option_key(vital, side)] = error
            if not errors:
                self._options |= values
                return await self.async_step_alerts()
        # Start from the limits in force, so switching from a preset to custom is a tweak.
        current = table_from_options(self.config_entry.options)
        fields: dict[Any, Any] = {}
        suggested: dict[str, float | None] = {}
        # No min/max on the selector: the range check below gives a translated error.
        selector = NumberSelector(NumberSelectorConfig(step=0.1, mode=NumberSelectorMode.BOX))
        for vital in Vital:
            for side in SIDES[vital]:
                key = option_key(vital, side)
                fields[vol.Required(key)] = selector
                suggested[key] = current[vital].as_dict()[side.value]
        return self.async_show_form(
            step_id="custom",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(fields), user_input or suggested
            ),
            errors=errors,
        )

    async def async_step_alerts(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Who is told, reminders and escalation, and how long each condition must last."""
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = non_finite_errors(user_input)
            errors |= unknown_target_errors(self.hass, user_input)
            if not errors:
                delays = user_input.get(CONF_DELAYS, {})
                values: dict[str, Any] = {
                    CONF_NOTIFY_TARGETS: list(user_input.get(CONF_NOTIFY_TARGETS, [])),
                    CONF_ESCALATION_TARGETS: list(user_input.get(CONF_ESCALATION_TARGETS, [])),
                } | {name: int(user_input[name]) for name in MINUTE_OPTIONS}
                values |= {name: int(delays[name]) for name in DELAY_OPTIONS}
                options = {k: v for k, v in self._options.items() if k not in LEGACY_ALERT_OPTIONS}
                return self.async_create_entry(data=options | values)
        settings = settings_from_options(self.config_entry.options)
        current: dict[str, Any] = {
            CONF_NOTIFY_TARGETS: list(self.config_entry.options.get(CONF_NOTIFY_TARGETS, [])),
            CONF_ESCALATION_TARGETS: list(
                self.config_entry.options.get(CONF_ESCALATION_TARGETS, [])
            ),
        }
        current |= {name: round(getattr(settings, name) / 60) for name in MINUTE_OPTIONS}
        current[CONF_DELAYS] = {name: round(getattr(settings, name)) for name in DELAY_OPTIONS}
        targets = notify_target_selector(self.hass)

        def number(minimum: int, maximum: int, unit: str) -> NumberSelector:
            return NumberSelector(
                NumberSelectorConfig(
                    min=minimum,
                    max=maximum,
                    step=1,
                    mode=NumberSelectorMode.BOX,
                    unit_of_measurement=unit,
                )
            )

        delays_schema = vol.Schema(
            {vol.Required(name): number(0, MAX_ALERT_DELAY, "s") for name in DELAY_OPTIONS}
        )
        schema = vol.Schema(
            {
                vol.Optional(CONF_NOTIFY_TARGETS): targets,
                vol.Optional(CONF_ESCALATION_TARGETS): targets,
                **{vol.Required(name): number(1, MAX_MINUTES, "min") for name in MINUTE_OPTIONS},
                vol.Required(CONF_DELAYS): section(delays_schema, {"collapsed": True}),
            }
        )
        return self.async_show_form(
            step_id="alerts",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or current),
            errors=errors,
        )


# Options of entries made before per-vital delays, replaced when the alerts step is saved.
LEGACY_ALERT_OPTIONS = (LEGACY_CRITICAL_DELAY, LEGACY_WARNING_DELAY, LEGACY_ESCALATE_AFTER_RESENDS)
