"""Tests of the pure alert engine (no Home Assistant needed)."""

from __future__ import annotations

import json
import math
import random

import pytest

from custom_components.fajma.alert_engine import (
    HISTORY_LENGTH,
    OFFLINE,
    VITALS,
    ActiveAlert,
    AlertEngine,
    AlertKind,
    AlertSettings,
    AlertTransition,
    Escalation,
    Priority,
    Recipients,
    TransitionState,
    UnknownAlertError,
    VitalInput,
    VitalStatus,
)

RAISED = TransitionState.RAISED
ESCALATED = TransitionState.ESCALATED
ACKNOWLEDGED = TransitionState.ACKNOWLEDGED
RESOLVED = TransitionState.RESOLVED

# (warning_low, warning_high, critical_low, critical_high): the default table of vitals.py.
BANDS: dict[str, tuple[float | None, float | None, float | None, float | None]] = {
    "heart_rate": (60.0, 100.0, 40.0, 120.0),
    "spo2": (95.0, None, 90.0, None),
    "body_temperature": (35.0, 39.0, 34.0, 40.0),
}


def reading(vital: str, value: float | None) -> VitalInput:
    """Classify like vitals.py's default table (strict limits); None is a lost signal."""
    warning_low, warning_high, critical_low, critical_high = BANDS[vital]
    bounds = {
        "warning_low": warning_low,
        "warning_high": warning_high,
        "critical_low": critical_low,
        "critical_high": critical_high,
    }
    if value is None:
        return VitalInput(VitalStatus.NO_SIGNAL, **bounds)
    for status, low, high in (
        (VitalStatus.CRITICAL, critical_low, critical_high),
        (VitalStatus.WARNING, warning_low, warning_high),
    ):
        if low is not None and value < low:
            return VitalInput(status, value, low, **bounds)
        if high is not None and value > high:
            return VitalInput(status, value, high, **bounds)
    return VitalInput(VitalStatus.NORMAL, value, None, **bounds)


def feed(engine: AlertEngine, now: float, **values: float | None) -> list[AlertTransition]:
    """Send readings from a connected device (staleness not judged)."""
    return engine.update(now, {v: reading(v, x) for v, x in values.items()}, online=True)


def drive(engine: AlertEngine, until: float) -> list[AlertTransition]:
    """Act as the HA layer's single timer: tick at every deadline up to `until`."""
    transitions: list[AlertTransition] = []
    previous = -math.inf
    while (deadline := engine.next_deadline()) is not None and deadline <= until:
        assert deadline > previous, "deadline did not advance: the timer would spin"
        previous = deadline
        transitions += engine.tick(deadline)
    return transitions


def states(transitions: list[AlertTransition]) -> list[tuple[str, TransitionState, Priority]]:
    return [(t.condition, t.state, t.priority) for t in transitions]


def only(engine: AlertEngine) -> ActiveAlert:
    (alert,) = engine.active_alerts
    return alert


def round_trip(engine: AlertEngine, settings: AlertSettings | None = None) -> AlertEngine:
    """Persist through JSON like HA's Store would, and restore."""
    return AlertEngine.from_dict(json.loads(json.dumps(engine.as_dict())), settings)


# Settings and inputs


def test_default_settings() -> None:
    settings = AlertSettings()
    assert (settings.critical_delay, settings.warning_delay, settings.technical_delay) == (
        10.0,
        60.0,
        120.0,
    )
    assert settings.resend_interval == 300.0
    assert settings.escalate_after_resends == 2
    assert [settings.margin_for(v) for v in VITALS] == [2.0, 1.0, 0.2]


@pytest.mark.parametrize(
    "overrides",
    [
        {"critical_delay": -1.0},
        {"warning_delay": math.nan},
        {"technical_delay": math.inf},
        {"heart_rate_margin": -0.1},
        {"spo2_margin": True},
        {"body_temperature_margin": "0.2"},
        {"stale_after": 0.0},
        {"resend_interval": 0.0},
        {"resend_interval": -300.0},
        {"escalate_after_resends": -1},
        {"escalate_after_resends": 1.5},
        {"escalate_after_resends": True},
    ],
)
def test_settings_reject_invalid(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(overrides))):
        AlertSettings(**overrides)  # type: ignore[arg-type]


