"""Diagnostics for FAJMA: nothing that identifies the patient, their home or their devices.

Redacted: the key, the patient's and device's names, the host (often `<patient>.local`),
every MAC address (as a field or inside any text), and the notify and escalation targets.
Redacted values keep their place (a list of targets stays a list of the same length), so
the shape of the data stays useful to support.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
import re
from typing import Any, Final

from homeassistant.components.diagnostics import REDACTED
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant

from .const import (
    CONF_DEVICE_NAME,
    CONF_ENCRYPTION_KEY,
    CONF_ESCALATION_TARGETS,
    CONF_NOTIFY_TARGETS,
    CONF_PATIENT_NAME,
)
from .coordinator import FajmaConfigEntry

# Device names often carry the patient's name too ("eliane-monitor").
TO_REDACT: Final = {
    CONF_ENCRYPTION_KEY,
    CONF_PATIENT_NAME,
    CONF_DEVICE_NAME,
    CONF_HOST,
    CONF_NOTIFY_TARGETS,
    CONF_ESCALATION_TARGETS,
    "title",
    "name",
    "friendly_name",
    "suggested_area",
    "mac_address",
    "bluetooth_mac_address",
    "unique_id",
    "serial_number",
    # Who acknowledged an alert is a person's name.
    "acknowledged_by",
}
# A MAC address anywhere in a text: aa:bb:cc:dd:ee:ff, AA-BB-..., or aabbccddeeff.
MAC_ADDRESS: Final = re.compile(
    r"\b[0-9A-Fa-f]{2}(?:([:-]?)[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}\b"
)


def redact(data: Any) -> Any:
    """Redact `TO_REDACT` keys at any depth and MAC addresses in every text."""
    if isinstance(data, Mapping):
        return {
            key: _redact_value(value) if key in TO_REDACT else redact(value)
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [redact(item) for item in data]
    if isinstance(data, str):
        return MAC_ADDRESS.sub(REDACTED, data)
    return data


def _redact_value(value: Any) -> Any:
    """Hide a value but keep its shape: empty stays empty, a list keeps its length."""
    if value is None or (isinstance(value, str | list | tuple) and not value):
        return value
    if isinstance(value, list | tuple):
        return [_redact_value(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _redact_value(item) for key, item in value.items()}
    return REDACTED


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: FajmaConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a config entry."""
    coordinator = entry.runtime_data.coordinator
    alerts = entry.runtime_data.alerts
    snapshot = coordinator.data
    info = coordinator.device_info
    diagnostics: dict[str, Any] = redact(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "device_info": info.to_dict() if info else None,
            "connected": coordinator.connected,
            "missing_entities": coordinator.missing_entities,
            "stale_timeout_seconds": coordinator.stale_timeout.total_seconds(),
            "snapshot": {
                "status": snapshot.status.value,
                "online": snapshot.online,
                "stale": snapshot.stale,
                "last_reading": (
                    snapshot.last_reading.isoformat() if snapshot.last_reading else None
                ),
                "readings": asdict(snapshot.readings),
                "vitals": {
                    vital.value: {
                        "status": evaluation.status.value,
                        "value": evaluation.value,
                        "raw": evaluation.raw,
                        "loss": evaluation.loss,
                        "side": evaluation.side,
                        "thresholds": evaluation.thresholds.as_dict(),
                    }
                    for vital, evaluation in snapshot.vitals.items()
                },
            },
            # Active alerts, the last transitions and the settings in force: what the engine
            # decided and why.
            "alerts": {**alerts.snapshot(), "settings": asdict(alerts.settings)},
        }
    )
    return diagnostics
