#include "max30102_model.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fajma::emulator {

namespace {

// Registers (MAX30102 datasheet).
constexpr uint8_t kIntStatus1 = 0x00;
constexpr uint8_t kIntStatus2 = 0x01;
constexpr uint8_t kIntEnable1 = 0x02;
constexpr uint8_t kFifoWritePointer = 0x04;
constexpr uint8_t kOverflowCounter = 0x05;
constexpr uint8_t kFifoReadPointer = 0x06;
constexpr uint8_t kFifoData = 0x07;
constexpr uint8_t kFifoConfig = 0x08;
constexpr uint8_t kModeConfig = 0x09;
constexpr uint8_t kSpo2Config = 0x0A;
constexpr uint8_t kLed1Amplitude = 0x0C;  // red
constexpr uint8_t kLed2Amplitude = 0x0D;  // IR
constexpr uint8_t kRevisionIdRegister = 0xFE;
constexpr uint8_t kPartIdRegister = 0xFF;

constexpr uint8_t kModeShutdown = 0x80;
constexpr uint8_t kModeReset = 0x40;
constexpr uint8_t kModeMask = 0x07;
constexpr uint8_t kModeHeartRate = 0x02;  // red only
constexpr uint8_t kModeSpo2 = 0x03;       // red + IR
constexpr uint8_t kModeMultiLed = 0x07;
constexpr uint8_t kFifoRollover = 0x10;
constexpr uint8_t kPointerMask = 0x1F;

constexpr uint8_t kStatusAlmostFull = 0x80;
constexpr uint8_t kStatusPpgReady = 0x40;
constexpr uint8_t kStatusPowerReady = 0x01;

constexpr double kResetSeconds = 0.001;
constexpr int kSampleRates[8] = {50, 100, 200, 400, 800, 1000, 1600, 3200};

std::string trim(const std::string &s) {
  const char *ws = " \t\r\n";
  const auto begin = s.find_first_not_of(ws);
  if (begin == std::string::npos)
    return "";
  return s.substr(begin, s.find_last_not_of(ws) - begin + 1);
}

std::vector<std::string> split(const std::string &line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  while (std::getline(stream, cell, ','))
    cells.push_back(trim(cell));
  return cells;
}

bool parse_number(const std::string &cell, double &out) {
  char *end = nullptr;
  out = std::strtod(cell.c_str(), &end);
  return end != cell.c_str() && *end == '\0' && std::isfinite(out);
}

}  // namespace

// --- recording ---------------------------------------------------------------------------

bool PpgRecording::parse(const std::string &text, std::string &error) {
  this->t_.clear();
  this->red_.clear();
  this->ir_.clear();
  this->finger_.clear();
  std::stringstream stream(text);
  std::string line;
  int column_t = -1, column_red = -1, column_ir = -1, column_finger = -1;
  size_t line_number = 0;
  bool have_header = false;
  while (std::getline(stream, line)) {
    ++line_number;
    line = trim(line);
    if (line.empty() || line[0] == '#')
      continue;
    const auto cells = split(line);
    if (!have_header) {
      for (size_t i = 0; i < cells.size(); ++i) {
        const int index = static_cast<int>(i);
        if (cells[i] == "t")
          column_t = index;
        else if (cells[i] == "red")
          column_red = index;
        else if (cells[i] == "ir")
          column_ir = index;
        else if (cells[i] == "finger")
          column_finger = index;
      }
      if (column_t < 0 || column_red < 0 || column_ir < 0) {
        error = "line " + std::to_string(line_number) + ": the header must name t, red and ir";
        return false;
      }
      have_header = true;
      continue;
    }
    double values[4] = {0, 0, 0, 1};
    const int columns[4] = {column_t, column_red, column_ir, column_finger};
    for (int k = 0; k < 4; ++k) {
      if (columns[k] < 0)
        continue;
      const auto index = static_cast<size_t>(columns[k]);
      if (index >= cells.size() || !parse_number(cells[index], values[k])) {
        error = "line " + std::to_string(line_number) + ": '" +
                (index < cells.size() ? cells[index] : std::string()) + "' is not a number";
        return false;
      }
    }
    if (!this->t_.empty() && values[0] <= this->t_.back()) {
      error = "line " + std::to_string(line_number) + ": t must increase";
      return false;
    }
    this->t_.push_back(values[0]);
    this->red_.push_back(values[1]);
    this->ir_.push_back(values[2]);
    this->finger_.push_back(values[3] >= 0.5);
  }
  if (this->t_.size() < 2) {
    error = "fewer than two samples";
    return false;
  }
  return true;
}