def test_settings_accept_zero_delays_and_margins() -> None:
    settings = AlertSettings(critical_delay=0, warning_delay=0, technical_delay=0, spo2_margin=0)
    assert settings.margin_for("spo2") == 0
    assert AlertEngine(settings).settings is settings


def test_vital_input_accepts_plain_status_strings() -> None:
    assert VitalInput("critical").status is VitalStatus.CRITICAL  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bogus"):
        VitalInput("bogus")  # type: ignore[arg-type]


def test_update_rejects_unknown_vital_and_non_finite_time() -> None:
    engine = AlertEngine()
    with pytest.raises(ValueError, match="pulse"):
        engine.update(0.0, {"pulse": reading("heart_rate", 80.0)}, online=True)
    with pytest.raises(ValueError, match="finite"):
        engine.update(math.nan, {}, online=True)
    with pytest.raises(ValueError, match="finite"):
        engine.tick(math.inf)
    with pytest.raises(ValueError, match="finite"):
        engine.acknowledge(math.nan)


# Condition delays


def test_condition_shorter_than_delay_raises_nothing() -> None:
    engine = AlertEngine()
    assert feed(engine, 0.0, heart_rate=110.0) == []
    assert engine.next_deadline() == 60.0
    assert engine.tick(59.0) == []
    assert feed(engine, 59.5, heart_rate=80.0) == []
    assert engine.next_deadline() is None
    assert engine.tick(1000.0) == []
    assert engine.active_alerts == ()
    assert engine.history == ()


def test_warning_raised_when_delay_elapses() -> None:
    engine = AlertEngine()
    feed(engine, 100.0, heart_rate=110.0)
    feed(engine, 130.0, heart_rate=112.0)  # still warning: the timer keeps its start
    assert engine.next_deadline() == 160.0
    (raised,) = engine.tick(160.0)
    assert (raised.state, raised.priority, raised.kind) == (
        RAISED,
        Priority.WARNING,
        AlertKind.PHYSIOLOGICAL,
    )
    assert (raised.condition, raised.vital, raised.value, raised.threshold) == (
        "heart_rate",
        "heart_rate",
        112.0,
        100.0,
    )
    assert raised.time == 160.0
    assert raised.notify.send_to is Recipients.FIRST_LINE
    assert raised.notify.clear_from is Recipients.NONE
    assert raised.notify.tag == raised.alert_id
    assert raised.awaiting_acknowledgement
    assert only(engine).alert_id == raised.alert_id
    assert engine.next_deadline() is None  # warnings are not re-sent


def test_zero_delay_raises_on_the_same_update() -> None:
    engine = AlertEngine(AlertSettings(warning_delay=0, critical_delay=0, technical_delay=0))
    assert states(feed(engine, 5.0, heart_rate=110.0)) == [("heart_rate", RAISED, Priority.WARNING)]
    assert states(feed(engine, 6.0, spo2=None)) == [("no_signal:spo2", RAISED, Priority.WARNING)]
    assert states(feed(engine, 7.0, body_temperature=41.0)) == [
        ("body_temperature", RAISED, Priority.CRITICAL)
    ]


def test_critical_raised_after_critical_delay_without_a_warning_first() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, spo2=85.0)
    assert engine.next_deadline() == 10.0
    assert states(drive(engine, 60.0)) == [("spo2", RAISED, Priority.CRITICAL)]
    assert only(engine).next_resend_at == 310.0


def test_brief_critical_then_warning_raises_warning_from_the_first_crossing() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=130.0)
    feed(engine, 5.0, heart_rate=105.0)  # left the critical band by more than the margin
    assert engine.next_deadline() == 60.0
    assert states(drive(engine, 100.0)) == [("heart_rate", RAISED, Priority.WARNING)]


