"""End to end: `scripts/demo` and the FAJMA cards in the real Home Assistant frontend.

Starts the demo in a temporary folder on free ports (two virtual devices, a real Home
Assistant onboarded and configured through its own APIs), then runs
`lovelace/test/e2e/demo.mjs`: headless Chromium logs in through Home Assistant's login page
and waits for live readings of both patients in the FAJMA cards on the page it lands on, for
the deteriorating patient's card to turn warning or critical and show a critical alert, and
acknowledges that alert from the card.
Finally the demo is stopped with SIGTERM and must exit cleanly, leaving nothing behind.

FAJMA_UPDATE_SCREENSHOT=1 also refreshes docs/dashboard.png (the README's picture).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from pathlib import Path
import re
import shutil
import signal
import socket
import time

import pytest

# Real sockets on 127.0.0.1: free ports for the demo (the harness blocks sockets otherwise).
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("socket_enabled")]

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "scripts" / "demo"
E2E_SCRIPT = REPO / "lovelace" / "test" / "e2e" / "demo.mjs"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
PATIENTS = ["Grand-mère Éliane", "Papi Jean"]
DETERIORATING = "Papi Jean"
READY_TIMEOUT = 240.0  # scripts/setup (a no-op once provisioned), firmware cache, HA start
BROWSER_TIMEOUT = 180  # seconds, enforced by demo.mjs itself (and here, with a margin)
STOP_TIMEOUT = 90.0
# Home Assistant log records about our integration that are not defects.
EXPECTED_LOG = ("We found a custom integration fajma which has not been tested",)


def free_port(count: int = 1) -> int:
    """A port P on 127.0.0.1 with P .. P+count-1 free (checked now, used a moment later)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            base: int = probe.getsockname()[1]
        if base + count > 65535:
            continue
        try:
            with contextlib.ExitStack() as stack:
                for port in range(base, base + count):
                    sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free ports on 127.0.0.1")


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"({path} does not exist)"


def integration_problems(log: Path) -> list[str]:
    """Warnings and errors in the Home Assistant log that concern the FAJMA integration.

    A record is its first line and the traceback lines under it: an error in a websocket
    command or a service names our code only in its traceback.
    """
    start = re.compile(r"^\d{4}-\d\d-\d\d \S+ (\w+) ")
    records: list[tuple[str, list[str]]] = []
    for line in log.read_text(errors="replace").splitlines():
        if match := start.match(line):
            records.append((match.group(1), [line]))
        elif records:
            records[-1][1].append(line)
    problems = []
    for level, lines in records:
        # The Python that scripts/setup provisions lives in ~/.cache/fajma: not our code.
        text = "\n".join(lines).replace("/.cache/fajma/", "/.cache/")
        if level not in ("WARNING", "ERROR", "CRITICAL") or not re.search(r"\bfajma\b", text):
            continue
        if any(expected in text for expected in EXPECTED_LOG):
            continue
        problems.append(lines[0][:600])
    return problems


