"""The pure alert engine, driven by scripted patients through the real classifier."""

from __future__ import annotations

from datetime import timedelta
import json
import math
import random

import pytest

from custom_components.fajma.alert_book import HISTORY_LENGTH
from custom_components.fajma.alert_engine import AlertEngine
from custom_components.fajma.alert_model import (
    ActiveAlert,
    AlertKind,
    AlertSettings,
    AlertTransition,
    Escalation,
    Priority,
    Recipients,
    TransitionState,
    UnknownAlertError,
    VitalInput,
    engine_inputs,
)
from custom_components.fajma.vitals import (
    PRESETS,
    Preset,
    Readings,
    SignalLoss,
    VitalStatus,
    evaluate,
)
from tests.alarm_sim import EPOCH, Sim, first, states

RAISED = TransitionState.RAISED
ESCALATED = TransitionState.ESCALATED
DE_ESCALATED = TransitionState.DE_ESCALATED
ACKNOWLEDGED = TransitionState.ACKNOWLEDGED
RESOLVED = TransitionState.RESOLVED
CRITICAL, WARNING, INFO = Priority.CRITICAL, Priority.WARNING, Priority.INFO


def renotifies(transitions: list[AlertTransition]) -> list[AlertTransition]:
    return [t for t in transitions if t.escalation is Escalation.RENOTIFY]


# --- acknowledgement silences one condition, not the patient ---------------------------------


def test_acknowledged_critical_that_improves_then_worsens_alarms_again() -> None:
    sim = Sim(preset=Preset.NEWS2)
    assert states(sim.run(15, spo2=88)) == [("spo2", RAISED, CRITICAL)]
    sim.acknowledge()
    improved = sim.run(60, spo2=94)  # warning band under NEWS2 (92-95)
    assert states(improved) == [("spo2", DE_ESCALATED, WARNING)]
    assert improved[0].awaiting_acknowledgement  # the acknowledgement ended with the condition
    worse = sim.run(3600, spo2=85)
    assert states(worse)[0] == ("spo2", ESCALATED, CRITICAL)
    back = first(worse, "spo2", ESCALATED)
    assert back.time - (sim.now - 3600) <= 10.0 + 1.0  # within the critical delay
    assert back.notify.send_to is Recipients.FIRST_LINE
    # Not acknowledged this time: reminders every 2 min for the rest of the hour.
    assert len(renotifies(worse)) >= 25


def test_acknowledgement_expires_while_the_condition_persists() -> None:
    sim = Sim(AlertSettings(acknowledge_timeout=600))
    sim.run(15, spo2=85)
    sim.acknowledge()
    quiet = sim.run(599, spo2=85)
    assert states(quiet) == []
    assert renotifies(quiet) == []
    again = sim.run(5, spo2=85)
    assert states(again) == [("spo2", RAISED, CRITICAL)]
    assert again[0].awaiting_acknowledgement
    assert again[0].notify.send_to is Recipients.FIRST_LINE
    # The escalation clock restarted at the re-alarm: the back-up list is told 5 min later.
    later = sim.run(301, spo2=85)
    assert [t.notify.send_to for t in renotifies(later)][-1] is Recipients.FIRST_LINE_AND_ESCALATION
    assert renotifies(later)[0].notify.send_to is Recipients.FIRST_LINE


def test_acknowledged_warning_also_realarms_after_timeout() -> None:
    sim = Sim(AlertSettings(acknowledge_timeout=300))
    sim.run(61, heart_rate=110)
    sim.acknowledge()
    assert states(sim.run(310, heart_rate=110)) == [("heart_rate", RAISED, WARNING)]


def test_acknowledge_records_who_and_stops_reminders() -> None:
    sim = Sim()
    sim.run(15, spo2=85)
    acknowledged = sim.acknowledge(by="Nurse Bea")
    assert acknowledged[0].alert.acknowledged_by == "Nurse Bea"
    assert acknowledged[0].as_dict()["acknowledged_by"] == "Nurse Bea"
    assert acknowledged[0].notify.clear_from is Recipients.FIRST_LINE
    assert sim.acknowledge() == []  # nothing left to acknowledge
    assert renotifies(sim.run(900, spo2=85)) == []


def test_worse_priority_ends_an_acknowledged_warning() -> None:
    sim = Sim()
    sim.run(61, spo2=93)
    sim.acknowledge()
    worse = sim.run(15, spo2=86)
    assert states(worse) == [("spo2", ESCALATED, CRITICAL)]
    assert worse[0].awaiting_acknowledgement