# Hysteresis


def test_value_oscillating_around_a_threshold_gives_one_alert() -> None:
    engine = AlertEngine()
    transitions = []
    # Around warning_high 100 with a margin of 2: 99 and 99.5 are not back inside by 2 bpm.
    for second in range(0, 600, 5):
        transitions += feed(
            engine, float(second), heart_rate=(101.0, 99.5, 100.5, 99.0)[second % 4]
        )
        transitions += drive(engine, float(second))
    assert states(transitions) == [("heart_rate", RAISED, Priority.WARNING)]
    assert transitions[0].time == 60.0
    assert states(feed(engine, 600.0, heart_rate=98.0)) == [("heart_rate", RESOLVED, Priority.INFO)]


def test_held_condition_reports_the_threshold_last_crossed() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=110.0)
    feed(engine, 30.0, heart_rate=99.0)  # classified normal (no threshold), held by the margin
    (raised,) = drive(engine, 60.0)
    assert (raised.value, raised.threshold) == (99.0, 100.0)


def test_value_below_margin_clears_a_pending_condition() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, spo2=94.0)
    feed(engine, 30.0, spo2=95.5)  # normal, but within 1 % of 95: the condition still holds
    assert engine.next_deadline() == 60.0
    feed(engine, 40.0, spo2=96.0)  # exactly low + margin: back inside
    assert engine.next_deadline() is None


def test_critical_level_is_held_until_back_inside_the_critical_band_by_the_margin() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, body_temperature=40.5)
    feed(engine, 5.0, body_temperature=39.9)  # warning, but within 0.2 °C of 40: still critical
    assert engine.next_deadline() == 10.0
    assert states(drive(engine, 10.0)) == [("body_temperature", RAISED, Priority.CRITICAL)]


def test_jump_from_critical_to_normal_stays_warning_inside_the_warning_margin() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=35.0)
    feed(engine, 5.0, heart_rate=61.0)  # normal, yet within 2 bpm of warning_low 60
    assert engine.next_deadline() == 60.0  # warning timer runs from the first crossing
    assert states(drive(engine, 60.0)) == [("heart_rate", RAISED, Priority.WARNING)]


def test_margin_is_not_judged_without_a_usable_value() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=110.0)
    bounds = {"warning_low": 60.0, "warning_high": 100.0}
    engine.update(1.0, {"heart_rate": VitalInput("normal", math.nan, **bounds)}, online=True)  # type: ignore[arg-type]
    assert engine.next_deadline() is None


# Escalation, latching, self-clearing


def test_warning_becoming_critical_escalates_the_same_alert() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=110.0)
    (raised,) = drive(engine, 60.0)
    feed(engine, 100.0, heart_rate=125.0)
    assert engine.next_deadline() == 110.0
    (escalated,) = engine.tick(110.0)
    assert escalated.alert_id == raised.alert_id
    assert (escalated.state, escalated.escalation, escalated.priority) == (
        ESCALATED,
        Escalation.PRIORITY,
        Priority.CRITICAL,
    )
    assert (escalated.value, escalated.threshold) == (125.0, 120.0)
    assert escalated.notify.send_to is Recipients.FIRST_LINE
    alert = only(engine)
    assert (alert.priority, alert.next_resend_at) == (Priority.CRITICAL, 410.0)


def test_warning_clears_by_itself() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, body_temperature=39.5)
    (raised,) = drive(engine, 60.0)
    (resolved,) = feed(engine, 90.0, body_temperature=38.5)
    assert (resolved.alert_id, resolved.state, resolved.priority) == (
        raised.alert_id,
        RESOLVED,
        Priority.INFO,
    )
    assert resolved.value == 38.5
    assert resolved.notify.send_to is Recipients.FIRST_LINE  # replaces the warning message
    assert not resolved.awaiting_acknowledgement
    assert engine.active_alerts == ()


