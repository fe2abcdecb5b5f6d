"""Config, reauth, reconfigure and options flows, against real virtual devices where possible."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from ipaddress import ip_address
import json
import os
from pathlib import Path
import re
from typing import Any
from unittest.mock import AsyncMock, patch

from aioesphomeapi.model import DeviceInfo
from homeassistant.config_entries import SOURCE_USER, SOURCE_ZEROCONF
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.fajma.const import (
    CONF_DEVICE_NAME,
    CONF_ENCRYPTION_KEY,
    CONF_ESCALATE_AFTER,
    CONF_ESCALATION_TARGETS,
    CONF_NO_NOTIFICATIONS,
    CONF_NOTIFY_TARGETS,
    CONF_PATIENT_NAME,
    CONF_PRESET,
    CONF_RESEND_INTERVAL,
    CONF_STALE_TIMEOUT,
    DOMAIN,
    ISSUE_NO_RECIPIENTS,
)
from custom_components.fajma.options_flow import preset_summary
from custom_components.fajma.vitals import PRESETS, Preset
from tests.conftest import PATIENT, FakeDevice, entry_for, running, setup_entry, unload_entry
from tests.virtual_device import VirtualDevice

pytestmark = pytest.mark.usefixtures("socket_ok")


def new_key() -> str:
    """A fresh Noise PSK, as ESPHome generates them."""
    return base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
async def encrypted_device(socket_ok: None) -> AsyncIterator[VirtualDevice]:
    """A virtual device that requires an encryption key."""
    async with running(
        VirtualDevice("fajma-encrypted", "stable", encryption_key=new_key())
    ) as device:
        yield device


def user_input(device: VirtualDevice, **overrides: Any) -> dict[str, Any]:
    """The user step's form, filled in for a device."""
    return {
        CONF_PATIENT_NAME: PATIENT,
        CONF_HOST: device.host,
        CONF_PORT: device.port,
        **overrides,
    }


def discovery(device: VirtualDevice, **properties: Any) -> ZeroconfServiceInfo:
    """The mDNS announcement of a FAJMA device."""
    return ZeroconfServiceInfo(
        ip_address=ip_address(device.host),
        ip_addresses=[ip_address(device.host)],
        hostname=f"{device.name}.local.",
        name=f"{device.name}._esphomelib._tcp.local.",
        port=device.port,
        type="_esphomelib._tcp.local.",
        properties={
            "mac": device.mac.replace(":", ""),
            "project_name": "fajma.vitals_monitor",
            "friendly_name": "FAJMA bedroom",
            **properties,
        },
    )


async def test_user_flow(hass: HomeAssistant, stable_device: VirtualDevice) -> None:
    """A patient's device is added after a real connection test; non-ASCII name kept."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(stable_device)
    )
    # The device has no encryption: it is added only once the user confirms that.
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "unencrypted_confirm"
    assert result["description_placeholders"] == {"patient": PATIENT, "host": stable_device.host}
    assert not hass.config_entries.async_entries(DOMAIN)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    # Who is warned: the flow does not finish without phones or an explicit "nobody".
    assert result["step_id"] == "recipients"
    assert result["description_placeholders"] == {"patient": PATIENT}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "recipients_required"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_NOTIFY_TARGETS: ["notify.mobile_app_nobody"]}
    )
    assert result["errors"] == {CONF_NOTIFY_TARGETS: "unknown_notify_target"}
    assert not hass.config_entries.async_entries(DOMAIN)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_NO_NOTIFICATIONS: True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == PATIENT
    assert result["result"].options == {CONF_NOTIFY_TARGETS: [], CONF_ESCALATION_TARGETS: []}
    assert result["result"].unique_id == stable_device.mac
    assert result["data"] == {
        CONF_HOST: stable_device.host,
        CONF_PORT: stable_device.port,
        CONF_ENCRYPTION_KEY: None,
        CONF_PATIENT_NAME: PATIENT,
        CONF_DEVICE_NAME: stable_device.name,
    }
    await hass.async_block_till_done()
    # Nobody chosen: a repair issue says so until someone is.
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"{ISSUE_NO_RECIPIENTS}_{result['result'].entry_id}"
    )
    assert issue is not None
    assert issue.translation_placeholders == {"patient": PATIENT}
    await unload_entry(hass, result["result"])

    # The same device twice is refused.
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(stable_device, **{CONF_PATIENT_NAME: "Someone else"})
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_user_flow_encrypted(hass: HomeAssistant, encrypted_device: VirtualDevice) -> None:
    """No key, a wrong key, then the right key: each answered precisely."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(encrypted_device)
    )
    assert result["errors"] == {"base": "encryption_required"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(encrypted_device, **{CONF_ENCRYPTION_KEY: new_key()})
    )
    assert result["errors"] == {"base": "invalid_key"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        user_input(encrypted_device, **{CONF_ENCRYPTION_KEY: encrypted_device.encryption_key}),
    )
    async_mock_service(hass, "notify", "mobile_app_anna")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_NOTIFY_TARGETS: ["notify.mobile_app_anna"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_ENCRYPTION_KEY] == encrypted_device.encryption_key
    assert result["result"].options[CONF_NOTIFY_TARGETS] == ["notify.mobile_app_anna"]
    await hass.async_block_till_done()
    assert not ir.async_get(hass).async_get_issue(
        DOMAIN, f"{ISSUE_NO_RECIPIENTS}_{result['result'].entry_id}"
    )
    await unload_entry(hass, result["result"])


