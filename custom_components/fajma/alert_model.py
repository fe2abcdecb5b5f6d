"""The alert engine's data: settings, inputs, alerts and transitions. Pure, no Home Assistant.

Everything here is immutable and JSON-able (`as_dict` / `from_dict`), because the engine's
state is stored and restored across restarts of Home Assistant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
import math
from typing import Final, TypeGuard

from .vitals import Limit, SignalLoss, Vital, VitalsSnapshot, VitalStatus, severity

VITALS: Final = tuple(vital.value for vital in Vital)


class TechnicalCondition(StrEnum):
    """Problems with the monitoring itself; stable names (the event's `vital`)."""

    OFFLINE = "offline"  # disconnected, or no reading for the stale timeout
    SENSOR_OFF = "sensor_off"  # finger off, no reading, thermometer fault
    NO_PULSE = "no_pulse"  # finger on but no valid pulse: check the patient
    DELIVERY = "delivery"  # notifications are failing (raised by the Home Assistant layer)


TECHNICAL: Final = tuple(condition.value for condition in TechnicalCondition)


class Priority(StrEnum):
    """Priority of an alert or transition, ranked by `vitals.severity`."""

    CRITICAL = "critical"  # act now
    WARNING = "warning"  # act soon
    INFO = "info"  # awareness only (e.g. resolved)

    @property
    def rank(self) -> int:
        """Return the rank in FAJMA's one severity order."""
        return severity(self.value)


# AlertSettings field of each (priority, vital) delay: looked up many times per reading.
_DELAY_FIELDS: Final = {
    priority: {vital: f"{vital}_{priority}_delay" for vital in VITALS}
    for priority in (Priority.CRITICAL, Priority.WARNING)
}


class AlertKind(StrEnum):
    """What an alert is about."""

    PHYSIOLOGICAL = "physiological"
    TECHNICAL = "technical"


class TransitionState(StrEnum):
    """What happened to an alert."""

    RAISED = "raised"  # new, back after it ended, or re-alarmed when an acknowledgement ran out
    ESCALATED = "escalated"  # worse, or re-sent (maybe to more recipients) while unacknowledged
    DE_ESCALATED = "de_escalated"  # the condition is still there, at a lower priority
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class Escalation(StrEnum):
    """Why an alert was escalated."""

    PRIORITY = "priority"  # its condition became worse (warning -> critical)
    RENOTIFY = "renotify"  # re-sent, unacknowledged (maybe to the escalation recipients too)


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


def condition_kind(condition: str) -> AlertKind:
    """Return the kind of a condition (a vital or a technical condition); ValueError if unknown."""
    if condition in VITALS:
        return AlertKind.PHYSIOLOGICAL
    if condition in TECHNICAL:
        return AlertKind.TECHNICAL
    raise ValueError(f"unknown condition {condition!r}")


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """Tunable behaviour; all times in seconds, margins in the vital's unit."""

    heart_rate_critical_delay: float = 10.0
    spo2_critical_delay: float = 10.0
    body_temperature_critical_delay: float = 60.0
    heart_rate_warning_delay: float = 60.0
    spo2_warning_delay: float = 60.0
    body_temperature_warning_delay: float = 300.0
    technical_delay: float = 120.0
    no_pulse_delay: float = 15.0
    # Matches the integration's default stale timeout (the device publishes every second).
    stale_after: float = 30.0
    offline_urgent_after: float = 900.0
    acknowledge_timeout: float = 1800.0
    resend_interval: float = 120.0
    escalate_after: float = 300.0
    heart_rate_margin: float = 2.0
    spo2_margin: float = 1.0
    body_temperature_margin: float = 0.2

    def __post_init__(self) -> None:
        """Reject settings the engine cannot honour."""
        # Zero would make a deadline equal to now forever: the caller's timer would spin.
        positive = {"stale_after", "resend_interval", "acknowledge_timeout"}
        for field in fields(self):
            number = getattr(self, field.name)
            low_ok = number > 0 if field.name in positive else number >= 0
            if not _is_number(number) or not low_ok:
                bound = "> 0" if field.name in positive else ">= 0"
                raise ValueError(f"{field.name} must be a finite number {bound}, got {number!r}")

    def delay(self, vital: str, priority: Priority) -> float:
        """Return how long a vital must stay in a band before it alerts."""
        delay: float = getattr(self, _DELAY_FIELDS[priority][vital])
        return delay

    def margin(self, vital: str) -> float:
        """Return the hysteresis margin of a vital."""
        margin: float = getattr(self, f"{vital}_margin")
        return margin


@dataclass(frozen=True, slots=True)
class VitalInput:
    """One classified reading of a vital and the limits in force (None: no limit)."""

    status: VitalStatus
    value: float | None = None  # as shown; None when there is no trustworthy value
    loss: SignalLoss | None = None  # why there is no value
    side: str | None = None  # "low" or "high" of a warning/critical value
    warning_low: float | None = None
    warning_high: float | None = None
    critical_low: float | None = None
    critical_high: float | None = None

    def __post_init__(self) -> None:
        """Accept the plain strings the classifier's enums are; a no_signal has a cause."""
        object.__setattr__(self, "status", VitalStatus(self.status))
        if self.status is VitalStatus.NO_SIGNAL and self.loss is None:
            object.__setattr__(self, "loss", SignalLoss.SENSOR_OFF)
        elif self.loss is not None:
            object.__setattr__(self, "loss", SignalLoss(self.loss))

    def limit(self, priority: Priority, side: str | None) -> float | None:
        """Return the limit of a band on one side ("low"/"high")."""
        if side not in ("low", "high") or priority is Priority.INFO:
            return None
        limit: float | None = getattr(self, f"{priority.value}_{side}")
        return limit


def engine_inputs(snapshot: VitalsSnapshot) -> dict[str, VitalInput]:
    """Translate the classifier's evaluated vitals into the engine's inputs."""
    inputs: dict[str, VitalInput] = {}
    for vital, evaluation in snapshot.vitals.items():
        limits = evaluation.thresholds
        inputs[vital.value] = VitalInput(
            status=evaluation.status,
            value=evaluation.value,
            loss=evaluation.loss,
            side=evaluation.side,
            warning_low=_value_of(limits.warning_low),
            warning_high=_value_of(limits.warning_high),
            critical_low=_value_of(limits.critical_low),
            critical_high=_value_of(limits.critical_high),
        )
    return inputs


def _value_of(limit: Limit | None) -> float | None:
    return None if limit is None else limit.value


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
class ActiveAlert:
    """An alert that is still active (its condition holds, or it waits for acknowledgement)."""

    alert_id: str
    condition: str  # a vital or a TechnicalCondition; one alert per condition
    priority: Priority  # of the condition now (or when it ended)
    raised_at: float
    value: float | None = None  # latest value of the vital
    raised_value: float | None = None  # the value that raised (or re-raised) the alert
    worst_value: float | None = None  # the most abnormal value since
    side: str | None = None  # "low" or "high" for physiological alerts
    threshold: float | None = None  # the limit of the alert's band on its side
    condition_active: bool = True  # False: over, but waiting for acknowledgement
    # True from reaching critical until acknowledged: such an alert is re-sent, escalated,
    # and stays (condition over) until someone acknowledges it.
    latched: bool = False
    acknowledged: bool = False
    acknowledged_by: str | None = None
    acknowledged_at: float | None = None
    acknowledged_until: float | None = None  # the acknowledgement expires then
    unacknowledged_since: float | None = None  # start of the escalation clock
    resend_count: int = 0
    next_resend_at: float | None = None
    notified: Recipients = Recipients.FIRST_LINE  # widest audience reached so far

    @property
    def kind(self) -> AlertKind:
        """Return physiological or technical."""
        return condition_kind(self.condition)

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-able dict."""
        return {field.name: _plain(getattr(self, field.name)) for field in fields(self)}

    @classmethod
    def from_dict(cls, data: object) -> ActiveAlert:
        """Parse `as_dict` output; KeyError, TypeError or ValueError if garbled."""
        raw = as_mapping(data)
        condition = as_str(raw["condition"])
        condition_kind(condition)
        return cls(
            alert_id=as_str(raw["alert_id"]),
            condition=condition,
            priority=Priority(as_str(raw["priority"])),
            raised_at=as_float(raw["raised_at"]),
            value=as_optional_float(raw["value"]),
            raised_value=as_optional_float(raw["raised_value"]),
            worst_value=as_optional_float(raw["worst_value"]),
            side=_as_side(raw["side"]),
            threshold=as_optional_float(raw["threshold"]),
            condition_active=as_bool(raw["condition_active"]),
            latched=as_bool(raw["latched"]),
            acknowledged=as_bool(raw["acknowledged"]),
            acknowledged_by=_as_optional_str(raw["acknowledged_by"]),
            acknowledged_at=as_optional_float(raw["acknowledged_at"]),
            acknowledged_until=as_optional_float(raw["acknowledged_until"]),
            unacknowledged_since=as_optional_float(raw["unacknowledged_since"]),
            resend_count=as_int(raw["resend_count"]),
            next_resend_at=as_optional_float(raw["next_resend_at"]),
            notified=Recipients(as_str(raw["notified"])),
        )


@dataclass(frozen=True, slots=True)
class AlertTransition:
    """One decision of the engine: the alert as it is after the change, and what to tell."""

    alert: ActiveAlert
    state: TransitionState
    priority: Priority  # info for resolved
    time: float
    notify: Notify
    escalation: Escalation | None = None  # set when state is escalated
    # The alert is still active and unacknowledged after this transition (show an ack button).
    awaiting_acknowledgement: bool = False

    @property
    def alert_id(self) -> str:
        """Return the alert's id."""
        return self.alert.alert_id

    @property
    def condition(self) -> str:
        """Return the vital or technical condition."""
        return self.alert.condition

    @property
    def kind(self) -> AlertKind:
        """Return physiological or technical."""
        return self.alert.kind

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-able dict (also the event data for the Home Assistant layer)."""
        alert = self.alert
        return {
            "alert_id": alert.alert_id,
            "condition": alert.condition,
            "vital": alert.condition,
            "priority": self.priority.value,
            "kind": alert.kind.value,
            "state": self.state.value,
            "value": alert.value,
            "raised_value": alert.raised_value,
            "worst_value": alert.worst_value,
            "side": alert.side,
            "threshold": alert.threshold,
            "time": self.time,
            "raised_at": alert.raised_at,
            "condition_active": alert.condition_active,
            "acknowledged_by": alert.acknowledged_by,
            "acknowledged_at": alert.acknowledged_at,
            "notify": {
                "send_to": self.notify.send_to.value,
                "clear_from": self.notify.clear_from.value,
                "tag": self.notify.tag,
            },
            "escalation": None if self.escalation is None else self.escalation.value,
            "resend_count": alert.resend_count,
            "awaiting_acknowledgement": self.awaiting_acknowledgement,
            "alert": alert.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: object) -> AlertTransition:
        """Parse `as_dict` output; KeyError, TypeError or ValueError if garbled."""
        raw = as_mapping(data)
        notify = as_mapping(raw["notify"])
        escalation = raw["escalation"]
        return cls(
            alert=ActiveAlert.from_dict(raw["alert"]),
            state=TransitionState(as_str(raw["state"])),
            priority=Priority(as_str(raw["priority"])),
            time=as_float(raw["time"]),
            notify=Notify(
                send_to=Recipients(as_str(notify["send_to"])),
                clear_from=Recipients(as_str(notify["clear_from"])),
                tag=as_str(notify["tag"]),
            ),
            escalation=None if escalation is None else Escalation(as_str(escalation)),
            awaiting_acknowledgement=as_bool(raw["awaiting_acknowledgement"]),
        )


# Parsing of stored state: each helper raises TypeError/ValueError on anything unexpected.


def restore[T](errors: list[str], part: str, parse: Callable[[object], T], raw: object) -> T | None:
    """Parse one part of the stored state; on failure note it in `errors` and return None."""
    try:
        return parse(raw)
    except KeyError, TypeError, ValueError:
        errors.append(part)
        return None


def restore_each[T](
    into: dict[str, T],
    stored: Mapping[str, object] | None,
    errors: list[str],
    part: str,
    parse: Callable[[object], T],
) -> None:
    """Restore each item `into` has a place for; a garbled one is noted as `part:name`."""
    for name in into:
        if not stored or name not in stored:
            continue
        if (item := restore(errors, f"{part}:{name}", parse, stored[name])) is not None:
            into[name] = item


def _plain(value: object) -> object:
    return value.value if isinstance(value, StrEnum) else value


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def as_mapping(value: object) -> Mapping[str, object]:
    """Return a mapping or raise TypeError."""
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a mapping, got {type(value).__name__}")
    return value


def as_list(value: object) -> list[object]:
    """Return a list or raise TypeError."""
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def as_str(value: object) -> str:
    """Return a string or raise TypeError."""
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _as_optional_str(value: object) -> str | None:
    return None if value is None else as_str(value)


def _as_side(value: object) -> str | None:
    side = _as_optional_str(value)
    if side not in (None, "low", "high"):
        raise ValueError(f"expected low or high, got {side!r}")
    return side


def as_bool(value: object) -> bool:
    """Return a bool or raise TypeError."""
    if not isinstance(value, bool):
        raise TypeError(f"expected a bool, got {type(value).__name__}")
    return value


def as_int(value: object) -> int:
    """Return an int (not a bool) or raise TypeError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an int, got {type(value).__name__}")
    return value


def as_float(value: object) -> float:
    """Return a finite number or raise ValueError."""
    if not _is_number(value):
        raise ValueError(f"expected a finite number, got {value!r}")
    return float(value)


def as_optional_float(value: object) -> float | None:
    """Return None or a finite number."""
    return None if value is None else as_float(value)


def parse_connection(data: object) -> tuple[bool, float | None, float | None]:
    """Parse the engine's stored connection state; KeyError, TypeError or ValueError if garbled."""
    raw = as_mapping(data)
    return (
        as_bool(raw["online"]),
        as_optional_float(raw["last_reading_at"]),
        as_optional_float(raw["offline_since"]),
    )
