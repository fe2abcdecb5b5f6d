"""The firmware YAMLs pass the real `esphome config`, and a broken one is reported.

Each test works on a copy of esphome/ with its own secrets, never the developer's
esphome/secrets.yaml.
"""

from __future__ import annotations

from pathlib import Path
import shutil
import subprocess

import pytest

from fajma_tools.firmware_secrets import ensure_secrets

REPO = Path(__file__).resolve().parent.parent
ESPHOME = REPO / ".venv-esphome" / "bin" / "esphome"
FIRMWARE = REPO / "esphome"


def esphome_config(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ESPHOME), "config", str(config)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def copy_firmware(tmp_path: Path) -> Path:
    """A copy of esphome/ with freshly generated secrets, as scripts/setup writes them."""
    target = tmp_path / "esphome"
    shutil.copytree(
        FIRMWARE,
        target,
        ignore=shutil.ignore_patterns(".esphome", "__pycache__", "secrets.yaml"),
    )
    ensure_secrets(target / "secrets.yaml")
    return target


@pytest.mark.parametrize("name", ["fajma-vitals.yaml", "fajma-virtual.yaml"])
def test_firmware_is_valid(tmp_path: Path, name: str) -> None:
    result = esphome_config(copy_firmware(tmp_path) / name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration is valid!" in result.stdout + result.stderr


def test_broken_contract_is_reported(tmp_path: Path) -> None:
    firmware = copy_firmware(tmp_path)
    contract = firmware / "packages" / "contract.yaml"
    # The Calibrate button needs the source package's script; a typo must fail the build.
    contract.write_text(contract.read_text().replace("oximeter_calibrate", "oximeter_calibrat"))
    result = esphome_config(firmware / "fajma-virtual.yaml")
    assert result.returncode != 0
    assert "oximeter_calibrat" in result.stdout + result.stderr


def test_example_secrets_are_refused_with_what_to_do(tmp_path: Path) -> None:
    """The untouched example cannot be flashed: `esphome config` says to run scripts/setup."""
    firmware = copy_firmware(tmp_path)
    shutil.copy(firmware / "secrets.example.yaml", firmware / "secrets.yaml")
    result = esphome_config(firmware / "fajma-vitals.yaml")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "still holds the placeholders of secrets.example.yaml: run scripts/setup" in output
    assert "Configuration is valid!" not in output


def test_once_published_key_is_refused(tmp_path: Path) -> None:
    """A secrets.yaml copied from the old example (its key was public) is refused too."""
    firmware = copy_firmware(tmp_path)
    secrets = firmware / "secrets.yaml"
    old_key = "bm90LWEtcmVhbC1rZXktcmVwbGFjZS1tZS1wbGVhc2U="
    lines = [
        f'fajma_api_encryption_key: "{old_key}"' if line.startswith("fajma_api_") else line
        for line in secrets.read_text().splitlines()
    ]
    secrets.write_text("\n".join(lines) + "\n")
    result = esphome_config(firmware / "fajma-vitals.yaml")
    assert result.returncode != 0
    assert "was published in the FAJMA repository" in result.stdout + result.stderr