def test_acknowledge_unknown_alert() -> None:
    with pytest.raises(UnknownAlertError):
        Sim().acknowledge("nope")


# --- intermittent conditions ------------------------------------------------------------------


def test_alternating_dips_into_critical_raise_a_critical_alert() -> None:
    sim = Sim(preset=Preset.NEWS2)
    for _ in range(17):  # 5 minutes of 9 s at 90 % (critical) and 9 s at 93 % (warning)
        sim.run(9, spo2=90)
        sim.run(9, spo2=93)
    raised = [s for s in states(sim.transitions) if s[1] in (RAISED, ESCALATED)]
    assert ("spo2", CRITICAL) in [(c, p) for c, _, p in raised]
    critical_at = next(t.time for t in sim.transitions if t.priority is CRITICAL)
    assert critical_at - 1_000_000.0 <= 30.0
    # One alert for the episode: it does not come and go with every dip.
    assert len([t for t in sim.transitions if t.state is RESOLVED]) == 0


def test_heart_rate_alternating_135_and_128_under_news2_is_critical() -> None:
    sim = Sim(preset=Preset.NEWS2)
    for _ in range(30):
        sim.run(5, heart_rate=135)
        sim.run(5, heart_rate=128)
    assert CRITICAL in [t.priority for t in sim.transitions if t.condition == "heart_rate"]


def test_one_short_artifact_does_not_alarm() -> None:
    sim = Sim()
    sim.run(120)
    sim.run(3, spo2=80, heart_rate=150)
    assert sim.run(600) == []


def test_rare_short_dips_never_alarm() -> None:
    sim = Sim()
    for _ in range(60):  # 2 s in the critical band every 20 s: 10 % of the time
        sim.run(2, spo2=85)
        sim.run(18)
    assert [t for t in sim.transitions if t.condition == "spo2"] == []


def test_alert_ends_only_once_gone_for_its_clear_time() -> None:
    sim = Sim()
    sim.run(61, heart_rate=110)
    assert sim.active() == {"heart_rate": WARNING}
    assert sim.run(59, heart_rate=72) == []
    assert states(sim.run(2, heart_rate=72)) == [("heart_rate", RESOLVED, INFO)]
    assert sim.active() == {}


def test_hysteresis_keeps_a_value_on_the_limit_in_its_band() -> None:
    sim = Sim()
    sim.run(61, heart_rate=101)
    assert states(sim.run(300, heart_rate=99)) == []  # not back inside by the 2 bpm margin
    assert states(sim.run(70, heart_rate=97)) == [("heart_rate", RESOLVED, INFO)]


# --- priority follows the condition; latching -------------------------------------------------


def test_unacknowledged_critical_latches_and_comes_back_at_the_new_priority() -> None:
    sim = Sim()
    sim.run(15, spo2=85)
    recovered = sim.run(30, spo2=97)
    assert states(recovered) == [("spo2", RESOLVED, INFO)]
    (latched,) = sim.engine.active_alerts
    assert not latched.condition_active
    assert latched.latched
    back = sim.run(70, spo2=93)  # warning-level this time
    assert states(back) == [("spo2", RAISED, WARNING)]
    assert back[0].alert.alert_id == latched.alert_id
    assert sim.active() == {"spo2": WARNING}


def test_latched_alert_goes_when_acknowledged() -> None:
    sim = Sim()
    sim.run(15, spo2=85)
    sim.run(30, spo2=97)
    (ack,) = sim.acknowledge()
    assert not ack.awaiting_acknowledgement
    assert sim.engine.active_alerts == ()


def test_critical_to_normal_resolves_without_a_warning_step() -> None:
    sim = Sim()
    sim.run(15, spo2=85)
    sim.acknowledge()
    assert states(sim.run(20, spo2=98)) == [("spo2", RESOLVED, INFO)]
    assert sim.active() == {}


def test_reminders_quote_the_raising_worst_and_current_values() -> None:
    sim = Sim()
    sim.run(11, spo2=89)
    sim.run(20, spo2=84)
    sim.run(50, spo2=93)
    reminders = renotifies(sim.run(100, spo2=93))
    alert = reminders[-1].alert
    assert (alert.raised_value, alert.worst_value, alert.value) == (89.0, 84.0, 93.0)
    # A latched reminder is re-sent at the priority of the condition now (warning).
    assert reminders[-1].priority is WARNING
    assert alert.side == "low"
    assert alert.threshold == 95.0  # the warning band's limit