async def test_user_flow_errors(hass: HomeAssistant, stable_device: VirtualDevice) -> None:
    """Every way the user step can fail, then recover."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    # A blank patient name.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(stable_device, **{CONF_PATIENT_NAME: "  "})
    )
    assert result["errors"] == {CONF_PATIENT_NAME: "patient_name_required"}
    # Nothing listens on that port.
    closed = VirtualDevice("fajma-nothing", "stable")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(stable_device, **{CONF_PORT: closed.port})
    )
    assert result["errors"] == {"base": "cannot_connect"}
    await closed.close()
    # A key for a device that has none: refused, never downgraded to plaintext.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(stable_device, **{CONF_ENCRYPTION_KEY: new_key()})
    )
    assert result["errors"] == {"base": "encryption_not_supported"}
    # Another ESPHome project (a thermostat cannot be a patient monitor). Hard to cause
    # with the FAJMA firmware, so the client is mocked here only.
    with patch("custom_components.fajma.config_flow.APIClient") as client_class:
        client = client_class.return_value
        client.connect = AsyncMock()
        client.disconnect = AsyncMock()
        client.device_info = AsyncMock(
            return_value=DeviceInfo(mac_address="11:22:33:44:55:66", project_name="acme.thermo")
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], user_input(stable_device)
        )
    assert result["errors"] == {"base": "not_fajma"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(stable_device)
    )
    assert result["step_id"] == "unencrypted_confirm"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], NOBODY)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    await unload_entry(hass, result["result"])


async def test_zeroconf_new_device(hass: HomeAssistant, stable_device: VirtualDevice) -> None:
    """A discovered device asks for the patient's name, then connects."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=discovery(stable_device)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "zeroconf_confirm"
    assert result["description_placeholders"] == {
        "name": "FAJMA bedroom",
        "host": stable_device.host,
    }
    assert CONF_ENCRYPTION_KEY not in result["data_schema"].schema
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PATIENT_NAME: ""}
    )
    assert result["errors"] == {CONF_PATIENT_NAME: "patient_name_required"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PATIENT_NAME: PATIENT}
    )
    assert result["step_id"] == "unencrypted_confirm"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "recipients"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], NOBODY)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == PATIENT
    assert result["result"].unique_id == stable_device.mac
    assert result["data"][CONF_PORT] == stable_device.port
    await hass.async_block_till_done()
    await unload_entry(hass, result["result"])


