"""The alert event entity: one event per alert transition (critical, warning, info)."""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alert_model import AlertTransition, Priority
from .alert_views import transition_as_dict
from .alerts import AlertManager
from .coordinator import FajmaConfigEntry
from .entity import FajmaAlertEntity

PARALLEL_UPDATES = 0

ALERT_EVENT = EventEntityDescription(
    key="alert",
    translation_key="alert",
    event_types=[priority.value for priority in Priority],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: FajmaConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the alert event entity of a patient."""
    async_add_entities([FajmaAlertEvent(entry.runtime_data.alerts)])


class FajmaAlertEvent(FajmaAlertEntity, EventEntity):
    """Fires on every alert transition; the event type is the transition's priority."""

    entity_description: EventEntityDescription

    def __init__(self, alerts: AlertManager) -> None:
        """Initialize the entity."""
        super().__init__(alerts, ALERT_EVENT)

    @callback
    @override
    def _on_transitions(self, transitions: list[AlertTransition]) -> None:
        for transition in transitions:
            attributes: dict[str, Any] = transition_as_dict(transition)
            attributes["patient"] = self._alerts.patient
            self._trigger_event(transition.priority.value, attributes)
        self.async_write_ha_state()
