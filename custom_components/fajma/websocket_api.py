"""Websocket commands for the cards: a patient's alerts, their changes, and acknowledge.

Any authenticated user may read and acknowledge alerts (a caregiver need not be an admin);
changing options stays with admins through the options flow.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import ERR_INVALID_FORMAT, ERR_NOT_FOUND
from homeassistant.components.websocket_api.decorators import websocket_command
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.core import HomeAssistant, callback
import probatio as vol

from .alert_model import AlertTransition, UnknownAlertError
from .alerts import manager_of_device, managers


@callback
def async_register_websocket_commands(hass: HomeAssistant) -> None:
    """Register the alert commands."""
    async_register_command(hass, ws_alerts)
    async_register_command(hass, ws_subscribe_alerts)
    async_register_command(hass, ws_acknowledge)


def _not_found(connection: ActiveConnection, msg: dict[str, Any]) -> None:
    connection.send_error(
        msg["id"], ERR_NOT_FOUND, f"No FAJMA patient for device {msg['device_id']}"
    )


@websocket_command({vol.Required("type"): "fajma/alerts", vol.Required("device_id"): str})
@callback
def ws_alerts(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Return a patient's active alerts and last transitions."""
    if (manager := manager_of_device(hass, msg["device_id"])) is None:
        _not_found(connection, msg)
        return
    connection.send_result(msg["id"], manager.snapshot())


@websocket_command({vol.Required("type"): "fajma/alerts/subscribe", vol.Required("device_id"): str})
@callback
def ws_subscribe_alerts(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Send the alerts now and again after every change."""
    if (manager := manager_of_device(hass, msg["device_id"])) is None:
        _not_found(connection, msg)
        return

    @callback
    def forward(_transitions: list[AlertTransition]) -> None:
        connection.send_message(event_message(msg["id"], manager.snapshot()))

    connection.subscriptions[msg["id"]] = manager.async_add_listener(forward)
    connection.send_result(msg["id"])
    forward([])


@websocket_command(
    {
        vol.Required("type"): "fajma/alerts/acknowledge",
        vol.Exclusive("alert_id", "target"): str,
        vol.Exclusive("device_id", "target"): str,
    }
)
@callback
def ws_acknowledge(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Acknowledge one alert, or every alert of a patient's device."""
    context = connection.context(msg)
    by = connection.user.name
    if alert_id := msg.get("alert_id"):
        for manager in managers(hass):
            if manager.owns(alert_id):
                try:
                    count = manager.async_acknowledge(alert_id, context, by=by)
                except UnknownAlertError:
                    break
                connection.send_result(msg["id"], {"acknowledged": count})
                return
        connection.send_error(msg["id"], ERR_NOT_FOUND, f"No active alert {alert_id}")
        return
    if (device_id := msg.get("device_id")) is None:
        connection.send_error(msg["id"], ERR_INVALID_FORMAT, "alert_id or device_id")
        return
    if (patient := manager_of_device(hass, device_id)) is None:
        _not_found(connection, msg)
        return
    connection.send_result(
        msg["id"], {"acknowledged": patient.async_acknowledge(None, context, by=by)}
    )