async def test_zeroconf_encrypted(hass: HomeAssistant, encrypted_device: VirtualDevice) -> None:
    """An encrypting device announces it; the confirm step asks for the key."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_ZEROCONF},
        data=discovery(encrypted_device, api_encryption="Noise_NNpsk0_25519_ChaChaPoly_SHA256"),
    )
    assert CONF_ENCRYPTION_KEY in result["data_schema"].schema
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PATIENT_NAME: PATIENT, CONF_ENCRYPTION_KEY: new_key()}
    )
    assert result["errors"] == {"base": "invalid_key"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_PATIENT_NAME: PATIENT, CONF_ENCRYPTION_KEY: encrypted_device.encryption_key},
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], NOBODY)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    await unload_entry(hass, result["result"])


async def test_zeroconf_key_needed_but_not_announced(
    hass: HomeAssistant, encrypted_device: VirtualDevice
) -> None:
    """A device that did not announce encryption but needs it: the key field appears."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=discovery(encrypted_device)
    )
    assert CONF_ENCRYPTION_KEY not in result["data_schema"].schema
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PATIENT_NAME: PATIENT}
    )
    assert result["errors"] == {"base": "encryption_required"}
    assert CONF_ENCRYPTION_KEY in result["data_schema"].schema
    hass.config_entries.flow.async_abort(result["flow_id"])


async def test_zeroconf_wrong_device(hass: HomeAssistant, stable_device: VirtualDevice) -> None:
    """The announcement's MAC does not match the device that answers."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_ZEROCONF},
        data=discovery(stable_device, mac="112233445566"),
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PATIENT_NAME: PATIENT}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"


@pytest.mark.parametrize(
    "properties",
    [{"project_name": "acme.thermostat"}, {"mac": ""}],
)
async def test_zeroconf_not_fajma(
    hass: HomeAssistant, stable_device: VirtualDevice, properties: dict[str, str]
) -> None:
    """Announcements that are not (usable) FAJMA devices are ignored."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=discovery(stable_device, **properties)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_fajma"


async def test_zeroconf_known_device_moved(
    hass: HomeAssistant, fake_device: FakeDevice, stable_device: VirtualDevice
) -> None:
    """A configured device announced at a new address: the entry follows it."""
    entry = entry_for(stable_device)
    entry.add_to_hass(hass)
    # Same address: simply already configured.
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=discovery(stable_device)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    # New address.
    moved = discovery(stable_device)
    moved = ZeroconfServiceInfo(
        ip_address=ip_address("127.0.0.2"),
        ip_addresses=[ip_address("127.0.0.2")],
        hostname=moved.hostname,
        name=moved.name,
        port=16053,
        type=moved.type,
        properties=moved.properties,
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=moved
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == "127.0.0.2"
    assert entry.data[CONF_PORT] == 16053


async def test_reauth(hass: HomeAssistant, encrypted_device: VirtualDevice) -> None:
    """The key was rotated on the device: reauth asks for it and reloads."""
    entry = entry_for(encrypted_device)
    right_key = encrypted_device.encryption_key
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=PATIENT,
        unique_id=encrypted_device.mac,
        data={**entry.data, CONF_ENCRYPTION_KEY: new_key()},
    )
    await setup_entry(hass, entry)
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert len(flows) == 1
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_ENCRYPTION_KEY: new_key()}
    )
    assert result["errors"] == {"base": "invalid_key"}
    assert result["description_placeholders"]["patient"] == PATIENT
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_ENCRYPTION_KEY: right_key}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.data[CONF_ENCRYPTION_KEY] == right_key
    assert entry.state.recoverable  # reloaded
    await unload_entry(hass, entry)


async def test_reauth_wrong_device(hass: HomeAssistant, encrypted_device: VirtualDevice) -> None:
    """Reauth against an address now held by another device aborts."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=PATIENT,
        unique_id="11:22:33:44:55:66",
        data={**entry_for(encrypted_device).data},
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_ENCRYPTION_KEY: encrypted_device.encryption_key}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"


async def test_reauth_never_accepts_an_empty_key(
    hass: HomeAssistant, encrypted_device: VirtualDevice
) -> None:
    """An unencrypted entry whose device now encrypts: reauth takes only a key; the issue goes."""
    entry = entry_for(encrypted_device)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=PATIENT,
        unique_id=encrypted_device.mac,
        data={**entry.data, CONF_ENCRYPTION_KEY: None},
    )
    await setup_entry(hass, entry)
    issue_id = f"unencrypted_{entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    assert result["errors"] == {"base": "encryption_required"}
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_ENCRYPTION_KEY: encrypted_device.encryption_key}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.data[CONF_ENCRYPTION_KEY] == encrypted_device.encryption_key
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    await unload_entry(hass, entry)


async def test_reauth_empty_key_refused_without_asking_the_device(
    hass: HomeAssistant, stable_device: VirtualDevice
) -> None:
    """Even a device that stopped encrypting is not downgraded by reauth."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=PATIENT,
        unique_id=stable_device.mac,
        data={**entry_for(stable_device).data, CONF_ENCRYPTION_KEY: new_key()},
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "encryption_required"}
    hass.config_entries.flow.async_abort(result["flow_id"])


