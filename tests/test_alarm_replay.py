"""scripts/alarm-replay: the shipped scenarios through the classifier and engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from fajma_tools.alarm_replay import SCENARIOS, clock, main, read_scenario, replay


def timeline(name: str) -> list[tuple[str, str, str, str]]:
    """(time, state, priority, condition) of each raise or change, reminders left out."""
    result = replay(read_scenario(SCENARIOS / f"{name}.csv"))
    return [
        (clock(t.time), t.state.value, t.priority.value, t.condition)
        for t in result.transitions
        if not (t.escalation is not None and t.escalation.value == "renotify")
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("stable", []),
        ("fever", [("0:01:30", "raised", "critical", "body_temperature")]),
        ("tachycardia", [("0:00:30", "raised", "critical", "heart_rate")]),
        ("bradycardia", [("0:00:30", "raised", "critical", "heart_rate")]),
        ("desaturation", [("0:00:30", "raised", "critical", "spo2")]),
        ("finger_off", [("0:02:10", "raised", "warning", "sensor_off")]),
        (
            "sensor_fault",
            [
                ("0:00:20", "raised", "critical", "no_pulse"),
                ("0:02:10", "raised", "warning", "sensor_off"),
            ],
        ),
        (
            "deteriorating",
            [
                ("0:03:10", "raised", "warning", "spo2"),
                ("0:05:20", "raised", "warning", "heart_rate"),
                ("0:06:30", "escalated", "critical", "spo2"),
                ("0:08:00", "escalated", "critical", "heart_rate"),
                ("0:12:10", "raised", "warning", "body_temperature"),
            ],
        ),
    ],
)
def test_shipped_scenarios(name: str, expected: list[tuple[str, str, str, str]]) -> None:
    """What the default settings do with each shipped scenario."""
    assert timeline(name) == expected


def test_deteriorating_prints_a_timeline_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """The command a nurse runs: every transition, then alerts per hour and first critical."""
    assert main([str(SCENARIOS / "deteriorating.csv")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "deteriorating.csv — preset default"
    assert (
        out[1] == "0:03:10  raised                 warning  spo2 93 % (limit 95 %)  -> first_line"
    )
    assert (
        "0:06:30  escalated (priority)   critical spo2 89 % (limit 90 %); raised at 93 %,"
        " worst 89 %  -> first_line"
    ) in out
    # Unacknowledged for 5 minutes: the back-up list is told.
    assert any(line.startswith("0:11:30") and "first_line_and_escalation" in line for line in out)
    assert "time to first critical: 0:06:30" in out
    assert "  critical physiological   2  (8.0 per hour)" in out


def test_options_preset_and_acknowledge_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Settings change the outcome; an `acknowledge` column stops the reminders."""
    night = tmp_path / "night.csv"
    night.write_text(
        "t,heart_rate,spo2,body_temperature,acknowledge\n0,72,91,36.8,\n60,72,91,36.8,1\n",
        encoding="utf-8",
    )
    # SpO2 91: warning by default, critical under NEWS2 (<= 91).
    assert main([str(night), "--duration", "600"]) == 0
    default = capsys.readouterr().out
    assert "critical" not in default.split("\n\n")[0]
    assert main([str(night), "--preset", "news2", "--duration", "600"]) == 0
    news2 = capsys.readouterr().out
    assert "0:00:10  raised                 critical spo2" in news2
    assert "acknowledged at: 0:01:00" in news2
    assert "reminders sent: 0" in news2
    slower = '{"spo2_critical_delay": 30}'
    assert main([str(night), "--preset", "news2", "--options", slower]) == 0
    assert "0:00:30  raised                 critical spo2" in capsys.readouterr().out


def test_connected_column_shows_offline_tiers(tmp_path: Path) -> None:
    """A `connected` column: the device lost for 20 minutes → warning, then critical."""
    rows = read_scenario(_write(tmp_path, "t,heart_rate,spo2,connected\n0,72,97,1\n10,72,97,0\n"))
    result = replay(rows, duration=1300)
    offline = [(clock(t.time), t.state.value, t.priority.value) for t in result.transitions]
    assert offline[:2] == [("0:00:39", "raised", "warning"), ("0:15:09", "escalated", "critical")]


def _write(folder: Path, text: str) -> Path:
    path = folder / "fajma-replay-connected.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("heart_rate\n72\n", "the header must start with t"),
        ("t,heart_rate\n", "no rows"),
        ("t,heart_rate\n5,72\n1,72\n", "line 3: t must be a number, increasing"),
        ("t,heart_rate\n0,abc\n", "line 2"),
    ],
)
def test_bad_files_are_refused_with_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    """A malformed file: exit status 2 and a message naming what is wrong."""
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    assert main([str(path)]) == 2
    assert message in capsys.readouterr().err


def test_bad_options_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """Settings the engine cannot honour are refused before anything runs."""
    assert main(["stable", "--options", '{"resend_interval": 0}']) == 2
    assert "resend_interval" in capsys.readouterr().err
    assert main(["stable", "--options", "[1]"]) == 2
    assert main(["no-such-scenario"]) == 2
