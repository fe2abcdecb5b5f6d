"""MAX30102 / MAX30105 pulse oximeter: heart rate, SpO2, perfusion index, finger detection,
irregular pulse, and the ratio of ratios R behind SpO2 (for calibration).

The signal processing (ppg_processor.*) is plain C++ shared with the host tests in
tests/firmware/max3010x; this component drives the chip and publishes the estimates.
"""

from esphome import automation
import esphome.codegen as cg
from esphome.components import binary_sensor, i2c, sensor
import esphome.config_validation as cv
from esphome.const import (
    CONF_ID,
    CONF_SAMPLE_RATE,
    ENTITY_CATEGORY_DIAGNOSTIC,
    ICON_HEART_PULSE,
    ICON_PERCENT,
    ICON_WATER_PERCENT,
    STATE_CLASS_MEASUREMENT,
    UNIT_BEATS_PER_MINUTE,
    UNIT_PERCENT,
)
from esphome.types import ConfigType

CODEOWNERS = ["@fajma"]
DEPENDENCIES = ["i2c"]
AUTO_LOAD = ["sensor", "binary_sensor"]
MULTI_CONF = True

CONF_SAMPLE_AVERAGING = "sample_averaging"
CONF_PULSE_WIDTH = "pulse_width"
CONF_ADC_RANGE = "adc_range"
CONF_RED_LED_CURRENT = "red_led_current"
CONF_IR_LED_CURRENT = "ir_led_current"
CONF_CALIBRATION_TARGET = "calibration_target"
CONF_CALIBRATE_ON_FIRST_FINGER = "calibrate_on_first_finger"
CONF_FINGER_ON_LEVEL = "finger_on_level"
CONF_FINGER_OFF_LEVEL = "finger_off_level"
CONF_HEART_RATE = "heart_rate"
CONF_SPO2 = "spo2"
CONF_PERFUSION_INDEX = "perfusion_index"
CONF_FINGER_DETECTED = "finger_detected"
CONF_IRREGULAR_PULSE = "irregular_pulse"
CONF_SPO2_RATIO = "spo2_ratio"
CONF_SPO2_CALIBRATION = "spo2_calibration"
CONF_A = "a"
CONF_B = "b"
CONF_C = "c"
CONF_MIN_RATIO = "min_ratio"
CONF_MAX_RATIO = "max_ratio"
# Maxim's RD117 reference-design curve for the MAX30102: SpO2 = a·R² + b·R + c. Each sensor
# build (LED wavelengths, optical path) has its own curve; derive it with
# scripts/spo2-calibrate from R logged next to a reference oximeter (docs/oximetry.md).
RD117_CALIBRATION = {
    CONF_A: -45.060,
    CONF_B: 30.354,
    CONF_C: 94.845,
    CONF_MIN_RATIO: 0.02,
    CONF_MAX_RATIO: 1.84,
}

max3010x_ns = cg.esphome_ns.namespace("max3010x")
MAX3010xComponent = max3010x_ns.class_("MAX3010xComponent", cg.PollingComponent, i2c.I2CDevice)

# Register field values (datasheet: SPO2_CONFIG and FIFO_CONFIG).
SAMPLE_RATES = {50: 0, 100: 1, 200: 2, 400: 3, 800: 4, 1000: 5, 1600: 6, 3200: 7}
SAMPLE_AVERAGING = {1: 0, 2: 1, 4: 2, 8: 3, 16: 4, 32: 5}
# Pulse width (µs) -> register value; the ADC resolution follows (15 to 18 bits).
PULSE_WIDTHS = {69: 0, 118: 1, 215: 2, 411: 3}
ADC_RANGES = {2048: 0, 4096: 1, 8192: 2, 16384: 3}
# Fastest sample rate per pulse width in SpO2 mode (two LED pulses per sample).
MAX_SPO2_SAMPLE_RATE = {69: 1600, 118: 1000, 215: 800, 411: 400}
# The processing is tested on the host for these effective rates (after averaging).
MIN_EFFECTIVE_RATE = 25
MAX_EFFECTIVE_RATE = 400
ADC_FULL_SCALE = 262143  # 18-bit, left-justified whatever the resolution
LED_CURRENT_MAX_MA = 51.0


def _pulse_width(value):
    value = cv.positive_time_period_microseconds(value).total_microseconds
    if value not in PULSE_WIDTHS:
        raise cv.Invalid(f"pulse_width must be one of {', '.join(f'{w}us' for w in PULSE_WIDTHS)}")
    return value