async def test_reconfigure(hass: HomeAssistant, stable_device: VirtualDevice) -> None:
    """Change the address; errors are shown; another device is refused."""
    entry = entry_for(stable_device)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=PATIENT,
        unique_id=stable_device.mac,
        data={**entry.data, CONF_HOST: "127.0.0.1", CONF_PORT: 1},
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"
    closed = VirtualDevice("fajma-nothing", "stable")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: stable_device.host, CONF_PORT: closed.port}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    await closed.close()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: stable_device.host, CONF_PORT: stable_device.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PORT] == stable_device.port
    await hass.async_block_till_done()
    await unload_entry(hass, entry)

    other = MockConfigEntry(
        domain=DOMAIN,
        title="Other",
        unique_id="11:22:33:44:55:66",
        data={**entry.data},
    )
    other.add_to_hass(hass)
    result = await other.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: stable_device.host, CONF_PORT: stable_device.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"


# --- options (fake device: the thresholds, not the connection, are under test) -------------


NOBODY = {CONF_NO_NOTIFICATIONS: True}  # the recipients step's explicit "nobody for now"
DELAY_DEFAULTS = {
    "heart_rate_critical_delay": 10,
    "spo2_critical_delay": 10,
    "body_temperature_critical_delay": 60,
    "heart_rate_warning_delay": 60,
    "spo2_warning_delay": 60,
    "body_temperature_warning_delay": 300,
    "technical_delay": 120,
    "no_pulse_delay": 15,
}
# What the alerts step shows (delays in their own section) and what it stores (flat).
ALERT_FORM = {
    CONF_NOTIFY_TARGETS: [],
    CONF_ESCALATION_TARGETS: [],
    CONF_RESEND_INTERVAL: 2,
    CONF_ESCALATE_AFTER: 5,
    "acknowledge_timeout": 30,
    "offline_urgent_after": 15,
    "delays": DELAY_DEFAULTS,
}
ALERT_DEFAULTS = {k: v for k, v in ALERT_FORM.items() if k != "delays"} | DELAY_DEFAULTS


