"""Buttons of a FAJMA patient: calibration, restart and a test alert (administrators only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.components.button.const import ButtonDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alerts import AlertManager
from .const import ContractButton
from .coordinator import FajmaConfigEntry
from .entity import FajmaAlertEntity, FajmaEntity, exception_handler
from .permissions import async_check_admin

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class FajmaButtonEntityDescription(ButtonEntityDescription):
    """A FAJMA button: which contract button it presses."""

    button: ContractButton


BUTTONS: tuple[FajmaButtonEntityDescription, ...] = (
    FajmaButtonEntityDescription(
        key="calibrate",
        translation_key="calibrate",
        entity_category=EntityCategory.CONFIG,
        button=ContractButton.CALIBRATE,
    ),
    FajmaButtonEntityDescription(
        key="restart",
        translation_key="restart",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
        button=ContractButton.RESTART,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: FajmaConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the FAJMA buttons."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        [
            *(FajmaButton(coordinator, description) for description in BUTTONS),
            FajmaTestAlertButton(entry.runtime_data.alerts),
        ]
    )


class FajmaButton(FajmaEntity, ButtonEntity):
    """A button of the device."""

    entity_description: FajmaButtonEntityDescription

    @property
    @override
    def available(self) -> bool:
        """Return True while connected and the device has this button."""
        return self.coordinator.connected and self.coordinator.has_button(
            self.entity_description.button
        )

    @exception_handler
    @override
    async def async_press(self) -> None:
        """Press the button on the device; only administrators may (Unauthorized otherwise)."""
        # The service call's context, set on the entity just before the press.
        await async_check_admin(self.hass, self._context, entity_id=self.entity_id)
        self.coordinator.press(self.entity_description.button)


TEST_ALERT = ButtonEntityDescription(
    key="test_alert", translation_key="test_alert", entity_category=EntityCategory.CONFIG
)


class FajmaTestAlertButton(FajmaAlertEntity, ButtonEntity):
    """Send a test alert to every phone that would be told (administrators only)."""

    def __init__(self, alerts: AlertManager) -> None:
        """Initialize the entity."""
        super().__init__(alerts, TEST_ALERT)

    @override
    async def async_press(self) -> None:
        """Send the test; it does not need the device (the path to the phones is tested)."""
        await async_check_admin(self.hass, self._context, entity_id=self.entity_id)
        await self._alerts.async_send_test()
