"""Alert engine for FAJMA: pure, typed, without Home Assistant.

The model follows IEC 60601-1-8 alarm conditions and Nightscout caregiver alarms:

* One engine per patient, one alert per condition at a time. A condition is a vital in
  warning or critical (kind ``physiological``) or a technical problem (kind ``technical``):
  ``offline`` (disconnected or stale) or ``no_signal:<vital>`` (finger off, NaN, implausible).
* A condition raises an alert only once it has held for its delay (critical 10 s, warning
  60 s, technical 120 s by default). A physiological condition ends only when the value is
  back inside its band by a per-vital margin, so a value sitting on a threshold cannot flap.
* Warning and technical alerts clear by themselves. Critical alerts latch: they stay active,
  and keep being re-sent, until acknowledged, even after the vital has recovered.
* An unacknowledged critical alert is re-sent every ``resend_interval`` seconds; re-sends after
  the first ``escalate_after_resends`` also go to the escalation recipients.
* Every change comes back as an `AlertTransition`; the caller sends the notifications and
  schedules a single timer at `AlertEngine.next_deadline`, then calls `AlertEngine.tick`.

Time is a float of seconds passed in by the caller; nothing here reads a clock or does I/O.
Use wall-clock timestamps when the state is persisted (`as_dict`): stored deadlines are absolute.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum
import math
from typing import Final, TypeGuard

# The classifier's vitals and statuses: one definition for both pure modules.
from .vitals import Vital, VitalStatus

VITALS: Final = tuple(vital.value for vital in Vital)
OFFLINE: Final = "offline"
NO_SIGNAL_PREFIX: Final = "no_signal:"
HISTORY_LENGTH: Final = 10
STATE_VERSION: Final = 1


class Priority(StrEnum):
    """Priority of an alert or transition."""

    CRITICAL = "critical"  # act now
    WARNING = "warning"  # act soon
    INFO = "info"  # awareness only (e.g. resolved)


class AlertKind(StrEnum):
    """What an alert is about."""

    PHYSIOLOGICAL = "physiological"
    TECHNICAL = "technical"


class TransitionState(StrEnum):
    """What happened to an alert."""

    RAISED = "raised"
    ESCALATED = "escalated"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class Escalation(StrEnum):
    """Why an alert was escalated."""

    PRIORITY = "priority"  # warning became critical
    RENOTIFY = "renotify"  # unacknowledged critical re-sent (maybe to escalation recipients)


class Recipients(StrEnum):
    """Who a notification goes to, or is cleared from."""

    NONE = "none"
    FIRST_LINE = "first_line"
    FIRST_LINE_AND_ESCALATION = "first_line_and_escalation"


class UnknownAlertError(LookupError):
    """No active alert has the given id."""

    def __init__(self, alert_id: str) -> None:
        """Keep the id for the caller's message."""
        super().__init__(f"no active alert with id {alert_id!r}")
        self.alert_id = alert_id


class _Level(IntEnum):
    """Physiological level of a vital after hysteresis; ordered by severity."""

    NORMAL = 0
    WARNING = 1
    CRITICAL = 2


_PRIORITY_RANK: Final[Mapping[Priority, int]] = {
    Priority.INFO: 0,
    Priority.WARNING: 1,
    Priority.CRITICAL: 2,
}


def no_signal_condition(vital: str) -> str:
    """Return the condition name of a vital's missing signal."""
    return f"{NO_SIGNAL_PREFIX}{vital}"


def _condition_parts(condition: str) -> tuple[str, AlertKind]:
    """Return (vital or technical condition, kind) of a condition; ValueError if unknown."""
    if condition in VITALS:
        return condition, AlertKind.PHYSIOLOGICAL
    if condition == OFFLINE:
        return OFFLINE, AlertKind.TECHNICAL
    vital = condition.removeprefix(NO_SIGNAL_PREFIX)
    if condition.startswith(NO_SIGNAL_PREFIX) and vital in VITALS:
        return vital, AlertKind.TECHNICAL
    raise ValueError(f"unknown condition {condition!r}")


