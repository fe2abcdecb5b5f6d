"""What the config flow and the options flow check in the same way: numbers and phones."""

from __future__ import annotations

from collections.abc import Mapping
import math
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import SelectSelector, SelectSelectorConfig

from .const import CONF_ESCALATION_TARGETS, CONF_NOTIFY_TARGETS

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