# --- readings that may hide an emergency ------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [{"heart_rate": 18.0}, {"spo2": 48.0}, {"heart_rate": None}, {"spo2": None}],
    ids=["hr18", "spo2_48", "hr_nan", "spo2_nan"],
)
def test_finger_on_without_valid_pulse_is_a_critical_alert(values: dict[str, float | None]) -> None:
    sim = Sim()
    sim.run(30)
    start = sim.now
    found = sim.run(30, finger=True, **values)
    alert = first(found, "no_pulse", RAISED)
    assert alert.priority is CRITICAL
    assert alert.kind is AlertKind.TECHNICAL
    assert 14.0 <= alert.time - start <= 16.0
    assert [t.condition for t in found if t.state is RAISED] == ["no_pulse"]


def test_finger_off_is_one_sensor_off_alert() -> None:
    sim = Sim()
    sim.run(30)
    found = sim.run(200, finger=False)
    assert states(found) == [("sensor_off", RAISED, WARNING)]
    assert found[0].time - (sim.now - 200) == pytest.approx(120.0, abs=1.0)
    assert states(sim.run(70, finger=True)) == [("sensor_off", RESOLVED, INFO)]


def test_thermometer_fault_is_a_sensor_off_alert() -> None:
    sim = Sim()
    found = sim.run(130, body_temperature=None)
    assert states(found) == [("sensor_off", RAISED, WARNING)]


def test_signal_lost_during_pending_critical_is_critical_and_keeps_the_condition() -> None:
    sim = Sim()
    sim.run(30)
    sim.run(8, spo2=80)
    lost_at = sim.now
    lost = sim.run(130, finger=False)
    assert states(lost) == [("sensor_off", RAISED, CRITICAL)]
    assert lost[0].time - lost_at <= 10.0 + 1.0
    # The pending critical was neither dropped nor resolved: back at 80 %, it alarms at once.
    back = sim.run(5, finger=True, spo2=80)
    assert ("spo2", RAISED, CRITICAL) in states(back)
    assert back[0].time - sim.now + 5 <= 3.0


def test_signal_lost_during_active_critical_does_not_resolve_it() -> None:
    sim = Sim()
    sim.run(15, spo2=85)
    found = sim.run(600, finger=False)
    assert ("spo2", RESOLVED, INFO) not in states(found)
    assert sim.active()["spo2"] is CRITICAL
    assert sim.active()["sensor_off"] is CRITICAL


# --- offline in tiers; restarts ----------------------------------------------------------------


def test_offline_tiers_warning_then_critical_with_reminders() -> None:
    sim = Sim()
    sim.run(10)
    lost_at = sim.now
    found = sim.silence(1200)
    assert states(found)[:2] == [("offline", RAISED, WARNING), ("offline", ESCALATED, CRITICAL)]
    warning, critical = found[0], found[1]
    assert warning.time - lost_at <= 30.0
    assert critical.time - lost_at == pytest.approx(900.0, abs=2.0)
    assert renotifies(found)  # critical: reminded
    back = sim.run(2)
    assert ("offline", RESOLVED, INFO) in states(back)


def test_silent_but_connected_device_is_offline_after_the_stale_timeout() -> None:
    sim = Sim()
    sim.run(10)
    found = sim.silence(60, connected=True)
    assert states(found) == [("offline", RAISED, WARNING)]
    assert found[0].time == pytest.approx(sim.now - 60 - 1 + 30, abs=1.5)


def test_offline_during_critical_condition_is_critical_within_the_critical_delay() -> None:
    sim = Sim()
    sim.run(5, spo2=80)
    lost_at = sim.now
    found = sim.silence(60)
    offline = first(found, "offline", RAISED)
    assert offline.priority is CRITICAL
    assert offline.time - lost_at <= 10.0


def test_restart_longer_than_stale_timeout_raises_no_spurious_offline_alert() -> None:
    sim = Sim()
    sim.run(60)
    stored = json.loads(json.dumps(sim.engine.as_dict()))
    engine = AlertEngine.from_dict(stored, sim.settings, id_prefix="p:")
    restarted = Sim(sim.settings, engine=engine, start=sim.now + 3600)  # down for an hour
    assert engine.resume(restarted.now) == []
    found = restarted.run(25)  # the device reconnects 25 s after the start
    assert found == []
    assert restarted.run(600) == []


