#include "virtual_patient.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "esphome/components/api/api_server.h"
#include "esphome/components/host/core.h"
#include "esphome/core/application.h"
#include "esphome/core/helpers.h"
#include "esphome/core/log.h"

namespace esphome::virtual_patient {

static const char *const TAG = "virtual_patient";

static const char *env(const char *name) {
  const char *value = std::getenv(name);
  return (value != nullptr && value[0] != '\0') ? value : nullptr;
}

void apply_identity_from_environment() {
  // Kept for the life of the process: Application stores references, not copies.
  static std::string name;
  static std::string friendly_name;
  const char *name_env = env("FAJMA_DEVICE_NAME");
  if (name_env == nullptr)
    return;
  name = name_env;
  const char *friendly_env = env("FAJMA_FRIENDLY_NAME");
  friendly_name = friendly_env != nullptr ? friendly_env : name;
  App.pre_setup(name.c_str(), name.size(), friendly_name.c_str(), friendly_name.size());
}

void VirtualPatient::setup() {
  if (const char *port = env("FAJMA_API_PORT")) {
    int value = std::atoi(port);
    if (value > 0 && value < 65536)
      api::global_api_server->set_port(static_cast<uint16_t>(value));
  }
  if (const char *scale = env("FAJMA_TIME_SCALE")) {
    double value = std::atof(scale);
    if (value > 0.0)
      this->time_scale_ = value;
  }
  // PollingComponent starts its timer just before setup(): restart it with the new interval.
  if (const char *interval = env("FAJMA_READING_INTERVAL_MS")) {
    int value = std::atoi(interval);
    if (value > 0) {
      this->set_update_interval(static_cast<uint32_t>(value));
      this->stop_poller();
      this->start_poller();
    }
  }
  if (const char *after_end = env("FAJMA_AFTER_END"))
    this->loop_ = std::strcmp(after_end, "loop") == 0;

  // The Restart button restarts this same program with the same environment, as a real
  // device would reboot into the same firmware, instead of exiting.
  host::arm_reexec(host::get_exe_path());

  const char *ppg = env("FAJMA_PPG");
  this->oximeter_from_ppg_ = ppg != nullptr && ppg[0] != '\0';
  if (this->oximeter_from_ppg_)
    ESP_LOGI(TAG, "Oximeter readings come from the real driver on the emulated MAX30102 (%s)", ppg);

  const char *path = env("FAJMA_SCENARIO");
  if (path == nullptr) {
    ESP_LOGE(TAG, "FAJMA_SCENARIO is not set; every reading will be NaN");
  } else {
    this->scenario_path_ = path;
    std::string error;
    if (!this->scenario_.load_file(this->scenario_path_, error)) {
      ESP_LOGE(TAG, "Scenario %s: %s; every reading will be NaN", path, error.c_str());
    } else {
      ESP_LOGI(TAG, "Playing scenario %s (%u rows) at x%.2f", path, (unsigned) this->scenario_.size(),
               this->time_scale_);
    }
  }
  this->start_ms_ = millis();
}

void VirtualPatient::update() {
  double t = (millis() - this->start_ms_) / 1000.0 * this->time_scale_;
  const fajma::ScenarioRow *row = this->scenario_.row_at(t, this->loop_);
  auto value = [row](fajma::Column column) { return row != nullptr ? row->get(column) : NAN; };
  auto publish = [&value](sensor::Sensor *sensor, fajma::Column column) {
    if (sensor != nullptr)
      sensor->publish_state(value(column));
  };
  publish(this->body_temperature_, fajma::Column::BODY_TEMPERATURE);
  publish(this->ambient_temperature_, fajma::Column::AMBIENT_TEMPERATURE);
  publish(this->humidity_, fajma::Column::HUMIDITY);
  if (this->oximeter_from_ppg_)
    return;  // the real driver publishes the oximeter's entities
  publish(this->heart_rate_, fajma::Column::HEART_RATE);
  publish(this->spo2_, fajma::Column::SPO2);
  publish(this->perfusion_index_, fajma::Column::PERFUSION_INDEX);
  auto publish_flag = [&value](binary_sensor::BinarySensor *sensor, fajma::Column column) {
    if (sensor == nullptr)
      return;
    const float flag = value(column);
    if (std::isnan(flag)) {
      sensor->invalidate_state();
    } else {
      sensor->publish_state(flag >= 0.5f);
    }
  };
  publish_flag(this->finger_detected_, fajma::Column::FINGER);
  // A rhythm is known only with a heart rate; without the column it is regular.
  if (this->irregular_pulse_ != nullptr) {
    const float irregular = value(fajma::Column::IRREGULAR_PULSE);
    if (std::isnan(value(fajma::Column::HEART_RATE))) {
      this->irregular_pulse_->invalidate_state();
    } else {
      this->irregular_pulse_->publish_state(!std::isnan(irregular) && irregular >= 0.5f);
    }
  }
  // R as the oximeter would have measured it: the file's column, or the default (RD117)
  // curve inverted at the scenario's SpO2.
  if (this->spo2_ratio_ != nullptr) {
    float ratio = value(fajma::Column::SPO2_RATIO);
    if (std::isnan(ratio))
      ratio = ratio_for_spo2(value(fajma::Column::SPO2));
    this->spo2_ratio_->publish_state(ratio);
  }
}

float VirtualPatient::ratio_for_spo2(float spo2) {
  // Decreasing branch of SpO2 = -45.060 R² + 30.354 R + 94.845 (R >= 0.337); NaN above the
  // curve's maximum (99.96 %) or without a value.
  const float a = -45.060f, b = 30.354f, c = 94.845f - spo2;
  const float discriminant = b * b - 4.0f * a * c;
  if (!(discriminant >= 0.0f))
    return NAN;
  return (-b - std::sqrt(discriminant)) / (2.0f * a);
}

void VirtualPatient::calibrate() {
  this->calibrations_++;
  ESP_LOGI(TAG, "Oximeter calibration done (virtual, #%u)", (unsigned) this->calibrations_);
}

void VirtualPatient::dump_config() {
  ESP_LOGCONFIG(TAG,
                "Virtual patient:\n"
                "  Scenario: %s (%u rows, %.1f s)\n"
                "  Time scale: %.2f\n"
                "  After the last row: %s",
                this->scenario_path_.c_str(), (unsigned) this->scenario_.size(), this->scenario_.duration(),
                this->time_scale_, this->loop_ ? "loop" : "hold");
  LOG_UPDATE_INTERVAL(this);
}

}  // namespace esphome::virtual_patient

