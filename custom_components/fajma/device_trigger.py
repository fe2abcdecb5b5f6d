"""Device triggers for UI automations: alerts raised, acknowledged, resolved; device offline."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from homeassistant.components.device_automation import DEVICE_TRIGGER_BASE_SCHEMA
from homeassistant.const import CONF_DEVICE_ID, CONF_DOMAIN, CONF_PLATFORM, CONF_TYPE
from homeassistant.core import CALLBACK_TYPE, Event, HassJob, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.trigger import TriggerActionType, TriggerInfo
from homeassistant.helpers.typing import ConfigType
import probatio as vol

from .alert_model import Escalation, Priority, TechnicalCondition, TransitionState
from .const import DOMAIN, EVENT_ALERT

AlertData = Mapping[str, Any]


def _critical_raised(data: AlertData) -> bool:
    # A warning that worsens into critical is the same alert, escalated by priority.
    return data.get("priority") == Priority.CRITICAL and (
        data.get("state") == TransitionState.RAISED
        or (
            data.get("state") == TransitionState.ESCALATED
            and data.get("escalation") == Escalation.PRIORITY
        )
    )


def _warning_raised(data: AlertData) -> bool:
    return bool(
        data.get("priority") == Priority.WARNING
        and data.get("state") == TransitionState.RAISED
        and data.get("vital") != TechnicalCondition.OFFLINE
    )


def _improved(data: AlertData) -> bool:
    return data.get("state") == TransitionState.DE_ESCALATED


def _acknowledged(data: AlertData) -> bool:
    return data.get("state") == TransitionState.ACKNOWLEDGED


def _resolved(data: AlertData) -> bool:
    return data.get("state") == TransitionState.RESOLVED


def _offline(data: AlertData) -> bool:
    return (
        data.get("vital") == TechnicalCondition.OFFLINE
        and data.get("state") == TransitionState.RAISED
    )


# Trigger type -> which fajma_alert events fire it.
TRIGGERS: Final[dict[str, Callable[[AlertData], bool]]] = {
    "critical_alert_raised": _critical_raised,
    "warning_alert_raised": _warning_raised,
    "alert_improved": _improved,
    "alert_acknowledged": _acknowledged,
    "alert_resolved": _resolved,
    "device_offline": _offline,
}

TRIGGER_SCHEMA = DEVICE_TRIGGER_BASE_SCHEMA.extend(
    {vol.Required(CONF_TYPE): vol.In(list(TRIGGERS))}
)


async def async_get_triggers(hass: HomeAssistant, device_id: str) -> list[dict[str, str]]:
    """List the triggers of a FAJMA patient's device."""
    device = dr.async_get(hass).async_get(device_id)
    if device is None or not any(domain == DOMAIN for domain, _ in device.identifiers):
        return []
    return [
        {CONF_PLATFORM: "device", CONF_DOMAIN: DOMAIN, CONF_DEVICE_ID: device_id, CONF_TYPE: kind}
        for kind in TRIGGERS
    ]


async def async_attach_trigger(
    hass: HomeAssistant,
    config: ConfigType,
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    """Listen for the alert events that match the trigger type on this device."""
    kind: str = config[CONF_TYPE]
    matches = TRIGGERS[kind]
    device_id: str = config[CONF_DEVICE_ID]
    job = HassJob(action, f"FAJMA device trigger {config[CONF_TYPE]}")
    trigger_data = trigger_info["trigger_data"]

    @callback
    def event_filter(event_data: Mapping[str, Any]) -> bool:
        return bool(event_data.get("device_id") == device_id and matches(event_data))

    @callback
    def handle(event: Event[Mapping[str, Any]]) -> None:
        hass.async_run_hass_job(
            job,
            {
                "trigger": {
                    **trigger_data,
                    CONF_PLATFORM: "device",
                    CONF_DOMAIN: DOMAIN,
                    CONF_DEVICE_ID: device_id,
                    CONF_TYPE: config[CONF_TYPE],
                    "event": event,
                    "description": f"FAJMA {config[CONF_TYPE]}",
                }
            },
            event.context,
        )

    return hass.bus.async_listen(EVENT_ALERT, handle, event_filter=event_filter)
