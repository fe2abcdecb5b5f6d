#include "scenario.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fajma {

namespace {

const char *const COLUMN_NAMES[COLUMN_COUNT] = {
    "heart_rate", "spo2", "body_temperature", "ambient_temperature", "humidity", "finger", "perfusion_index",
    "irregular_pulse", "spo2_ratio",
};

std::string trim(const std::string &s) {
  const char *ws = " \t\r\n";
  auto begin = s.find_first_not_of(ws);
  if (begin == std::string::npos)
    return "";
  auto end = s.find_last_not_of(ws);
  return s.substr(begin, end - begin + 1);
}

std::vector<std::string> split(const std::string &line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  while (std::getline(stream, cell, ','))
    cells.push_back(trim(cell));
  if (!line.empty() && line.back() == ',')
    cells.emplace_back();
  return cells;
}

// Parses a whole cell as a number; "nan" and "inf" are accepted so fault scenarios can
// replay them.
bool parse_number(const std::string &cell, double &out) {
  char *end = nullptr;
  out = std::strtod(cell.c_str(), &end);
  return end != cell.c_str() && *end == '\0';
}

}  // namespace

bool Scenario::parse(const std::string &text, std::string &error) {
  this->rows_.clear();
  std::stringstream stream(text);
  std::string line;
  std::vector<int> column_of_cell;  // cell index -> Column index, -1 for t, -2 for unknown
  std::size_t line_number = 0;
  bool have_header = false;
  while (std::getline(stream, line)) {
    line_number++;
    line = trim(line);
    if (line.empty() || line[0] == '#')
      continue;
    auto cells = split(line);
    if (!have_header) {
      bool has_t = false;
      for (const auto &name : cells) {
        int index = -2;
        if (name == "t") {
          index = -1;
          has_t = true;
        }
        for (std::size_t c = 0; c < COLUMN_COUNT; c++) {
          if (name == COLUMN_NAMES[c])
            index = static_cast<int>(c);
        }
        if (index == -2) {
          error = "unknown column '" + name + "' in the header";
          return false;
        }
        column_of_cell.push_back(index);
      }
      if (!has_t) {
        error = "the header has no 't' column";
        return false;
      }
      have_header = true;
      continue;
    }
    if (cells.size() > column_of_cell.size()) {
      error = "line " + std::to_string(line_number) + " has more cells than the header";
      return false;
    }
    ScenarioRow row;
    row.values.fill(NAN);
    bool has_time = false;
    for (std::size_t i = 0; i < cells.size(); i++) {
      if (cells[i].empty())
        continue;
      double value;
      if (!parse_number(cells[i], value)) {
        error = "line " + std::to_string(line_number) + ": '" + cells[i] + "' is not a number";
        return false;
      }
      if (column_of_cell[i] == -1) {
        row.t = value;
        has_time = true;
      } else {
        row.values[column_of_cell[i]] = static_cast<float>(value);
      }
    }
    if (!has_time || !std::isfinite(row.t)) {
      error = "line " + std::to_string(line_number) + " has no time";
      return false;
    }
    if (!this->rows_.empty() && row.t <= this->rows_.back().t) {
      error = "line " + std::to_string(line_number) + ": time must increase";
      return false;
    }
    this->rows_.push_back(row);
  }
  if (this->rows_.empty()) {
    error = have_header ? "the scenario has no rows" : "the scenario is empty";
    return false;
  }
  return true;
}

bool Scenario::load_file(const std::string &path, std::string &error) {
  std::ifstream file(path);
  if (!file) {
    error = "cannot open " + path;
    return false;
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  return this->parse(buffer.str(), error);
}

const ScenarioRow *Scenario::row_at(double t, bool loop) const {
  if (this->rows_.empty())
    return nullptr;
  double start = this->rows_.front().t;
  double span = this->duration() - start;
  if (loop && span > 0.0 && t > this->duration())
    t = start + std::fmod(t - start, span);
  const ScenarioRow *found = nullptr;
  for (const auto &row : this->rows_) {
    if (row.t > t)
      break;
    found = &row;
  }
  return found;
}

}  // namespace fajma