def test_device_still_gone_after_restart_is_reported_after_the_grace() -> None:
    engine = AlertEngine()
    engine.update(0.0, {}, online=True, last_reading_at=0.0)
    assert engine.resume(5000.0) == []
    found: list[AlertTransition] = []
    while (deadline := engine.next_deadline()) is not None and deadline <= 5100.0:
        found += engine.tick(deadline)
    assert next((t.condition, t.state, t.time) for t in found) == ("offline", RAISED, 5030.0)


def test_downtime_across_escalate_after_escalates_at_once() -> None:
    sim = Sim()
    sim.run(15, spo2=85)
    engine = AlertEngine.from_dict(sim.engine.as_dict(), sim.settings, id_prefix="p:")
    found = engine.resume(sim.now + 600)  # Home Assistant was down for 10 minutes
    assert [t.notify.send_to for t in found] == [Recipients.FIRST_LINE_AND_ESCALATION]
    assert found[0].escalation is Escalation.RENOTIFY


def test_escalation_by_time_not_by_count() -> None:
    sim = Sim(AlertSettings(resend_interval=600, escalate_after=300))
    sim.run(15, spo2=85)
    found = renotifies(sim.run(300, spo2=85))
    assert [t.notify.send_to for t in found] == [Recipients.FIRST_LINE_AND_ESCALATION]
    assert found[0].time - (sim.now - 300 - 15 + 10) == pytest.approx(300.0, abs=1.5)


# --- classification as shown -------------------------------------------------------------------


def test_rounding_at_band_edges_classifies_what_is_shown() -> None:
    sim = Sim(preset=Preset.NEWS2)
    found = sim.run(15, spo2=91.4)  # shown as 91 %: NEWS2 scores it 3
    assert states(found) == [("spo2", RAISED, CRITICAL)]
    assert found[0].alert.value == 91.0


# --- persistence ---------------------------------------------------------------------------------


def test_state_round_trips_through_json() -> None:
    sim = Sim()
    sim.run(15, spo2=85, finger=True)
    sim.run(20, heart_rate=None, spo2=85)
    sim.acknowledge(by="Bob")
    data = json.loads(json.dumps(sim.engine.as_dict()))
    restored = AlertEngine.from_dict(data, sim.settings, id_prefix="p:")
    assert restored.restore_errors == ()
    assert restored.as_dict() == data
    assert [a.as_dict() for a in restored.active_alerts] == [
        a.as_dict() for a in sim.engine.active_alerts
    ]
    assert len(restored.active_alerts) == 2


def test_garbled_parts_are_dropped_alone() -> None:
    sim = Sim()
    sim.run(15, spo2=85, heart_rate=130)
    data = json.loads(json.dumps(sim.engine.as_dict()))
    data["alerts"][0]["priority"] = "purple"
    data["trackers"]["spo2"] = 3
    data["history"].append({"nonsense": True})
    restored = AlertEngine.from_dict(data, sim.settings)
    assert set(restored.restore_errors) == {
        "alert:0",
        "tracker:spo2",
        f"history:{len(data['history']) - 1}",
    }
    assert len(restored.active_alerts) == 1
    assert AlertEngine.from_dict({"version": 1}).restore_errors == ("state",)
    assert AlertEngine.from_dict(None).restore_errors == ()


def test_duplicate_stored_alert_is_dropped() -> None:
    sim = Sim()
    sim.run(15, spo2=85)
    data = sim.engine.as_dict()
    data["alerts"] = [*data["alerts"], *data["alerts"]]  # type: ignore[misc]
    assert AlertEngine.from_dict(data).restore_errors == ("alert:1",)


def test_history_is_bounded() -> None:
    sim = Sim(AlertSettings(resend_interval=1))
    sim.run(200, spo2=85)
    assert len(sim.engine.history) == HISTORY_LENGTH


# --- inputs and settings --------------------------------------------------------------------------


def test_settings_reject_impossible_values() -> None:
    with pytest.raises(ValueError, match="resend_interval"):
        AlertSettings(resend_interval=0)
    with pytest.raises(ValueError, match="spo2_critical_delay"):
        AlertSettings(spo2_critical_delay=math.nan)
    with pytest.raises(ValueError, match="technical_delay"):
        AlertSettings(technical_delay=-1)
    assert AlertSettings().delay("body_temperature", Priority.WARNING) == 300.0