class Demo:
    """`scripts/demo` as a subprocess in its own process group, its output in a file."""

    def __init__(
        self, state: Path, port: int, device_port: int, extra: tuple[str, ...] = ()
    ) -> None:
        self.extra = extra
        self.state = state
        self.port = port
        self.device_ports = [device_port, device_port + 1]
        self.phone_port = free_port()
        self.output = state.parent / "demo.out"
        self.lines: list[str] = []
        self.process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            str(DEMO),
            "--dir",
            str(self.state),
            "--port",
            str(self.port),
            "--device-port",
            str(self.device_ports[0]),
            "--phone-port",
            str(self.phone_port),
            *self.extra,
            cwd=REPO,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # so a failed test can end every process it started
        )
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process is not None
        assert self.process.stdout is not None
        with self.output.open("w") as out:
            async for raw in self.process.stdout:
                line = raw.decode(errors="replace").rstrip("\n")
                self.lines.append(line)
                out.write(line + "\n")
                out.flush()
                if line == "DEMO READY":
                    self._ready.set()

    async def wait_ready(self, timeout: float) -> None:
        assert self.process is not None
        ready = asyncio.create_task(self._ready.wait())
        exited = asyncio.create_task(self.process.wait())
        done, _ = await asyncio.wait(
            {ready, exited}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        ready.cancel()
        exited.cancel()
        if ready not in done:
            why = "exited" if exited in done else f"was not ready after {timeout:.0f} s"
            pytest.fail(f"scripts/demo {why}\n{self.report()}")

    async def stop(self, timeout: float) -> int:
        assert self.process is not None
        assert self._reader is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(timeout):
                code = await self.process.wait()
                await self._reader
        except TimeoutError:
            pytest.fail(f"scripts/demo did not stop {timeout:.0f} s after SIGTERM\n{self.report()}")
        return code

    def kill_all(self) -> None:
        """End the demo's whole process group (a failed test must not leave Home Assistant)."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self._reader is not None:
            self._reader.cancel()

    def report(self) -> str:
        return (
            "--- scripts/demo output ---\n"
            + "\n".join(self.lines[-40:])
            + "\n--- home-assistant.log (end) ---\n"
            + tail(self.state / "home-assistant.log")
        )


def check_tools() -> None:
    """What scripts/setup provides for the browser part."""
    assert shutil.which("node"), "node is missing: run scripts/setup"
    assert CHROMIUM.exists(), f"no Chromium at {CHROMIUM}: run scripts/setup"
    assert (REPO / "lovelace" / "node_modules" / "playwright-core").is_dir(), (
        "lovelace/node_modules is missing: run scripts/setup"
    )


async def run_browser(url: str, artifacts: Path) -> tuple[int, dict[str, object], str]:
    env = {
        **os.environ,
        "FAJMA_DEMO_URL": url,
        "FAJMA_DEMO_PATIENTS": json.dumps(PATIENTS),
        "FAJMA_DEMO_DETERIORATING": DETERIORATING,
        "FAJMA_E2E_TIMEOUT": str(BROWSER_TIMEOUT),
        "CHROMIUM_PATH": str(CHROMIUM),
    }
    node = await asyncio.create_subprocess_exec(
        "node",
        str(E2E_SCRIPT),
        cwd=REPO / "lovelace",
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        async with asyncio.timeout(BROWSER_TIMEOUT + 30):
            raw, _ = await node.communicate()
    except TimeoutError:
        node.kill()
        await node.wait()
        pytest.fail("lovelace/test/e2e/demo.mjs did not finish")
    output = raw.decode(errors="replace")
    (artifacts / "e2e.out").write_text(output)
    result: dict[str, object] = {}
    for line in output.splitlines():
        if line.startswith("E2E RESULT "):
            result = json.loads(line.removeprefix("E2E RESULT "))
    assert node.returncode is not None
    return node.returncode, result, output


async def test_demo_dashboard(tmp_path: Path) -> None:
    """The demo comes up, the cards show both patients live, and SIGTERM stops everything."""
    check_tools()
    port = free_port()
    device_port = free_port(2)
    while port in (device_port, device_port + 1):
        device_port = free_port(2)
    demo = Demo(tmp_path / "demo", port, device_port)
    started = time.monotonic()
    try:
        await demo.start()
        await demo.wait_ready(READY_TIMEOUT)
        ready = time.monotonic() - started
        assert port_open(port), "Home Assistant is not listening on its --port"
        assert all(port_open(p) for p in demo.device_ports), "a virtual device is not listening"

        code, result, output = await run_browser(f"http://127.0.0.1:{port}", tmp_path)
        assert code == 0, (
            f"the browser checks failed: {result.get('failure')}\n"
            f"--- demo.mjs ---\n{output[-4000:]}\n{demo.report()}"
        )
        assert result.get("ok"), result
        patients = result["patients"]
        assert isinstance(patients, dict)
        for name in PATIENTS:
            heart_rate = patients[name]["tiles"]["heart_rate"]
            assert re.search(r"\d", heart_rate["value"]), (name, heart_rate)
            assert patients[name]["status"] in ("normal", "warning", "critical"), patients[name]
        assert patients[DETERIORATING]["status"] in ("warning", "critical")
        # A critical alert reached the card through fajma/alerts/subscribe, and acknowledging
        # it from the card (fajma.acknowledge) came back through the same subscription.
        alerts = result["alerts"]
        assert isinstance(alerts, list)
        assert any(alert["priority"] == "critical" for alert in alerts), alerts
        assert result.get("acknowledged"), result
        assert result.get("editor") == "ok", result
        browser = time.monotonic() - started - ready
        # The demo phone (registered through mobile_app, the patients' phone to warn) got
        # the deteriorating patient's critical alert; its page is printed with the demo's URL.
        assert (
            f"Demo phone (what the patients' alerts push to it): http://127.0.0.1:{demo.phone_port}/"
            in "\n".join(demo.lines)
        )
        pushes = [json.loads(line) for line in (demo.state / "phone.log").read_text().splitlines()]
        assert any(
            push["title"] == f"🔴 CRITICAL — {DETERIORATING}"
            and push["data"]["push"]["interruption-level"] == "critical"
            for push in pushes
        ), pushes

        code = await demo.stop(STOP_TIMEOUT)
        assert code == 0, f"scripts/demo exited with {code} after SIGTERM\n{demo.report()}"
        assert demo.lines[-1] == "demo: stopped", demo.report()
        for p in (port, demo.phone_port, *demo.device_ports):
            assert not port_open(p), f"port {p} still open after the demo stopped"
        problems = integration_problems(demo.state / "home-assistant.log")
        assert not problems, "the Home Assistant log reports FAJMA problems:\n" + "\n".join(
            problems
        )
        print(
            f"demo ready in {ready:.0f} s, browser checks {browser:.0f} s, "
            f"total {time.monotonic() - started:.0f} s; screenshot {result.get('screenshot')}"
        )
    finally:
        demo.kill_all()


async def test_demo_in_french(tmp_path: Path) -> None:
    """`scripts/demo --language fr`: Home Assistant, the caregiver's profile and FAJMA in French."""
    import aiohttp

    from fajma_tools.demo import PASSWORD, USERNAME
    from fajma_tools.hass_client import HomeAssistantClient

    check_tools()
    port = free_port()
    device_port = free_port(2)
    while port in (device_port, device_port + 1):
        device_port = free_port(2)
    demo = Demo(tmp_path / "demo", port, device_port, ("--language", "fr"))
    try:
        await demo.start()
        await demo.wait_ready(READY_TIMEOUT)
        async with aiohttp.ClientSession() as session:
            client = HomeAssistantClient(session, f"http://127.0.0.1:{port}", USERNAME, PASSWORD)
            try:
                await client.login()
                config = await client.ws({"type": "get_config"})
                assert config["language"] == "fr"
                profile = await client.ws({"type": "frontend/get_user_data", "key": "language"})
                assert profile["value"]["language"] == "fr"
                states = await client.ws({"type": "get_states"})
                names = {s["attributes"].get("friendly_name") for s in states}
                assert "Papi Jean Fréquence cardiaque" in names, sorted(filter(None, names))
            finally:
                await client.close()
        assert await demo.stop(STOP_TIMEOUT) == 0, demo.report()
    finally:
        demo.kill_all()
