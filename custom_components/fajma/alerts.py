"""The Home Assistant side of FAJMA's alerts: a thin shell around the pure alert engine.

One `AlertManager` per patient feeds the engine every evaluated batch of vitals, keeps a
single timer at the engine's next deadline, stores the engine's state (so alerts, their
acknowledgement and pending escalation survive a restart), and carries out the engine's
decisions: the `fajma_alert` event, phone notifications, and updates for the alert entities
and the cards' websocket subscriptions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
import logging
from typing import Any, Final

from homeassistant.core import (
    CALLBACK_TYPE,
    Context,
    Event,
    HassJob,
    HomeAssistant,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceNotFound, ServiceValidationError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util

from .alert_engine import AlertEngine
from .alert_model import (
    AlertSettings,
    AlertTransition,
    Priority,
    Recipients,
    UnknownAlertError,
    engine_inputs,
)
from .alert_store import AlertStore
from .alert_texts import AlertTexts
from .alert_views import active_alert_as_dict, transition_as_dict
from .const import (
    ALERT_TEXTS_CATEGORY,
    ALERT_TEXTS_PREFIX,
    CONF_ESCALATION_TARGETS,
    CONF_NOTIFY_TARGETS,
    CONF_STALE_TIMEOUT,
    DEFAULT_STALE_TIMEOUT,
    DELAY_OPTIONS,
    DOMAIN,
    EVENT_ALERT,
    EVENT_TEST_ALERT,
    ISSUE_DELIVERY_FAILED,
    LEGACY_CRITICAL_DELAY,
    LEGACY_WARNING_DELAY,
    MINUTE_OPTIONS,
    NOTIFICATION_ACTION_PREFIX,
)
from .coordinator import FajmaConfigEntry, FajmaCoordinator
from .delivery import DeliveryWatch, watch_delivery

_LOGGER = logging.getLogger(__name__)

EVENT_MOBILE_APP_NOTIFICATION_ACTION: Final = "mobile_app_notification_action"
PHONE: Final = "phone"  # who acknowledged, when a phone's action names no user

type AlertListener = Callable[[list[AlertTransition]], None]


def settings_from_options(options: Mapping[str, Any]) -> AlertSettings:
    """Build the engine's settings from the entry options (delays in s, the rest in min)."""
    values: dict[str, float] = {}
    # Entries from before per-vital delays had one delay per priority: it applies to each vital
    # until the alerts step is saved again.
    for legacy, priority in (
        (LEGACY_CRITICAL_DELAY, Priority.CRITICAL),
        (LEGACY_WARNING_DELAY, Priority.WARNING),
    ):
        if legacy in options:
            values |= {
                name: float(options[legacy]) for name in DELAY_OPTIONS if f"_{priority}_" in name
            }
    values |= {name: float(options[name]) for name in DELAY_OPTIONS if name in options}
    values |= {name: 60.0 * float(options[name]) for name in MINUTE_OPTIONS if name in options}
    values["stale_after"] = float(options.get(CONF_STALE_TIMEOUT, DEFAULT_STALE_TIMEOUT))
    return AlertSettings(**values)


