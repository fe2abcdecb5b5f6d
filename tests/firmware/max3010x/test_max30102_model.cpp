// Host test of the emulated MAX30102 (esphome/components/max30102_emulator/max30102_model.*):
// driven register by register as esphome/components/max3010x/max3010x.cpp drives the chip,
// fed by a synthetic recording, read back through the PPG processor.
//
// Prints one "CASE <name> ... PASS|FAIL" line per check group and a SUMMARY line; exits
// non-zero on any failure. Run through tests/firmware/test_max3010x_host.py.

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <string>

#include "max30102_model.h"
#include "ppg_processor.h"
#include "synthetic_ppg.h"

using fajma::emulator::Max30102Model;
using fajma::emulator::PpgRecording;

namespace {

int g_failures = 0;
int g_cases = 0;
int g_case_failures = 0;

void expect(bool condition, const char *format, ...) {
  if (condition)
    return;
  ++g_failures;
  std::printf("  CHECK FAILED: ");
  va_list args;
  va_start(args, format);
  std::vprintf(format, args);
  va_end(args);
}

void begin_case(const char *name) {
  ++g_cases;
  g_case_failures = g_failures;
  std::printf("CASE %s", name);
}

void end_case() { std::printf("  -> %s\n", g_failures == g_case_failures ? "PASS" : "FAIL"); }

uint8_t read_reg(Max30102Model &chip, uint8_t reg) {
  uint8_t value = 0;
  chip.transfer(Max30102Model::kAddress, &reg, 1, &value, 1);
  return value;
}

void write_reg(Max30102Model &chip, uint8_t reg, uint8_t value) {
  const uint8_t bytes[2] = {reg, value};
  chip.transfer(Max30102Model::kAddress, bytes, 2, nullptr, 0);
}

// The recording: synthetic red/IR at 50 Hz (resampled by the chip to its own rate).
std::string synthetic_csv(double heart_rate, double seconds, bool with_finger_gap) {
  fajma::synthetic::Scenario s;
  s.sample_rate_hz = 50;
  s.duration_s = seconds;
  s.heart_rate_bpm = heart_rate;
  s.spo2_percent = 95;
  s.seed = 7;
  fajma::synthetic::Generator generator(s);
  std::string csv = "# synthetic\nt,red,ir,finger\n";
  char line[96];
  for (size_t i = 0; i < generator.total_samples(); ++i) {
    const auto sample = generator.next();
    const double t = generator.time_of(i);
    const int finger = with_finger_gap && t >= 20.0 && t < 25.0 ? 0 : 1;
    std::snprintf(line, sizeof line, "%.3f,%u,%u,%d\n", t, static_cast<unsigned>(sample.red),
                  static_cast<unsigned>(sample.ir), finger);
    csv += line;
  }
  return csv;
}

// What max3010x.cpp's setup() and configure_() do: part id, reset, poll, configure.
void configure_like_the_driver(Max30102Model &chip, double &now) {
  expect(read_reg(chip, 0xFF) == 0x15, "part id 0x%02X", read_reg(chip, 0xFF));
  write_reg(chip, 0x09, 0x40);  // reset
  int polls = 0;
  while ((read_reg(chip, 0x09) & 0x40) != 0 && polls < 50) {
    now += 0.016;
    chip.advance_to(now);
    ++polls;
  }
  expect(polls > 0 && polls < 50, "reset polls %d", polls);
  write_reg(chip, 0x02, 0);
  write_reg(chip, 0x03, 0);
  write_reg(chip, 0x08, (2 << 5) | 0x10);            // averaging 4, rollover
  write_reg(chip, 0x0A, (3 << 5) | (3 << 2) | 3);    // 16384 nA, 400 Hz, 411 us
  write_reg(chip, 0x0C, 35);                         // 7 mA
  write_reg(chip, 0x0D, 35);
  const uint8_t zeros[4] = {0x04, 0, 0, 0};          // FIFO pointers
  chip.transfer(Max30102Model::kAddress, zeros, 4, nullptr, 0);
  write_reg(chip, 0x09, 0x03);  // SpO2 mode
}

// What max3010x.cpp's read_fifo_() does; returns the samples read.
int read_fifo_like_the_driver(Max30102Model &chip, fajma::ppg::PpgProcessor &processor,
                              uint8_t &overflows_seen) {
  uint8_t pointers[3];
  const uint8_t start = 0x04;
  chip.transfer(Max30102Model::kAddress, &start, 1, pointers, 3);
  int available = (pointers[0] - pointers[2]) & 0x1F;
  if (pointers[1] > 0) {
    overflows_seen = pointers[1];
    if (available == 0)
      available = 32;
  }
  int read = 0;
  while (available > 0) {
    const int count = available < 8 ? available : 8;
    uint8_t buffer[48];
    const uint8_t data = 0x07;
    chip.transfer(Max30102Model::kAddress, &data, 1, buffer, static_cast<size_t>(count * 6));
    for (int i = 0; i < count; ++i) {
      const uint8_t *p = buffer + i * 6;
      const uint32_t red = ((uint32_t(p[0]) << 16) | (uint32_t(p[1]) << 8) | p[2]) & 0x3FFFF;
      const uint32_t ir = ((uint32_t(p[3]) << 16) | (uint32_t(p[4]) << 8) | p[5]) & 0x3FFFF;
      processor.add_sample(red, ir);
    }
    available -= count;
    read += count;
  }
  return read;
}

void test_driver_sequence_gives_the_heart_rate() {
  begin_case("driver_sequence");
  PpgRecording recording;
  std::string error;
  const bool parsed = recording.parse(synthetic_csv(72, 60, true), error);
  expect(parsed, "parse: %s", error.c_str());
  Max30102Model chip(&recording, false);
  double now = 0;
  configure_like_the_driver(chip, now);
  expect(std::fabs(chip.fifo_rate_hz() - 100.0) < 1e-9, "rate %.1f", chip.fifo_rate_hz());
  fajma::ppg::Config config;
  config.sample_rate_hz = 100;
  fajma::ppg::PpgProcessor processor(config);
  uint8_t overflows = 0;
  double hr_error_sum = 0;
  int hr_reports = 0, finger_off_reports = 0, finger_off_with_value = 0;
  double next_report = 1.0;
  while (now < 40.0) {
    now += 0.016;  // the host loop's pace
    chip.advance_to(now);
    read_fifo_like_the_driver(chip, processor, overflows);
    if (now >= next_report) {
      next_report += 1.0;
      const auto e = processor.estimate();
      if (now > 10 && now < 20 && std::isfinite(e.heart_rate_bpm)) {
        hr_error_sum += std::fabs(e.heart_rate_bpm - 72.0);
        ++hr_reports;
      }
      if (now > 21 && now < 25) {
        ++finger_off_reports;
        finger_off_with_value += e.finger_present || std::isfinite(e.heart_rate_bpm);
      }
    }
  }
  const double mae = hr_reports ? hr_error_sum / hr_reports : NAN;
  std::printf(" produced=%u read=%u hr_reports=%d hr_mae=%.2f overflows=%u", chip.samples_produced(),
              chip.samples_read(), hr_reports, mae, overflows);
  expect(chip.samples_produced() >= 3990 && chip.samples_produced() <= 4000, "produced %u",
         chip.samples_produced());
  expect(chip.samples_read() == chip.samples_produced(), "read %u of %u", chip.samples_read(),
         chip.samples_produced());
  expect(overflows == 0, "overflow while read in time");
  expect(hr_reports >= 9 && mae <= 2.0, "heart rate MAE %.2f over %d reports", mae, hr_reports);
  expect(finger_off_reports > 0 && finger_off_with_value == 0, "finger column ignored");
  end_case();
}

void test_fifo_overflow_and_rollover() {
  begin_case("fifo_overflow");
  Max30102Model chip(nullptr, false);
  double now = 0;
  configure_like_the_driver(chip, now);
  const double start = now;
  chip.advance_to(start + 0.25);  // 25 samples: not full
  expect(read_reg(chip, 0x04) == 25 && read_reg(chip, 0x06) == 0, "wr %u rd %u", read_reg(chip, 0x04),
         read_reg(chip, 0x06));
  chip.advance_to(start + 1.0);  // 100 samples into 32 slots: 68 overflows, counter saturates
  const uint8_t overflow = read_reg(chip, 0x05);
  const uint8_t wr = read_reg(chip, 0x04), rd = read_reg(chip, 0x06);
  std::printf(" ovf=%u wr=%u rd=%u", overflow, wr, rd);
  expect(overflow == 31, "overflow counter %u", overflow);
  expect(wr == rd, "a full FIFO has equal pointers (%u, %u)", wr, rd);
  uint8_t sample[6];
  const uint8_t data = 0x07;
  chip.transfer(Max30102Model::kAddress, &data, 1, sample, 6);
  expect(read_reg(chip, 0x05) == 0, "popping a sample clears the overflow counter");
  expect(read_reg(chip, 0x06) == ((rd + 1) & 0x1F), "read pointer advanced");
  // No finger: ambient levels, 18 bits.
  const uint32_t ir = (uint32_t(sample[3]) << 16) | (uint32_t(sample[4]) << 8) | sample[5];
  expect(ir == 1500, "ambient IR %u", ir);
  // Without rollover a full FIFO keeps its samples and drops new ones.
  write_reg(chip, 0x08, 2 << 5);
  const uint8_t zeros[4] = {0x04, 0, 0, 0};
  chip.transfer(Max30102Model::kAddress, zeros, 4, nullptr, 0);
  const uint32_t produced = chip.samples_produced();
  chip.advance_to(start + 2.0);
  expect(read_reg(chip, 0x04) == 0 && read_reg(chip, 0x06) == 0 && read_reg(chip, 0x05) == 31,
         "no rollover: pointers %u/%u ovf %u", read_reg(chip, 0x04), read_reg(chip, 0x06),
         read_reg(chip, 0x05));
  expect(chip.samples_produced() > produced + 90, "sampling went on");
  // Status: PPG_RDY and A_FULL set, cleared on read.
  const uint8_t status = read_reg(chip, 0x00);
  expect((status & 0xC0) == 0xC0 && read_reg(chip, 0x00) == 0, "status 0x%02X", status);
  end_case();
}

void test_led_current_and_resolution() {
  begin_case("led_and_resolution");
  PpgRecording recording;
  std::string error;
  recording.parse("t,red,ir\n0,50001,60003\n10,50001,60003\n", error);
  Max30102Model chip(&recording, false);
  double now = 0;
  configure_like_the_driver(chip, now);
  auto one_sample = [&chip, &now](uint32_t &red, uint32_t &ir) {
    const uint8_t zeros[4] = {0x04, 0, 0, 0};
    chip.transfer(Max30102Model::kAddress, zeros, 4, nullptr, 0);
    now += 0.011;
    chip.advance_to(now);
    uint8_t p[6];
    const uint8_t data = 0x07;
    chip.transfer(Max30102Model::kAddress, &data, 1, p, 6);
    red = (uint32_t(p[0]) << 16) | (uint32_t(p[1]) << 8) | p[2];
    ir = (uint32_t(p[3]) << 16) | (uint32_t(p[4]) << 8) | p[5];
  };
  uint32_t red = 0, ir = 0;
  one_sample(red, ir);
  expect(red == 50001 && ir == 60003, "at 7 mA %u/%u", red, ir);
  write_reg(chip, 0x0C, 70);  // red 14 mA
  write_reg(chip, 0x0D, 140);  // IR 28 mA: 240012 counts, below full scale
  one_sample(red, ir);
  expect(red == 100002 && ir == 240012, "scaled %u/%u", red, ir);
  write_reg(chip, 0x0D, 255);  // beyond the 18-bit full scale
  one_sample(red, ir);
  expect(ir == 0x3FFFF, "clipped %u", ir);
  write_reg(chip, 0x0D, 35);
  write_reg(chip, 0x0A, (3 << 5) | (3 << 2) | 0);  // 69 us: 15 bits, the low 3 read 0
  one_sample(red, ir);
  expect(red == (100002u & ~7u) && ir == (60003u & ~7u), "15-bit %u/%u", red, ir);
  std::printf(" red=%u ir=%u", red, ir);
  end_case();
}

void test_recording_parsing_and_end() {
  begin_case("recording");
  PpgRecording recording;
  std::string error;
  expect(!recording.parse("t,red\n0,1\n1,2\n", error) && error.find("t, red and ir") != std::string::npos,
         "header: %s", error.c_str());
  expect(!recording.parse("t,red,ir\n0,1,2\n0,1,2\n", error) && error.find("increase") != std::string::npos,
         "order: %s", error.c_str());
  expect(!recording.parse("t,red,ir\n0,1,x\n1,1,2\n", error) && error.find("'x'") != std::string::npos,
         "number: %s", error.c_str());
  expect(recording.parse("ir,t,red\n10,0,100\n20,1,200\n30,2,300\n", error), "columns in any order");
  const auto middle = recording.at(0.5, false);
  expect(std::fabs(middle.red - 150) < 1e-9 && std::fabs(middle.ir - 15) < 1e-9 && middle.finger,
         "interpolated %.1f/%.1f", middle.red, middle.ir);
  const auto held = recording.at(10.0, false);
  expect(held.red == 300 && held.ir == 30, "hold keeps the last row");
  const auto looped = recording.at(3.0 + 0.5, true);  // period 3 s (2 s + one step)
  expect(std::fabs(looped.red - 150) < 1e-9, "loop %.1f", looped.red);
  end_case();
}

// What --after-end does at the end of a 15 s recording: hold reads as a finger without a
// pulse (heart rate unknown within a few seconds), loop keeps the heart rate coming.
void test_end_of_recording() {
  begin_case("end_of_recording");
  PpgRecording recording;
  std::string error;
  recording.parse(synthetic_csv(80, 15, false), error);
  for (const bool loop : {false, true}) {
    Max30102Model chip(&recording, loop);
    double now = 0;
    configure_like_the_driver(chip, now);
    fajma::ppg::Config config;
    config.sample_rate_hz = 100;
    fajma::ppg::PpgProcessor processor(config);
    uint8_t overflows = 0;
    int late_reports = 0, late_values = 0;
    double next_report = 1.0;
    while (now < 40.0) {
      now += 0.016;
      chip.advance_to(now);
      read_fifo_like_the_driver(chip, processor, overflows);
      if (now >= next_report) {
        next_report += 1.0;
        if (now > 21.0) {  // 6 s after the end
          ++late_reports;
          late_values += std::isfinite(processor.estimate().heart_rate_bpm);
        }
      }
    }
    std::printf(" %s: heart rate in %d/%d reports after the end", loop ? "loop" : "hold",
                late_values, late_reports);
    if (loop)
      expect(late_values >= late_reports - 6, "loop: heart rate lost");
    else
      expect(late_values == 0, "hold: heart rate still published");
  }
  end_case();
}

}  // namespace

int main() {
  test_driver_sequence_gives_the_heart_rate();
  test_fifo_overflow_and_rollover();
  test_led_current_and_resolution();
  test_recording_parsing_and_end();
  test_end_of_recording();
  std::printf("SUMMARY cases=%d failures=%d\n", g_cases, g_failures);
  return g_failures == 0 ? 0 : 1;
}
