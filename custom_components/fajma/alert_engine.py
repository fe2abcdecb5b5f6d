"""Alert engine for FAJMA: pure, typed, without Home Assistant.

The model follows IEC 60601-1-8 alarm conditions and Nightscout's caregiver alarms:

* One engine per patient, one alert per condition: a vital in warning or critical
  (physiological), or a technical condition (`TechnicalCondition`): offline, sensor off, no
  pulse. One finger off is one `sensor_off` alert, not one per vital.
* A condition alerts once it has held for its delay, judged over time so that intermittent
  dips alert too (`alert_conditions`). The alert's priority follows its condition up
  (`escalated`) and down (`de_escalated`); it ends once the condition has been gone a while.
* Finger on but no valid pulse is a critical `no_pulse` alert after `no_pulse_delay`. Losing the
  signal (sensor off, offline) while a critical condition is building or active raises the
  technical alert at critical priority within that vital's critical delay, and the
  physiological condition is kept as it was, neither dropped nor resolved.
* Offline in tiers: a warning once the device has been silent for the stale timeout, critical
  after `offline_urgent_after`. After a start of Home Assistant the device gets the stale
  timeout to reconnect before anything is said.
* Critical alerts latch: until acknowledged they are re-sent every `resend_interval`, reach the
  escalation recipients once unacknowledged for `escalate_after` (wall-clock time, so time Home
  Assistant was down counts), and stay after their condition ends.
* Notifications that fail (`report_delivery`) raise the technical `delivery` alert at once:
  warning, critical when a critical alert reached nobody; the next notification that goes
  through ends it.
* Acknowledging silences the condition present at that moment: it ends when the priority
  changes (worse or better) and expires after `acknowledge_timeout` (the alert re-alarms).

The caller passes time (float seconds, wall clock when the state is stored), sends the
notifications each `AlertTransition` asks for, and calls `tick` at `next_deadline`.
"""

from __future__ import annotations

from collections.abc import Mapping
import math
from typing import Final

from .alert_book import AlertBook, Reading, reading_for
from .alert_conditions import (
    ConditionTimer,
    Level,
    VitalTracker,
    all_quiet,
    clear_time,
    take_normal,
)
from .alert_model import (
    VITALS,
    ActiveAlert,
    AlertSettings,
    AlertTransition,
    Priority,
    TechnicalCondition,
    VitalInput,
    as_int,
    as_list,
    as_mapping,
    as_optional_float,
    parse_connection,
    restore,
    restore_each,
)
from .vitals import SignalLoss

STATE_VERSION: Final = 2
_SENSOR_OFF = TechnicalCondition.SENSOR_OFF.value
_NO_PULSE = TechnicalCondition.NO_PULSE.value
_OFFLINE = TechnicalCondition.OFFLINE.value
_DELIVERY = TechnicalCondition.DELIVERY.value
# Technical conditions the engine derives from the readings, with the signal loss behind them.
_LOSSES: Final = {_SENSOR_OFF: SignalLoss.SENSOR_OFF, _NO_PULSE: SignalLoss.NO_PULSE}
_VITAL_NAMES: Final = frozenset(VITALS)
_NO_VALUE: Final[Reading] = (None, None, None)


def _check_time(now: float) -> None:
    if not math.isfinite(now):
        raise ValueError(f"time must be finite, got {now!r}")


