"""Sensors of a FAJMA patient: vitals with their status, environment, patient status."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import FajmaConfigEntry
from .entity import FajmaDescriptionMixin, FajmaEntity
from .vitals import (
    PatientStatus,
    Thresholds,
    Vital,
    VitalsSnapshot,
    VitalStatus,
    finite_or_none,
)

PARALLEL_UPDATES = 0  # push: nothing is polled

UNIT_BPM = "bpm"


@dataclass(frozen=True, kw_only=True)
class FajmaSensorEntityDescription(SensorEntityDescription, FajmaDescriptionMixin):
    """A FAJMA sensor: how to read its value from a snapshot."""

    value_fn: Callable[[VitalsSnapshot], float | str | None]
    vital: Vital | None = None


def _vital_value(vital: Vital) -> Callable[[VitalsSnapshot], float | None]:
    return lambda snapshot: snapshot.vitals[vital].value


SENSORS: tuple[FajmaSensorEntityDescription, ...] = (
    FajmaSensorEntityDescription(
        key="heart_rate",
        translation_key="heart_rate",
        reading="heart_rate",
        native_unit_of_measurement=UNIT_BPM,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        vital=Vital.HEART_RATE,
        value_fn=_vital_value(Vital.HEART_RATE),
    ),
    FajmaSensorEntityDescription(
        key="spo2",
        translation_key="spo2",
        reading="spo2",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        vital=Vital.SPO2,
        value_fn=_vital_value(Vital.SPO2),
    ),
    FajmaSensorEntityDescription(
        key="body_temperature",
        translation_key="body_temperature",
        reading="body_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        vital=Vital.BODY_TEMPERATURE,
        value_fn=_vital_value(Vital.BODY_TEMPERATURE),
    ),
    FajmaSensorEntityDescription(
        key="ambient_temperature",
        translation_key="ambient_temperature",
        reading="ambient_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda snapshot: snapshot.ambient_temperature,
    ),
    FajmaSensorEntityDescription(
        key="humidity",
        translation_key="humidity",
        reading="humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda snapshot: snapshot.humidity,
    ),
    FajmaSensorEntityDescription(
        # A signal-quality figure: useful when debugging, noise on a dashboard.
        key="perfusion_index",
        translation_key="perfusion_index",
        reading="perfusion_index",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda snapshot: snapshot.perfusion_index,
    ),
    FajmaSensorEntityDescription(
        # The ratio of ratios R behind SpO2: logged next to a reference oximeter, it lets
        # scripts/spo2-calibrate fit the device's SpO2 curve. Of no use on a dashboard.
        key="spo2_ratio",
        translation_key="spo2_ratio",
        reading="spo2_ratio",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=3,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda snapshot: finite_or_none(snapshot.readings.spo2_ratio),
    ),
    FajmaSensorEntityDescription(
        key="patient_status",
        translation_key="patient_status",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in PatientStatus],
        # Showing `offline` is this sensor's job.
        always_available=True,
        value_fn=lambda snapshot: snapshot.status.value,
    ),
)


@cache
def vital_attributes(status: VitalStatus, thresholds: Thresholds) -> Mapping[str, Any]:
    """A vital's status and the limits in force; built once per (status, table)."""
    return MappingProxyType(
        {
            "status": status.value,
            **thresholds.as_dict(),
            # Which limits flag the value itself (NEWS2's "≤ 91") rather than only beyond it.
            "inclusive_limits": thresholds.inclusive_sides(),
        }
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: FajmaConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the FAJMA sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(FajmaSensor(coordinator, description) for description in SENSORS)


class FajmaSensor(FajmaEntity, SensorEntity):
    """A FAJMA sensor."""

    entity_description: FajmaSensorEntityDescription

    @property
    @override
    def native_value(self) -> float | str | None:
        """Return the value."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    @override
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return the status and the thresholds in force, for vitals."""
        if (vital := self.entity_description.vital) is None:
            return None
        evaluation = self.coordinator.data.vitals[vital]
        return vital_attributes(evaluation.status, evaluation.thresholds)

    @override
    def _shown_now(self) -> tuple[object, ...]:
        shown = (self.available, self.native_value)
        if (vital := self.entity_description.vital) is None:
            return shown
        # What the attributes are built from (the same table object while the options stay).
        evaluation = self.coordinator.data.vitals[vital]
        return (*shown, evaluation.status, evaluation.thresholds)
