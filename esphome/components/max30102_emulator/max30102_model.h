#pragma once

// An emulated MAX30102 on an I2C bus, fed by a red/IR recording: what the real max3010x driver
// talks to in the virtual device (host build). Plain C++17 with no ESPHome headers, so it is
// tested on its own (tests/firmware/max3010x/test_max30102_model.cpp).
//
// Emulated, as far as the driver and a careful reader of the datasheet would notice:
//   - I2C address 0x57; a register pointer set by the first byte of a write, auto-incremented
//     by reads and writes, except on FIFO_DATA (0x07), where each read pops samples
//   - PART_ID (0xFF) 0x15, REV_ID (0xFE)
//   - MODE_CONFIG: RESET (self-clearing after a short time, registers back to their power-on
//     values), SHDN, mode (HR: red only, 3 bytes a sample; SpO2: red + IR, 6 bytes)
//   - SPO2_CONFIG: sample rate (50-3200 Hz), LED pulse width (ADC resolution 15-18 bits, the
//     low bits zeroed as the chip does); FIFO_CONFIG: sample averaging, rollover, almost-full
//   - LED1_PA / LED2_PA: the recording's counts are taken as measured at 7 mA (register 35);
//     other currents scale them proportionally, clipped at the 18-bit full scale
//   - the 32-sample FIFO with FIFO_WR_PTR, FIFO_RD_PTR and OVF_COUNTER (5 bits each): a full
//     FIFO overwrites its oldest sample with rollover, drops the new one without, and counts
//   - INT_STATUS_1: A_FULL, PPG_RDY and PWR_RDY, cleared on read
// Not emulated: the die temperature, proximity mode, interrupt pin, multi-LED mode timing.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fajma::emulator {

// A red/IR recording (CSV header t,red,ir[,finger]), resampled on demand.
class PpgRecording {
 public:
  // Parses CSV text. Returns false and sets `error` on a malformed file.
  bool parse(const std::string &text, std::string &error);
  bool load_file(const std::string &path, std::string &error);

  bool empty() const { return this->t_.empty(); }
  size_t size() const { return this->t_.size(); }
  double duration() const { return this->t_.empty() ? 0.0 : this->t_.back() - this->t_.front(); }

  struct Sample {
    double red;
    double ir;
    bool finger;
  };
  // Linear interpolation at `seconds` from the first row. After the last row: the last row
  // (loop = false) or the file again from its start (loop = true).
  Sample at(double seconds, bool loop) const;

 private:
  std::vector<double> t_, red_, ir_;
  std::vector<bool> finger_;
};

class Max30102Model {
 public:
  static constexpr uint8_t kAddress = 0x57;
  static constexpr uint8_t kPartId = 0x15;
  static constexpr uint8_t kRevisionId = 0x03;
  static constexpr int kFifoDepth = 32;
  static constexpr uint32_t kFullScale = 0x3FFFF;  // 18 bits
  static constexpr uint8_t kReferenceLedRegister = 35;  // 7 mA: the recording's current
  // Without a finger: what the photodiode sees of ambient light after cancellation.
  static constexpr double kAmbientRed = 1200.0;
  static constexpr double kAmbientIr = 1500.0;

  explicit Max30102Model(const PpgRecording *recording = nullptr, bool loop = false)
      : recording_(recording), loop_(loop) {
    this->power_on_reset_();
  }

  // Runs the chip's clock up to `now_seconds` (monotonic): fills the FIFO with the samples due.
  void advance_to(double now_seconds);
  // One I2C transaction: write `write_count` bytes, then (repeated start) read `read_count`.
  // False when no device answers at `address` (NACK).
  bool transfer(uint8_t address, const uint8_t *write, size_t write_count, uint8_t *read,
                size_t read_count);

  uint8_t reg(uint8_t address) const { return this->registers_[address]; }
  uint32_t samples_produced() const { return this->samples_produced_; }
  uint32_t samples_read() const { return this->samples_read_; }
  // Effective rate of FIFO samples (sample rate / averaging), Hz.
  double fifo_rate_hz() const;

 private:
  void power_on_reset_();
  void write_register_(uint8_t address, uint8_t value);
  uint8_t read_register_(uint8_t address);
  void produce_sample_();
  uint32_t to_counts_(double value, uint8_t led_register) const;
  int bytes_per_sample_() const;
  int fifo_count_() const;

  const PpgRecording *recording_;
  bool loop_;
  uint8_t registers_[256]{};
  uint8_t pointer_{0};
  double now_{0};
  double reset_until_{-1};     // RESET reads back as set until then
  double sampling_since_{-1};  // time the current sampling run started; < 0: not sampling
  double recording_origin_{-1};  // time sampling first started: the recording's t = 0
  uint64_t run_samples_{0};    // samples produced in the current sampling run
  uint32_t fifo_[kFifoDepth][2]{};  // red, IR
  bool fifo_full_{false};
  int byte_in_sample_{0};  // bytes of the head sample already read (reads may split one)
  uint32_t samples_produced_{0};
  uint32_t samples_read_{0};
};

}  // namespace fajma::emulator
