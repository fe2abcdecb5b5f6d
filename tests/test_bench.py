"""scripts/bench keeps Home Assistant on 127.0.0.1: the settings it writes and its check."""

from __future__ import annotations

import json
from pathlib import Path
import socket

from fajma_tools.bench import HassRun, is_loopback, listening_addresses
from fajma_tools.virtual_device import REPO

HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"


def test_http_settings_written_like_the_demo(tmp_path: Path) -> None:
    """Loopback and the port in .storage/http (confirmed, nothing to revert); no YAML http:."""
    run = HassRun("fajma", 18999, REPO / "custom_components" / "fajma")
    run.dir = tmp_path / "fajma"
    config = run.prepare()
    assert "http:" not in (config / "configuration.yaml").read_text()
    stored = json.loads((config / ".storage" / "http").read_text())
    assert stored["data"]["stable"]["server_host"] == ["127.0.0.1"]
    assert stored["data"]["stable"]["server_port"] == 18999
    assert stored["data"]["pending"] is None
    assert stored["data"]["yaml_migration_done"] is True


def test_listening_addresses_from_proc(tmp_path: Path) -> None:
    """Listening sockets of a port, IPv4 and IPv6, as the kernel lists them."""
    (tmp_path / "tcp").write_text(
        HEADER
        + "   0: 0100007F:4A37 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0\n"
        + "   1: 00000000:4A37 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0\n"
        # Connected (not listening) and another port: ignored.
        + "   2: 0100007F:4A37 0100007F:D431 01 00000000:00000000 00:00000000 00000000 0\n"
        + "   3: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0\n"
    )
    (tmp_path / "tcp6").write_text(
        HEADER
        + "   0: 00000000000000000000000001000000:4A37 00000000000000000000000000000000:0000 0A"
        + " 00000000:00000000 00:00000000 00000000 0\n"
    )
    addresses = listening_addresses(0x4A37, tmp_path)
    assert addresses == {"127.0.0.1", "0.0.0.0", "::1"}
    assert sorted(a for a in addresses if not is_loopback(a)) == ["0.0.0.0"]
    assert is_loopback("::ffff:127.0.0.1")
    assert not is_loopback("::")


def test_listening_addresses_of_this_machine(socket_ok: None) -> None:
    """A real server on 127.0.0.1 is seen as loopback-only."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert listening_addresses(port) == {"127.0.0.1"}
