"""An emulated MAX30102 on an emulated I2C bus, for the virtual device (host build).

The real max3010x component (driver and signal processing) talks to it as to the chip: give
the oximeter `i2c_id:` this component's id. The chip plays the red/IR recording named by the
environment variable FAJMA_PPG (CSV header t,red,ir[,finger]; see scripts/virtual-device
--help); FAJMA_AFTER_END=loop replays it, otherwise the last row is held. Without a
recording the chip sees no finger. The register model is max30102_model.* (plain C++, tested
on its own in tests/firmware/max3010x/test_max30102_model.cpp).
"""

import esphome.codegen as cg
from esphome.components import i2c
import esphome.config_validation as cv
from esphome.const import CONF_ID

CODEOWNERS = ["@fajma"]
# ESPHome's i2c component provides the I2CBus interface this bus implements.
DEPENDENCIES = ["host", "i2c"]

max30102_emulator_ns = cg.esphome_ns.namespace("max30102_emulator")
EmulatedI2CBus = max30102_emulator_ns.class_("EmulatedI2CBus", i2c.I2CBus, cg.Component)

CONFIG_SCHEMA = cv.Schema({cv.GenerateID(): cv.declare_id(EmulatedI2CBus)}).extend(
    cv.COMPONENT_SCHEMA
)


async def to_code(config):
    var = cg.new_Pvariable(config[CONF_ID])
    await cg.register_component(var, config)