def _check_time(now: float) -> None:
    if not math.isfinite(now):
        raise ValueError(f"time must be finite, got {now!r}")


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """Tunable behaviour; all times in seconds, margins in the vital's unit."""

    critical_delay: float = 10.0
    warning_delay: float = 60.0
    technical_delay: float = 120.0
    # Matches the integration's default stale timeout (the device publishes every second).
    stale_after: float = 30.0
    heart_rate_margin: float = 2.0
    spo2_margin: float = 1.0
    body_temperature_margin: float = 0.2
    resend_interval: float = 300.0
    escalate_after_resends: int = 2

    def __post_init__(self) -> None:
        """Reject settings the engine cannot honour."""
        non_negative = {
            "critical_delay": self.critical_delay,
            "warning_delay": self.warning_delay,
            "technical_delay": self.technical_delay,
            "heart_rate_margin": self.heart_rate_margin,
            "spo2_margin": self.spo2_margin,
            "body_temperature_margin": self.body_temperature_margin,
        }
        for name, number in non_negative.items():
            if not _is_number(number) or not number >= 0:
                raise ValueError(f"{name} must be a finite number >= 0, got {number!r}")
        # Zero would make the deadline equal to now forever: the caller's timer would spin.
        for name, number in {
            "stale_after": self.stale_after,
            "resend_interval": self.resend_interval,
        }.items():
            if not _is_number(number) or not number > 0:
                raise ValueError(f"{name} must be a finite number > 0, got {number!r}")
        count = self.escalate_after_resends
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"escalate_after_resends must be an int >= 0, got {count!r}")

    def margin_for(self, vital: str) -> float:
        """Return the hysteresis margin of a vital."""
        return {
            "heart_rate": self.heart_rate_margin,
            "spo2": self.spo2_margin,
            "body_temperature": self.body_temperature_margin,
        }[vital]


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True, slots=True)
class VitalInput:
    """One classified reading of a vital and the band limits in force (None: no limit)."""

    status: VitalStatus
    value: float | None = None
    threshold: float | None = None  # the limit that was crossed, for the message
    warning_low: float | None = None
    warning_high: float | None = None
    critical_low: float | None = None
    critical_high: float | None = None

    def __post_init__(self) -> None:
        """Accept the plain strings (or another StrEnum) the classifier produces."""
        object.__setattr__(self, "status", VitalStatus(self.status))


def _inside(value: float | None, low: float | None, high: float | None, margin: float) -> bool:
    """Return True if value is inside [low + margin, high - margin].

    Without a usable value the margin cannot be judged, so the reported status is trusted.
    """
    if value is None or not math.isfinite(value):
        return True
    return (low is None or value >= low + margin) and (high is None or value <= high - margin)


def _held_level(previous: _Level, reading: VitalInput, margin: float) -> _Level:
    """Return the level after hysteresis: step down only once back inside by the margin."""
    reported = {
        VitalStatus.CRITICAL: _Level.CRITICAL,
        VitalStatus.WARNING: _Level.WARNING,
    }.get(reading.status, _Level.NORMAL)
    if reported >= previous:
        return reported
    value = reading.value
    if previous is _Level.CRITICAL and not _inside(
        value, reading.critical_low, reading.critical_high, margin
    ):
        return _Level.CRITICAL
    if reported is _Level.NORMAL and not _inside(
        value, reading.warning_low, reading.warning_high, margin
    ):
        return _Level.WARNING
    return reported


@dataclass(frozen=True, slots=True)
class Notify:
    """What the caller should do with notifications; `tag` identifies the alert's message.

    `send_to` receive a message now (it replaces any earlier message with the same tag);
    `clear_from` should have the message with that tag removed.
    """

    send_to: Recipients
    clear_from: Recipients
    tag: str


