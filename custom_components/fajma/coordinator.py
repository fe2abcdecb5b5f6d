"""Connection manager for a FAJMA device: owns the aioesphomeapi client and its lifecycle."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
import logging
from typing import TYPE_CHECKING, Any, Final, override

from aioesphomeapi.client import APIClient
from aioesphomeapi.core import (
    APIConnectionError,
    EncryptionPlaintextAPIError,
    InvalidAuthAPIError,
    InvalidEncryptionKeyAPIError,
    RequiresEncryptionAPIError,
)
from aioesphomeapi.model import BinarySensorState, DeviceInfo, EntityState, SensorState
from aioesphomeapi.reconnect_logic import ReconnectLogic
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PORT, EVENT_HOMEASSISTANT_CLOSE
from homeassistant.core import CALLBACK_TYPE, Event, HassJob, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .const import (
    ACTION_ARG_OFFSET,
    CLIENT_INFO,
    CONF_DEVICE_NAME,
    CONF_ENCRYPTION_KEY,
    CONF_PRESET,
    CONF_STALE_TIMEOUT,
    DEFAULT_STALE_TIMEOUT,
    DOMAIN,
    MANUFACTURER,
    MODEL,
    PROJECT_NAME,
    SETUP_CONNECT_TIMEOUT,
    ContractAction,
    ContractButton,
)
from .contract import ContractMap, async_report_missing
from .custom_thresholds import custom_table
from .vitals import (
    PLAUSIBLE_RANGES,
    PRESETS,
    Preset,
    Readings,
    ThresholdTable,
    Vital,
    VitalsSnapshot,
    assess,
    evaluate,
    evaluate_vital,
)

if TYPE_CHECKING:
    # A type alias aioesphomeapi defines for type checkers only; the alert layer imports
    # this module at run time, so this one names it for types only (no import cycle).
    from aioesphomeapi.zeroconf import ZeroconfInstanceType

    from .alerts import AlertManager

_LOGGER = logging.getLogger(__name__)

# Errors that a new key (or removing one, on purpose) fixes: they start a reauth flow and are
# never answered by retrying in plaintext.
AUTH_ERRORS: Final = (
    InvalidEncryptionKeyAPIError,
    RequiresEncryptionAPIError,
    EncryptionPlaintextAPIError,
    InvalidAuthAPIError,
)

type FajmaConfigEntry = ConfigEntry[FajmaData]


@dataclass(slots=True)
class FajmaData:
    """Runtime data of a FAJMA config entry."""

    coordinator: FajmaCoordinator
    alerts: AlertManager


def table_from_options(options: Mapping[str, Any]) -> ThresholdTable:
    """Return the threshold table configured in the options."""
    preset = Preset(options.get(CONF_PRESET, Preset.DEFAULT))
    if preset is Preset.CUSTOM:
        return custom_table(options)
    return PRESETS[preset]


# Readings whose arrival changes only their own vital (the finger changes two: all re-evaluated).
VITAL_READINGS: Final = {vital.value: vital for vital in Vital}
FINGER: Final = "finger_detected"
# Whose entities a reading changes: its own, and the oximeter's vitals for the finger.
READING_SHOWN_BY: Final = {
    FINGER: (FINGER, *(v.value for v, r in PLAUSIBLE_RANGES.items() if r.needs_finger))
}


class FajmaCoordinator(DataUpdateCoordinator[VitalsSnapshot]):
    """Keep a live connection to one device and push evaluated vitals to listeners.

    Each reading is classified as it arrives and its own entities are told at once
    (`async_add_reading_listener`), as Home Assistant's esphome integration writes each state
    as it arrives. The device sends its readings back to back; once the batch is in (the next
    turn of the event loop, before any other I/O is handled), every listener is told once:
    the patient status, the alert layer, the entities that depend on several readings.
    """

    config_entry: FajmaConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: FajmaConfigEntry,
        zeroconf_instance: ZeroconfInstanceType,
    ) -> None:
        """Initialize the coordinator; nothing connects until async_start."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title}",
            update_interval=None,
        )
        assert entry.unique_id is not None
        self.mac: str = entry.unique_id
        self.client = APIClient(
            entry.data[CONF_HOST],
            entry.data[CONF_PORT],
            None,
            client_info=CLIENT_INFO,
            zeroconf_instance=zeroconf_instance,
            noise_psk=entry.data.get(CONF_ENCRYPTION_KEY) or None,
            expected_mac=self.mac.replace(":", ""),
        )
        self.device_info: DeviceInfo | None = None
        self.missing_entities: list[str] = []
        self._contract = ContractMap()
        self._raw: dict[str, float | bool | None] = {}  # latest reading by Readings field
        self._connected = False
        self._last_reading: datetime | None = None
        self._table = table_from_options(entry.options)
        self._stale_timeout = timedelta(
            seconds=entry.options.get(CONF_STALE_TIMEOUT, DEFAULT_STALE_TIMEOUT)
        )
        self._reconnect = ReconnectLogic(
            client=self.client,
            on_connect=self._on_connect,
            on_disconnect=self._on_disconnect,
            zeroconf_instance=zeroconf_instance,
            name=entry.data.get(CONF_DEVICE_NAME),
            on_connect_error=self._on_connect_error,
        )
        self._first_connect: asyncio.Future[None] | None = None
        self._lost_logged = False
        self._unexpected_logged = False
        self._stopping = False
        self._flush_handle: asyncio.Handle | None = None
        self._pending: set[str] = set()  # readings received since listeners were last told
        self._reading_listeners: dict[str, list[CALLBACK_TYPE]] = {}
        # True while listeners hear of a batch that changed readings only (see _flush).
        self.readings_only = False
        self._told_online = False  # `online` when every listener was last told
        self._stale_unsub: CALLBACK_TYPE | None = None
        self._stale_job = HassJob(self._async_stale_check, cancel_on_shutdown=True)
        self.data = self._evaluate()

    @property
    def connected(self) -> bool:
        """Return True while the API connection is up."""
        return self._connected

    @property
    def stale_timeout(self) -> timedelta:
        """Return the time without readings after which the patient shows offline."""
        return self._stale_timeout

    async def async_start(self, *, known: bool = False) -> None:
        """Connect, waiting for the first connection; keep reconnecting forever after.

        Raises ConfigEntryAuthFailed when the device's encryption key does not match. A device
        that cannot be reached now raises ConfigEntryNotReady, unless it is `known` (it was
        set up before): then it is monitored as offline, alerts included, until it is back.
        """
        self._first_connect = self.hass.loop.create_future()
        await self._reconnect.start()
        try:
            async with asyncio.timeout(SETUP_CONNECT_TIMEOUT):
                await self._first_connect
        except AUTH_ERRORS as err:
            await self.async_stop()
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="invalid_auth",
                translation_placeholders={"error": str(err)},
            ) from err
        except (APIConnectionError, TimeoutError) as err:
            if known:
                # A patient's monitor that is off when Home Assistant starts must still be
                # reported: set up offline, the reconnect logic keeps trying.
                _LOGGER.warning(
                    "%s (%s) is not reachable (%s); monitoring it as offline until it is back",
                    self.config_entry.title,
                    self.client.log_name,
                    err or type(err).__name__,
                )
                self._lost_logged = True
                self._register_close()
                self._publish()
                return
            await self.async_stop()
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"host": self.client.log_name, "error": str(err)},
            ) from err
        self._register_close()

    def _register_close(self) -> None:
        self.config_entry.async_on_unload(
            self.hass.bus.async_listen(EVENT_HOMEASSISTANT_CLOSE, self._async_on_close)
        )

    async def async_stop(self) -> None:
        """Stop reconnecting and disconnect; leave no task or timer behind."""
        self._stopping = True
        await self._reconnect.stop()
        await self.client.disconnect()
        self._connected = False
        self._cancel_timers()

    async def _async_on_close(self, _event: Event) -> None:
        """Disconnect at the last moment of a Home Assistant shutdown."""
        await self.async_stop()

    # --- aioesphomeapi callbacks -----------------------------------------------------------

    async def _on_connect(self) -> None:
        """Discover the contract entities and subscribe to their states."""
        try:
            device_info, entities, services = await self.client.device_info_and_list_entities()
        except APIConnectionError as err:
            _LOGGER.warning("Error getting device info from %s: %s", self.client.log_name, err)
            self._fail_first_connect(err)
            await self.client.disconnect()
            return
        if (
            format_mac(device_info.mac_address) != self.mac
            or device_info.project_name != PROJECT_NAME
        ):
            # Another device took the address: never show its readings as this patient's.
            # Reconnects retry every few seconds; say it loudly once.
            _LOGGER.log(
                logging.DEBUG if self._unexpected_logged else logging.ERROR,
                "Unexpected device at %s: expected FAJMA %s, found %s (%s, project %r)",
                self.client.log_name,
                self.mac,
                device_info.name,
                format_mac(device_info.mac_address),
                device_info.project_name,
            )
            self._unexpected_logged = True
            self._fail_first_connect(APIConnectionError("unexpected device"))
            await self.client.disconnect()
            return
        self._unexpected_logged = False
        self.device_info = device_info
        self._async_update_device(device_info)
        self._contract = ContractMap.of(entities, services)
        self.missing_entities = self._contract.missing
        async_report_missing(
            self.hass,
            self.config_entry.entry_id,
            self.config_entry.title,
            self.client.log_name,
            self.missing_entities,
        )
        self._raw = {}
        self._connected = True
        # A fresh connection counts as a reading: staleness is measured from here.
        self._last_reading = dt_util.utcnow()
        self.client.subscribe_states(self._on_state)
        if self._lost_logged:
            _LOGGER.info("%s (%s) is back online", self.config_entry.title, self.client.log_name)
            self._lost_logged = False
        if self._first_connect is not None and not self._first_connect.done():
            self._first_connect.set_result(None)
        self._publish()

    async def _on_disconnect(self, expected_disconnect: bool) -> None:
        """Mark the device offline."""
        self._connected = False
        self._cancel_timers()
        if self._stopping:
            return
        if not self._lost_logged:
            _LOGGER.info(
                "%s (%s) is unavailable (%s disconnect)",
                self.config_entry.title,
                self.client.log_name,
                "expected" if expected_disconnect else "unexpected",
            )
            self._lost_logged = True
        self._publish()

    async def _on_connect_error(self, err: Exception) -> None:
        """Fail the setup on the first error; start a reauth on key errors later."""
        if self._fail_first_connect(err):
            return
        if isinstance(err, AUTH_ERRORS):
            _LOGGER.warning(
                "Encryption key rejected by %s (%s); reauthentication needed",
                self.client.log_name,
                type(err).__name__,
            )
            self.config_entry.async_start_reauth(self.hass)
            # Stop in a task: this callback runs inside the reconnect logic's connect lock.
            self._reconnect.stop_callback()

    def _fail_first_connect(self, err: Exception) -> bool:
        """Fail the pending setup wait, if any; return True if there was one."""
        if self._first_connect is not None and not self._first_connect.done():
            self._first_connect.set_exception(err)
            return True
        return False

    @callback
    def async_add_reading_listener(self, field: str, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` as soon as a reading of `field` (a Readings field) is classified.

        `coordinator.data` already holds it; returns the remover.
        """
        listeners = self._reading_listeners.setdefault(field, [])
        listeners.append(update)
        return lambda: listeners.remove(update)

    @callback
    def _on_state(self, state: EntityState) -> None:
        """Classify a reading, tell its own entities now and everyone once the batch is in."""
        contract = self._contract
        if isinstance(state, SensorState) and (sensor := contract.sensors.get(state.key)):
            field_name: str = sensor.value
            value: float | bool | None = None if state.missing_state else state.state
        elif isinstance(state, BinarySensorState) and (
            binary := contract.binary_sensors.get(state.key)
        ):
            field_name = binary.value
            value = None if state.missing_state else state.state
        else:
            return
        if field_name in self._pending:
            # The next batch began before listeners heard of this one (the loop fell behind):
            # tell them now, so that no reading, a brief critical one least of all, is
            # overwritten before the alert layer saw it.
            self._flush()
        self._raw[field_name] = value
        self._pending.add(field_name)
        now = self._last_reading = dt_util.utcnow()
        self.data = self._assess(field_name, now)
        for shown in READING_SHOWN_BY.get(field_name, (field_name,)):
            for update in self._reading_listeners.get(shown, ()):
                update()
        if self._flush_handle is None:
            self._flush_handle = self.hass.loop.call_soon(self._flush)

    def _assess(self, field_name: str, now: datetime) -> VitalsSnapshot:
        """The snapshot after one new reading: only what it changes is evaluated again."""
        readings = Readings(**self._raw)  # type: ignore[arg-type]
        if field_name == FINGER:
            # The oximeter's vitals depend on the finger.
            return self._evaluate(readings, now)
        vitals = self.data.vitals
        if (vital := VITAL_READINGS.get(field_name)) is not None:
            evaluation = evaluate_vital(
                vital, readings.vital(vital), self._table[vital], readings.finger_detected
            )
            vitals = {**vitals, vital: evaluation}
        return assess(
            vitals,
            readings,
            connected=self._connected,
            last_reading=self._last_reading,
            now=now,
            stale_timeout=self._stale_timeout,
        )

    @callback
    def _flush(self) -> None:
        """The batch is in: tell every listener once."""
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        self._pending.clear()
        self._arm_stale_timer_if_fresh(self.data)
        # The entities of each reading were told as it arrived; unless the batch did more than
        # bring readings (the device fresh again after a silence), they have nothing to do.
        self.readings_only = self.data.online == self._told_online
        try:
            self.async_update_listeners()
        finally:
            self.readings_only = False

    @callback
    @override
    def async_update_listeners(self) -> None:
        """Tell every listener of the current snapshot."""
        self._told_online = self.data.online
        super().async_update_listeners()

    # --- evaluation ------------------------------------------------------------------------

    @override
    async def _async_update_data(self) -> VitalsSnapshot:
        """Re-evaluate on demand (homeassistant.update_entity): the device pushes, never polled."""
        return self._evaluate()

    def _evaluate(
        self, readings: Readings | None = None, now: datetime | None = None
    ) -> VitalsSnapshot:
        return evaluate(
            Readings(**self._raw) if readings is None else readings,  # type: ignore[arg-type]
            self._table,
            connected=self._connected,
            last_reading=self._last_reading,
            now=dt_util.utcnow() if now is None else now,
            stale_timeout=self._stale_timeout,
        )

    @callback
    def _publish(self) -> None:
        """Evaluate everything and notify listeners (connection changes)."""
        snapshot = self._evaluate()
        self._arm_stale_timer_if_fresh(snapshot)
        self.async_set_updated_data(snapshot)

    def _arm_stale_timer_if_fresh(self, snapshot: VitalsSnapshot) -> None:
        """Keep the stale timer armed while readings are fresh (it re-arms itself)."""
        if snapshot.online and self._stale_unsub is None and self._last_reading is not None:
            self._arm_stale_timer(self._last_reading + self._stale_timeout - snapshot.evaluated_at)

    def _arm_stale_timer(self, delay: timedelta) -> None:
        self._stale_unsub = async_call_later(
            self.hass, max(delay.total_seconds(), 0.0), self._stale_job
        )

    @callback
    def _async_stale_check(self, _now: datetime) -> None:
        """Publish `offline` if the device went silent; re-arm otherwise."""
        self._stale_unsub = None
        if not self._connected or self._last_reading is None:
            return
        remaining = self._last_reading + self._stale_timeout - dt_util.utcnow()
        if remaining > timedelta(0):
            self._arm_stale_timer(remaining)
            return
        _LOGGER.info(
            "%s sent no reading for %s; showing offline",
            self.config_entry.title,
            self._stale_timeout,
        )
        # The next reading re-arms the timer through _publish.
        self.async_set_updated_data(self._evaluate())

    def _cancel_timers(self) -> None:
        if self._stale_unsub is not None:
            self._stale_unsub()
            self._stale_unsub = None
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None

    # --- device registry -----------------------------------------------------------------

    def _async_update_device(self, info: DeviceInfo) -> None:
        """Refresh what the device says of itself on every connect (firmware after an OTA).

        The name stays the patient's (the user may have renamed the device).
        """
        dr.async_get(self.hass).async_get_or_create(
            config_entry_id=self.config_entry.entry_id,
            identifiers={(DOMAIN, self.mac)},
            manufacturer=MANUFACTURER,
            model=MODEL,
            sw_version=info.project_version or None,
            hw_version=info.model or None,
            serial_number=self.mac,
        )

    # --- commands --------------------------------------------------------------------------

    def has_button(self, button: ContractButton) -> bool:
        """Return True if the device exposes this contract button."""
        return button in self._contract.buttons

    def press(self, button: ContractButton) -> None:
        """Press a button of the device; raises APIConnectionError when offline or missing."""
        if (key := self._contract.buttons.get(button)) is None:
            raise APIConnectionError(f"the device has no {button} button")
        self.client.button_command(key)

    async def async_set_body_temperature_offset(self, offset: float) -> None:
        """Store the body temperature offset on the device."""
        service = self._contract.actions.get(ContractAction.SET_BODY_TEMPERATURE_OFFSET)
        if service is None:
            raise APIConnectionError(
                f"the device has no {ContractAction.SET_BODY_TEMPERATURE_OFFSET} action"
            )
        await self.client.execute_service(service, {ACTION_ARG_OFFSET: offset})