def test_critical_latches_until_acknowledged() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, spo2=85.0)
    (raised,) = drive(engine, 10.0)
    (resolved,) = feed(engine, 30.0, spo2=98.0)
    assert (resolved.state, resolved.priority) == (RESOLVED, Priority.INFO)
    assert resolved.awaiting_acknowledgement
    latched = only(engine)
    assert (latched.alert_id, latched.condition_active, latched.acknowledged) == (
        raised.alert_id,
        False,
        False,
    )
    # Latched means the re-sends go on: nobody has seen it yet.
    assert states(drive(engine, 310.0)) == [("spo2", ESCALATED, Priority.CRITICAL)]
    (acknowledged,) = engine.acknowledge(400.0, raised.alert_id)
    assert (acknowledged.state, acknowledged.priority) == (ACKNOWLEDGED, Priority.CRITICAL)
    assert acknowledged.notify.send_to is Recipients.NONE
    assert acknowledged.notify.clear_from is Recipients.FIRST_LINE
    assert not acknowledged.awaiting_acknowledgement
    assert engine.active_alerts == ()
    assert engine.next_deadline() is None


def test_acknowledged_critical_clears_when_the_vital_recovers() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=130.0)
    drive(engine, 10.0)
    engine.acknowledge(20.0)
    assert only(engine).acknowledged
    (resolved,) = feed(engine, 30.0, heart_rate=80.0)
    assert (resolved.state, resolved.awaiting_acknowledgement) == (RESOLVED, False)
    assert engine.active_alerts == ()


def test_latched_alert_whose_condition_returns_is_raised_again_with_the_same_id() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=130.0)
    (raised,) = drive(engine, 10.0)
    feed(engine, 20.0, heart_rate=80.0)
    feed(engine, 30.0, heart_rate=105.0)  # back, at warning level only
    (again,) = drive(engine, 90.0)
    assert (again.alert_id, again.state, again.priority) == (
        raised.alert_id,
        RAISED,
        Priority.CRITICAL,  # the latched priority is not lowered
    )
    assert again.value == 105.0
    assert only(engine).condition_active
    assert engine.next_deadline() == 310.0  # the re-send schedule carries on


def test_critical_alert_is_not_lowered_when_the_vital_improves_to_warning() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=130.0)
    drive(engine, 10.0)
    assert feed(engine, 20.0, heart_rate=110.0) == []
    assert drive(engine, 100.0) == []
    assert only(engine).priority is Priority.CRITICAL


# Technical alerts


def test_finger_off_gives_a_technical_alert_never_a_physiological_one() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, spo2=None, heart_rate=None)
    assert engine.next_deadline() == 120.0
    transitions = drive(engine, 3600.0)
    assert states(transitions) == [
        ("no_signal:heart_rate", RAISED, Priority.WARNING),
        ("no_signal:spo2", RAISED, Priority.WARNING),
    ]
    assert {(t.kind, t.vital) for t in transitions} == {
        (AlertKind.TECHNICAL, "heart_rate"),
        (AlertKind.TECHNICAL, "spo2"),
    }
    assert all(t.value is None and t.threshold is None for t in transitions)
    assert engine.next_deadline() is None  # technical alerts are not re-sent
    assert states(feed(engine, 3700.0, spo2=97.0)) == [("no_signal:spo2", RESOLVED, Priority.INFO)]


def test_short_signal_loss_raises_nothing() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, spo2=None)
    feed(engine, 60.0, spo2=None)  # still lost: the delay keeps its start
    assert engine.next_deadline() == 120.0
    feed(engine, 100.0, spo2=97.0)
    assert engine.next_deadline() is None
    assert engine.history == ()


def test_signal_loss_keeps_a_raised_physiological_alert_and_cancels_a_pending_one() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=110.0, spo2=93.0)
    drive(engine, 60.0)
    feed(engine, 70.0, spo2=88.0)  # critical pending for SpO2
    assert feed(engine, 75.0, heart_rate=None, spo2=None) == []
    assert engine.next_deadline() == 195.0  # only the no_signal delays remain
    assert [a.condition for a in engine.active_alerts] == ["heart_rate", "spo2"]
    # With the signal back, a still-high heart rate keeps its alert: nothing resolves.
    assert feed(engine, 80.0, heart_rate=110.0) == []
    assert engine.active_alerts[0].condition_active