@dataclass(frozen=True, slots=True)
class AlertTransition:
    """One decision of the engine."""

    alert_id: str
    condition: str  # vital name, "offline" or "no_signal:<vital>"
    vital: str  # vital name, or "offline"
    priority: Priority  # info for resolved
    kind: AlertKind
    state: TransitionState
    value: float | None
    threshold: float | None
    time: float
    notify: Notify
    escalation: Escalation | None = None  # set when state is escalated
    resend_count: int = 0
    # The alert is still active and unacknowledged after this transition (show an ack button).
    awaiting_acknowledgement: bool = False

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-able dict (also the event data for the HA layer)."""
        return {
            "alert_id": self.alert_id,
            "condition": self.condition,
            "vital": self.vital,
            "priority": self.priority.value,
            "kind": self.kind.value,
            "state": self.state.value,
            "value": self.value,
            "threshold": self.threshold,
            "time": self.time,
            "notify": {
                "send_to": self.notify.send_to.value,
                "clear_from": self.notify.clear_from.value,
                "tag": self.notify.tag,
            },
            "escalation": None if self.escalation is None else self.escalation.value,
            "resend_count": self.resend_count,
            "awaiting_acknowledgement": self.awaiting_acknowledgement,
        }

    @classmethod
    def from_dict(cls, data: object) -> AlertTransition:
        """Parse `as_dict` output; KeyError, TypeError or ValueError if garbled."""
        raw = _as_mapping(data)
        condition = _as_str(raw["condition"])
        vital, kind = _condition_parts(condition)
        notify = _as_mapping(raw["notify"])
        escalation = raw["escalation"]
        return cls(
            alert_id=_as_str(raw["alert_id"]),
            condition=condition,
            vital=vital,
            priority=Priority(_as_str(raw["priority"])),
            kind=kind,
            state=TransitionState(_as_str(raw["state"])),
            value=_as_optional_float(raw["value"]),
            threshold=_as_optional_float(raw["threshold"]),
            time=_as_float(raw["time"]),
            notify=Notify(
                send_to=Recipients(_as_str(notify["send_to"])),
                clear_from=Recipients(_as_str(notify["clear_from"])),
                tag=_as_str(notify["tag"]),
            ),
            escalation=None if escalation is None else Escalation(_as_str(escalation)),
            resend_count=_as_int(raw["resend_count"]),
            awaiting_acknowledgement=_as_bool(raw["awaiting_acknowledgement"]),
        )


@dataclass(frozen=True, slots=True)
class ActiveAlert:
    """An alert that is still active (its condition holds, or it is latched unacknowledged)."""

    alert_id: str
    condition: str
    vital: str
    kind: AlertKind
    priority: Priority  # highest reached; never lowered while the alert lives
    raised_at: float
    value: float | None  # as of the alert's last transition
    threshold: float | None
    condition_active: bool = True  # False: resolved but latched until acknowledged
    acknowledged: bool = False
    resend_count: int = 0
    next_resend_at: float | None = None
    notified: Recipients = Recipients.FIRST_LINE  # widest audience reached so far

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-able dict."""
        return {
            "alert_id": self.alert_id,
            "condition": self.condition,
            "priority": self.priority.value,
            "raised_at": self.raised_at,
            "value": self.value,
            "threshold": self.threshold,
            "condition_active": self.condition_active,
            "acknowledged": self.acknowledged,
            "resend_count": self.resend_count,
            "next_resend_at": self.next_resend_at,
            "notified": self.notified.value,
        }

    @classmethod
    def from_dict(cls, data: object) -> ActiveAlert:
        """Parse `as_dict` output; KeyError, TypeError or ValueError if garbled."""
        raw = _as_mapping(data)
        condition = _as_str(raw["condition"])
        vital, kind = _condition_parts(condition)
        return cls(
            alert_id=_as_str(raw["alert_id"]),
            condition=condition,
            vital=vital,
            kind=kind,
            priority=Priority(_as_str(raw["priority"])),
            raised_at=_as_float(raw["raised_at"]),
            value=_as_optional_float(raw["value"]),
            threshold=_as_optional_float(raw["threshold"]),
            condition_active=_as_bool(raw["condition_active"]),
            acknowledged=_as_bool(raw["acknowledged"]),
            resend_count=_as_int(raw["resend_count"]),
            next_resend_at=_as_optional_float(raw["next_resend_at"]),
            notified=Recipients(_as_str(raw["notified"])),
        )


@dataclass(slots=True)
class _VitalTracker:
    """Per-vital condition timers; a `*_since` of None means that condition is not pending."""

    level: _Level = _Level.NORMAL
    warning_since: float | None = None  # level >= warning since then
    critical_since: float | None = None
    no_signal_since: float | None = None
    value: float | None = None
    threshold: float | None = None

    def cancel_pending(self) -> None:
        """Forget the timers; the level stays for hysteresis when readings resume."""
        self.warning_since = self.critical_since = self.no_signal_since = None

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level.name.lower(),
            "warning_since": self.warning_since,
            "critical_since": self.critical_since,
            "no_signal_since": self.no_signal_since,
            "value": self.value,
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: object) -> _VitalTracker:
        raw = _as_mapping(data)
        return cls(
            level=_Level[_as_str(raw["level"]).upper()],
            warning_since=_as_optional_float(raw["warning_since"]),
            critical_since=_as_optional_float(raw["critical_since"]),
            no_signal_since=_as_optional_float(raw["no_signal_since"]),
            value=_as_optional_float(raw["value"]),
            threshold=_as_optional_float(raw["threshold"]),
        )