async def test_options_alerts(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Notify targets must exist; the alert settings reach the engine after the reload."""
    async_mock_service(hass, "notify", "mobile_app_anna")
    await setup_entry(hass, fake_entry)
    result = await hass.config_entries.options.async_init(fake_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_PRESET: "default", CONF_STALE_TIMEOUT: 30}
    )
    assert result["step_id"] == "alerts"
    schema = result["data_schema"].schema
    suggested = {
        str(key): key.description and key.description.get("suggested_value") for key in schema
    }
    delays = next(value for key, value in schema.items() if str(key) == "delays").schema.schema
    suggested_delays = {str(key): key.description["suggested_value"] for key in delays}
    assert suggested_delays["spo2_critical_delay"] == 10
    assert suggested_delays["body_temperature_warning_delay"] == 300
    assert suggested[CONF_RESEND_INTERVAL] == 2
    chosen = ALERT_FORM | {
        CONF_NOTIFY_TARGETS: ["notify.mobile_app_anna"],
        CONF_ESCALATION_TARGETS: ["notify.mobile_app_typo"],
        CONF_RESEND_INTERVAL: 3,
        "delays": DELAY_DEFAULTS | {"spo2_critical_delay": 0},
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], chosen)
    assert result["errors"] == {CONF_ESCALATION_TARGETS: "unknown_notify_target"}
    chosen[CONF_ESCALATION_TARGETS] = []
    result = await hass.config_entries.options.async_configure(result["flow_id"], chosen)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    settings = fake_entry.runtime_data.alerts.settings
    assert settings.spo2_critical_delay == 0
    assert settings.heart_rate_critical_delay == 10
    assert settings.resend_interval == 180
    assert settings.escalate_after == 300
    assert settings.stale_after == 30
    await unload_entry(hass, fake_entry)


async def test_options_preset(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Choosing NEWS2 reloads the entry with its thresholds."""
    await setup_entry(hass, fake_entry)
    result = await hass.config_entries.options.async_init(fake_entry.entry_id)
    assert result["step_id"] == "init"
    assert result["description_placeholders"] == {"presets": preset_summary()}
    assert "**news2**" in preset_summary()
    assert "SpO2 (%): ⚠ ≤ 95; ⛔ ≤ 91" in preset_summary()
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_PRESET: "news2", CONF_STALE_TIMEOUT: 60}
    )
    assert result["step_id"] == "alerts"
    result = await hass.config_entries.options.async_configure(result["flow_id"], ALERT_FORM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert fake_entry.options == {CONF_PRESET: "news2", CONF_STALE_TIMEOUT: 60} | ALERT_DEFAULTS
    coordinator = fake_entry.runtime_data.coordinator  # a new one: the entry reloaded
    shown = {vital: evaluation.thresholds for vital, evaluation in coordinator.data.vitals.items()}
    assert shown == dict(PRESETS[Preset.NEWS2])
    assert coordinator.stale_timeout.total_seconds() == 60
    attributes = hass.states.get("sensor.grand_mere_eliane_spo2").attributes
    assert attributes["critical_low"] == 91
    assert attributes["inclusive_limits"] == ["warning_low", "critical_low"]  # ≤ 95, ≤ 91
    await unload_entry(hass, fake_entry)


async def test_options_custom(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Custom limits start from those in force, are validated, then applied."""
    await setup_entry(hass, fake_entry)
    result = await hass.config_entries.options.async_init(fake_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_PRESET: "custom", CONF_STALE_TIMEOUT: 30}
    )
    assert result["step_id"] == "custom"
    schema = result["data_schema"].schema
    suggested = {str(key): key.description["suggested_value"] for key in schema}
    assert suggested["heart_rate_warning_low"] == 60
    assert "spo2_warning_high" not in suggested
    values = {
        "heart_rate_warning_low": 55.0,
        "heart_rate_warning_high": 110.0,
        "heart_rate_critical_low": 40.0,
        "heart_rate_critical_high": 130.0,
        "spo2_warning_low": 94.0,
        "spo2_critical_low": 88.0,
        "body_temperature_warning_low": 35.5,
        "body_temperature_warning_high": 38.5,
        "body_temperature_critical_low": 34.0,
        "body_temperature_critical_high": 40.0,
    }
    bad = {
        **values,
        "heart_rate_critical_low": 300.0,  # impossible
        "spo2_critical_low": 96.0,  # above the warning limit
        "body_temperature_warning_high": 35.0,  # below the warning low
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], bad)
    assert result["errors"] == {
        "heart_rate_critical_low": "implausible_threshold",
        "heart_rate_critical_high": "low_not_below_high",
        "spo2_critical_low": "warning_outside_critical",
        "body_temperature_warning_high": "low_not_below_high",
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], values)
    assert result["step_id"] == "alerts"
    result = await hass.config_entries.options.async_configure(result["flow_id"], ALERT_FORM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    heart_rate = hass.states.get("sensor.grand_mere_eliane_heart_rate").attributes
    assert heart_rate["warning_low"] == 55.0
    assert hass.states.get("sensor.grand_mere_eliane_spo2").attributes["critical_low"] == 88.0
    # Reopening shows the custom limits in force.
    result = await hass.config_entries.options.async_init(fake_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_PRESET: "custom", CONF_STALE_TIMEOUT: 30}
    )
    suggested = {
        str(key): key.description["suggested_value"] for key in result["data_schema"].schema
    }
    assert suggested["heart_rate_warning_low"] == 55.0
    await unload_entry(hass, fake_entry)


NAN = float("nan")
INF = float("inf")


async def test_non_finite_numbers_in_the_config_flows(hass: HomeAssistant) -> None:
    """NaN typed into a number field is a field error, never an exception."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    form = {CONF_PATIENT_NAME: PATIENT, CONF_HOST: "127.0.0.1", CONF_PORT: "nan"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], form)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PORT: "not_a_number"}
    # Out of the selector's bounds: Home Assistant's own schema error names the field.
    with pytest.raises(InvalidData) as err:
        await hass.config_entries.flow.async_configure(result["flow_id"], form | {CONF_PORT: INF})
    assert CONF_PORT in err.value.schema_errors

    entry = MockConfigEntry(
        domain=DOMAIN,
        title=PATIENT,
        unique_id="11:22:33:44:55:66",
        data={CONF_HOST: "127.0.0.1", CONF_PORT: 1, CONF_ENCRYPTION_KEY: None},
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: NAN}
    )
    assert result["errors"] == {CONF_PORT: "not_a_number"}


async def test_non_finite_numbers_in_the_options(
    hass: HomeAssistant, fake_device: FakeDevice, fake_entry: MockConfigEntry
) -> None:
    """Every number of the options flow: NaN (and unbounded infinities) are field errors."""
    await setup_entry(hass, fake_entry)
    result = await hass.config_entries.options.async_init(fake_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_PRESET: "custom", CONF_STALE_TIMEOUT: NAN}
    )
    assert result["step_id"] == "init"
    assert result["errors"] == {CONF_STALE_TIMEOUT: "not_a_number"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_PRESET: "custom", CONF_STALE_TIMEOUT: 30}
    )
    assert result["step_id"] == "custom"
    limits = {
        "heart_rate_warning_low": 55.0,
        "heart_rate_warning_high": 110.0,
        "heart_rate_critical_low": 40.0,
        "heart_rate_critical_high": 130.0,
        "spo2_warning_low": 94.0,
        "spo2_critical_low": 88.0,
        "body_temperature_warning_low": 35.5,
        "body_temperature_warning_high": 38.5,
        "body_temperature_critical_low": 34.0,
        "body_temperature_critical_high": 40.0,
    }
    bad = limits | {
        "heart_rate_warning_low": NAN,
        "spo2_critical_low": INF,
        "body_temperature_critical_low": -INF,
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], bad)
    assert result["step_id"] == "custom"
    assert result["errors"] == {
        "heart_rate_warning_low": "not_a_number",
        "spo2_critical_low": "not_a_number",
        "body_temperature_critical_low": "not_a_number",
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], limits)
    assert result["step_id"] == "alerts"
    delays = DELAY_DEFAULTS | {"spo2_critical_delay": NAN}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], ALERT_FORM | {CONF_RESEND_INTERVAL: NAN, "delays": delays}
    )
    assert result["step_id"] == "alerts"
    assert result["errors"] == {
        CONF_RESEND_INTERVAL: "not_a_number",
        "delays": "not_a_number",  # a field of the section
        "base": "not_a_number",
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], ALERT_FORM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    await unload_entry(hass, fake_entry)