// Link-time hooks (the build passes -Wl,--wrap for both symbols). The host platform compiles
// its MAC address in and binds the API server to every interface; a virtual device needs a
// MAC per identity and must only be reachable from this machine.
extern "C" {

// NOLINTNEXTLINE(readability-identifier-naming)
void __real__ZN7esphome19get_mac_address_rawEPh(uint8_t *mac);

// NOLINTNEXTLINE(readability-identifier-naming)
void __wrap__ZN7esphome19get_mac_address_rawEPh(uint8_t *mac) {
  const char *hex = std::getenv("FAJMA_MAC");
  if (hex != nullptr && std::strlen(hex) == 12) {
    bool valid = true;
    uint8_t parsed[6];
    for (int i = 0; i < 6 && valid; i++) {
      char byte[3] = {hex[2 * i], hex[2 * i + 1], '\0'};
      char *end = nullptr;
      parsed[i] = static_cast<uint8_t>(std::strtoul(byte, &end, 16));
      valid = end == byte + 2;
    }
    if (valid) {
      std::memcpy(mac, parsed, sizeof(parsed));
      return;
    }
  }
  __real__ZN7esphome19get_mac_address_rawEPh(mac);
}

int __real_bind(int fd, const struct sockaddr *addr, socklen_t len);

int __wrap_bind(int fd, const struct sockaddr *addr, socklen_t len) {
  if (addr != nullptr && addr->sa_family == AF_INET && len >= sizeof(sockaddr_in)) {
    sockaddr_in loopback;
    std::memcpy(&loopback, addr, sizeof(loopback));
    loopback.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return __real_bind(fd, reinterpret_cast<sockaddr *>(&loopback), sizeof(loopback));
  }
  if (addr != nullptr && addr->sa_family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
    sockaddr_in6 loopback;
    std::memcpy(&loopback, addr, sizeof(loopback));
    // IPv4-mapped 127.0.0.1: the dual-stack socket then accepts IPv4 loopback clients only.
    std::memset(&loopback.sin6_addr, 0, sizeof(loopback.sin6_addr));
    loopback.sin6_addr.s6_addr[10] = 0xff;
    loopback.sin6_addr.s6_addr[11] = 0xff;
    loopback.sin6_addr.s6_addr[12] = 127;
    loopback.sin6_addr.s6_addr[15] = 1;
    return __real_bind(fd, reinterpret_cast<sockaddr *>(&loopback), sizeof(loopback));
  }
  return __real_bind(fd, addr, len);
}

}  // extern "C"
