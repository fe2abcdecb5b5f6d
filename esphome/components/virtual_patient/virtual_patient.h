#pragma once

#include "esphome/components/binary_sensor/binary_sensor.h"
#include "esphome/components/sensor/sensor.h"
#include "esphome/core/component.h"

#include "scenario.h"

namespace esphome::virtual_patient {

// Replays a scenario file into the contract's sensors, standing in for the hardware of a real
// FAJMA device. Configured at run time by environment variables (see scripts/virtual-device):
//   FAJMA_SCENARIO         path of the scenario CSV (required)
//   FAJMA_TIME_SCALE       play the scenario this many times faster (default 1)
//   FAJMA_AFTER_END        "hold" the last row (default) or "loop" back to the start
//   FAJMA_READING_INTERVAL_MS  how often readings are published (default: update_interval)
//   FAJMA_API_PORT         native API port (default: the compiled one)
//   FAJMA_DEVICE_NAME      device name, FAJMA_FRIENDLY_NAME its friendly name
//   FAJMA_MAC              12 hex digits; the device's MAC address
//   FAJMA_PPG              a raw red/IR recording: the oximeter's entities then come from the
//                          real max3010x driver on the emulated MAX30102, not from the scenario
class VirtualPatient : public PollingComponent {
 public:
  void setup() override;
  void update() override;
  void dump_config() override;
  // Before the API server binds, so that the run-time port is the one it listens on.
  float get_setup_priority() const override { return setup_priority::BUS; }

  // Oximeter calibration stand-in: logged, so tests and users can see the button worked.
  void calibrate();
  // True when FAJMA_PPG names a recording: heart rate, SpO2, perfusion index, finger,
  // irregular pulse and SpO2 ratio are the real driver's, not the scenario's.
  bool oximeter_from_ppg() const { return this->oximeter_from_ppg_; }
  // The ratio of ratios R that the default (RD117) curve maps to this SpO2; NaN if none.
  static float ratio_for_spo2(float spo2);

  void set_heart_rate_sensor(sensor::Sensor *s) { this->heart_rate_ = s; }
  void set_spo2_sensor(sensor::Sensor *s) { this->spo2_ = s; }
  void set_body_temperature_sensor(sensor::Sensor *s) { this->body_temperature_ = s; }
  void set_ambient_temperature_sensor(sensor::Sensor *s) { this->ambient_temperature_ = s; }
  void set_humidity_sensor(sensor::Sensor *s) { this->humidity_ = s; }
  void set_perfusion_index_sensor(sensor::Sensor *s) { this->perfusion_index_ = s; }
  void set_finger_detected_binary_sensor(binary_sensor::BinarySensor *s) { this->finger_detected_ = s; }
  void set_irregular_pulse_binary_sensor(binary_sensor::BinarySensor *s) { this->irregular_pulse_ = s; }
  void set_spo2_ratio_sensor(sensor::Sensor *s) { this->spo2_ratio_ = s; }

 protected:
  fajma::Scenario scenario_;
  std::string scenario_path_;
  double time_scale_{1.0};
  bool loop_{false};
  uint32_t start_ms_{0};
  uint32_t calibrations_{0};
  bool oximeter_from_ppg_{false};

  sensor::Sensor *heart_rate_{nullptr};
  sensor::Sensor *spo2_{nullptr};
  sensor::Sensor *body_temperature_{nullptr};
  sensor::Sensor *ambient_temperature_{nullptr};
  sensor::Sensor *humidity_{nullptr};
  sensor::Sensor *perfusion_index_{nullptr};
  binary_sensor::BinarySensor *finger_detected_{nullptr};
  binary_sensor::BinarySensor *irregular_pulse_{nullptr};
  sensor::Sensor *spo2_ratio_{nullptr};
};

// Applies FAJMA_DEVICE_NAME / FAJMA_FRIENDLY_NAME. Called from main's setup() right after
// App.pre_setup(), before any component (notably preferences) reads the name.
void apply_identity_from_environment();

}  // namespace esphome::virtual_patient
