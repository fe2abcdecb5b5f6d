#pragma once

#include "esphome/components/i2c/i2c_bus.h"
#include "esphome/core/component.h"

#include "max30102_model.h"

namespace esphome::max30102_emulator {

// An I2C bus with one device on it: an emulated MAX30102 playing a red/IR recording.
// Configured at run time by environment variables (see scripts/virtual-device):
//   FAJMA_PPG        path of the recording (CSV t,red,ir[,finger]); unset: no finger
//   FAJMA_AFTER_END  "loop" replays the recording after its last row; otherwise it is held
class EmulatedI2CBus : public i2c::I2CBus, public Component {
 public:
  void setup() override;
  void loop() override;
  void dump_config() override;
  // Before the oximeter's driver probes the chip.
  float get_setup_priority() const override { return setup_priority::BUS; }

  i2c::ErrorCode write_readv(uint8_t address, const uint8_t *write_buffer, size_t write_count,
                             uint8_t *read_buffer, size_t read_count) override;

  bool has_recording() const { return !this->recording_.empty(); }

 protected:
  double now_() const;

  fajma::emulator::PpgRecording recording_;
  fajma::emulator::Max30102Model model_{};
  std::string path_;
  bool loop_{false};
};

}  // namespace esphome::max30102_emulator
