"""Websocket commands for the cards: a patient's alerts, their changes, and acknowledge.

Any authenticated user may read and acknowledge alerts (a caregiver need not be an admin);
changing options stays with admins through the options flow.

A subscription follows the patient, not one alert manager: when the entry reloads (options
saved, reauthentication, reconfiguration) it moves to the new manager and sends its alerts
at once. When the patient's entry is removed it sends a last event `{"active": [],
"history": [], "ended": "removed"}` and ends; a card that gets `ended` subscribes again (and
is answered `not_found` while the device is unknown).
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import ERR_INVALID_FORMAT, ERR_NOT_FOUND
from homeassistant.components.websocket_api.decorators import websocket_command
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
    ConfigEntryState,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
import probatio as vol

from .acknowledge import async_acknowledge_alert
from .alert_model import AlertTransition
from .alerts import AlertManager, manager_of_device

# The last event of a subscription whose patient was removed.
ENDED_REMOVED = "removed"


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


class _AlertSubscription:
    """One card's subscription to a patient's alerts, kept across reloads of the entry."""

    def __init__(self, hass: HomeAssistant, connection: ActiveConnection, msg_id: int) -> None:
        """Initialize; nothing is followed until `attach`."""
        self._connection = connection
        self._msg_id = msg_id
        self._manager: AlertManager | None = None
        self._remove_listener: CALLBACK_TYPE | None = None
        self._remove_entry_listener = async_dispatcher_connect(
            hass, SIGNAL_CONFIG_ENTRY_CHANGED, self._on_entry_changed
        )

    @callback
    def attach(self, manager: AlertManager) -> None:
        """Follow this alert manager and send its alerts now."""
        if self._remove_listener is not None:
            self._remove_listener()
        self._manager = manager
        self._remove_listener = manager.async_add_listener(self._forward)
        self._forward([])

    @callback
    def _forward(self, _transitions: list[AlertTransition]) -> None:
        if self._manager is not None:
            self._send(self._manager.snapshot())

    def _send(self, payload: dict[str, Any]) -> None:
        self._connection.send_message(event_message(self._msg_id, payload))

    @callback
    def _on_entry_changed(self, change: ConfigEntryChange, entry: ConfigEntry) -> None:
        if self._manager is None or entry.entry_id != self._manager.entry.entry_id:
            return
        if change is ConfigEntryChange.REMOVED:
            self._send({"active": [], "history": [], "ended": ENDED_REMOVED})
            self._connection.subscriptions.pop(self._msg_id, None)
            self.close()
            return
        if entry.state is not ConfigEntryState.LOADED:
            return
        manager: AlertManager | None = getattr(entry.runtime_data, "alerts", None)
        if manager is not None and manager is not self._manager:
            # The entry was reloaded: its new alert manager restored the stored alerts.
            self.attach(manager)

    @callback
    def close(self) -> None:
        """Stop following the patient (the card unsubscribed or the connection closed)."""
        self._remove_entry_listener()
        if self._remove_listener is not None:
            self._remove_listener()
            self._remove_listener = None
        self._manager = None


@websocket_command({vol.Required("type"): "fajma/alerts/subscribe", vol.Required("device_id"): str})
@callback
def ws_subscribe_alerts(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Send the alerts now and again after every change, across reloads of the entry."""
    if (manager := manager_of_device(hass, msg["device_id"])) is None:
        _not_found(connection, msg)
        return
    subscription = _AlertSubscription(hass, connection, msg["id"])
    connection.subscriptions[msg["id"]] = subscription.close
    connection.send_result(msg["id"])
    subscription.attach(manager)


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
        if (count := async_acknowledge_alert(hass, alert_id, context, by)) is not None:
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
