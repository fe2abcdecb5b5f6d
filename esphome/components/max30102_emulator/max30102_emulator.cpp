#include "max30102_emulator.h"

#include <cstdlib>
#include <cstring>

#include "esphome/core/hal.h"
#include "esphome/core/log.h"

namespace esphome::max30102_emulator {

static const char *const TAG = "max30102_emulator";

void EmulatedI2CBus::setup() {
  const char *after_end = std::getenv("FAJMA_AFTER_END");
  this->loop_ = after_end != nullptr && std::strcmp(after_end, "loop") == 0;
  const char *path = std::getenv("FAJMA_PPG");
  if (path != nullptr && path[0] != '\0') {
    this->path_ = path;
    std::string error;
    if (!this->recording_.load_file(this->path_, error)) {
      ESP_LOGE(TAG, "PPG recording %s: %s; the emulated sensor sees no finger", path, error.c_str());
    } else {
      ESP_LOGI(TAG, "Playing PPG recording %s (%u samples, %.1f s)", path,
               static_cast<unsigned>(this->recording_.size()), this->recording_.duration());
    }
  }
  this->model_ = fajma::emulator::Max30102Model(&this->recording_, this->loop_);
  this->model_.advance_to(this->now_());
}

void EmulatedI2CBus::loop() { this->model_.advance_to(this->now_()); }

double EmulatedI2CBus::now_() const { return static_cast<double>(millis()) / 1000.0; }

i2c::ErrorCode EmulatedI2CBus::write_readv(uint8_t address, const uint8_t *write_buffer, size_t write_count,
                                           uint8_t *read_buffer, size_t read_count) {
  this->model_.advance_to(this->now_());
  return this->model_.transfer(address, write_buffer, write_count, read_buffer, read_count)
             ? i2c::ERROR_OK
             : i2c::ERROR_NOT_ACKNOWLEDGED;
}

void EmulatedI2CBus::dump_config() {
  ESP_LOGCONFIG(TAG,
                "Emulated MAX30102 on an emulated I2C bus (address 0x%02X):\n"
                "  Recording: %s (%.1f s)\n"
                "  After the last row: %s",
                fajma::emulator::Max30102Model::kAddress, this->path_.empty() ? "none" : this->path_.c_str(),
                this->recording_.duration(), this->loop_ ? "loop" : "hold");
}

}  // namespace esphome::max30102_emulator