def test_engine_rejects_unknown_vitals_and_bad_times() -> None:
    engine = AlertEngine()
    with pytest.raises(ValueError, match="unknown vitals"):
        engine.update(0.0, {"pulse": VitalInput(VitalStatus.NORMAL, 60.0)}, online=True)
    with pytest.raises(ValueError, match="finite"):
        engine.tick(math.inf)


def test_no_signal_without_a_cause_counts_as_sensor_off() -> None:
    assert VitalInput(VitalStatus.NO_SIGNAL).loss is SignalLoss.SENSOR_OFF
    assert VitalInput("no_signal", loss="no_pulse").loss is SignalLoss.NO_PULSE  # type: ignore[arg-type]


def test_zero_delays_alert_at_once_and_clear_at_once() -> None:
    zero = AlertSettings(
        heart_rate_critical_delay=0,
        spo2_critical_delay=0,
        body_temperature_critical_delay=0,
        heart_rate_warning_delay=0,
        spo2_warning_delay=0,
        body_temperature_warning_delay=0,
        technical_delay=0,
        no_pulse_delay=0,
    )
    sim = Sim(zero)
    assert states(sim.run(1, spo2=93)) == [("spo2", RAISED, WARNING)]
    assert states(sim.run(1, spo2=97)) == [("spo2", RESOLVED, INFO)]
    assert sim.run(5) == []


def test_active_alert_round_trip_and_kind() -> None:
    alert = ActiveAlert("a", "no_pulse", Priority.CRITICAL, 1.0)
    assert alert.kind is AlertKind.TECHNICAL
    assert ActiveAlert.from_dict(alert.as_dict()) == alert
    with pytest.raises(ValueError, match="unknown condition"):
        ActiveAlert.from_dict({**alert.as_dict(), "condition": "mood"})


# --- the quiet path is only a shortcut ----------------------------------------------------------


class FullPathEngine(AlertEngine):
    """The engine without its quiet path: every update takes the full path."""

    def _is_quiet(self) -> bool:
        return False


def test_quiet_path_gives_the_full_path_results() -> None:
    """Random patients, mostly normal with excursions, signal losses, silences, restarts and
    acknowledgements: the engine with its quiet path decides exactly as without it."""
    rng = random.Random(20261130)
    settings = AlertSettings(heart_rate_critical_delay=4, spo2_warning_delay=6, stale_after=5)
    table = PRESETS[Preset.NEWS2]
    quiet_steps = 0
    for _ in range(150):
        fast = AlertEngine(settings, id_prefix="p:")
        full = FullPathEngine(settings, id_prefix="p:")
        now, last_reading = 1_000_000.0, 1_000_000.0
        for _ in range(80):
            now += rng.choice((0.5, 1.0, 1.0, 1.0, 2.0, 7.0))
            roll = rng.random()
            if roll < 0.04:
                steps = [(e, e.tick(now)) for e in (fast, full)]
            elif roll < 0.07:
                steps = [(e, e.acknowledge(now)) for e in (fast, full)]
            elif roll < 0.09:
                steps = [(e, e.resume(now)) for e in (fast, full)]
            else:
                online = rng.random() > 0.03
                if rng.random() > 0.05:
                    last_reading = now
                readings = Readings(
                    heart_rate=rng.choice((72.0, 75.0, 88.0, 95.0, 135.0, math.nan)),
                    spo2=rng.choice((97.0, 98.0, 96.0, 94.0, 89.0)),
                    body_temperature=rng.choice((36.8, 37.0, 38.5)),
                    finger_detected=rng.random() > 0.03,
                )
                if rng.random() < 0.8:  # a calm stretch: everything normal
                    readings = Readings(
                        heart_rate=rng.choice((70.0, 72.0, 80.0)),
                        spo2=97.0,
                        body_temperature=36.8,
                        finger_detected=True,
                    )
                snapshot = evaluate(
                    readings,
                    table,
                    connected=online,
                    last_reading=EPOCH,
                    now=EPOCH,
                    stale_timeout=timedelta(seconds=5),
                )
                inputs = engine_inputs(snapshot)
                quiet_steps += fast._quiet
                steps = [
                    (e, e.update(now, inputs, online=online, last_reading_at=last_reading))
                    for e in (fast, full)
                ]
            (_, fast_out), (_, full_out) = steps
            assert [t.as_dict() for t in fast_out] == [t.as_dict() for t in full_out]
            assert fast.as_dict() == full.as_dict()
            assert fast.next_deadline() == full.next_deadline()
    assert quiet_steps > 1000  # the shortcut was taken, often
