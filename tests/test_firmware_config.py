"""The firmware YAMLs pass the real `esphome config`, and a broken one is reported."""

from __future__ import annotations

from pathlib import Path
import shutil
import subprocess

import pytest

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
    target = tmp_path / "esphome"
    shutil.copytree(FIRMWARE, target, ignore=shutil.ignore_patterns(".esphome", "__pycache__"))
    secrets = target / "secrets.yaml"
    if not secrets.exists():
        shutil.copy(target / "secrets.example.yaml", secrets)
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
