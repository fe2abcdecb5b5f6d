"""Binary sensors of a FAJMA patient: connectivity, finger detection, irregular pulse, alert."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alerts import AlertManager
from .coordinator import FajmaConfigEntry
from .entity import FajmaAlertEntity, FajmaDescriptionMixin, FajmaEntity
from .vitals import Vital, VitalsSnapshot

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class FajmaBinarySensorEntityDescription(BinarySensorEntityDescription, FajmaDescriptionMixin):
    """A FAJMA binary sensor."""

    value_fn: Callable[[VitalsSnapshot], bool | None]


BINARY_SENSORS: tuple[FajmaBinarySensorEntityDescription, ...] = (
    FajmaBinarySensorEntityDescription(
        key="connectivity",
        translation_key="connectivity",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        always_available=True,
        value_fn=lambda snapshot: snapshot.online,
    ),
    FajmaBinarySensorEntityDescription(
        key="finger_detected",
        translation_key="finger_detected",
        reading="finger_detected",
        value_fn=lambda snapshot: snapshot.readings.finger_detected,
    ),
    FajmaBinarySensorEntityDescription(
        # A finding about the pulse (e.g. atrial fibrillation): heart rate and SpO2 are still
        # measured. Unknown without a trustworthy heart rate, whatever the device last sent.
        # Not written as its reading arrives: it shows with the heart rate, after the batch.
        key="irregular_pulse",
        translation_key="irregular_pulse",
        value_fn=lambda snapshot: (
            snapshot.readings.irregular_pulse
            if snapshot.vitals[Vital.HEART_RATE].value is not None
            else None
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: FajmaConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the FAJMA binary sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        [
            *(FajmaBinarySensor(coordinator, description) for description in BINARY_SENSORS),
            FajmaAlertActiveBinarySensor(entry.runtime_data.alerts),
        ]
    )


class FajmaBinarySensor(FajmaEntity, BinarySensorEntity):
    """A FAJMA binary sensor."""

    entity_description: FajmaBinarySensorEntityDescription

    @property
    @override
    def is_on(self) -> bool | None:
        """Return the state."""
        return self.entity_description.value_fn(self.coordinator.data)

    @override
    def _shown_now(self) -> tuple[object, ...]:
        return (self.available, self.is_on)


ALERT_ACTIVE = BinarySensorEntityDescription(
    key="alert_active",
    translation_key="alert_active",
    device_class=BinarySensorDeviceClass.PROBLEM,
)


class FajmaAlertActiveBinarySensor(FajmaAlertEntity, BinarySensorEntity):
    """On while the patient has an active alert; the most urgent one in the attributes."""

    def __init__(self, alerts: AlertManager) -> None:
        """Initialize the entity."""
        super().__init__(alerts, ALERT_ACTIVE)

    @property
    @override
    def is_on(self) -> bool:
        """Return True while any alert is active (acknowledged or not)."""
        return bool(self._alerts.engine.active_alerts)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """The most urgent active alert: unacknowledged first, then by priority."""
        active = self._alerts.engine.active_alerts
        if not active:
            return {"count": 0}
        alert = max(
            active,
            key=lambda a: (not a.acknowledged, a.priority.rank, a.raised_at),
        )
        return {
            "count": len(active),
            "alert_id": alert.alert_id,
            "priority": alert.priority.value,
            "vital": alert.condition,
            "kind": alert.kind.value,
            "acknowledged": alert.acknowledged,
        }
