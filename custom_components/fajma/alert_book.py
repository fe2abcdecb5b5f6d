"""What happens to an alert once its condition alarms: the alert engine's book of alerts.

Pure, no Home Assistant. The engine (`alert_engine`) decides *when* a condition alerts, gets
worse, better or ends; the book carries each change out on the alert (one per condition):
acknowledgement and its expiry, latching of critical alerts, reminders and escalation by
time, and the transition that tells the caller whom to notify.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from typing import Final

from .alert_model import (
    ActiveAlert,
    AlertSettings,
    AlertTransition,
    Escalation,
    Notify,
    Priority,
    Recipients,
    TransitionState,
    UnknownAlertError,
    VitalInput,
)

HISTORY_LENGTH: Final = 50
# The value, side ("low"/"high") and band limit an alert is raised or changed with.
type Reading = tuple[float | None, str | None, float | None]


def more_abnormal(side: str | None, value: float, worst: float | None) -> bool:
    if worst is None:
        return True
    return value < worst if side == "low" else value > worst if side == "high" else False


class AlertBook:
    """The active alerts of one patient (by condition) and their last transitions."""

    def __init__(self, settings: AlertSettings, id_prefix: str) -> None:
        """Start empty; `id_prefix` makes alert ids unique across patients."""
        self._settings = settings
        self._id_prefix = id_prefix
        self._sequence = 0
        self._alerts: dict[str, ActiveAlert] = {}
        self._history: deque[AlertTransition] = deque(maxlen=HISTORY_LENGTH)

    @property
    def alerts(self) -> tuple[ActiveAlert, ...]:
        """Return the active alerts, oldest first."""
        return tuple(self._alerts.values())

    @property
    def history(self) -> tuple[AlertTransition, ...]:
        """Return the last transitions, oldest first."""
        return tuple(self._history)

    @property
    def sequence(self) -> int:
        """Return how many alerts were raised (part of their ids)."""
        return self._sequence

    def get(self, condition: str) -> ActiveAlert | None:
        """Return the alert of a condition, if any."""
        return self._alerts.get(condition)

    def open_priority(self, condition: str) -> Priority | None:
        """Return the priority of the condition's alert while its condition holds."""
        alert = self._alerts.get(condition)
        return alert.priority if alert is not None and alert.condition_active else None

    def restore(
        self, sequence: int, alerts: list[ActiveAlert], history: list[AlertTransition]
    ) -> list[int]:
        """Load stored alerts; return the indexes dropped as a second alert of a condition."""
        self._sequence = sequence
        dropped: list[int] = []
        for index, alert in enumerate(alerts):
            if alert.condition in self._alerts:
                dropped.append(index)
            else:
                self._alerts[alert.condition] = alert
        self._history.extend(history)
        return dropped

    def follow(self, condition: str, value: float | None) -> None:
        """Keep an active alert's latest and worst values up to date."""
        alert = self._alerts.get(condition)
        if alert is None or value is None or value == alert.value:
            return
        worst = value if more_abnormal(alert.side, value, alert.worst_value) else alert.worst_value
        self._alerts[condition] = replace(alert, value=value, worst_value=worst)

    def expired(self, now: float) -> list[ActiveAlert]:
        """Return acknowledged alerts whose acknowledgement has run out."""
        return [
            alert
            for alert in self._alerts.values()
            if alert.acknowledged
            and alert.acknowledged_until is not None
            and now >= alert.acknowledged_until
        ]

    def deadlines(self) -> list[float | None]:
        """Return when acknowledgements expire, reminders and escalations are due."""
        deadlines: list[float | None] = []
        for alert in self._alerts.values():
            if alert.acknowledged:
                deadlines.append(alert.acknowledged_until)
            deadlines += [alert.next_resend_at, self.escalate_at(alert)]
        return deadlines

    def acknowledge(
        self, now: float, alert_id: str | None = None, *, by: str | None = None
    ) -> list[AlertTransition]:
        """Acknowledge one alert, or every unacknowledged alert when `alert_id` is None.

        Stops re-sends of the condition present now; an alert whose condition is over goes.
        Acknowledging an already acknowledged alert does nothing.
        """
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
            acknowledged = replace(
                alert,
                acknowledged=True,
                acknowledged_by=by,
                acknowledged_at=now,
                acknowledged_until=now + self._settings.acknowledge_timeout,
                latched=False,
                unacknowledged_since=None,
                next_resend_at=None,
            )
            if alert.condition_active:
                self._alerts[alert.condition] = acknowledged
            else:
                del self._alerts[alert.condition]
            transitions.append(
                self._transition(
                    acknowledged,
                    TransitionState.ACKNOWLEDGED,
                    now,
                    alert.priority,
                    Notify(Recipients.NONE, alert.notified, alert.alert_id),
                )
            )
        return self.record(transitions)

    def escalate_at(self, alert: ActiveAlert) -> float | None:
        """When the escalation recipients are added, if they have not been yet."""
        if (
            alert.acknowledged
            or not alert.latched
            or alert.unacknowledged_since is None
            or alert.notified is Recipients.FIRST_LINE_AND_ESCALATION
        ):
            return None
        return alert.unacknowledged_since + self._settings.escalate_after

    def resend_due(self, now: float, out: list[AlertTransition]) -> None:
        for condition, alert in list(self._alerts.items()):
            escalate_at = self.escalate_at(alert)
            escalate = escalate_at is not None and now >= escalate_at
            resend = alert.next_resend_at is not None and now >= alert.next_resend_at
            if not (escalate or resend):
                continue
            recipients = (
                Recipients.FIRST_LINE_AND_ESCALATION
                if escalate or alert.notified is Recipients.FIRST_LINE_AND_ESCALATION
                else Recipients.FIRST_LINE
            )
            updated = replace(
                alert,
                resend_count=alert.resend_count + 1,
                # From now, not from the missed deadline: after downtime, one catch-up re-send.
                next_resend_at=now + self._settings.resend_interval,
                notified=recipients,
            )
            self._alerts[condition] = updated
            out.append(
                self._transition(
                    updated,
                    TransitionState.ESCALATED,
                    now,
                    updated.priority,
                    Notify(recipients, Recipients.NONE, updated.alert_id),
                    escalation=Escalation.RENOTIFY,
                )
            )

    def raise_or_escalate(
        self,
        now: float,
        condition: str,
        priority: Priority,
        reading: Reading,
        out: list[AlertTransition],
        *,
        realarm: bool = False,
    ) -> None:
        """Raise a new alert, raise an ended one again, or move an active one to `priority`."""
        alert = self._alerts.get(condition)
        if alert is not None and alert.condition_active and not realarm:
            if priority.rank <= alert.priority.rank:
                return
            state, escalation, send_to = (
                TransitionState.ESCALATED,
                Escalation.PRIORITY,
                alert.notified,
            )
        else:
            state, escalation = TransitionState.RAISED, None
            # A re-alarm starts the escalation clock anew; an ended alert that is back tells
            # everyone who knew of it.
            send_to = Recipients.FIRST_LINE if alert is None or realarm else alert.notified
        value, side, threshold = reading
        if alert is None:
            self._sequence += 1
            alert = ActiveAlert(
                # The time part keeps ids unique even after a garbled restore reset the sequence.
                alert_id=f"{self._id_prefix}{condition}-{int(now)}-{self._sequence}",
                condition=condition,
                priority=priority,
                raised_at=now,
            )
        critical = priority is Priority.CRITICAL
        latched = critical or (alert.latched and not realarm)
        keep_clock = alert.unacknowledged_since is not None and not realarm
        updated = replace(
            alert,
            priority=priority,
            condition_active=True,
            value=value,
            raised_value=value if state is TransitionState.RAISED else alert.raised_value,
            worst_value=(
                value
                if state is TransitionState.RAISED
                or (value is not None and more_abnormal(side, value, alert.worst_value))
                else alert.worst_value
            ),
            side=side if side is not None else alert.side,
            threshold=threshold,
            latched=latched,
            acknowledged=False,
            acknowledged_by=None,
            acknowledged_at=None,
            acknowledged_until=None,
            unacknowledged_since=(
                (alert.unacknowledged_since if keep_clock else now) if latched else None
            ),
            resend_count=0 if realarm else alert.resend_count,
            next_resend_at=(
                (
                    alert.next_resend_at
                    if alert.next_resend_at is not None and not realarm
                    else now + self._settings.resend_interval
                )
                if latched
                else None
            ),
            notified=Recipients.FIRST_LINE if realarm else alert.notified,
        )
        self._alerts[condition] = updated
        out.append(
            self._transition(
                updated,
                state,
                now,
                priority,
                Notify(send_to, Recipients.NONE, updated.alert_id),
                escalation=escalation,
            )
        )

    def de_escalate(
        self,
        now: float,
        alert: ActiveAlert,
        priority: Priority,
        reading: Reading,
        out: list[AlertTransition],
    ) -> None:
        """Still abnormal, less so: the alert follows its condition down; an ack ends with it."""
        value, side, threshold = reading
        updated = replace(
            alert,
            priority=priority,
            value=value,
            side=side if side is not None else alert.side,
            threshold=threshold,
            acknowledged=False,
            acknowledged_by=None,
            acknowledged_at=None,
            acknowledged_until=None,
        )
        self._alerts[alert.condition] = updated
        out.append(
            self._transition(
                updated,
                TransitionState.DE_ESCALATED,
                now,
                priority,
                Notify(alert.notified, Recipients.NONE, alert.alert_id),
            )
        )

    def end(
        self, now: float, alert: ActiveAlert, value: float | None, out: list[AlertTransition]
    ) -> None:
        """The condition is over: the alert goes, unless a critical one waits for an ack."""
        updated = replace(alert, condition_active=False, value=value)
        if alert.latched and not alert.acknowledged:
            self._alerts[alert.condition] = updated
        else:
            del self._alerts[alert.condition]
        # Tell everyone who was alarmed; the message replaces theirs (same tag).
        out.append(
            self._transition(
                updated,
                TransitionState.RESOLVED,
                now,
                Priority.INFO,
                Notify(alert.notified, Recipients.NONE, alert.alert_id),
            )
        )

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
            alert=alert,
            state=state,
            priority=priority,
            time=now,
            notify=notify,
            escalation=escalation,
            awaiting_acknowledgement=current is not None and not current.acknowledged,
        )

    def record(self, transitions: list[AlertTransition]) -> list[AlertTransition]:
        self._history.extend(transitions)
        return transitions


def reading_for(
    value: float | None, reading: VitalInput | None, alert: ActiveAlert | None, priority: Priority
) -> Reading:
    """Return (value, side, limit of the priority's band) of a vital's alert at `priority`.

    From the last reading; where it has no side or limit (a normal value), from the alert.
    """
    side = reading.side if reading is not None and reading.side else None
    if side is None and alert is not None:
        side = alert.side
    limit = reading.limit(priority, side) if reading is not None else None
    if limit is None and alert is not None and alert.priority is priority:
        limit = alert.threshold
    return value, side, limit
