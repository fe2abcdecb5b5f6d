"""Base entity for FAJMA."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Concatenate, override

from aioesphomeapi.core import APIConnectionError
from homeassistant.core import callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .alert_model import AlertTransition
from .alerts import AlertManager
from .const import DOMAIN, MANUFACTURER, MODEL
from .coordinator import FajmaCoordinator


@dataclass(frozen=True, kw_only=True)
class FajmaDescriptionMixin:
    """What FAJMA's entity descriptions add.

    `reading`: the reading (a Readings field) whose arrival writes this entity at once, before
    the rest of its batch; the others are written once the batch is in.
    `always_available`: for an entity whose job is to show offline.
    """

    reading: str | None = None
    always_available: bool = False


class FajmaEntity(CoordinatorEntity[FajmaCoordinator]):
    """An entity of one patient's FAJMA device."""

    _attr_has_entity_name = True
    _shown: tuple[object, ...] | None = None  # (available, state, attributes) last written

    def __init__(self, coordinator: FajmaCoordinator, description: EntityDescription) -> None:
        """Initialize the entity; the unique id is the MAC and the translation key."""
        super().__init__(coordinator)
        self.entity_description = description
        # The reading whose arrival writes this entity at once (description.reading).
        self._reading = (
            description.reading if isinstance(description, FajmaDescriptionMixin) else None
        )
        self._attr_unique_id = f"{coordinator.mac}_{description.key}"
        info = coordinator.device_info
        # Our own identifier only, no MAC connection: Home Assistant's esphome integration
        # may hold a device for the same board, and that one must keep its own name.
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, coordinator.mac)},
            name=coordinator.config_entry.title,
            manufacturer=MANUFACTURER,
            model=MODEL,
            sw_version=info.project_version if info else None,
            hw_version=info.model if info else None,
            serial_number=coordinator.mac,
        )

    @property
    @override
    def available(self) -> bool:
        """Return True while the device is connected and its readings are fresh.

        Entities that show the connection or the patient's status (`offline` included) are
        always available.
        """
        description = self.entity_description
        if isinstance(description, FajmaDescriptionMixin) and description.always_available:
            return True
        return self.coordinator.data.online

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the coordinator, and this entity's own reading as soon as it arrives."""
        await super().async_added_to_hass()
        if self._reading is not None:
            self.async_on_remove(
                self.coordinator.async_add_reading_listener(
                    self._reading, self._handle_coordinator_update
                )
            )

    def _shown_now(self) -> tuple[object, ...]:
        """What the entity shows now; cheap, as it is compared for every reading."""
        return (self.available, self.state, self.extra_state_attributes)

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Write the state only when what it shows changed (or its reading's entity: when the
        coordinator says more than readings changed; the reading itself wrote it).

        As Home Assistant's esphome integration drops a reading identical to the previous one,
        a repeated value writes nothing; freshness comes from the connection and the stale
        timeout, which do change what is shown (available, offline).
        """
        if self.coordinator.readings_only and self._reading is not None:
            return
        shown = self._shown_now()
        if shown == self._shown:
            return
        self._shown = shown
        self.async_write_ha_state()


class FajmaAlertEntity(FajmaEntity):
    """An entity that shows a patient's alerts: updated by the alert manager, not the device."""

    def __init__(self, alerts: AlertManager, description: EntityDescription) -> None:
        """Initialize the entity."""
        super().__init__(alerts.coordinator, description)
        self._alerts = alerts

    @property
    @override
    def available(self) -> bool:
        """Alerts matter most when the device is offline (offline is one of them)."""
        return True

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the alert manager."""
        await super().async_added_to_hass()
        self.async_on_remove(self._alerts.async_add_listener(self._on_transitions))

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Nothing to do: alerts change with the alert manager's transitions, not readings."""

    @callback
    def _on_transitions(self, transitions: list[AlertTransition]) -> None:
        """Show a batch of alert transitions."""
        self.async_write_ha_state()


def exception_handler[EntityT: FajmaEntity, **P](
    func: Callable[Concatenate[EntityT, P], Coroutine[Any, Any, Any]],
) -> Callable[Concatenate[EntityT, P], Coroutine[Any, Any, None]]:
    """Turn device errors into translated Home Assistant errors."""

    async def handler(self: EntityT, /, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await func(self, *args, **kwargs)
        except APIConnectionError as error:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="communication_error",
                translation_placeholders={"error": str(error)},
            ) from error

    return handler