bool PpgRecording::load_file(const std::string &path, std::string &error) {
  std::ifstream file(path);
  if (!file) {
    error = "cannot open the file";
    return false;
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  return this->parse(buffer.str(), error);
}

PpgRecording::Sample PpgRecording::at(double seconds, bool loop) const {
  if (this->t_.empty())
    return {0.0, 0.0, false};
  const double start = this->t_.front();
  const double step = this->duration() / static_cast<double>(this->t_.size() - 1);
  double t = start + std::max(0.0, seconds);
  if (t > this->t_.back()) {
    if (!loop) {
      const size_t last = this->t_.size() - 1;
      return {this->red_[last], this->ir_[last], this->finger_[last]};
    }
    // One sample step between the last row and the first again.
    t = start + std::fmod(t - start, this->duration() + step);
    if (t > this->t_.back()) {
      const size_t last = this->t_.size() - 1;
      const double w = (t - this->t_.back()) / step;
      return {this->red_[last] + w * (this->red_[0] - this->red_[last]),
              this->ir_[last] + w * (this->ir_[0] - this->ir_[last]), this->finger_[last]};
    }
  }
  const auto upper = std::upper_bound(this->t_.begin(), this->t_.end(), t);
  const size_t i = upper == this->t_.begin() ? 0 : static_cast<size_t>(upper - this->t_.begin()) - 1;
  if (i + 1 >= this->t_.size())
    return {this->red_[i], this->ir_[i], this->finger_[i]};
  const double w = (t - this->t_[i]) / (this->t_[i + 1] - this->t_[i]);
  return {this->red_[i] + w * (this->red_[i + 1] - this->red_[i]),
          this->ir_[i] + w * (this->ir_[i + 1] - this->ir_[i]),
          w < 0.5 ? this->finger_[i] : this->finger_[i + 1]};
}

// --- chip ----------------------------------------------------------------------------------

void Max30102Model::power_on_reset_() {
  std::fill(std::begin(this->registers_), std::end(this->registers_), uint8_t{0});
  this->registers_[kIntStatus1] = kStatusPowerReady;
  this->registers_[kRevisionIdRegister] = kRevisionId;
  this->registers_[kPartIdRegister] = kPartId;
  this->sampling_since_ = -1;
  this->run_samples_ = 0;
  this->fifo_full_ = false;
  this->byte_in_sample_ = 0;
}

double Max30102Model::fifo_rate_hz() const {
  const int rate = kSampleRates[(this->registers_[kSpo2Config] >> 2) & 0x07];
  const int averaging = 1 << std::min((this->registers_[kFifoConfig] >> 5) & 0x07, 5);
  return static_cast<double>(rate) / averaging;
}

int Max30102Model::bytes_per_sample_() const {
  return (this->registers_[kModeConfig] & kModeMask) == kModeHeartRate ? 3 : 6;
}

int Max30102Model::fifo_count_() const {
  if (this->fifo_full_)
    return kFifoDepth;
  return (this->registers_[kFifoWritePointer] - this->registers_[kFifoReadPointer]) & kPointerMask;
}

uint32_t Max30102Model::to_counts_(double value, uint8_t led_register) const {
  const double scaled = value * led_register / kReferenceLedRegister;
  auto counts = static_cast<uint32_t>(std::clamp(std::lround(scaled), 0L, static_cast<long>(kFullScale)));
  // Shorter LED pulses: fewer ADC bits, left-justified (the low bits read as zero).
  const int unused_bits = 3 - (this->registers_[kSpo2Config] & 0x03);
  return counts & (kFullScale << unused_bits) & kFullScale;
}

void Max30102Model::produce_sample_() {
  // The patient's time: since the chip first started sampling (the recording plays on through
  // configuration changes and resets, as a patient would).
  const double t = this->sampling_since_ + static_cast<double>(this->run_samples_) / this->fifo_rate_hz() -
                   this->recording_origin_;
  PpgRecording::Sample sample{kAmbientRed, kAmbientIr, false};
  if (this->recording_ != nullptr && !this->recording_->empty())
    sample = this->recording_->at(t, this->loop_);
  uint32_t red, ir;
  if (sample.finger) {
    red = this->to_counts_(sample.red, this->registers_[kLed1Amplitude]);
    ir = this->to_counts_(sample.ir, this->registers_[kLed2Amplitude]);
  } else {
    red = this->to_counts_(kAmbientRed, kReferenceLedRegister);
    ir = this->to_counts_(kAmbientIr, kReferenceLedRegister);
  }
  ++this->samples_produced_;
  uint8_t &write_pointer = this->registers_[kFifoWritePointer];
  uint8_t &read_pointer = this->registers_[kFifoReadPointer];
  uint8_t &overflows = this->registers_[kOverflowCounter];
  if (this->fifo_full_) {
    if (overflows < kPointerMask)
      ++overflows;
    if ((this->registers_[kFifoConfig] & kFifoRollover) == 0)
      return;  // the new sample is lost
    // The oldest sample is overwritten: the read pointer moves on with the write pointer.
    read_pointer = (read_pointer + 1) & kPointerMask;
    this->byte_in_sample_ = 0;
  }
  this->fifo_[write_pointer][0] = red;
  this->fifo_[write_pointer][1] = ir;
  write_pointer = (write_pointer + 1) & kPointerMask;
  this->fifo_full_ = write_pointer == read_pointer;
  this->registers_[kIntStatus1] |= kStatusPpgReady;
  const int almost_full_free = this->registers_[kFifoConfig] & 0x0F;  // free slots left
  if (kFifoDepth - this->fifo_count_() <= almost_full_free)
    this->registers_[kIntStatus1] |= kStatusAlmostFull;
}

void Max30102Model::advance_to(double now_seconds) {
  if (now_seconds < this->now_)
    return;
  this->now_ = now_seconds;
  if (this->reset_until_ >= 0 && this->now_ >= this->reset_until_) {
    this->reset_until_ = -1;
    this->power_on_reset_();
  }
  if (this->sampling_since_ < 0)
    return;
  const double rate = this->fifo_rate_hz();
  const auto due = static_cast<uint64_t>((this->now_ - this->sampling_since_) * rate);
  while (this->run_samples_ < due) {
    ++this->run_samples_;
    this->produce_sample_();
  }
}

void Max30102Model::write_register_(uint8_t address, uint8_t value) {
  switch (address) {
    case kIntStatus1:
    case kIntStatus2:
    case kFifoData:
    case kRevisionIdRegister:
    case kPartIdRegister:
      return;  // read-only
    case kModeConfig:
      if (value & kModeReset) {
        // All registers return to their power-on values once the reset completes.
        this->registers_[kModeConfig] = kModeReset;
        this->reset_until_ = this->now_ + kResetSeconds;
        this->sampling_since_ = -1;
        return;
      }
      break;
    case kFifoWritePointer:
    case kOverflowCounter:
    case kFifoReadPointer:
      // Clearing (or moving) the pointers empties the FIFO as far as the driver can tell.
      this->registers_[address] = value & kPointerMask;
      this->fifo_full_ = false;
      this->byte_in_sample_ = 0;
      return;
    default:
      break;
  }
  this->registers_[address] = value;
  if (address == kModeConfig || address == kSpo2Config || address == kFifoConfig) {
    const uint8_t mode = this->registers_[kModeConfig];
    const uint8_t kind = mode & kModeMask;
    const bool sampling = (mode & kModeShutdown) == 0 &&
                          (kind == kModeHeartRate || kind == kModeSpo2 || kind == kModeMultiLed);
    // A new rate starts a new run; the recording plays on.
    this->sampling_since_ = sampling ? this->now_ : -1;
    if (sampling && this->recording_origin_ < 0)
      this->recording_origin_ = this->now_;
    this->run_samples_ = 0;
  }
}

uint8_t Max30102Model::read_register_(uint8_t address) {
  switch (address) {
    case kIntStatus1:
    case kIntStatus2: {
      const uint8_t value = this->registers_[address];
      this->registers_[address] = 0;  // cleared on read
      return value;
    }
    case kModeConfig:
      return this->reset_until_ >= 0 ? kModeReset : this->registers_[kModeConfig];
    case kFifoData: {
      if (this->fifo_count_() == 0)
        return 0;
      const uint8_t read_pointer = this->registers_[kFifoReadPointer];
      const int channel = this->byte_in_sample_ / 3;
      const int shift = 8 * (2 - this->byte_in_sample_ % 3);
      const auto value = static_cast<uint8_t>((this->fifo_[read_pointer][channel] >> shift) & 0xFF);
      if (++this->byte_in_sample_ >= this->bytes_per_sample_()) {
        this->byte_in_sample_ = 0;
        this->registers_[kFifoReadPointer] = (read_pointer + 1) & kPointerMask;
        this->registers_[kOverflowCounter] = 0;
        this->fifo_full_ = false;
        ++this->samples_read_;
      }
      return value;
    }
    default:
      return this->registers_[address];
  }
}

bool Max30102Model::transfer(uint8_t address, const uint8_t *write, size_t write_count,
                             uint8_t *read, size_t read_count) {
  if (address != kAddress)
    return false;
  if (write_count > 0) {
    this->pointer_ = write[0];
    for (size_t i = 1; i < write_count; ++i) {
      this->write_register_(this->pointer_, write[i]);
      this->pointer_ = static_cast<uint8_t>(this->pointer_ + 1);
    }
  }
  for (size_t i = 0; i < read_count; ++i) {
    read[i] = this->read_register_(this->pointer_);
    if (this->pointer_ != kFifoData)
      this->pointer_ = static_cast<uint8_t>(this->pointer_ + 1);
  }
  return true;
}

}  // namespace fajma::emulator
