"""Diagnostics for FAJMA: the key and the patient's identity are redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import CONF_ENCRYPTION_KEY, CONF_PATIENT_NAME
from .coordinator import CONF_DEVICE_NAME, FajmaConfigEntry

# Device names often carry the patient's name too ("eliane-monitor").
TO_REDACT = {
    CONF_ENCRYPTION_KEY,
    CONF_PATIENT_NAME,
    CONF_DEVICE_NAME,
    "title",
    "name",
    "friendly_name",
    "suggested_area",
    "acknowledged_by",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: FajmaConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a config entry."""
    coordinator = entry.runtime_data.coordinator
    alerts = entry.runtime_data.alerts
    snapshot = coordinator.data
    info = coordinator.device_info
    return {
        "entry": async_redact_data(
            {"title": entry.title, "data": dict(entry.data), "options": dict(entry.options)},
            TO_REDACT,
        ),
        "device_info": async_redact_data(info.to_dict(), TO_REDACT) if info else None,
        "connected": coordinator.connected,
        "missing_entities": coordinator.missing_entities,
        "stale_timeout_seconds": coordinator.stale_timeout.total_seconds(),
        "snapshot": {
            "status": snapshot.status.value,
            "online": snapshot.online,
            "stale": snapshot.stale,
            "last_reading": snapshot.last_reading.isoformat() if snapshot.last_reading else None,
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
        # decided and why (who acknowledged is a person's name: redacted).
        "alerts": async_redact_data(
            {**alerts.snapshot(), "settings": asdict(alerts.settings)}, TO_REDACT
        ),
    }