def test_disconnected_device_gives_an_offline_alert_and_ignores_readings() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=110.0)
    offline = {"heart_rate": reading("heart_rate", 150.0)}
    assert engine.update(30.0, offline, online=False) == []
    assert engine.next_deadline() == 150.0  # the warning timer was cancelled
    (raised,) = drive(engine, 1000.0)
    assert (raised.condition, raised.vital, raised.kind, raised.priority) == (
        OFFLINE,
        OFFLINE,
        AlertKind.TECHNICAL,
        Priority.WARNING,
    )
    assert engine.update(1000.0, offline, online=False) == []
    (resolved,) = feed(engine, 1010.0)
    assert (resolved.condition, resolved.state) == (OFFLINE, RESOLVED)
    assert engine.active_alerts == ()


def test_silent_device_goes_offline_after_the_stale_timeout() -> None:
    engine = AlertEngine(AlertSettings(stale_after=30.0))
    engine.update(
        0.0, {"heart_rate": reading("heart_rate", 80.0)}, online=True, last_reading_at=0.0
    )
    assert engine.next_deadline() == 30.0
    assert engine.tick(30.0) == []
    # The condition started when the data went stale, not when the timer fired.
    assert engine.next_deadline() == 150.0
    assert states(engine.tick(150.0)) == [(OFFLINE, RAISED, Priority.WARNING)]
    fresh = {"heart_rate": reading("heart_rate", 80.0)}
    assert states(engine.update(200.0, fresh, online=True, last_reading_at=199.0)) == [
        (OFFLINE, RESOLVED, Priority.INFO)
    ]
    assert engine.next_deadline() == 229.0


def test_late_update_counts_offline_from_the_stale_moment() -> None:
    engine = AlertEngine()
    transitions = engine.update(500.0, {}, online=True, last_reading_at=0.0)
    assert states(transitions) == [(OFFLINE, RAISED, Priority.WARNING)]  # 30 + 120 <= 500


# Re-notification and acknowledgement


def test_resend_every_interval_and_escalation_recipients_after_k_resends() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=130.0)
    (raised,) = drive(engine, 10.0)
    resends = drive(engine, 10.0 + 4 * 300.0)
    assert [t.time for t in resends] == [310.0, 610.0, 910.0, 1210.0]
    assert all(t.alert_id == raised.alert_id for t in resends)
    assert all(
        (t.state, t.escalation, t.priority) == (ESCALATED, Escalation.RENOTIFY, Priority.CRITICAL)
        for t in resends
    )
    assert [t.resend_count for t in resends] == [1, 2, 3, 4]
    both = Recipients.FIRST_LINE_AND_ESCALATION
    assert [t.notify.send_to for t in resends] == [Recipients.FIRST_LINE] * 2 + [both] * 2
    (acknowledged,) = engine.acknowledge(1300.0)
    assert acknowledged.notify.clear_from is both  # clear it from every phone that rang


def test_escalate_after_zero_resends_goes_to_escalation_recipients_at_once() -> None:
    engine = AlertEngine(AlertSettings(escalate_after_resends=0, resend_interval=60.0))
    feed(engine, 0.0, heart_rate=130.0)
    (raised, resend) = drive(engine, 70.0)
    assert raised.notify.send_to is Recipients.FIRST_LINE
    assert resend.notify.send_to is Recipients.FIRST_LINE_AND_ESCALATION
    (resolved,) = feed(engine, 80.0, heart_rate=80.0)
    assert resolved.notify.send_to is Recipients.FIRST_LINE_AND_ESCALATION


