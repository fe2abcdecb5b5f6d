"""The entity contract: which of a device's ESPHome entities and actions are FAJMA's.

The device announces its entities with numeric keys; the contract names them by object id
(`heart_rate`, `finger_detected`, `reset`, ...). `ContractMap` is what one connection found,
and `async_report_missing` keeps the repair issue about missing ones in step with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
import logging

from aioesphomeapi.model import BinarySensorInfo, ButtonInfo, EntityInfo, SensorInfo, UserService
from aioesphomeapi.object_id import compute_object_id
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import (
    DOMAIN,
    ISSUE_MISSING_ENTITIES,
    OPTIONAL_CONTRACT_ENTITIES,
    ContractAction,
    ContractBinarySensor,
    ContractButton,
    ContractSensor,
)

_LOGGER = logging.getLogger(__name__)


def object_id_of(info: EntityInfo) -> str:
    """Return an entity's ESPHome object id, derived from its name when not sent.

    Newer firmware may leave object ids empty; aioesphomeapi's compute_object_id is
    ESPHome's own derivation (snake case, then anything outside [a-z0-9_-] becomes "_").
    """
    if object_id := getattr(info, "object_id", ""):
        return str(object_id)
    return compute_object_id(info.name)


@dataclass(frozen=True, slots=True)
class ContractMap:
    """The contract entities one device exposes, by the keys of this connection."""

    sensors: dict[int, ContractSensor] = field(default_factory=dict)
    binary_sensors: dict[int, ContractBinarySensor] = field(default_factory=dict)
    buttons: dict[ContractButton, int] = field(default_factory=dict)
    actions: dict[ContractAction, UserService] = field(default_factory=dict)

    @classmethod
    def of(cls, entities: Iterable[EntityInfo], services: Iterable[UserService]) -> ContractMap:
        """Map a device's entity list and actions to the contract."""
        sensor_ids = {member.value: member for member in ContractSensor}
        binary_ids = {member.value: member for member in ContractBinarySensor}
        button_ids = {member.value: member for member in ContractButton}
        action_ids = {member.value: member for member in ContractAction}
        found = cls(
            actions={action_ids[s.name]: s for s in services if s.name in action_ids},
        )
        for info in entities:
            object_id = object_id_of(info)
            if isinstance(info, SensorInfo) and object_id in sensor_ids:
                found.sensors[info.key] = sensor_ids[object_id]
            elif isinstance(info, BinarySensorInfo) and object_id in binary_ids:
                found.binary_sensors[info.key] = binary_ids[object_id]
            elif isinstance(info, ButtonInfo) and object_id in button_ids:
                found.buttons[button_ids[object_id]] = info.key
        return found

    @property
    def missing(self) -> list[str]:
        """The contract entities and actions the device lacks (`sensor.spo2`, ...)."""
        sensors = set(self.sensors.values())
        binary_sensors = set(self.binary_sensors.values())
        return [
            *(f"sensor.{s}" for s in ContractSensor if s not in sensors),
            *(f"binary_sensor.{b}" for b in ContractBinarySensor if b not in binary_sensors),
            *(f"button.{b}" for b in ContractButton if b not in self.buttons),
            *(f"action.{a}" for a in ContractAction if a not in self.actions),
        ]


def async_report_missing(
    hass: HomeAssistant, entry_id: str, patient: str, device: str, missing: list[str]
) -> None:
    """Raise (or clear) the repair issue listing the contract entities a device lacks."""
    issue_id = f"{ISSUE_MISSING_ENTITIES}_{entry_id}"
    if not missing:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    # Older firmware lacks only the entities added later: everything it has works.
    only_optional = set(missing) <= OPTIONAL_CONTRACT_ENTITIES
    _LOGGER.log(
        logging.INFO if only_optional else logging.WARNING,
        "%s lacks FAJMA contract entities: %s",
        device,
        ", ".join(missing),
    )
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING if only_optional else ir.IssueSeverity.ERROR,
        translation_key=ISSUE_MISSING_ENTITIES,
        translation_placeholders={"patient": patient, "entities": ", ".join(missing)},
    )
