#pragma once

#include "esphome/components/binary_sensor/binary_sensor.h"
#include "esphome/components/i2c/i2c.h"
#include "esphome/components/sensor/sensor.h"
#include "esphome/core/component.h"

#include "ppg_processor.h"

namespace esphome::max3010x {

// MAX30102 (and the register-compatible MAX30105) in SpO2 mode: red + IR samples are read
// from the FIFO in loop() without blocking and fed to the PPG processor; update() publishes
// its estimate. Values the processor cannot vouch for are published as NaN ("unknown"), once
// per change of reason, which is logged.
class MAX3010xComponent : public PollingComponent, public i2c::I2CDevice {
 public:
  void setup() override;
  void loop() override;
  void update() override;
  void dump_config() override;
  float get_setup_priority() const override { return setup_priority::DATA; }

  // Re-runs the LED current adjustment towards the calibration target (finger required),
  // then resets the processor's baseline.
  void calibrate();

  void set_sample_rate(uint16_t hz, uint8_t bits) {
    this->sample_rate_hz_ = hz;
    this->sample_rate_bits_ = bits;
  }
  void set_sample_averaging(uint8_t samples, uint8_t bits) {
    this->sample_averaging_ = samples;
    this->sample_averaging_bits_ = bits;
  }
  void set_pulse_width(uint8_t bits) { this->pulse_width_bits_ = bits; }
  void set_adc_range(uint8_t bits) { this->adc_range_bits_ = bits; }
  void set_led_currents(float red_ma, float ir_ma);
  void set_calibration_target(uint32_t counts) { this->calibration_target_ = counts; }
  void set_calibrate_on_first_finger(bool enabled) { this->calibrate_on_first_finger_ = enabled; }
  void set_finger_levels(uint32_t on, uint32_t off) {
    this->finger_on_level_ = on;
    this->finger_off_level_ = off;
  }
  void set_heart_rate_sensor(sensor::Sensor *s) { this->heart_rate_sensor_ = s; }
  void set_spo2_sensor(sensor::Sensor *s) { this->spo2_sensor_ = s; }
  void set_perfusion_index_sensor(sensor::Sensor *s) { this->perfusion_index_sensor_ = s; }
  void set_finger_detected_binary_sensor(binary_sensor::BinarySensor *s) { this->finger_detected_ = s; }
  void set_irregular_pulse_binary_sensor(binary_sensor::BinarySensor *s) { this->irregular_pulse_ = s; }
  void set_spo2_ratio_sensor(sensor::Sensor *s) { this->spo2_ratio_sensor_ = s; }
  // SpO2 = a·R² + b·R + c for R in [min_ratio, max_ratio]; NaN outside.
  void set_spo2_calibration(float a, float b, float c, float min_ratio, float max_ratio) {
    this->calibration_ = fajma::ppg::Calibration{a, b, c, min_ratio, max_ratio};
  }

 protected:
  enum class State : uint8_t { RESETTING, RUNNING, FAILED };

  void configure_();
  bool write_led_currents_();
  bool clear_fifo_();
  void read_fifo_();
  void handle_sample_(uint32_t red, uint32_t ir);
  void calibration_sample_(uint32_t red, uint32_t ir);
  void finish_calibration_(const char *outcome, bool adjusted);
  void publish_value_(sensor::Sensor *sensor, float value, fajma::ppg::Reason reason,
                      fajma::ppg::Reason &last_reason, const char *name);
  float effective_rate_hz_() const {
    return static_cast<float>(this->sample_rate_hz_) / static_cast<float>(this->sample_averaging_);
  }

  // Configuration
  uint16_t sample_rate_hz_{400};
  uint8_t sample_rate_bits_{3};
  uint8_t sample_averaging_{4};
  uint8_t sample_averaging_bits_{2};
  uint8_t pulse_width_bits_{3};
  uint8_t adc_range_bits_{3};
  uint8_t red_led_register_{0x24};
  uint8_t ir_led_register_{0x24};
  uint32_t calibration_target_{120000};
  bool calibrate_on_first_finger_{true};
  uint32_t finger_on_level_{30000};
  uint32_t finger_off_level_{20000};

  sensor::Sensor *heart_rate_sensor_{nullptr};
  sensor::Sensor *spo2_sensor_{nullptr};
  sensor::Sensor *perfusion_index_sensor_{nullptr};
  binary_sensor::BinarySensor *finger_detected_{nullptr};
  binary_sensor::BinarySensor *irregular_pulse_{nullptr};
  sensor::Sensor *spo2_ratio_sensor_{nullptr};
  fajma::ppg::Calibration calibration_{};

  // Run time
  State state_{State::RESETTING};
  uint8_t reset_polls_{0};
  fajma::ppg::PpgProcessor *processor_{nullptr};  // created in setup(), sized by the config
  bool last_finger_{false};
  bool calibrated_since_boot_{false};
  uint32_t fifo_overflows_{0};
  uint32_t samples_read_{0};

  // LED current calibration, run sample by sample from the FIFO reads.
  bool calibrating_{false};
  uint8_t calibration_step_{0};
  uint16_t calibration_count_{0};
  uint16_t calibration_skip_{0};
  float calibration_ir_sum_{0};
  float calibration_red_sum_{0};

  // Last reason logged per output, so a lasting condition is logged (and NaN published) once.
  fajma::ppg::Reason heart_rate_reason_{fajma::ppg::Reason::OK};
  fajma::ppg::Reason spo2_reason_{fajma::ppg::Reason::OK};
  fajma::ppg::Reason perfusion_reason_{fajma::ppg::Reason::OK};
  fajma::ppg::Reason ratio_reason_{fajma::ppg::Reason::OK};
  bool irregular_published_{false};
  bool irregular_known_{false};
};

}  // namespace esphome::max3010x