def test_acknowledge_stops_resends() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, spo2=85.0)
    drive(engine, 320.0)
    (acknowledged,) = engine.acknowledge(330.0)
    assert acknowledged.resend_count == 1
    assert engine.next_deadline() is None
    assert engine.tick(5000.0) == []
    assert only(engine).acknowledged


def test_missed_resends_after_downtime_catch_up_once() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, spo2=85.0)
    drive(engine, 10.0)
    assert len(engine.tick(2000.0)) == 1
    assert engine.next_deadline() == 2300.0


def test_higher_priority_after_acknowledgement_notifies_again() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=110.0)
    (raised,) = drive(engine, 60.0)
    engine.acknowledge(70.0, raised.alert_id)
    feed(engine, 80.0, heart_rate=130.0)
    (escalated,) = drive(engine, 90.0)
    assert (escalated.alert_id, escalated.state, escalated.notify.send_to) == (
        raised.alert_id,
        ESCALATED,
        Recipients.FIRST_LINE,
    )
    assert escalated.awaiting_acknowledgement
    assert not only(engine).acknowledged
    assert engine.next_deadline() == 390.0  # re-sends restart for the critical


def test_new_condition_after_acknowledgement_notifies() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=110.0)
    drive(engine, 60.0)
    engine.acknowledge(70.0)
    feed(engine, 80.0, body_temperature=39.5)
    assert states(drive(engine, 140.0)) == [("body_temperature", RAISED, Priority.WARNING)]


def test_acknowledge_all_and_repeated_acknowledgement() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, heart_rate=110.0, spo2=None)
    drive(engine, 120.0)
    first, second = engine.active_alerts
    assert [t.alert_id for t in engine.acknowledge(130.0, second.alert_id)] == [second.alert_id]
    assert engine.acknowledge(131.0, second.alert_id) == []
    assert [t.alert_id for t in engine.acknowledge(132.0)] == [first.alert_id]
    assert engine.acknowledge(133.0) == []
    assert [a.acknowledged for a in engine.active_alerts] == [True, True]


def test_unknown_alert_id_raises() -> None:
    engine = AlertEngine()
    with pytest.raises(UnknownAlertError, match="nope") as info:
        engine.acknowledge(0.0, "nope")
    assert info.value.alert_id == "nope"


def test_alert_ids_are_unique_and_prefixed() -> None:
    engine = AlertEngine(AlertSettings(warning_delay=0), id_prefix="patient1:")
    ids = set()
    for second in range(0, 40, 2):
        for transition in feed(engine, float(second), heart_rate=110.0 if second % 4 else 80.0):
            ids.add(transition.alert_id)
    assert len(ids) == 10
    assert all(alert_id.startswith("patient1:heart_rate-") for alert_id in ids)


# History and persistence


def test_history_keeps_the_last_ten_transitions() -> None:
    engine = AlertEngine(AlertSettings(warning_delay=0))
    produced = []
    for second in range(12):
        produced += feed(engine, float(second), heart_rate=110.0 if second % 2 == 0 else 80.0)
    assert len(produced) == 12
    assert list(engine.history) == produced[-HISTORY_LENGTH:]


def test_round_trip_mid_escalation_continues_the_schedule() -> None:
    settings = AlertSettings(resend_interval=120.0, escalate_after_resends=1)
    original = AlertEngine(settings, id_prefix="p:")
    feed(original, 0.0, heart_rate=130.0, spo2=93.0)
    drive(original, 140.0)  # critical raised at 10, re-sent once at 130; SpO2 warning at 60
    assert only_resend_count(original) == 1
    restored = AlertEngine.from_dict(
        json.loads(json.dumps(original.as_dict())), settings, id_prefix="p:"
    )
    assert restored.restore_errors == ()
    assert restored.as_dict() == original.as_dict()
    assert restored.active_alerts == original.active_alerts
    assert restored.history == original.history
    assert restored.next_deadline() == original.next_deadline() == 250.0
    expected = drive(original, 600.0)
    assert drive(restored, 600.0) == expected
    assert expected[0].notify.send_to is Recipients.FIRST_LINE_AND_ESCALATION
    # New alerts after the restart keep unique ids.
    assert feed(restored, 700.0, body_temperature=41.0) == feed(
        original, 700.0, body_temperature=41.0
    )


