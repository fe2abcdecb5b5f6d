"""Acknowledging one alert by its id: the same for the action and the cards' websocket API."""

from __future__ import annotations

from homeassistant.core import Context, HomeAssistant, callback

from .alert_model import UnknownAlertError
from .alerts import managers


@callback
def async_acknowledge_alert(
    hass: HomeAssistant, alert_id: str, context: Context | None, by: str | None
) -> int | None:
    """Acknowledge the alert of whichever patient has it; return how many alerts changed.

    None when no patient has this alert active (an unknown or resolved id); 0 when it was
    acknowledged already.
    """
    for manager in managers(hass):
        if manager.owns(alert_id):
            try:
                return manager.async_acknowledge(alert_id, context, by=by)
            except UnknownAlertError:
                return None
    return None
