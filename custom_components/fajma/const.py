"""Constants for the FAJMA integration."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

DOMAIN: Final = "fajma"

# The ESPHome `project:` name every FAJMA firmware declares (the entity contract).
PROJECT_NAME: Final = "fajma.vitals_monitor"
# How the device shows in the device registry (hw_version is the board, from the device).
MANUFACTURER: Final = "FAJMA"
MODEL: Final = "Vitals monitor"

DEFAULT_PORT: Final = 6053
CLIENT_INFO: Final = "Home Assistant FAJMA"

CONF_DEVICE_NAME: Final = "device_name"  # the ESPHome node name, for mDNS reconnects
CONF_ENCRYPTION_KEY: Final = "encryption_key"
CONF_PATIENT_NAME: Final = "patient_name"
CONF_BODY_TEMPERATURE_OFFSET: Final = "body_temperature_offset"
CONF_PRESET: Final = "preset"
CONF_STALE_TIMEOUT: Final = "stale_timeout"

DEFAULT_STALE_TIMEOUT: Final = 30  # seconds; the device publishes every second
MIN_STALE_TIMEOUT: Final = 5
MAX_STALE_TIMEOUT: Final = 3600

# Bounds of the calibration service, in °C.
MIN_REFERENCE_TEMPERATURE: Final = 30.0
MAX_REFERENCE_TEMPERATURE: Final = 45.0
# The firmware rejects offsets beyond ±10 °C; refuse them here with a clear error.
MAX_BODY_TEMPERATURE_OFFSET: Final = 10.0

# Seconds to wait for the first connection during setup before retrying later.
SETUP_CONNECT_TIMEOUT: Final = 15.0

ATTR_REFERENCE_TEMPERATURE: Final = "reference_temperature"
SERVICE_CALIBRATE: Final = "calibrate"
SERVICE_RESET: Final = "reset"

ISSUE_MISSING_ENTITIES: Final = "missing_entities"
# Raised while an entry talks to its device without encryption (suffixed with the entry id).
ISSUE_UNENCRYPTED: Final = "unencrypted"


class ContractSensor(StrEnum):
    """Object ids of the sensors of the FAJMA entity contract."""

    HEART_RATE = "heart_rate"
    SPO2 = "spo2"
    BODY_TEMPERATURE = "body_temperature"
    AMBIENT_TEMPERATURE = "ambient_temperature"
    HUMIDITY = "humidity"
    PERFUSION_INDEX = "perfusion_index"
    SPO2_RATIO = "spo2_ratio"


class ContractBinarySensor(StrEnum):
    """Object ids of the binary sensors of the FAJMA entity contract."""

    FINGER_DETECTED = "finger_detected"
    IRREGULAR_PULSE = "irregular_pulse"


class ContractButton(StrEnum):
    """Object ids of the buttons of the FAJMA entity contract."""

    RESTART = "restart"
    CALIBRATE = "calibrate"


class ContractAction(StrEnum):
    """API actions (user services) of the FAJMA entity contract."""

    SET_BODY_TEMPERATURE_OFFSET = "set_body_temperature_offset"


ACTION_ARG_OFFSET: Final = "offset"

# Contract entities added after the first firmware (issue 12): a device without them is still
# fully usable, so their absence is a warning in the repair issue, never an error.
OPTIONAL_CONTRACT_ENTITIES: Final = frozenset(
    {f"sensor.{ContractSensor.SPO2_RATIO}", f"binary_sensor.{ContractBinarySensor.IRREGULAR_PULSE}"}
)

# --- alerts --------------------------------------------------------------------------------

# Fired on the bus for every alert transition (raised, escalated, acknowledged, resolved).
EVENT_ALERT: Final = "fajma_alert"
# A test alert sent on request (`fajma.test_alert`, the "Send test alert" button): its own event,
# so that automations reacting to real alerts never fire on a test.
EVENT_TEST_ALERT: Final = "fajma_test_alert"
SERVICE_TEST_ALERT: Final = "test_alert"
SERVICE_ACKNOWLEDGE: Final = "acknowledge"
ATTR_ALERT_ID: Final = "alert_id"
# Companion-app notification actions carry this prefix followed by the alert id.
NOTIFICATION_ACTION_PREFIX: Final = "FAJMA_ACK_"

# Each patient's alert state (vital values, times, the last transitions) is stored under
# this key followed by the entry id, and deleted with the entry.
ALERTS_STORAGE_KEY_PREFIX: Final = f"{DOMAIN}.alerts."

CONF_NOTIFY_TARGETS: Final = "notify_targets"
CONF_ESCALATION_TARGETS: Final = "escalation_targets"
# The config flow's explicit "nobody is warned" (a repair issue then stays until targets are set).
CONF_NO_NOTIFICATIONS: Final = "no_notifications"
ISSUE_NO_RECIPIENTS: Final = "no_recipients"
# Notifications to a patient's phones are failing (with the technical "delivery" alert).
ISSUE_DELIVERY_FAILED: Final = "delivery_failed"
# How long each condition must hold before it alerts, in seconds; the option names are the
# alert engine's setting names.
DELAY_OPTIONS: Final = (
    "heart_rate_critical_delay",
    "spo2_critical_delay",
    "body_temperature_critical_delay",
    "heart_rate_warning_delay",
    "spo2_warning_delay",
    "body_temperature_warning_delay",
    "technical_delay",
    "no_pulse_delay",
)
CONF_DELAYS: Final = "delays"  # the options form's section that holds them
CONF_TECHNICAL_DELAY: Final = "technical_delay"
# In minutes in the options, seconds in the engine.
CONF_RESEND_INTERVAL: Final = "resend_interval"
CONF_ESCALATE_AFTER: Final = "escalate_after"
CONF_ACKNOWLEDGE_TIMEOUT: Final = "acknowledge_timeout"
CONF_OFFLINE_URGENT_AFTER: Final = "offline_urgent_after"
MINUTE_OPTIONS: Final = (
    CONF_RESEND_INTERVAL,
    CONF_ESCALATE_AFTER,
    CONF_ACKNOWLEDGE_TIMEOUT,
    CONF_OFFLINE_URGENT_AFTER,
)
# Options of entries made before per-vital delays (config entry minor version 1).
LEGACY_CRITICAL_DELAY: Final = "critical_delay"
LEGACY_WARNING_DELAY: Final = "warning_delay"
LEGACY_ESCALATE_AFTER_RESENDS: Final = "escalate_after_resends"
MAX_ALERT_DELAY: Final = 3600
MAX_MINUTES: Final = 240

# Alert texts live in the `selector` translations (a category hassfest accepts; it allows
# placeholders), flattened: `message.spo2.raised` is
# `selector.alert_text.options.message_spo2_raised`.
ALERT_TEXTS_CATEGORY: Final = "selector"
ALERT_TEXTS_PREFIX: Final = f"component.{DOMAIN}.selector.alert_text.options."