def only_resend_count(engine: AlertEngine) -> int:
    return next(a.resend_count for a in engine.active_alerts if a.priority is Priority.CRITICAL)


def test_round_trip_keeps_pending_timers_and_latched_state() -> None:
    engine = AlertEngine()
    feed(engine, 0.0, spo2=85.0)
    drive(engine, 10.0)
    feed(engine, 20.0, spo2=98.0, heart_rate=105.0, body_temperature=None)  # latched; pending
    engine.update(25.0, {}, online=False)
    restored = round_trip(engine)
    assert restored.as_dict() == engine.as_dict()
    assert restored.next_deadline() == engine.next_deadline() == 145.0
    assert drive(restored, 400.0) == drive(engine, 400.0)


def test_transition_dict_round_trip() -> None:
    engine = AlertEngine(AlertSettings(critical_delay=0, resend_interval=1.0))
    feed(engine, 0.0, heart_rate=130.0)
    engine.tick(1.0)
    for transition in engine.history:
        assert AlertTransition.from_dict(json.loads(json.dumps(transition.as_dict()))) == (
            transition
        )


@pytest.mark.parametrize("stored", [None, "garbage", 42, [], {}, {"version": 99}])
def test_restore_of_missing_or_foreign_state_starts_empty(stored: object) -> None:
    engine = AlertEngine.from_dict(stored)
    assert engine.as_dict() == AlertEngine().as_dict()
    assert engine.restore_errors == (() if stored is None else ("state",))


def good_state() -> dict[str, object]:
    """A stored state with a latched critical, a technical alert, a pending timer, history."""
    engine = AlertEngine()
    feed(engine, 0.0, spo2=85.0, heart_rate=None)
    drive(engine, 130.0)  # SpO2 critical at 10, no_signal:heart_rate at 120
    feed(engine, 140.0, spo2=98.0, body_temperature=39.5)
    assert len(engine.active_alerts) == 2
    state: dict[str, object] = json.loads(json.dumps(engine.as_dict()))
    return state


@pytest.mark.parametrize(
    ("path", "garbage", "lost"),
    [
        (("sequence",), "1", "sequence"),
        (("connection",), None, "connection"),
        (("connection", "online"), "yes", "connection"),
        (("connection", "offline_since"), math.nan, "connection"),
        (("trackers",), [], "trackers"),
        (("trackers", "spo2"), {"level": "panic"}, "tracker:spo2"),
        (("trackers", "heart_rate", "no_signal_since"), "0", "tracker:heart_rate"),
        (("alerts",), {}, "alerts"),
        (("alerts", 0), "alert", "alert:0"),
        (("alerts", 0, "condition"), "pulse", "alert:0"),
        (("alerts", 0, "condition"), "no_signal:pulse", "alert:0"),
        (("alerts", 0, "priority"), "urgent", "alert:0"),
        (("alerts", 0, "alert_id"), 7, "alert:0"),
        (("alerts", 0, "resend_count"), True, "alert:0"),
        (("history",), "", "history"),
        (("history", 0, "notify"), None, "history:0"),
        (("history", 1, "escalation"), "sideways", "history:1"),
    ],
)
def test_garbled_part_is_dropped_and_the_rest_restored(
    path: tuple[str | int, ...], garbage: object, lost: str
) -> None:
    state = good_state()
    target: object = state
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = garbage  # type: ignore[index]
    engine = AlertEngine.from_dict(state)
    assert engine.restore_errors == (lost,)
    restored = engine.as_dict()
    expected = good_state()
    section, _, item = lost.partition(":")
    section = {"tracker": "trackers", "alert": "alerts"}.get(section, section)
    if not item:  # a whole section lost: it restarts from its empty default
        expected[section] = AlertEngine().as_dict()[section]
    elif section == "trackers":
        expected["trackers"][item] = AlertEngine().as_dict()["trackers"][item]  # type: ignore[index]
    else:  # one list entry lost, its siblings kept
        del expected[section][int(item)]  # type: ignore[attr-defined]
    assert restored == expected


