"""scripts/setup's firmware secrets: random, complete, and never overwritten."""

from __future__ import annotations

import base64
from pathlib import Path
import stat
import subprocess
import sys

from fajma_tools.firmware_secrets import (
    API_KEY,
    HOTSPOT_PASSWORD,
    REPO,
    SECRETS,
    ensure_secrets,
)


def read(path: Path) -> dict[str, str]:
    """The top-level `key: "value"` pairs of a secrets file."""
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if ":" in line and not line.startswith("#"):
            key, value = line.split(":", 1)
            values[key.strip()] = value.strip().strip('"')
    return values


def generate(path: Path) -> subprocess.CompletedProcess[str]:
    """What scripts/setup runs, with the interpreter it has (no virtualenv needed)."""
    return subprocess.run(
        [sys.executable, "-m", "fajma_tools.firmware_secrets", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )


def test_two_fresh_generations_differ(tmp_path: Path) -> None:
    """Each new secrets.yaml gets its own key and hotspot password, private to its owner."""
    first, second = tmp_path / "a" / "secrets.yaml", tmp_path / "b" / "secrets.yaml"
    output = generate(first).stdout
    generate(second)
    assert f"grep {API_KEY} {first}" in output  # how to read the key for Home Assistant
    a, b = read(first), read(second)
    assert a[API_KEY] != b[API_KEY]
    assert a[HOTSPOT_PASSWORD] != b[HOTSPOT_PASSWORD]
    for values in (a, b):
        assert len(base64.b64decode(values[API_KEY], validate=True)) == 32
        assert 8 <= len(values[HOTSPOT_PASSWORD]) <= 63  # WPA2
        assert values["wifi_ssid"]
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_existing_secrets_are_never_overwritten(tmp_path: Path) -> None:
    """A complete file is left byte for byte; running again changes nothing."""
    path = tmp_path / "secrets.yaml"
    ensure_secrets(path)
    path.write_text(path.read_text().replace("my-wifi", "Maison"))
    before = path.read_bytes()
    assert ensure_secrets(path) == []
    assert path.read_bytes() == before


def test_missing_and_public_secrets_are_completed(tmp_path: Path) -> None:
    """An old secrets.yaml (copied from the old example) keeps the user's values; the public
    key is replaced and the hotspot password is added."""
    path = tmp_path / "secrets.yaml"
    path.write_text(
        'wifi_ssid: "Maison"\n'
        'wifi_password: "secret wifi"\n'
        'fajma_api_encryption_key: "bm90LWEtcmVhbC1rZXktcmVwbGFjZS1tZS1wbGVhc2U="\n'
        'fajma_ota_password: "change-me"\n'
    )
    done = ensure_secrets(path)
    assert len(done) == 2
    values = read(path)
    assert values["wifi_ssid"] == "Maison"
    assert values["wifi_password"] == "secret wifi"
    assert values[API_KEY] != "bm90LWEtcmVhbC1rZXktcmVwbGFjZS1tZS1wbGVhc2U="
    assert len(base64.b64decode(values[API_KEY])) == 32
    assert len(values[HOTSPOT_PASSWORD]) >= 8

    # A real key someone already flashed stays.
    own_key = base64.b64encode(bytes(range(32))).decode()
    path.write_text(path.read_text().replace(values[API_KEY], own_key))
    assert ensure_secrets(path) == []
    assert read(path)[API_KEY] == own_key


def test_example_holds_only_placeholders(tmp_path: Path) -> None:
    """The committed example's secrets are all recognised as public, so never kept."""
    example = REPO / "esphome" / "secrets.example.yaml"
    assert SECRETS == REPO / "esphome" / "secrets.yaml"
    path = tmp_path / "secrets.yaml"
    path.write_bytes(example.read_bytes())
    assert sorted(ensure_secrets(path)) == [
        f"replaced {API_KEY} in {path}: its value was public, not a secret",
        f"replaced {HOTSPOT_PASSWORD} in {path}: its value was public, not a secret",
    ]
    assert read(path)[API_KEY] != read(example)[API_KEY]
