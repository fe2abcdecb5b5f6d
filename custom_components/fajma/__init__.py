"""The FAJMA integration: home-care vital-sign monitoring over the ESPHome native API."""

from __future__ import annotations

from typing import Any

from homeassistant.components import zeroconf
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    issue_registry as ir,
)
from homeassistant.helpers.storage import Store
from homeassistant.helpers.typing import ConfigType

from . import delivery
from .alerts import AlertManager
from .const import (
    ALERTS_STORAGE_KEY_PREFIX,
    CONF_ENCRYPTION_KEY,
    CONF_NOTIFY_TARGETS,
    DOMAIN,
    ISSUE_DELIVERY_FAILED,
    ISSUE_MISSING_ENTITIES,
    ISSUE_NO_RECIPIENTS,
    ISSUE_UNENCRYPTED,
)
from .coordinator import FajmaConfigEntry, FajmaCoordinator, FajmaData
from .frontend import async_register_frontend
from .services import async_setup_services
from .websocket_api import async_register_websocket_commands

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.SENSOR,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the services (once, for every entry)."""
    async_setup_services(hass)
    async_register_websocket_commands(hass)
    # Failed notifications that notify services only log (mobile_app's push service errors).
    delivery.install()
    # The Lovelace cards ship with the integration.
    await async_register_frontend(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: FajmaConfigEntry) -> bool:
    """Connect to the device and set up the entities."""
    # Open while the device talks without encryption, and while nobody is notified.
    _async_keep_issue(hass, entry, ISSUE_UNENCRYPTED, open_=not entry.data.get(CONF_ENCRYPTION_KEY))
    _async_keep_issue(
        hass, entry, ISSUE_NO_RECIPIENTS, open_=not entry.options.get(CONF_NOTIFY_TARGETS)
    )
    zeroconf_instance = await zeroconf.async_get_instance(hass)
    coordinator = FajmaCoordinator(hass, entry, zeroconf_instance)
    # A device set up before (it has a device in the registry) is monitored even when it is
    # off right now: its offline alert must not wait for it to come back.
    registry = dr.async_get(hass)
    known = registry.async_get_device_by_identifier((DOMAIN, coordinator.mac), entry.entry_id)
    await coordinator.async_start(known=known is not None)
    entry.async_on_unload(coordinator.async_stop)
    # Alerts are restored (and follow the vitals) before the entities that show them exist.
    alerts = AlertManager(hass, entry, coordinator)
    entry.runtime_data = FajmaData(coordinator=coordinator, alerts=alerts)
    await alerts.async_start()
    entry.async_on_unload(alerts.async_stop)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: FajmaConfigEntry) -> bool:
    """Unload the entities; stopping the connection is registered with async_on_unload."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: FajmaConfigEntry) -> None:
    """Delete what the patient's entry leaves behind: the stored alerts and its issues.

    The alert store holds vital values, times and the last transitions: patient data that
    leaves with the patient.
    """
    store: Store[dict[str, Any]] = Store(hass, 1, f"{ALERTS_STORAGE_KEY_PREFIX}{entry.entry_id}")
    await store.async_remove()
    for issue in (
        ISSUE_UNENCRYPTED,
        ISSUE_MISSING_ENTITIES,
        ISSUE_NO_RECIPIENTS,
        ISSUE_DELIVERY_FAILED,
    ):
        ir.async_delete_issue(hass, DOMAIN, f"{issue}_{entry.entry_id}")


@callback
def _async_keep_issue(
    hass: HomeAssistant, entry: FajmaConfigEntry, issue: str, *, open_: bool
) -> None:
    """Keep one of the entry's warning repair issues open while its cause lasts."""
    issue_id = f"{issue}_{entry.entry_id}"
    if not open_:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=issue,
        translation_placeholders={"patient": entry.title},
    )