def test_missing_tracker_keeps_its_default_and_duplicate_alert_is_dropped() -> None:
    state = good_state()
    del state["trackers"]["heart_rate"]  # type: ignore[attr-defined]
    alerts = state["alerts"]
    assert isinstance(alerts, list)
    alerts.append(dict(alerts[0]))
    engine = AlertEngine.from_dict(state)
    assert engine.restore_errors == (f"alert:{len(alerts) - 1}",)
    trackers, fresh_trackers = engine.as_dict()["trackers"], AlertEngine().as_dict()["trackers"]
    assert isinstance(trackers, dict)
    assert isinstance(fresh_trackers, dict)
    assert trackers["heart_rate"] == fresh_trackers["heart_rate"]
    assert len(engine.active_alerts) == len(alerts) - 1


# Invariants under random use


def test_random_sequences_keep_the_invariants() -> None:
    rng = random.Random(20261126)
    for _ in range(40):
        settings = AlertSettings(
            critical_delay=rng.choice([0.0, 10.0]),
            warning_delay=rng.choice([0.0, 60.0]),
            technical_delay=rng.choice([0.0, 120.0]),
            resend_interval=rng.choice([60.0, 300.0]),
            escalate_after_resends=rng.choice([0, 2]),
        )
        engine = AlertEngine(settings)
        now = 0.0
        seen_ids: set[str] = set()
        produced: list[AlertTransition] = []
        for _step in range(60):
            now += rng.choice([1.0, 5.0, 30.0, 200.0])
            action = rng.random()
            processes_due = action < 0.85  # acknowledge leaves due work to the next tick
            if action < 0.6:
                vitals = rng.sample(VITALS, rng.randint(0, 3))
                values = {v: rng.choice([None, *_values_around_bands(v)]) for v in vitals}
                out = engine.update(
                    now,
                    {v: reading(v, x) for v, x in values.items()},
                    online=rng.random() > 0.1,
                    last_reading_at=now - rng.choice([0.0, 0.0, 40.0]),
                )
            elif action < 0.85:
                deadline = engine.next_deadline()
                now = max(now, deadline) if deadline is not None else now
                out = engine.tick(now)
            else:
                alerts = engine.active_alerts
                alert_id = rng.choice(alerts).alert_id if alerts and rng.random() < 0.5 else None
                out = engine.acknowledge(now, alert_id)
            produced += out
            deadline = engine.next_deadline()
            if processes_due:
                assert deadline is None or deadline > now  # the HA timer can never spin
            for transition in out:
                assert transition.time == now
                if transition.state is RAISED and transition.alert_id not in seen_ids:
                    seen_ids.add(transition.alert_id)
                else:
                    assert transition.alert_id in seen_ids
                if transition.condition.startswith("no_signal:") or transition.condition == OFFLINE:
                    assert transition.kind is AlertKind.TECHNICAL
            conditions = [a.condition for a in engine.active_alerts]
            assert len(conditions) == len(set(conditions))
            for alert in engine.active_alerts:
                assert (alert.next_resend_at is not None) == (
                    alert.priority is Priority.CRITICAL and not alert.acknowledged
                )
                assert alert.condition_active or alert.priority is Priority.CRITICAL
            assert list(engine.history) == produced[-HISTORY_LENGTH:]
            restored = round_trip(engine, settings)
            assert restored.restore_errors == ()
            assert restored.as_dict() == engine.as_dict()


def _values_around_bands(vital: str) -> list[float]:
    """Values on, near and beyond every limit of a vital, plus a normal one."""
    limits = [limit for limit in BANDS[vital] if limit is not None]
    step = AlertSettings().margin_for(vital)
    return [limit + k * step for limit in limits for k in (-1.5, -0.5, 0.0, 0.5, 1.5)]