class AlertEngine:
    """Alert state of one patient; see the module docstring for the model."""

    def __init__(self, settings: AlertSettings | None = None, *, id_prefix: str = "") -> None:
        """Start with no alerts; `id_prefix` makes alert ids unique across patients."""
        self._settings = settings if settings is not None else AlertSettings()
        self._clock: float | None = None  # when the timers were last advanced
        self._online = True
        self._last_reading_at: float | None = None
        self._offline_since: float | None = None
        self._grace_until: float | None = None  # no offline alert before (after a start)
        self._trackers = {vital: VitalTracker() for vital in VITALS}
        self._technical = {condition: ConditionTimer() for condition in _LOSSES}
        self._book = AlertBook(self._settings, id_prefix)
        self._restore_errors: tuple[str, ...] = ()
        self._quiet = False  # the common case: update() takes a short path (see _is_quiet)

    @property
    def settings(self) -> AlertSettings:
        """Return the settings in force."""
        return self._settings

    @property
    def quiet(self) -> bool:
        """True while nothing is watched but the next normal reading (no alert, no delay)."""
        return self._quiet

    @property
    def active_alerts(self) -> tuple[ActiveAlert, ...]:
        """Return the active alerts, oldest first."""
        return self._book.alerts

    @property
    def history(self) -> tuple[AlertTransition, ...]:
        """Return the last transitions, oldest first."""
        return self._book.history

    @property
    def restore_errors(self) -> tuple[str, ...]:
        """Return the parts of the stored state `from_dict` had to drop (for a log line)."""
        return self._restore_errors

    # --- inputs ------------------------------------------------------------------------------

    def update(
        self,
        now: float,
        readings: Mapping[str, VitalInput],
        *,
        online: bool,
        last_reading_at: float | None = None,
    ) -> list[AlertTransition]:
        """Process new readings and the connection state.

        A vital missing from `readings` keeps its previous state. `online` False, or no reading
        since `last_reading_at` + `stale_after`, is offline: readings are then ignored (stale)
        and every timer is frozen.
        """
        _check_time(now)
        if not readings.keys() <= _VITAL_NAMES:
            raise ValueError(f"unknown vitals {sorted(readings.keys() - _VITAL_NAMES)}")
        if self._quiet and online and self._stay_quiet(now, readings, last_reading_at):
            return []
        self._advance(now)
        self._online = online
        self._last_reading_at = last_reading_at
        transitions: list[AlertTransition] = []
        if not self._refresh_offline(now, transitions):
            for vital in VITALS:  # fixed order keeps the output deterministic
                if (reading := readings.get(vital)) is not None:
                    self._trackers[vital].apply(now, reading, self._settings.margin(vital))
            for condition, loss in _LOSSES.items():
                self._technical[condition].observe(
                    now, any(t.loss is loss for t in self._trackers.values() if not t.valid)
                )
        return self._decided(now, transitions)

    def tick(self, now: float) -> list[AlertTransition]:
        """Process elapsed delays, staleness, expiries and re-sends (call at `next_deadline`)."""
        _check_time(now)
        self._advance(now)
        transitions: list[AlertTransition] = []
        self._refresh_offline(now, transitions)
        return self._decided(now, transitions)

    def resume(self, now: float) -> list[AlertTransition]:
        """Home Assistant (re)started: the device gets the stale timeout to reconnect.

        Time Home Assistant was down is not counted as time a condition held (nobody saw the
        readings); it does count for acknowledgements and escalation (wall clock).
        """
        _check_time(now)
        self._clock = now
        self._online = False
        self._grace_until = now + self._settings.stale_after
        if self._book.open_priority(_OFFLINE) is None:
            self._offline_since = None
        return self.tick(now)

    def report_delivery(
        self, now: float, *, ok: bool, critical: bool = False
    ) -> list[AlertTransition]:
        """The caller tells how its last notification went (the `delivery` condition).

        A failure (`ok` False) raises the `delivery` alert at once, at warning priority, or at
        critical when `critical` (a critical alert reached none of its recipients; it then
        latches, re-sends and escalates like any critical alert). A notification that went
        through (`ok` True) ends the condition. Does what `tick` does besides.
        """
        _check_time(now)
        self._advance(now)
        transitions: list[AlertTransition] = []
        self._refresh_offline(now, transitions)
        self._decide(now, transitions)
        if not ok:
            priority = Priority.CRITICAL if critical else Priority.WARNING
            self._book.raise_or_escalate(now, _DELIVERY, priority, _NO_VALUE, transitions)
        elif (alert := self._book.get(_DELIVERY)) is not None and alert.condition_active:
            self._book.end(now, alert, None, transitions)
        self._quiet = self._is_quiet()
        return self._book.record(transitions)

    def acknowledge(
        self, now: float, alert_id: str | None = None, *, by: str | None = None
    ) -> list[AlertTransition]:
        """Acknowledge one alert, or every unacknowledged alert when `alert_id` is None.

        Stops re-sends of the condition present now; an alert whose condition is over goes.
        Acknowledging an already acknowledged alert does nothing. UnknownAlertError if no
        active alert has that id.
        """
        _check_time(now)
        transitions = self._book.acknowledge(now, alert_id, by=by)
        self._quiet = self._is_quiet()
        return transitions

    def next_deadline(self) -> float | None:
        """Return when `tick` next has something to do, or None if nothing is pending."""
        now = self._clock
        if now is None:
            return None
        if self._quiet and self._last_reading_at is not None:  # only the device going silent
            stale_at = self._last_reading_at + self._settings.stale_after
            return stale_at if stale_at > now else None
        deadlines: list[float | None] = []
        if self._offline_since is not None:
            deadlines += self._offline_deadlines()
        else:
            if self._last_reading_at is not None:
                deadlines.append(self._last_reading_at + self._settings.stale_after)
            for vital, tracker in self._trackers.items():
                deadlines += self._vital_deadlines(now, vital, tracker)
            for condition in _LOSSES:
                deadlines += self._technical_deadlines(now, condition)
        deadlines += self._book.deadlines()
        return min((d for d in deadlines if d is not None and d > now), default=None)

    # --- state ---------------------------------------------------------------------------------

    def as_dict(self) -> dict[str, object]:
        """Return the whole state as a JSON-able dict (settings are not included)."""
        return {
            "version": STATE_VERSION,
            "sequence": self._book.sequence,
            "clock": self._clock,
            "connection": {
                "online": self._online,
                "last_reading_at": self._last_reading_at,
                "offline_since": self._offline_since,
            },
            "trackers": {vital: tracker.as_dict() for vital, tracker in self._trackers.items()},
            "technical": {name: timer.as_dict() for name, timer in self._technical.items()},
            "alerts": [alert.as_dict() for alert in self._book.alerts],
            "history": [transition.as_dict() for transition in self._book.history],
        }

    @classmethod
    def from_dict(
        cls, data: object, settings: AlertSettings | None = None, *, id_prefix: str = ""
    ) -> AlertEngine:
        """Restore `as_dict` output; never raises.

        Each part is restored on its own, so one garbled alert does not lose the others;
        dropped parts are listed in `restore_errors`. None gives an empty engine.
        """
        engine = cls(settings, id_prefix=id_prefix)
        if data is None:
            return engine
        if not isinstance(data, Mapping) or data.get("version") != STATE_VERSION:
            engine._restore_errors = ("state",)
            return engine
        errors: list[str] = []
        sequence = restore(errors, "sequence", as_int, data.get("sequence")) or 0
        engine._clock = restore(errors, "clock", as_optional_float, data.get("clock"))
        connection = restore(errors, "connection", parse_connection, data.get("connection"))
        if connection is not None:
            engine._online, engine._last_reading_at, engine._offline_since = connection
        trackers = restore(errors, "trackers", as_mapping, data.get("trackers"))
        restore_each(engine._trackers, trackers, errors, "tracker", VitalTracker.from_dict)
        timers = restore(errors, "technical", as_mapping, data.get("technical"))
        restore_each(engine._technical, timers, errors, "technical", ConditionTimer.from_dict)
        raw_alerts = restore(errors, "alerts", as_list, data.get("alerts")) or []
        alerts: dict[int, ActiveAlert] = {}
        for index, raw_alert in enumerate(raw_alerts):
            if alert := restore(errors, f"alert:{index}", ActiveAlert.from_dict, raw_alert):
                alerts[index] = alert
        raw_history = restore(errors, "history", as_list, data.get("history")) or []
        history = [
            entry
            for index, raw_entry in enumerate(raw_history)
            if (entry := restore(errors, f"history:{index}", AlertTransition.from_dict, raw_entry))
        ]
        dropped = engine._book.restore(sequence, list(alerts.values()), history)
        indexes = list(alerts)
        errors += [f"alert:{indexes[position]}" for position in dropped]  # one per condition
        engine._restore_errors = tuple(errors)
        return engine

    # --- the quiet path: nothing to watch but the next normal reading --------------------------

    def _decided(self, now: float, transitions: list[AlertTransition]) -> list[AlertTransition]:
        self._decide(now, transitions)
        self._quiet = self._is_quiet()
        return self._book.record(transitions)

    def _is_quiet(self) -> bool:
        """Online, no alert at all, nothing counting (`all_quiet`)."""
        return (
            self._online
            and self._offline_since is None
            and self._clock is not None
            and not self._book.alerts
            and all_quiet(self._trackers.values(), self._technical.values())
        )

    def _stay_quiet(
        self, now: float, readings: Mapping[str, VitalInput], last_reading_at: float | None
    ) -> bool:
        """What `update` does with normal readings of a fresh device when quiet; else False."""
        if last_reading_at is None or last_reading_at + self._settings.stale_after <= now:
            return False
        if not take_normal(self._trackers, readings):
            return False
        assert self._clock is not None  # quiet implies a first update
        self._clock = max(self._clock, now)
        self._last_reading_at = last_reading_at
        return True

    # --- time and connection -----------------------------------------------------------------

    def _advance(self, now: float) -> None:
        """Count the time since the last call with the state it had (frozen while offline)."""
        elapsed = 0.0 if self._clock is None else max(0.0, now - self._clock)
        self._clock = now if self._clock is None else max(self._clock, now)
        if self._offline_since is not None or elapsed == 0:
            return
        settings = self._settings
        for vital, tracker in self._trackers.items():
            if tracker.valid:
                tracker.warning.advance(elapsed, settings.delay(vital, Priority.WARNING))
                tracker.critical.advance(elapsed, settings.delay(vital, Priority.CRITICAL))
        self._technical[_SENSOR_OFF].advance(elapsed, settings.technical_delay)
        self._technical[_NO_PULSE].advance(elapsed, settings.no_pulse_delay)

    def _refresh_offline(self, now: float, transitions: list[AlertTransition]) -> bool:
        """Track the offline condition; return True while offline."""
        starts: list[float] = []
        if not self._online:
            starts.append(now)
        if self._last_reading_at is not None:
            stale_at = self._last_reading_at + self._settings.stale_after
            if stale_at <= now:
                starts.append(stale_at)
        if not starts:
            self._offline_since = None
            if (alert := self._book.get(_OFFLINE)) and alert.condition_active:
                self._book.end(now, alert, None, transitions)
            return False
        if self._offline_since is None:
            self._offline_since = min(starts)
            # Readings are stale while offline: nothing may mature or clear on them.
            for tracker in self._trackers.values():
                tracker.freeze()
            for timer in self._technical.values():
                timer.freeze()
        return True

    def _offline_due(self) -> tuple[float, float]:
        """Return when the offline alert is due at warning and at critical priority."""
        settings = self._settings
        since = self._offline_since
        assert since is not None
        silent = min(since, self._last_reading_at) if self._last_reading_at is not None else since
        grace = self._grace_until if self._grace_until is not None else -math.inf
        warning = max(silent + settings.stale_after, since, grace)
        critical = max(silent + settings.offline_urgent_after, grace)
        # Signal lost during a critical condition: tell at critical priority, as fast as that
        # vital's critical alert would have been.
        pending = [
            settings.delay(vital, Priority.CRITICAL)
            for vital, tracker in self._trackers.items()
            if self._critical_pending(vital, tracker)
        ]
        if pending:
            critical = min(critical, max(since + min(pending), grace))
        return warning, critical

    def _offline_deadlines(self) -> list[float | None]:
        alert = self._book.get(_OFFLINE)
        warning, critical = self._offline_due()
        if alert is None or not alert.condition_active:
            return [warning, critical]
        return [critical] if alert.priority is not Priority.CRITICAL else []

    # --- decisions -----------------------------------------------------------------------------

    def _decide(self, now: float, transitions: list[AlertTransition]) -> None:
        if self._offline_since is not None:
            warning, critical = self._offline_due()
            due = (
                Priority.CRITICAL
                if now >= critical
                else Priority.WARNING
                if now >= warning
                else None
            )
            if due is not None:
                self._book.raise_or_escalate(now, _OFFLINE, due, _NO_VALUE, transitions)
        else:
            for condition in _LOSSES:
                self._decide_technical(now, condition, transitions)
            for vital, tracker in self._trackers.items():
                self._decide_vital(now, vital, tracker, transitions)
        for alert in self._book.expired(now):
            # Still there after the acknowledgement ran out: alarm again, escalation clock anew.
            reading = self._reading_of(alert.condition, alert.priority)
            self._book.raise_or_escalate(
                now, alert.condition, alert.priority, reading, transitions, realarm=True
            )
        self._book.resend_due(now, transitions)

    def _critical_pending(self, vital: str, tracker: VitalTracker) -> bool:
        return tracker.critical_pending() or self._book.open_priority(vital) is Priority.CRITICAL

    def _technical_target(self, condition: str) -> tuple[Priority, float, float]:
        """Return (priority, delay, clear time) of a technical condition in its present cause."""
        settings = self._settings
        if condition == _NO_PULSE:
            priority, delay = Priority.CRITICAL, settings.no_pulse_delay
        else:
            priority, delay = Priority.WARNING, settings.technical_delay
        clear = clear_time(delay)
        lost_critical = [
            settings.delay(vital, Priority.CRITICAL)
            for vital, tracker in self._trackers.items()
            if not tracker.valid
            and tracker.loss is _LOSSES[condition]
            and self._critical_pending(vital, tracker)
        ]
        if lost_critical:
            priority, delay = Priority.CRITICAL, min(delay, *lost_critical)
        return priority, delay, clear

    def _decide_technical(self, now: float, condition: str, out: list[AlertTransition]) -> None:
        timer = self._technical[condition]
        priority, delay, clear = self._technical_target(condition)
        alert = self._book.get(condition)
        if alert is not None and alert.condition_active and timer.gone(now, clear):
            self._book.end(now, alert, None, out)
        elif timer.due(delay):
            self._book.raise_or_escalate(now, condition, priority, _NO_VALUE, out)

    def _technical_deadlines(self, now: float, condition: str) -> list[float | None]:
        timer = self._technical[condition]
        priority, delay, clear = self._technical_target(condition)
        alert = self._book.get(condition)
        if alert is not None and alert.condition_active:
            higher = priority.rank > alert.priority.rank
            return [timer.gone_at(clear), timer.due_at(now, delay) if higher else None]
        return [timer.due_at(now, delay)]

    def _decide_vital(
        self, now: float, vital: str, tracker: VitalTracker, out: list[AlertTransition]
    ) -> None:
        settings = self._settings
        critical_delay = settings.delay(vital, Priority.CRITICAL)
        warning_delay = settings.delay(vital, Priority.WARNING)
        current = self._book.open_priority(vital)
        if current is not None and tracker.valid:
            self._book.follow(vital, tracker.value)
        alert = self._book.get(vital)
        if tracker.critical.due(critical_delay) and current is not Priority.CRITICAL:
            reading = self._reading_of(vital, Priority.CRITICAL)
            self._book.raise_or_escalate(now, vital, Priority.CRITICAL, reading, out)
        elif current is None:
            if tracker.warning.due(warning_delay):
                reading = self._reading_of(vital, Priority.WARNING)
                self._book.raise_or_escalate(now, vital, Priority.WARNING, reading, out)
        elif alert is None:  # pragma: no cover - an open priority has an alert
            return
        elif current is Priority.CRITICAL and tracker.critical.gone(
            now, clear_time(critical_delay)
        ):
            if tracker.level is Level.WARNING:
                reading = self._reading_of(vital, Priority.WARNING)
                self._book.de_escalate(now, alert, Priority.WARNING, reading, out)
            else:
                self._book.end(now, alert, tracker.value, out)
        elif current is Priority.WARNING and tracker.warning.gone(now, clear_time(warning_delay)):
            self._book.end(now, alert, tracker.value, out)

    def _vital_deadlines(self, now: float, vital: str, tracker: VitalTracker) -> list[float | None]:
        settings = self._settings
        critical_delay = settings.delay(vital, Priority.CRITICAL)
        warning_delay = settings.delay(vital, Priority.WARNING)
        current = self._book.open_priority(vital)
        if current is Priority.CRITICAL:
            return [tracker.critical.gone_at(clear_time(critical_delay))]
        deadlines = [tracker.critical.due_at(now, critical_delay)]
        if current is Priority.WARNING:
            deadlines.append(tracker.warning.gone_at(clear_time(warning_delay)))
        else:
            deadlines.append(tracker.warning.due_at(now, warning_delay))
        return deadlines

    def _reading_of(self, condition: str, priority: Priority) -> Reading:
        """Return (value, side, limit of the priority's band) for an alert on `condition`."""
        if (tracker := self._trackers.get(condition)) is None:  # technical: no value
            return _NO_VALUE
        return reading_for(tracker.value, tracker.reading, self._book.get(condition), priority)
