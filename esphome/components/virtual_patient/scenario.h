#pragma once
// A recorded patient: rows of readings over time, parsed from the scenario CSV format
// (t,heart_rate,spo2,body_temperature,ambient_temperature,humidity,finger[,perfusion_index]
// [,irregular_pulse][,spo2_ratio]).
// Plain C++ with no ESPHome headers so it can be compiled and tested on its own.

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace fajma {

enum class Column : std::size_t {
  HEART_RATE = 0,
  SPO2,
  BODY_TEMPERATURE,
  AMBIENT_TEMPERATURE,
  HUMIDITY,
  FINGER,
  PERFUSION_INDEX,
  IRREGULAR_PULSE,
  SPO2_RATIO,
  COUNT,
};

constexpr std::size_t COLUMN_COUNT = static_cast<std::size_t>(Column::COUNT);

struct ScenarioRow {
  double t{0.0};
  // NaN where the file has an empty cell or leaves the column out.
  std::array<float, COLUMN_COUNT> values{};

  float get(Column column) const { return this->values[static_cast<std::size_t>(column)]; }
};

class Scenario {
 public:
  // Parses CSV text. Returns false and sets `error` on a malformed file.
  bool parse(const std::string &text, std::string &error);
  bool load_file(const std::string &path, std::string &error);

  // The row in force at `t` seconds of scenario time (the last row with row.t <= t), or
  // nullptr before the first row. With `loop`, time wraps around the scenario's duration.
  const ScenarioRow *row_at(double t, bool loop) const;

  std::size_t size() const { return this->rows_.size(); }
  double duration() const { return this->rows_.empty() ? 0.0 : this->rows_.back().t; }

 protected:
  std::vector<ScenarioRow> rows_;
};

}  // namespace fajma