def test_translations_and_manifest() -> None:
    """strings.json is the English file; French has every key and placeholder."""
    folder = Path(__file__).parent.parent / "custom_components" / "fajma"
    strings = json.loads((folder / "strings.json").read_text(encoding="utf-8"))
    english = json.loads((folder / "translations" / "en.json").read_text(encoding="utf-8"))
    french = json.loads((folder / "translations" / "fr.json").read_text(encoding="utf-8"))
    assert english == strings

    def leaves(tree: dict[str, Any], prefix: str = "") -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for key, value in tree.items():
            if isinstance(value, dict):
                found |= leaves(value, f"{prefix}{key}.")
            else:
                found[f"{prefix}{key}"] = set(re.findall(r"\{(\w+)\}", value))
        return found

    assert leaves(french) == leaves(english)
    assert "Température corporelle" in json.dumps(french, ensure_ascii=False)

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["requirements"] == ["aioesphomeapi>=46.0.0"]  # a floor, never a pin
    assert manifest["iot_class"] == "local_push"
    assert manifest["zeroconf"] == [
        {"type": "_esphomelib._tcp.local.", "properties": {"project_name": "fajma.*"}}
    ]


def test_legacy_delay_options_still_apply() -> None:
    """An entry saved before per-vital delays keeps its chosen delays for every vital."""
    from custom_components.fajma.alerts import settings_from_options

    settings = settings_from_options({"critical_delay": 5, "warning_delay": 30})
    assert settings.body_temperature_critical_delay == 5
    assert settings.spo2_warning_delay == 30
    newer = settings_from_options({"critical_delay": 5, "spo2_critical_delay": 20})
    assert (newer.spo2_critical_delay, newer.heart_rate_critical_delay) == (20, 5)
