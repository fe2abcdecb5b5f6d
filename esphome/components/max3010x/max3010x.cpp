#include "max3010x.h"

#include <algorithm>
#include <cmath>

#include "esphome/core/log.h"

namespace esphome::max3010x {

static const char *const TAG = "max3010x";

// Registers (MAX30102 datasheet; the MAX30105 shares them).
static const uint8_t REG_INT_ENABLE_1 = 0x02;
static const uint8_t REG_INT_ENABLE_2 = 0x03;
static const uint8_t REG_FIFO_WR_PTR = 0x04;  // followed by OVF_COUNTER (0x05), FIFO_RD_PTR (0x06)
static const uint8_t REG_FIFO_DATA = 0x07;
static const uint8_t REG_FIFO_CONFIG = 0x08;
static const uint8_t REG_MODE_CONFIG = 0x09;
static const uint8_t REG_SPO2_CONFIG = 0x0A;
static const uint8_t REG_LED1_PA = 0x0C;  // red
static const uint8_t REG_LED2_PA = 0x0D;  // IR
static const uint8_t REG_PART_ID = 0xFF;

static const uint8_t PART_ID_MAX3010X = 0x15;
static const uint8_t MODE_RESET = 0x40;
static const uint8_t MODE_SPO2 = 0x03;  // red + IR
static const uint8_t FIFO_ROLLOVER = 0x10;  // keep the newest samples if we fall behind

static const uint8_t FIFO_DEPTH = 32;
static const uint8_t BYTES_PER_SAMPLE = 6;  // red then IR, 3 bytes each
static const uint8_t SAMPLES_PER_READ = 8;  // bounds the I2C transaction and the stack buffer
static const uint32_t SAMPLE_MASK = 0x3FFFF;  // 18 bits, left-justified at every resolution
static const uint8_t MAX_RESET_POLLS = 50;

static const float LED_MA_PER_STEP = 0.2f;
static const float CALIBRATION_TOLERANCE = 0.1f;  // within ±10 % of the target is done
static const uint8_t MAX_CALIBRATION_STEPS = 6;
static const float CALIBRATION_WINDOW_SECONDS = 0.25f;
// After a current change: samples already in the FIFO, and the analog front end, lag.
static const float CALIBRATION_SKIP_SECONDS = 0.1f;
static const float SATURATED_COUNTS = 250000.0f;

void MAX3010xComponent::set_led_currents(float red_ma, float ir_ma) {
  auto to_register = [](float ma) {
    return static_cast<uint8_t>(std::clamp(std::lround(ma / LED_MA_PER_STEP), 0L, 255L));
  };
  this->red_led_register_ = to_register(red_ma);
  this->ir_led_register_ = to_register(ir_ma);
}

void MAX3010xComponent::setup() {
  uint8_t part_id = 0;
  if (!this->read_byte(REG_PART_ID, &part_id)) {
    this->mark_failed(LOG_STR("No response on I2C"));
    return;
  }
  if (part_id != PART_ID_MAX3010X) {
    ESP_LOGE(TAG, "Part ID 0x%02X is not a MAX30102/MAX30105 (0x%02X)", part_id, PART_ID_MAX3010X);
    this->mark_failed();
    return;
  }
  fajma::ppg::Config config;
  config.sample_rate_hz = this->effective_rate_hz_();
  config.finger_on_level = static_cast<float>(this->finger_on_level_);
  config.finger_off_level = static_cast<float>(this->finger_off_level_);
  config.calibration = this->calibration_;
  this->processor_ = new fajma::ppg::PpgProcessor(config);  // NOLINT(cppcoreguidelines-owning-memory)

  // The reset bit clears itself when the chip is ready; loop() polls it instead of sleeping.
  if (!this->write_byte(REG_MODE_CONFIG, MODE_RESET)) {
    this->mark_failed(LOG_STR("Reset failed"));
    return;
  }
  this->state_ = State::RESETTING;
}

void MAX3010xComponent::configure_() {
  const uint8_t fifo_config = (this->sample_averaging_bits_ << 5) | FIFO_ROLLOVER;
  const uint8_t spo2_config =
      (this->adc_range_bits_ << 5) | (this->sample_rate_bits_ << 2) | this->pulse_width_bits_;
  // Interrupts off: the FIFO is polled.
  const bool ok = this->write_byte(REG_INT_ENABLE_1, 0) && this->write_byte(REG_INT_ENABLE_2, 0) &&
                  this->write_byte(REG_FIFO_CONFIG, fifo_config) &&
                  this->write_byte(REG_SPO2_CONFIG, spo2_config) && this->write_led_currents_() &&
                  this->clear_fifo_() && this->write_byte(REG_MODE_CONFIG, MODE_SPO2);
  if (!ok) {
    this->state_ = State::FAILED;
    this->mark_failed(LOG_STR("Configuration failed"));
    return;
  }
  this->state_ = State::RUNNING;
}

bool MAX3010xComponent::write_led_currents_() {
  return this->write_byte(REG_LED1_PA, this->red_led_register_) &&
         this->write_byte(REG_LED2_PA, this->ir_led_register_);
}

bool MAX3010xComponent::clear_fifo_() {
  const uint8_t zeros[3] = {0, 0, 0};  // write pointer, overflow counter, read pointer
  return this->write_bytes(REG_FIFO_WR_PTR, zeros, sizeof(zeros));
}

void MAX3010xComponent::loop() {
  switch (this->state_) {
    case State::RESETTING: {
      uint8_t mode = MODE_RESET;
      if (this->read_byte(REG_MODE_CONFIG, &mode) && (mode & MODE_RESET) == 0) {
        this->configure_();
      } else if (++this->reset_polls_ > MAX_RESET_POLLS) {
        this->state_ = State::FAILED;
        this->mark_failed(LOG_STR("Reset did not complete"));
      }
      break;
    }
    case State::RUNNING:
      this->read_fifo_();
      break;
    case State::FAILED:
      break;
  }
}

void MAX3010xComponent::read_fifo_() {
  uint8_t pointers[3];  // FIFO_WR_PTR, OVF_COUNTER, FIFO_RD_PTR
  if (!this->read_bytes(REG_FIFO_WR_PTR, pointers, sizeof(pointers))) {
    this->status_set_warning(LOG_STR("FIFO pointer read failed"));
    return;
  }
  const uint8_t write_pointer = pointers[0] & 0x1F;
  const uint8_t overflows = pointers[1] & 0x1F;
  const uint8_t read_pointer = pointers[2] & 0x1F;
  uint8_t available = (write_pointer - read_pointer) & 0x1F;
  if (overflows > 0) {
    // Samples were lost (loop() blocked for too long): beat intervals across the gap are
    // wrong, so start over.
    if (available == 0)
      available = FIFO_DEPTH;
    ++this->fifo_overflows_;
    ESP_LOGW(TAG, "FIFO overflow (%u samples lost, %u overflows so far); restarting analysis",
             overflows, static_cast<unsigned>(this->fifo_overflows_));
    this->processor_->reset();
  }

  uint8_t buffer[SAMPLES_PER_READ * BYTES_PER_SAMPLE];
  while (available > 0) {
    const uint8_t count = std::min(available, SAMPLES_PER_READ);
    if (!this->read_bytes(REG_FIFO_DATA, buffer, count * BYTES_PER_SAMPLE)) {
      this->status_set_warning(LOG_STR("FIFO read failed"));
      return;
    }
    for (uint8_t i = 0; i < count; ++i) {
      const uint8_t *p = buffer + i * BYTES_PER_SAMPLE;
      const uint32_t red = ((uint32_t(p[0]) << 16) | (uint32_t(p[1]) << 8) | p[2]) & SAMPLE_MASK;
      const uint32_t ir = ((uint32_t(p[3]) << 16) | (uint32_t(p[4]) << 8) | p[5]) & SAMPLE_MASK;
      this->handle_sample_(red, ir);
    }
    available -= count;
  }
  this->status_clear_warning();
}

void MAX3010xComponent::handle_sample_(uint32_t red, uint32_t ir) {
  ++this->samples_read_;
  if (this->calibrating_) {
    this->calibration_sample_(red, ir);
    return;
  }
  this->processor_->add_sample(red, ir);
  const bool finger = this->processor_->finger_present();
  if (finger == this->last_finger_)
    return;
  this->last_finger_ = finger;
  if (finger) {
    ESP_LOGI(TAG, "Finger detected (IR level %.0f)", this->processor_->ir_level());
  } else {
    ESP_LOGI(TAG, "Finger removed");
  }
  if (this->finger_detected_ != nullptr)
    this->finger_detected_->publish_state(finger);
  if (finger && this->calibrate_on_first_finger_ && !this->calibrated_since_boot_)
    this->calibrate();
}

void MAX3010xComponent::calibrate() {
  if (this->state_ != State::RUNNING) {
    ESP_LOGW(TAG, "Cannot calibrate: sensor not running");
    return;
  }
  ESP_LOGI(TAG, "Calibrating LED currents towards IR level %u", static_cast<unsigned>(this->calibration_target_));
  this->calibrating_ = true;
  this->calibration_step_ = 0;
  this->calibration_count_ = 0;
  this->calibration_ir_sum_ = this->calibration_red_sum_ = 0;
  this->calibration_skip_ = static_cast<uint16_t>(CALIBRATION_SKIP_SECONDS * this->effective_rate_hz_());
}

void MAX3010xComponent::calibration_sample_(uint32_t red, uint32_t ir) {
  if (this->calibration_skip_ > 0) {
    --this->calibration_skip_;
    return;
  }
  this->calibration_ir_sum_ += static_cast<float>(ir);
  this->calibration_red_sum_ += static_cast<float>(red);
  const auto window =
      std::max<uint16_t>(8, static_cast<uint16_t>(CALIBRATION_WINDOW_SECONDS * this->effective_rate_hz_()));
  if (++this->calibration_count_ < window)
    return;

  const float ir_mean = this->calibration_ir_sum_ / static_cast<float>(this->calibration_count_);
  const float red_mean = this->calibration_red_sum_ / static_cast<float>(this->calibration_count_);
  this->calibration_count_ = 0;
  this->calibration_ir_sum_ = this->calibration_red_sum_ = 0;
  ESP_LOGD(TAG, "Calibration step %u: red %.1f mA -> %.0f, IR %.1f mA -> %.0f", this->calibration_step_,
           this->red_led_register_ * LED_MA_PER_STEP, red_mean, this->ir_led_register_ * LED_MA_PER_STEP, ir_mean);
  if (ir_mean < static_cast<float>(this->finger_off_level_)) {
    // Nothing to calibrate against; the first finger placed later still triggers a calibration.
    this->finish_calibration_("skipped: no finger on the sensor", false);
    return;
  }

  const float target = static_cast<float>(this->calibration_target_);
  // Level is proportional to LED current; a clipped level says only "too bright": halve.
  auto next_register = [target](uint8_t current, float mean) -> uint8_t {
    if (mean >= SATURATED_COUNTS)
      return std::max<uint8_t>(1, current / 2);
    const float wanted = static_cast<float>(std::max<uint8_t>(current, 1)) * target / mean;
    return static_cast<uint8_t>(std::clamp(std::lround(wanted), 1L, 255L));
  };
  const uint8_t red_next = next_register(this->red_led_register_, red_mean);
  const uint8_t ir_next = next_register(this->ir_led_register_, ir_mean);
  const bool on_target = std::fabs(ir_mean - target) <= CALIBRATION_TOLERANCE * target &&
                         std::fabs(red_mean - target) <= CALIBRATION_TOLERANCE * target;
  if (on_target) {
    this->finish_calibration_("done", true);
    return;
  }
  if (red_next == this->red_led_register_ && ir_next == this->ir_led_register_) {
    this->finish_calibration_("stopped at the current limit", true);
    return;
  }
  if (++this->calibration_step_ >= MAX_CALIBRATION_STEPS) {
    this->finish_calibration_("stopped after the maximum number of steps", true);
    return;
  }
  this->red_led_register_ = red_next;
  this->ir_led_register_ = ir_next;
  if (!this->write_led_currents_()) {
    this->finish_calibration_("aborted: LED current write failed", true);
    return;
  }
  this->calibration_skip_ = static_cast<uint16_t>(CALIBRATION_SKIP_SECONDS * this->effective_rate_hz_());
}

void MAX3010xComponent::finish_calibration_(const char *outcome, bool adjusted) {
  this->calibrating_ = false;
  this->calibrated_since_boot_ = this->calibrated_since_boot_ || adjusted;
  ESP_LOGI(TAG, "Calibration %s: red %.1f mA, IR %.1f mA", outcome, this->red_led_register_ * LED_MA_PER_STEP,
           this->ir_led_register_ * LED_MA_PER_STEP);
  // New LED currents mean new DC levels: the baseline starts over.
  this->processor_->reset();
}

void MAX3010xComponent::publish_value_(sensor::Sensor *sensor, float value, fajma::ppg::Reason reason,
                                       fajma::ppg::Reason &last_reason, const char *name) {
  if (reason == fajma::ppg::Reason::OK) {
    if (last_reason != fajma::ppg::Reason::OK) {
      ESP_LOGI(TAG, "%s available again", name);
    }
    if (sensor != nullptr)
      sensor->publish_state(value);
  } else if (reason != last_reason) {
    // NaN ("unknown" in Home Assistant) once per reason, never a made-up number.
    ESP_LOGI(TAG, "%s unavailable: %s", name, fajma::ppg::reason_to_string(reason));
    if (sensor != nullptr)
      sensor->publish_state(NAN);
  }
  last_reason = reason;
}

void MAX3010xComponent::update() {
  if (this->state_ != State::RUNNING || this->calibrating_)
    return;
  const fajma::ppg::Estimate estimate = this->processor_->estimate();
  this->publish_value_(this->heart_rate_sensor_, estimate.heart_rate_bpm, estimate.heart_rate_reason,
                       this->heart_rate_reason_, "Heart rate");
  this->publish_value_(this->spo2_sensor_, estimate.spo2_percent, estimate.spo2_reason, this->spo2_reason_, "SpO2");
  this->publish_value_(this->perfusion_index_sensor_, estimate.perfusion_index_percent, estimate.perfusion_reason,
                       this->perfusion_reason_, "Perfusion index");
  // R is published whenever it could be computed, even where the curve gives no SpO2 (out of
  // its range, or a mismatch of the channels): a calibration needs those points too.
  const bool ratio_ok = std::isfinite(estimate.ratio_of_ratios);
  this->publish_value_(this->spo2_ratio_sensor_, estimate.ratio_of_ratios,
                       ratio_ok ? fajma::ppg::Reason::OK : estimate.spo2_reason, this->ratio_reason_, "SpO2 ratio");
  // The rhythm is a finding only while there is a heart rate; without one it is unknown.
  if (this->irregular_pulse_ != nullptr) {
    const bool known = estimate.heart_rate_reason == fajma::ppg::Reason::OK;
    if (!known && this->irregular_known_) {
      this->irregular_pulse_->invalidate_state();
    } else if (known && (!this->irregular_known_ || estimate.irregular_pulse != this->irregular_published_)) {
      if (estimate.irregular_pulse != this->irregular_published_) {
        ESP_LOGI(TAG, "Pulse %s", estimate.irregular_pulse ? "irregular" : "regular");
      }
      this->irregular_pulse_->publish_state(estimate.irregular_pulse);
      this->irregular_published_ = estimate.irregular_pulse;
    }
    this->irregular_known_ = known;
  }
}

void MAX3010xComponent::dump_config() {
  ESP_LOGCONFIG(TAG, "MAX3010x:");
  LOG_I2C_DEVICE(this);
  if (this->is_failed()) {
    ESP_LOGE(TAG, "  Communication with the sensor failed");
  }
  ESP_LOGCONFIG(TAG,
                "  Sample rate: %u Hz, averaging %u (processing at %.0f Hz)\n"
                "  Pulse width setting: %u, ADC range setting: %u\n"
                "  LED currents: red %.1f mA, IR %.1f mA\n"
                "  Calibration target: %u counts%s\n"
                "  Finger levels: on %u, off %u counts",
                this->sample_rate_hz_, this->sample_averaging_, this->effective_rate_hz_(), this->pulse_width_bits_,
                this->adc_range_bits_, this->red_led_register_ * LED_MA_PER_STEP,
                this->ir_led_register_ * LED_MA_PER_STEP, static_cast<unsigned>(this->calibration_target_),
                this->calibrate_on_first_finger_ ? " (on first finger after boot)" : "",
                static_cast<unsigned>(this->finger_on_level_), static_cast<unsigned>(this->finger_off_level_));
  LOG_UPDATE_INTERVAL(this);
  LOG_SENSOR("  ", "Heart rate", this->heart_rate_sensor_);
  LOG_SENSOR("  ", "SpO2", this->spo2_sensor_);
  LOG_SENSOR("  ", "Perfusion index", this->perfusion_index_sensor_);
  LOG_BINARY_SENSOR("  ", "Finger detected", this->finger_detected_);
  LOG_BINARY_SENSOR("  ", "Irregular pulse", this->irregular_pulse_);
  LOG_SENSOR("  ", "SpO2 ratio", this->spo2_ratio_sensor_);
  ESP_LOGCONFIG(TAG, "  SpO2 calibration: %.3f·R² + %.3f·R + %.3f for R in [%.2f, %.2f]", this->calibration_.a,
                this->calibration_.b, this->calibration_.c, this->calibration_.min_ratio, this->calibration_.max_ratio);
}

}  // namespace esphome::max3010x