def _adc_range(value):
    if isinstance(value, str) and value.lower().endswith("na"):
        value = value[:-2]
    return cv.one_of(*ADC_RANGES, int=True)(value)


def _led_current(value):
    if isinstance(value, str) and value.lower().endswith("ma"):
        value = value[:-2]
    return cv.float_range(min=0.0, max=LED_CURRENT_MAX_MA)(cv.float_(value))


def _validate_timing(config):
    rate = config[CONF_SAMPLE_RATE]
    width = config[CONF_PULSE_WIDTH]
    if rate > MAX_SPO2_SAMPLE_RATE[width]:
        raise cv.Invalid(
            f"sample_rate {rate} is too fast for pulse_width {width}us in SpO2 mode "
            f"(at most {MAX_SPO2_SAMPLE_RATE[width]})"
        )
    effective = rate / config[CONF_SAMPLE_AVERAGING]
    if not MIN_EFFECTIVE_RATE <= effective <= MAX_EFFECTIVE_RATE:
        raise cv.Invalid(
            f"sample_rate / sample_averaging = {effective:g} Hz; it must be between "
            f"{MIN_EFFECTIVE_RATE} and {MAX_EFFECTIVE_RATE} Hz"
        )
    return config


def _validate_levels(config):
    if config[CONF_FINGER_OFF_LEVEL] >= config[CONF_FINGER_ON_LEVEL]:
        raise cv.Invalid("finger_off_level must be below finger_on_level (hysteresis)")
    if config[CONF_CALIBRATION_TARGET] <= config[CONF_FINGER_ON_LEVEL]:
        # Otherwise calibrating would dim the LEDs until the finger counts as removed.
        raise cv.Invalid("calibration_target must be above finger_on_level")
    return config


ADC_COUNTS = cv.int_range(min=1000, max=ADC_FULL_SCALE - 10000)


def _validate_calibration(config):
    low, high = config[CONF_MIN_RATIO], config[CONF_MAX_RATIO]
    if low >= high:
        raise cv.Invalid("min_ratio must be below max_ratio")
    a, b, c = config[CONF_A], config[CONF_B], config[CONF_C]
    # SpO2 must fall as R rises (more red absorbed: less oxygen) over the whole valid range,
    # or two saturations would read the same; a curve fitted on too narrow a range can fail
    # this, and is better replaced by an offset on the default.
    for ratio in (low, high):
        if 2 * a * ratio + b > 0 and ratio > 0.4:
            raise cv.Invalid(
                f"the curve rises with R at R={ratio:g}: SpO2 must decrease as R increases "
                "above R=0.4; restrict min_ratio/max_ratio or refit"
            )
    return config


SPO2_CALIBRATION_SCHEMA = cv.All(
    cv.Schema(
        {
            cv.Optional(CONF_A, default=RD117_CALIBRATION[CONF_A]): cv.float_,
            cv.Optional(CONF_B, default=RD117_CALIBRATION[CONF_B]): cv.float_,
            cv.Optional(CONF_C, default=RD117_CALIBRATION[CONF_C]): cv.float_,
            cv.Optional(CONF_MIN_RATIO, default=RD117_CALIBRATION[CONF_MIN_RATIO]): cv.float_range(
                min=0.0, max=5.0
            ),
            cv.Optional(CONF_MAX_RATIO, default=RD117_CALIBRATION[CONF_MAX_RATIO]): cv.float_range(
                min=0.0, max=5.0
            ),
        }
    ),
    _validate_calibration,
)

