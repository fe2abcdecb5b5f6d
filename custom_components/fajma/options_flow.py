"""Options flow for FAJMA: thresholds (a preset or custom limits), stale timeout, alerts."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlowWithReload
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import probatio as vol

from .alerts import settings_from_options
from .const import (
    CONF_DELAYS,
    CONF_ESCALATION_TARGETS,
    CONF_NOTIFY_TARGETS,
    CONF_PRESET,
    CONF_STALE_TIMEOUT,
    DEFAULT_STALE_TIMEOUT,
    DELAY_OPTIONS,
    LEGACY_CRITICAL_DELAY,
    LEGACY_ESCALATE_AFTER_RESENDS,
    LEGACY_WARNING_DELAY,
    MAX_ALERT_DELAY,
    MAX_MINUTES,
    MAX_STALE_TIMEOUT,
    MIN_STALE_TIMEOUT,
    MINUTE_OPTIONS,
)
from .coordinator import table_from_options
from .custom_thresholds import custom_table, describe_limit, option_key, validate_thresholds
from .flow_forms import non_finite_errors, notify_target_selector, unknown_target_errors
from .vitals import PRESETS, SIDES, Preset, Side, Vital


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