class AlertManager:
    """Alerts of one patient: engine, timer, storage, events and notifications."""

    def __init__(
        self, hass: HomeAssistant, entry: FajmaConfigEntry, coordinator: FajmaCoordinator
    ) -> None:
        """Initialize; nothing runs until async_start."""
        self.hass = hass
        self.entry = entry
        self.coordinator = coordinator
        self.settings = settings_from_options(entry.options)
        self.engine = AlertEngine(self.settings, id_prefix=self.id_prefix)
        # What a caregiver relies on is written at once, the rest coalesced (alert_store).
        # Through `self`: async_start replaces the engine with the restored one.
        self._store = AlertStore(
            hass,
            entry.entry_id,
            lambda: self.engine.as_dict(),  # noqa: PLW0108
            lambda: self.engine.quiet,
        )
        self._listeners: list[AlertListener] = []
        self._timer: CALLBACK_TYPE | None = None
        self._timer_at = 0.0  # when _timer fires (engine time)
        self._deadline_job = HassJob(self._async_on_deadline, cancel_on_shutdown=True)
        self._texts = AlertTexts({}, hass.config.language, ALERT_TEXTS_PREFIX)
        # Targets whose last send failed (their problem is logged once, not per message).
        self._failing: dict[str, str] = {}
        self._stopped = False

    @property
    def id_prefix(self) -> str:
        """Alert ids start with the entry id, so they are unique across patients."""
        return f"{self.entry.entry_id}:"

    @property
    def patient(self) -> str:
        """The patient's name (the entry title)."""
        return self.entry.title

    @property
    def device_id(self) -> str | None:
        """The Home Assistant device of this patient."""
        device = dr.async_get(self.hass).async_get_device_by_identifier(
            (DOMAIN, self.coordinator.mac), self.entry.entry_id
        )
        return device.id if device else None

    async def async_start(self) -> None:
        """Restore the stored alerts and start following the vitals."""
        language = self.hass.config.language
        self._texts = AlertTexts(
            await async_get_translations(self.hass, language, ALERT_TEXTS_CATEGORY, [DOMAIN]),
            language,
            ALERT_TEXTS_PREFIX,
        )
        if (stored := await self._store.async_load()) is not None:
            self.engine = AlertEngine.from_dict(stored, self.settings, id_prefix=self.id_prefix)
            for problem in self.engine.restore_errors:
                _LOGGER.warning(
                    "%s: part of the stored alerts was dropped: %s", self.patient, problem
                )
            if self.engine.active_alerts:
                _LOGGER.info(
                    "%s: restored %d active alert(s)", self.patient, len(self.engine.active_alerts)
                )
        self.entry.async_on_unload(self.coordinator.async_add_listener(self._on_vitals))
        self.entry.async_on_unload(
            self.hass.bus.async_listen(
                EVENT_MOBILE_APP_NOTIFICATION_ACTION, self._on_notification_action
            )
        )
        self.entry.async_on_unload(self._cancel_timer)
        # Reminders and escalations due while Home Assistant was stopped are sent now; the
        # device gets the stale timeout to reconnect before it is reported offline.
        self._process(self.engine.resume(self._now()))

    async def async_stop(self) -> None:
        """Write the state now (unload or shutdown)."""
        self._stopped = True
        self._cancel_timer()
        await self._store.async_flush()

    @callback
    def async_add_listener(self, listener: AlertListener) -> CALLBACK_TYPE:
        """Call `listener` with every batch of transitions; returns the remover."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def async_acknowledge(
        self, alert_id: str | None, context: Context | None = None, *, by: str | None = None
    ) -> int:
        """Acknowledge one alert (or all of this patient's); returns how many changed.

        `by` names who acknowledged (see `async_user_name`). Raises UnknownAlertError for an
        id this patient does not have active.
        """
        transitions = self.engine.acknowledge(self._now(), alert_id, by=by)
        self._process(transitions, context)
        return len(transitions)

    def owns(self, alert_id: str) -> bool:
        """Return True if the alert id belongs to this patient."""
        return alert_id.startswith(self.id_prefix)

    def snapshot(self) -> dict[str, Any]:
        """Active alerts and the last transitions, for the cards and diagnostics."""
        return {
            "active": [active_alert_as_dict(alert) for alert in self.engine.active_alerts],
            "history": [transition_as_dict(t) for t in reversed(self.engine.history)],
        }

    # --- inputs -------------------------------------------------------------------------------

    @staticmethod
    def _now() -> float:
        return dt_util.utcnow().timestamp()

    @callback
    def _on_vitals(self) -> None:
        snapshot = self.coordinator.data
        last = snapshot.last_reading.timestamp() if snapshot.last_reading else None
        self._process(
            self.engine.update(
                self._now(), engine_inputs(snapshot), online=snapshot.online, last_reading_at=last
            )
        )

    @callback
    def _async_on_deadline(self, _now: datetime) -> None:
        self._timer = None
        self._process(self.engine.tick(self._now()))

    async def _on_notification_action(self, event: Event) -> None:
        """The "Acknowledge" button of a phone notification."""
        action = str(event.data.get("action", ""))
        if not action.startswith(NOTIFICATION_ACTION_PREFIX):
            return
        alert_id = action.removeprefix(NOTIFICATION_ACTION_PREFIX)
        if not self.owns(alert_id):
            return
        by = await async_user_name(self.hass, event.context) or PHONE
        try:
            self.async_acknowledge(alert_id, event.context, by=by)
        except UnknownAlertError:
            # Already cleared or acknowledged from another phone: nothing left to do.
            _LOGGER.debug("%s: alert %s is no longer active", self.patient, alert_id)

    # --- decisions ----------------------------------------------------------------------------

    @callback
    def _process(self, transitions: list[AlertTransition], context: Context | None = None) -> None:
        self._schedule()
        # Raised, acknowledged, resolved...: their write starts before anyone is told.
        self._store.async_changed(transitions)
        if not transitions:
            return
        device_id = self.device_id
        for transition in transitions:
            title, message = self.describe(transition)
            self.hass.bus.async_fire(
                EVENT_ALERT,
                {
                    **transition_as_dict(transition, with_notify=True),
                    "device_id": device_id,
                    "entry_id": self.entry.entry_id,
                    "patient": self.patient,
                    # The same words as the built-in notifications, for automations.
                    "title": title,
                    "message": message,
                },
                context=context,
            )
            self._notify(transition)
        for listener in list(self._listeners):
            listener(transitions)

    @callback
    def _schedule(self) -> None:
        """Keep one timer at or before the engine's next deadline.

        The deadline of a fresh device (its stale time) moves with every reading: a timer
        that is already due earlier is kept rather than moved each time; when it fires early,
        `tick` has nothing to do yet and the timer is set again.
        """
        deadline = self.engine.next_deadline()
        if deadline is None or (self._timer is not None and self._timer_at <= deadline):
            return
        self._cancel_timer()
        self._timer_at = deadline
        self._timer = async_track_point_in_utc_time(
            self.hass, self._deadline_job, dt_util.utc_from_timestamp(deadline)
        )

    @callback
    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None

    # --- notifications ------------------------------------------------------------------------

    def _targets(self, recipients: Recipients) -> list[str]:
        options = self.entry.options
        if recipients is Recipients.NONE:
            return []
        targets = list(options.get(CONF_NOTIFY_TARGETS, []))
        if recipients is Recipients.FIRST_LINE_AND_ESCALATION:
            targets += [t for t in options.get(CONF_ESCALATION_TARGETS, []) if t not in targets]
        return targets

    def describe(self, transition: AlertTransition) -> tuple[str, str]:
        """Return the translated (title, message) of a transition."""
        return self._texts.describe(transition.as_dict(), self.patient)

    @callback
    def _notify(self, transition: AlertTransition) -> None:
        send_to = self._targets(transition.notify.send_to)
        clear = [t for t in self._targets(transition.notify.clear_from) if t not in send_to]
        if not send_to and not clear:
            return
        tag = transition.notify.tag
        calls: list[tuple[str, dict[str, Any]]] = []
        if send_to:
            title, message = self.describe(transition)
            data: dict[str, Any] = {"tag": tag, "group": f"fajma-{self.entry.entry_id}"}
            if transition.awaiting_acknowledgement:
                data["actions"] = [
                    {
                        "action": f"{NOTIFICATION_ACTION_PREFIX}{transition.alert_id}",
                        "title": self._texts.text("action.acknowledge"),
                    }
                ]
            data |= urgency_fields(transition.priority)
            payload = {"title": title, "message": message, "data": data}
            calls += [(target, payload) for target in send_to]
        clear_payload = {"message": "clear_notification", "data": {"tag": tag}}
        calls += [(target, clear_payload) for target in clear]
        critical = transition.priority is Priority.CRITICAL
        self.hass.async_create_task(self._async_deliver(calls, critical=critical), eager_start=True)

    async def async_send_test(self) -> list[str]:
        """Send a clearly marked test alert to everyone who would be told; real alerts untouched.

        Returns the targets; raises ServiceValidationError when nobody is set to be warned.
        """
        targets = self._targets(Recipients.FIRST_LINE_AND_ESCALATION)
        if not targets:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="no_recipients",
                translation_placeholders={"patient": self.patient},
            )
        title = self._texts.text("test.title", patient=self.patient)
        message = self._texts.text("test.message", patient=self.patient)
        data = {"tag": f"fajma-test-{self.entry.entry_id}", "group": f"fajma-{self.entry.entry_id}"}
        # With the critical sound: the test is whether an alert gets through "do not disturb".
        payload = {
            "title": title,
            "message": message,
            "data": data | urgency_fields(Priority.CRITICAL),
        }
        calls = [(target, payload) for target in targets]
        self.hass.async_create_task(self._async_deliver(calls), eager_start=True)
        self.hass.bus.async_fire(
            EVENT_TEST_ALERT,
            {
                "device_id": self.device_id,
                "entry_id": self.entry.entry_id,
                "patient": self.patient,
                "title": title,
                "message": message,
                "targets": targets,
            },
        )
        return targets

    async def _async_deliver(
        self, calls: list[tuple[str, dict[str, Any]]], *, critical: bool = False
    ) -> None:
        """Send to every target at once, then tell the engine how it went.

        `critical`: the calls carry a critical alert; if it reached none of its recipients,
        the delivery alert is critical too.
        """
        watches = await asyncio.gather(*(self._async_send(t, p) for t, p in calls))
        failed = [watch for watch in watches if not watch.ok]
        alerted = [w for w, (_, payload) in zip(watches, calls, strict=True) if "title" in payload]
        reached_nobody = bool(alerted) and not any(watch.ok for watch in alerted)
        self._report_delivery(failed, critical=critical and reached_nobody)

    async def _async_send(self, target: str, payload: dict[str, Any]) -> DeliveryWatch:
        """Call a notify service such as `notify.mobile_app_phone` (the companion app's)."""
        service = target.removeprefix("notify.")
        with watch_delivery(target, self._on_late_failure) as watch:
            try:
                await self.hass.services.async_call("notify", service, payload, blocking=True)
            except (ServiceNotFound, HomeAssistantError) as err:
                # A missing phone must not stop the other recipients from being told.
                watch.fail(str(err))
        self._log_delivery(watch)
        return watch

    def _log_delivery(self, watch: DeliveryWatch) -> None:
        """Log a target's failure once, not at every re-send, and when it works again."""
        target = watch.target
        if watch.ok:
            if self._failing.pop(target, None) is not None:
                _LOGGER.info("%s: notifications to %s work again", self.patient, target)
            return
        if target not in self._failing:
            _LOGGER.warning(
                "%s: could not notify %s%s: %s",
                self.patient,
                target,
                " (rate limit of the push service reached)" if watch.rate_limited else "",
                "; ".join(watch.problems),
            )
        self._failing[target] = "; ".join(watch.problems)

    @callback
    def _on_late_failure(self, watch: DeliveryWatch) -> None:
        """A send that looked done failed later (local push fell back to the push service)."""
        self.hass.loop.call_soon_threadsafe(self._report_delivery, [watch])

    @callback
    def _report_delivery(self, failed: list[DeliveryWatch], *, critical: bool = False) -> None:
        """Raise or end the `delivery` alert and keep its repair issue in step."""
        if self._stopped:  # a send that finished after the entry was unloaded
            return
        issue_id = f"{ISSUE_DELIVERY_FAILED}_{self.entry.entry_id}"
        if failed:
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                issue_id,
                is_fixable=False,
                is_persistent=False,
                severity=ir.IssueSeverity.ERROR if critical else ir.IssueSeverity.WARNING,
                translation_key=ISSUE_DELIVERY_FAILED,
                translation_placeholders={
                    "patient": self.patient,
                    "targets": ", ".join(sorted({watch.target for watch in failed})),
                    "error": "; ".join(problem for w in failed for problem in w.problems),
                },
            )
        else:
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)
        self._process(self.engine.report_delivery(self._now(), ok=not failed, critical=critical))


