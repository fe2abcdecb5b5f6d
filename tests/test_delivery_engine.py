"""The pure engine's `delivery` condition: notifications that fail are an alert of their own."""

from __future__ import annotations

from custom_components.fajma.alert_engine import AlertEngine
from custom_components.fajma.alert_model import (
    AlertKind,
    AlertSettings,
    AlertTransition,
    Escalation,
    Priority,
    Recipients,
    TransitionState,
)

CRITICAL, WARNING, INFO = Priority.CRITICAL, Priority.WARNING, Priority.INFO
T0 = 1_800_000_000.0


def summary(transitions: list[AlertTransition]) -> list[tuple[str, TransitionState, Priority]]:
    return [(t.alert.condition, t.state, t.priority) for t in transitions]


def test_a_failed_notification_raises_a_warning_at_once_and_success_ends_it() -> None:
    engine = AlertEngine(id_prefix="e:")
    (raised,) = engine.report_delivery(T0, ok=False)
    assert summary([raised]) == [("delivery", TransitionState.RAISED, WARNING)]
    assert raised.alert.kind is AlertKind.TECHNICAL
    assert raised.notify.send_to is Recipients.FIRST_LINE  # whoever can still be reached
    assert raised.awaiting_acknowledgement
    # More failures: still one alert, nothing new to say.
    assert engine.report_delivery(T0 + 5, ok=False) == []
    assert [a.condition for a in engine.active_alerts] == ["delivery"]
    # A warning does not latch: no reminders while it lasts.
    assert engine.next_deadline() is None
    (ended,) = engine.report_delivery(T0 + 10, ok=True)
    assert summary([ended]) == [("delivery", TransitionState.RESOLVED, INFO)]
    assert engine.active_alerts == ()
    # Working deliveries with no alert say nothing.
    assert engine.report_delivery(T0 + 20, ok=True) == []


def test_a_critical_alert_that_reached_nobody_makes_delivery_critical() -> None:
    engine = AlertEngine(AlertSettings(resend_interval=120, escalate_after=300))
    engine.report_delivery(T0, ok=False)
    (worse,) = engine.report_delivery(T0 + 1, ok=False, critical=True)
    assert summary([worse]) == [("delivery", TransitionState.ESCALATED, CRITICAL)]
    assert worse.escalation is Escalation.PRIORITY
    # A later, ordinary failure does not lower it.
    assert engine.report_delivery(T0 + 2, ok=False) == []
    # Critical latches: reminders, then the escalation recipients, like any critical alert.
    assert engine.next_deadline() == T0 + 1 + 120
    reminders = engine.tick(T0 + 1 + 300)
    assert reminders[-1].notify.send_to is Recipients.FIRST_LINE_AND_ESCALATION
    # Delivery works again: the condition is over, the alert waits for an acknowledgement.
    (over,) = engine.report_delivery(T0 + 400, ok=True)
    assert over.state is TransitionState.RESOLVED
    assert over.awaiting_acknowledgement
    (alert,) = engine.active_alerts
    assert not alert.condition_active
    engine.acknowledge(T0 + 401, alert.alert_id, by="Anna")
    assert engine.active_alerts == ()


def test_report_delivery_also_does_what_tick_does() -> None:
    engine = AlertEngine(AlertSettings(stale_after=60))
    engine.update(T0, {}, online=True, last_reading_at=T0)
    # The device went silent meanwhile: the offline alert comes with the delivery report.
    out = engine.report_delivery(T0 + 61, ok=True)
    assert summary(out) == [("offline", TransitionState.RAISED, WARNING)]


def test_the_delivery_alert_survives_a_restart() -> None:
    engine = AlertEngine(id_prefix="e:")
    engine.report_delivery(T0, ok=False, critical=True)
    restored = AlertEngine.from_dict(engine.as_dict(), id_prefix="e:")
    assert restored.restore_errors == ()
    (alert,) = restored.active_alerts
    assert (alert.condition, alert.priority) == ("delivery", CRITICAL)
    (ended,) = restored.report_delivery(T0 + 10, ok=True)
    assert ended.state is TransitionState.RESOLVED
