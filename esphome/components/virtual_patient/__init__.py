"""A virtual patient for FAJMA's host build: replays a scenario into the contract sensors."""

import esphome.codegen as cg
from esphome.components import binary_sensor, sensor
import esphome.config_validation as cv
from esphome.const import CONF_ID

CODEOWNERS = ["@fajma"]
DEPENDENCIES = ["host", "api"]

CONF_HEART_RATE = "heart_rate"
CONF_SPO2 = "spo2"
CONF_BODY_TEMPERATURE = "body_temperature"
CONF_AMBIENT_TEMPERATURE = "ambient_temperature"
CONF_HUMIDITY = "humidity"
CONF_PERFUSION_INDEX = "perfusion_index"
CONF_FINGER_DETECTED = "finger_detected"
CONF_IRREGULAR_PULSE = "irregular_pulse"
CONF_SPO2_RATIO = "spo2_ratio"

SENSORS = (
    CONF_HEART_RATE,
    CONF_SPO2,
    CONF_BODY_TEMPERATURE,
    CONF_AMBIENT_TEMPERATURE,
    CONF_HUMIDITY,
    CONF_PERFUSION_INDEX,
    CONF_SPO2_RATIO,
)

virtual_patient_ns = cg.esphome_ns.namespace("virtual_patient")
VirtualPatient = virtual_patient_ns.class_("VirtualPatient", cg.PollingComponent)

CONFIG_SCHEMA = cv.Schema(
    {
        cv.GenerateID(): cv.declare_id(VirtualPatient),
        **{cv.Required(key): cv.use_id(sensor.Sensor) for key in SENSORS},
        cv.Required(CONF_FINGER_DETECTED): cv.use_id(binary_sensor.BinarySensor),
        cv.Required(CONF_IRREGULAR_PULSE): cv.use_id(binary_sensor.BinarySensor),
    }
).extend(cv.polling_component_schema("1s"))

# Symbols replaced at link time by virtual_patient.cpp: the MAC address (one per virtual
# identity, chosen at run time) and bind() (loopback only).
WRAPPED_SYMBOLS = ("_ZN7esphome19get_mac_address_rawEPh", "bind")


async def to_code(config):
    # Runs after App.pre_setup(): the run-time name must be in place before any component
    # reads it (host preferences are stored per device name).
    cg.add(virtual_patient_ns.apply_identity_from_environment())
    var = cg.new_Pvariable(config[CONF_ID])
    await cg.register_component(var, config)
    for key in SENSORS:
        cg.add(getattr(var, f"set_{key}_sensor")(await cg.get_variable(config[key])))
    finger = await cg.get_variable(config[CONF_FINGER_DETECTED])
    cg.add(var.set_finger_detected_binary_sensor(finger))
    irregular = await cg.get_variable(config[CONF_IRREGULAR_PULSE])
    cg.add(var.set_irregular_pulse_binary_sensor(irregular))
    for symbol in WRAPPED_SYMBOLS:
        cg.add_build_flag(f"-Wl,--wrap={symbol}")
