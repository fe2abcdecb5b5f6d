"""Binary sensors of a FAJMA patient: connectivity and finger detection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import FajmaConfigEntry
from .entity import FajmaEntity
from .vitals import VitalsSnapshot

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class FajmaBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A FAJMA binary sensor."""

    value_fn: Callable[[VitalsSnapshot], bool | None]
    always_available: bool = False


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
        value_fn=lambda snapshot: snapshot.readings.finger_detected,
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
        FajmaBinarySensor(coordinator, description) for description in BINARY_SENSORS
    )


class FajmaBinarySensor(FajmaEntity, BinarySensorEntity):
    """A FAJMA binary sensor."""

    entity_description: FajmaBinarySensorEntityDescription

    @property
    def available(self) -> bool:
        """Return True if the value can be trusted now (connectivity: always)."""
        return self.entity_description.always_available or super().available

    @property
    def is_on(self) -> bool | None:
        """Return the state."""
        return self.entity_description.value_fn(self.coordinator.data)