def urgency_fields(priority: Priority) -> dict[str, Any]:
    """Companion-app fields that make a notification arrive now and, if critical, be heard.

    Both apps: delivered at once (Android `priority: high`, `ttl: 0`). Critical: through "do not
    disturb" (iOS critical alert sound, Android alarm stream); warning: iOS time-sensitive.
    """
    fields: dict[str, Any] = {"ttl": 0, "priority": "high"}
    if priority is Priority.CRITICAL:
        return fields | {
            "push": {
                "sound": {"name": "default", "critical": 1, "volume": 1.0},
                "interruption-level": "critical",
            },
            "channel": "alarm_stream",
            "importance": "high",
        }
    return fields | {"push": {"interruption-level": "time-sensitive"}}


async def async_user_name(hass: HomeAssistant, context: Context | None) -> str | None:
    """The name of the user behind a context (a phone's action carries its user too)."""
    if context is None or context.user_id is None:
        return None
    user = await hass.auth.async_get_user(context.user_id)
    return user.name if user is not None and user.name else None


def managers(hass: HomeAssistant) -> Iterable[AlertManager]:
    """Every loaded patient's alert manager."""
    for entry in hass.config_entries.async_loaded_entries(DOMAIN):
        manager: AlertManager | None = getattr(entry.runtime_data, "alerts", None)
        if manager is not None:
            yield manager


def manager_of_device(hass: HomeAssistant, device_id: str) -> AlertManager | None:
    """The alert manager of the patient whose device this is."""
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        return None
    return next((m for m in managers(hass) if m.entry.entry_id == device.config_entry_id), None)