class AlertEngine:
    """Alert state of one patient; see the module docstring for the model."""

    def __init__(self, settings: AlertSettings | None = None, *, id_prefix: str = "") -> None:
        """Start with no alerts; `id_prefix` makes alert ids unique across patients."""
        self._settings = settings if settings is not None else AlertSettings()
        self._id_prefix = id_prefix
        self._sequence = 0
        self._online = True
        self._last_reading_at: float | None = None
        self._offline_since: float | None = None
        self._trackers = {vital: _VitalTracker() for vital in VITALS}
        self._alerts: dict[str, ActiveAlert] = {}  # by condition: one alert per condition
        self._history: deque[AlertTransition] = deque(maxlen=HISTORY_LENGTH)
        self._restore_errors: tuple[str, ...] = ()

    @property
    def settings(self) -> AlertSettings:
        """Return the settings in force."""
        return self._settings

    @property
    def active_alerts(self) -> tuple[ActiveAlert, ...]:
        """Return the active alerts, oldest first."""
        return tuple(self._alerts.values())

    @property
    def history(self) -> tuple[AlertTransition, ...]:
        """Return the last ten transitions, oldest first."""
        return tuple(self._history)

    @property
    def restore_errors(self) -> tuple[str, ...]:
        """Return the parts of the stored state `from_dict` had to drop (for a log line)."""
        return self._restore_errors

    def update(
        self,
        now: float,
        readings: Mapping[str, VitalInput],
        *,
        online: bool,
        last_reading_at: float | None = None,
    ) -> list[AlertTransition]:
        """Process new readings and the connection state.

        A vital missing from `readings` keeps its previous state. `online` False, or no
        reading since `last_reading_at` + `stale_after`, is the offline condition; while
        offline the readings are ignored (they are stale) and pending vital timers cancelled.
        """
        _check_time(now)
        unknown = sorted(set(readings) - set(VITALS))
        if unknown:
            raise ValueError(f"unknown vitals {unknown}")
        self._online = online
        self._last_reading_at = last_reading_at
        transitions: list[AlertTransition] = []
        if not self._refresh_offline(now, transitions):
            for vital in VITALS:  # fixed order keeps the output deterministic
                reading = readings.get(vital)
                if reading is not None:
                    self._apply_reading(now, vital, reading, transitions)
        self._raise_due(now, transitions)
        return self._record(transitions)

    def tick(self, now: float) -> list[AlertTransition]:
        """Process elapsed delays, staleness and re-sends (call at `next_deadline`)."""
        _check_time(now)
        transitions: list[AlertTransition] = []
        self._refresh_offline(now, transitions)
        self._raise_due(now, transitions)
        return self._record(transitions)

    def acknowledge(self, now: float, alert_id: str | None = None) -> list[AlertTransition]:
        """Acknowledge one alert, or every unacknowledged alert when `alert_id` is None.

        Acknowledging stops re-sends; a latched alert whose condition is over disappears.
        Acknowledging an already acknowledged alert does nothing.
        """
        _check_time(now)
        if alert_id is None:
            targets = list(self._alerts.values())
        else:
            targets = [alert for alert in self._alerts.values() if alert.alert_id == alert_id]
            if not targets:
                raise UnknownAlertError(alert_id)
        transitions: list[AlertTransition] = []
        for alert in targets:
            if alert.acknowledged:
                continue
            if alert.condition_active:
                self._alerts[alert.condition] = replace(
                    alert, acknowledged=True, next_resend_at=None
                )
            else:
                del self._alerts[alert.condition]
            transitions.append(
                self._transition(
                    alert,
                    TransitionState.ACKNOWLEDGED,
                    now,
                    alert.priority,
                    Notify(Recipients.NONE, alert.notified, alert.alert_id),
                )
            )
        return self._record(transitions)

    def next_deadline(self) -> float | None:
        """Return when `tick` next has something to do, or None if nothing is pending."""
        settings = self._settings
        deadlines: list[float] = []
        if self._offline_since is not None:
            if OFFLINE not in self._alerts:
                deadlines.append(self._offline_since + settings.technical_delay)
        elif self._last_reading_at is not None:
            deadlines.append(self._last_reading_at + settings.stale_after)
        for vital, tracker in self._trackers.items():
            alert = self._alerts.get(vital)
            open_priority = alert.priority if alert is not None and alert.condition_active else None
            if tracker.critical_since is not None and open_priority is not Priority.CRITICAL:
                deadlines.append(tracker.critical_since + settings.critical_delay)
            if tracker.warning_since is not None and open_priority is None:
                deadlines.append(tracker.warning_since + settings.warning_delay)
            if (
                tracker.no_signal_since is not None
                and no_signal_condition(vital) not in self._alerts
            ):
                deadlines.append(tracker.no_signal_since + settings.technical_delay)
        deadlines.extend(
            alert.next_resend_at
            for alert in self._alerts.values()
            if alert.next_resend_at is not None
        )
        return min(deadlines, default=None)

    def as_dict(self) -> dict[str, object]:
        """Return the whole state as a JSON-able dict (settings are not included)."""
        return {
            "version": STATE_VERSION,
            "sequence": self._sequence,
            "connection": {
                "online": self._online,
                "last_reading_at": self._last_reading_at,
                "offline_since": self._offline_since,
            },
            "trackers": {vital: tracker.as_dict() for vital, tracker in self._trackers.items()},
            "alerts": [alert.as_dict() for alert in self._alerts.values()],
            "history": [transition.as_dict() for transition in self._history],
        }

    @classmethod
    def from_dict(
        cls, data: object, settings: AlertSettings | None = None, *, id_prefix: str = ""
    ) -> AlertEngine:
        """Restore `as_dict` output; never raises.

        Each part (connection, each tracker, each alert, each history entry) is restored on
        its own, so one garbled alert does not lose the others; dropped parts are listed in
        `restore_errors`. None (nothing stored yet) gives an empty engine without errors.
        """
        engine = cls(settings, id_prefix=id_prefix)
        if data is None:
            return engine
        if not isinstance(data, Mapping) or data.get("version") != STATE_VERSION:
            engine._restore_errors = ("state",)
            return engine
        errors: list[str] = []
        engine._sequence = _restore(errors, "sequence", _as_int, data.get("sequence")) or 0
        connection = _restore(errors, "connection", _parse_connection, data.get("connection"))
        if connection is not None:
            engine._online, engine._last_reading_at, engine._offline_since = connection
        trackers = _restore(errors, "trackers", _as_mapping, data.get("trackers")) or {}
        for vital in VITALS:
            if vital in trackers:
                tracker = _restore(
                    errors, f"tracker:{vital}", _VitalTracker.from_dict, trackers[vital]
                )
                if tracker is not None:
                    engine._trackers[vital] = tracker
        raw_alerts = _restore(errors, "alerts", _as_list, data.get("alerts")) or []
        for index, raw_alert in enumerate(raw_alerts):
            alert = _restore(errors, f"alert:{index}", ActiveAlert.from_dict, raw_alert)
            if alert is None:
                continue
            if alert.condition in engine._alerts:  # one alert per condition
                errors.append(f"alert:{index}")
                continue
            engine._alerts[alert.condition] = alert
        raw_history = _restore(errors, "history", _as_list, data.get("history")) or []
        for index, raw_entry in enumerate(raw_history):
            entry = _restore(errors, f"history:{index}", AlertTransition.from_dict, raw_entry)
            if entry is not None:
                engine._history.append(entry)
        engine._restore_errors = tuple(errors)
        return engine

    # Internals

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
            self._resolve(now, OFFLINE, transitions)
            return False
        if self._offline_since is None:
            self._offline_since = min(starts)
        # Readings are stale while offline: nothing pending may mature on them.
        for tracker in self._trackers.values():
            tracker.cancel_pending()
        return True

    def _apply_reading(
        self, now: float, vital: str, reading: VitalInput, transitions: list[AlertTransition]
    ) -> None:
        tracker = self._trackers[vital]
        if reading.status is VitalStatus.NO_SIGNAL:
            # Without a value a physiological condition can be neither confirmed nor cleared:
            # cancel what is pending but leave a raised alert as it is.
            tracker.warning_since = tracker.critical_since = None
            tracker.value = None
            if tracker.no_signal_since is None:
                tracker.no_signal_since = now
            return
        tracker.no_signal_since = None
        self._resolve(now, no_signal_condition(vital), transitions)
        tracker.level = _held_level(tracker.level, reading, self._settings.margin_for(vital))
        tracker.value = reading.value
        if tracker.level is _Level.NORMAL:
            tracker.warning_since = tracker.critical_since = None
            self._resolve(now, vital, transitions)
            tracker.threshold = None
            return
        if reading.threshold is not None:
            tracker.threshold = reading.threshold
        if tracker.warning_since is None:
            tracker.warning_since = now
        if tracker.level is not _Level.CRITICAL:
            tracker.critical_since = None
        elif tracker.critical_since is None:
            tracker.critical_since = now

    def _raise_due(self, now: float, transitions: list[AlertTransition]) -> None:
        settings = self._settings
        if (
            self._offline_since is not None
            and now - self._offline_since >= settings.technical_delay
        ):
            self._open_technical(now, OFFLINE, transitions)
        for vital, tracker in self._trackers.items():
            if tracker.critical_since is not None and (
                now - tracker.critical_since >= settings.critical_delay
            ):
                self._open_physiological(now, vital, Priority.CRITICAL, transitions)
            elif tracker.warning_since is not None and (
                now - tracker.warning_since >= settings.warning_delay
            ):
                self._open_physiological(now, vital, Priority.WARNING, transitions)
            if tracker.no_signal_since is not None and (
                now - tracker.no_signal_since >= settings.technical_delay
            ):
                self._open_technical(now, no_signal_condition(vital), transitions)
        self._resend_due(now, transitions)

    def _open_technical(
        self, now: float, condition: str, transitions: list[AlertTransition]
    ) -> None:
        if condition not in self._alerts:
            self._raise_new(now, condition, Priority.WARNING, transitions)

    def _open_physiological(
        self, now: float, vital: str, due: Priority, transitions: list[AlertTransition]
    ) -> None:
        alert = self._alerts.get(vital)
        value, threshold = self._reading_of(vital)
        if alert is None:
            self._raise_new(now, vital, due, transitions)
        elif not alert.condition_active:
            # A latched alert whose condition came back: the same alert is raised again.
            alert = replace(alert, condition_active=True, value=value, threshold=threshold)
            self._alerts[vital] = alert
            transitions.append(
                self._transition(
                    alert,
                    TransitionState.RAISED,
                    now,
                    alert.priority,
                    Notify(alert.notified, Recipients.NONE, alert.alert_id),
                )
            )
        elif _PRIORITY_RANK[due] > _PRIORITY_RANK[alert.priority]:
            # Higher priority notifies again, even if the lower one was acknowledged.
            alert = replace(
                alert,
                priority=due,
                value=value,
                threshold=threshold,
                acknowledged=False,
                next_resend_at=self._first_resend(now, due),
            )
            self._alerts[vital] = alert
            transitions.append(
                self._transition(
                    alert,
                    TransitionState.ESCALATED,
                    now,
                    due,
                    Notify(alert.notified, Recipients.NONE, alert.alert_id),
                    escalation=Escalation.PRIORITY,
                )
            )

    def _raise_new(
        self, now: float, condition: str, priority: Priority, transitions: list[AlertTransition]
    ) -> None:
        self._sequence += 1
        vital, kind = _condition_parts(condition)
        value, threshold = self._reading_of(condition)
        alert = ActiveAlert(
            # The time part keeps ids unique even after a garbled restore reset the sequence.
            alert_id=f"{self._id_prefix}{condition}-{int(now)}-{self._sequence}",
            condition=condition,
            vital=vital,
            kind=kind,
            priority=priority,
            raised_at=now,
            value=value,
            threshold=threshold,
            next_resend_at=self._first_resend(now, priority),
        )
        self._alerts[condition] = alert
        transitions.append(
            self._transition(
                alert,
                TransitionState.RAISED,
                now,
                priority,
                Notify(Recipients.FIRST_LINE, Recipients.NONE, alert.alert_id),
            )
        )

    def _first_resend(self, now: float, priority: Priority) -> float | None:
        """Only critical alerts are re-sent."""
        if priority is Priority.CRITICAL:
            return now + self._settings.resend_interval
        return None

    def _resend_due(self, now: float, transitions: list[AlertTransition]) -> None:
        for condition, alert in list(self._alerts.items()):
            if alert.next_resend_at is None or now < alert.next_resend_at:
                continue
            count = alert.resend_count + 1
            recipients = (
                Recipients.FIRST_LINE_AND_ESCALATION
                if count > self._settings.escalate_after_resends
                else Recipients.FIRST_LINE
            )
            value, threshold = self._reading_of(condition)
            updated = replace(
                alert,
                value=value,
                threshold=threshold,
                resend_count=count,
                # From now, not from the missed deadline: after downtime, one catch-up re-send.
                next_resend_at=now + self._settings.resend_interval,
                notified=(
                    recipients
                    if recipients is Recipients.FIRST_LINE_AND_ESCALATION
                    else alert.notified
                ),
            )
            self._alerts[condition] = updated
            transitions.append(
                self._transition(
                    updated,
                    TransitionState.ESCALATED,
                    now,
                    updated.priority,
                    Notify(recipients, Recipients.NONE, updated.alert_id),
                    escalation=Escalation.RENOTIFY,
                )
            )

    def _resolve(self, now: float, condition: str, transitions: list[AlertTransition]) -> None:
        alert = self._alerts.get(condition)
        if alert is None or not alert.condition_active:
            return
        value, threshold = self._reading_of(condition)
        alert = replace(alert, value=value, threshold=threshold)
        if alert.priority is Priority.CRITICAL and not alert.acknowledged:
            self._alerts[condition] = replace(alert, condition_active=False)  # latched
        else:
            del self._alerts[condition]
        # Tell everyone who was alarmed; the message replaces theirs (same tag).
        transitions.append(
            self._transition(
                alert,
                TransitionState.RESOLVED,
                now,
                Priority.INFO,
                Notify(alert.notified, Recipients.NONE, alert.alert_id),
            )
        )

    def _reading_of(self, condition: str) -> tuple[float | None, float | None]:
        tracker = self._trackers.get(condition)
        if tracker is None:  # technical conditions have no value
            return None, None
        return tracker.value, tracker.threshold

    def _transition(
        self,
        alert: ActiveAlert,
        state: TransitionState,
        now: float,
        priority: Priority,
        notify: Notify,
        *,
        escalation: Escalation | None = None,
    ) -> AlertTransition:
        """Build a transition; call after the alert's new state is stored."""
        current = self._alerts.get(alert.condition)
        return AlertTransition(
            alert_id=alert.alert_id,
            condition=alert.condition,
            vital=alert.vital,
            priority=priority,
            kind=alert.kind,
            state=state,
            value=alert.value,
            threshold=alert.threshold,
            time=now,
            notify=notify,
            escalation=escalation,
            resend_count=alert.resend_count,
            awaiting_acknowledgement=current is not None and not current.acknowledged,
        )

    def _record(self, transitions: list[AlertTransition]) -> list[AlertTransition]:
        self._history.extend(transitions)
        return transitions


# Parsing of stored state: each helper raises TypeError/ValueError on anything unexpected.


def _restore[T](
    errors: list[str], part: str, parse: Callable[[object], T], raw: object
) -> T | None:
    """Parse one part of the stored state; on failure note it in `errors` and return None."""
    try:
        return parse(raw)
    except KeyError, TypeError, ValueError:
        errors.append(part)
        return None


def _parse_connection(data: object) -> tuple[bool, float | None, float | None]:
    raw = _as_mapping(data)
    return (
        _as_bool(raw["online"]),
        _as_optional_float(raw["last_reading_at"]),
        _as_optional_float(raw["offline_since"]),
    )


def _as_mapping(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a mapping, got {type(value).__name__}")
    return value


def _as_list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _as_str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _as_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a bool, got {type(value).__name__}")
    return value


def _as_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an int, got {type(value).__name__}")
    return value


def _as_float(value: object) -> float:
    if not _is_number(value):
        raise ValueError(f"expected a finite number, got {value!r}")
    return float(value)


def _as_optional_float(value: object) -> float | None:
    return None if value is None else _as_float(value)