CONFIG_SCHEMA = cv.All(
    cv.Schema(
        {
            cv.GenerateID(): cv.declare_id(MAX3010xComponent),
            cv.Optional(CONF_SAMPLE_RATE, default=400): cv.one_of(*SAMPLE_RATES, int=True),
            cv.Optional(CONF_SAMPLE_AVERAGING, default=4): cv.one_of(
                *SAMPLE_AVERAGING, int=True
            ),
            cv.Optional(CONF_PULSE_WIDTH, default="411us"): _pulse_width,
            cv.Optional(CONF_ADC_RANGE, default=16384): _adc_range,
            cv.Optional(CONF_RED_LED_CURRENT, default=7.0): _led_current,
            cv.Optional(CONF_IR_LED_CURRENT, default=7.0): _led_current,
            cv.Optional(CONF_CALIBRATION_TARGET, default=120000): ADC_COUNTS,
            cv.Optional(CONF_CALIBRATE_ON_FIRST_FINGER, default=True): cv.boolean,
            cv.Optional(CONF_FINGER_ON_LEVEL, default=30000): ADC_COUNTS,
            cv.Optional(CONF_FINGER_OFF_LEVEL, default=20000): ADC_COUNTS,
            cv.Optional(CONF_HEART_RATE): sensor.sensor_schema(
                unit_of_measurement=UNIT_BEATS_PER_MINUTE,
                icon=ICON_HEART_PULSE,
                accuracy_decimals=0,
                state_class=STATE_CLASS_MEASUREMENT,
            ),
            cv.Optional(CONF_SPO2): sensor.sensor_schema(
                unit_of_measurement=UNIT_PERCENT,
                icon=ICON_WATER_PERCENT,
                accuracy_decimals=0,
                state_class=STATE_CLASS_MEASUREMENT,
            ),
            cv.Optional(CONF_PERFUSION_INDEX): sensor.sensor_schema(
                unit_of_measurement=UNIT_PERCENT,
                icon=ICON_PERCENT,
                accuracy_decimals=2,
                state_class=STATE_CLASS_MEASUREMENT,
            ),
            cv.Optional(CONF_FINGER_DETECTED): binary_sensor.binary_sensor_schema(),
            cv.Optional(CONF_IRREGULAR_PULSE): binary_sensor.binary_sensor_schema(
                icon="mdi:heart-flash"
            ),
            cv.Optional(CONF_SPO2_RATIO): sensor.sensor_schema(
                icon="mdi:division",
                accuracy_decimals=3,
                state_class=STATE_CLASS_MEASUREMENT,
                entity_category=ENTITY_CATEGORY_DIAGNOSTIC,
            ),
            cv.Optional(CONF_SPO2_CALIBRATION, default={}): SPO2_CALIBRATION_SCHEMA,
        }
    )
    .extend(cv.polling_component_schema("1s"))
    .extend(i2c.i2c_device_schema(0x57)),
    _validate_timing,
    _validate_levels,
)


async def to_code(config: ConfigType) -> None:
    var = cg.new_Pvariable(config[CONF_ID])
    await cg.register_component(var, config)
    await i2c.register_i2c_device(var, config)

    cg.add(var.set_sample_rate(config[CONF_SAMPLE_RATE], SAMPLE_RATES[config[CONF_SAMPLE_RATE]]))
    averaging = config[CONF_SAMPLE_AVERAGING]
    cg.add(var.set_sample_averaging(averaging, SAMPLE_AVERAGING[averaging]))
    cg.add(var.set_pulse_width(PULSE_WIDTHS[config[CONF_PULSE_WIDTH]]))
    cg.add(var.set_adc_range(ADC_RANGES[config[CONF_ADC_RANGE]]))
    cg.add(var.set_led_currents(config[CONF_RED_LED_CURRENT], config[CONF_IR_LED_CURRENT]))
    cg.add(var.set_calibration_target(config[CONF_CALIBRATION_TARGET]))
    cg.add(var.set_calibrate_on_first_finger(config[CONF_CALIBRATE_ON_FIRST_FINGER]))
    cg.add(var.set_finger_levels(config[CONF_FINGER_ON_LEVEL], config[CONF_FINGER_OFF_LEVEL]))
    calibration = config[CONF_SPO2_CALIBRATION]
    cg.add(
        var.set_spo2_calibration(
            calibration[CONF_A],
            calibration[CONF_B],
            calibration[CONF_C],
            calibration[CONF_MIN_RATIO],
            calibration[CONF_MAX_RATIO],
        )
    )

    sensors = sensor.sub_sensors(config)
    await sensors(CONF_HEART_RATE, var.set_heart_rate_sensor)
    await sensors(CONF_SPO2, var.set_spo2_sensor)
    await sensors(CONF_PERFUSION_INDEX, var.set_perfusion_index_sensor)
    await sensors(CONF_SPO2_RATIO, var.set_spo2_ratio_sensor)
    if CONF_FINGER_DETECTED in config:
        finger = await binary_sensor.new_binary_sensor(config[CONF_FINGER_DETECTED])
        cg.add(var.set_finger_detected_binary_sensor(finger))
    if CONF_IRREGULAR_PULSE in config:
        irregular = await binary_sensor.new_binary_sensor(config[CONF_IRREGULAR_PULSE])
        cg.add(var.set_irregular_pulse_binary_sensor(irregular))


automation.register_apply_action(
    "max3010x.calibrate",
    automation.maybe_simple_id(cv.Schema({cv.GenerateID(): cv.use_id(MAX3010xComponent)})),
    automation.ApplyCall("calibrate()"),
)
