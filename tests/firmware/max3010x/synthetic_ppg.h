#pragma once

// Synthetic MAX3010x red/IR samples with a known heart rate and SpO2, for the host tests and
// the benchmark. Deterministic: a fixed seed gives the same samples on every machine (own
// PRNG and Box-Muller; the standard distributions are implementation-defined).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace fajma::synthetic {

constexpr double kPi = 3.14159265358979323846;
constexpr double kAdcFullScale = 262143.0;  // 18-bit

struct Span {
  double start_s;
  double end_s;
  bool contains(double t) const { return t >= start_s && t < end_s; }
};

struct Scenario {
  double sample_rate_hz{100.0};
  double duration_s{40.0};
  double heart_rate_bpm{75.0};
  double spo2_percent{97.0};
  // Used instead of spo2_percent when > 0, to reach ratios the curve cannot produce.
  double ratio_override{0.0};
  double interval_jitter{0.01};  // beat-to-beat SD of the interval, fraction
  // Irregular rhythm (atrial fibrillation): each interval also scaled by a factor drawn
  // uniformly from [1 - v, 1 + v]; the mean interval, so the mean rate, stays heart_rate_bpm.
  double irregular_variation{0.0};
  int weak_beat_every{0};       // every n-th beat at 15 % amplitude (beats the detector misses)
  int premature_beat_every{0};  // every n-th beat early (0.65 interval), then a compensatory pause
  double ir_dc{120000.0};
  double red_dc{95000.0};
  double perfusion_percent{1.5};  // IR peak-to-peak pulsation / DC
  double wander_fraction{0.03};   // respiratory baseline wander, fraction of DC
  double respiration_hz{0.25};
  double drift_fraction{0.02};    // slow drift (temperature, pressure) over the recording
  double noise_counts{40.0};      // white noise SD, ADC counts
  double motion_fraction{0.06};   // motion artefact amplitude, fraction of DC
  std::vector<Span> motion;
  std::vector<Span> finger_off;
  double finger_ramp_s{0.15};  // time to lift or place the finger
  uint64_t seed{1};
};

struct Sample {
  uint32_t red;
  uint32_t ir;
};

// Inverse of the Maxim RD117 curve on its decreasing branch (R >= 0.3368, SpO2 <= 99.96).
inline double ratio_for_spo2(double spo2) {
  const double a = -45.060, b = 30.354, c = 94.845 - spo2;
  const double discriminant = b * b - 4.0 * a * c;
  if (discriminant <= 0.0)
    return -b / (2.0 * a);  // the curve's maximum: the closest it gets to 100 %
  return (-b - std::sqrt(discriminant)) / (2.0 * a);
}

inline double rd117_spo2(double ratio) { return -45.060 * ratio * ratio + 30.354 * ratio + 94.845; }

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {  // splitmix64
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  double gaussian() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = uniform();
    while (u1 <= 1e-300)
      u1 = uniform();
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    spare_ = radius * std::sin(2.0 * kPi * u2);
    has_spare_ = true;
    return radius * std::cos(2.0 * kPi * u2);
  }

 private:
  uint64_t state_;
  bool has_spare_{false};
  double spare_{0.0};
};

// Blood volume pulse over one beat: a systolic wave and a smaller dicrotic wave. Their widths
// are fixed in time, as in real pulses, so fast pulses are rounder than slow ones.
inline double pulse_shape(double phase, double period_s) {
  auto wave = [phase](double centre, double width) {
    double d = phase - centre;
    d -= std::round(d);  // periodic
    return std::exp(-0.5 * d * d / (width * width));
  };
  return wave(0.18, 0.056 / period_s) + 0.4 * wave(0.45, 0.072 / period_s);
}

class Generator {
 public:
  explicit Generator(const Scenario &scenario) : s_(scenario), rng_(scenario.seed) {
    ratio_ = s_.ratio_override > 0.0 ? s_.ratio_override : ratio_for_spo2(s_.spo2_percent);
    period_s_ = 60.0 / s_.heart_rate_bpm;
    double lo = 1e9, hi = -1e9;
    for (int i = 0; i < 1000; ++i) {
      lo = std::min(lo, pulse_shape(i / 1000.0, period_s_));
      hi = std::max(hi, pulse_shape(i / 1000.0, period_s_));
    }
    shape_min_ = lo;
    shape_range_ = hi - lo;
    next_interval_();
    for (double &phase : motion_phase_)
      phase = 2.0 * kPi * rng_.uniform();
    for (double &freq : motion_freq_)
      freq = 0.7 + 2.3 * rng_.uniform();
  }

  double ratio() const { return ratio_; }
  // SpO2 the processor should report: the curve value of the ratio used.
  double expected_spo2() const { return rd117_spo2(ratio_); }
  size_t total_samples() const {
    return static_cast<size_t>(s_.duration_s * s_.sample_rate_hz);
  }
  double time_of(size_t index) const { return static_cast<double>(index) / s_.sample_rate_hz; }

  Sample next() {
    const double t = time_of(index_++);
    const double pulse = beat_gain_ * (pulse_shape(phase_, period_s_) - shape_min_) / shape_range_;
    phase_ += 1.0 / (interval_s_ * s_.sample_rate_hz);
    if (phase_ >= 1.0) {
      phase_ -= 1.0;
      next_interval_();
    }
    const double ir_ac = s_.perfusion_percent / 100.0;
    const double red_ac = ratio_ * ir_ac;  // red modulation depth follows from R
    const double wander = s_.wander_fraction * std::sin(2.0 * kPi * s_.respiration_hz * t) +
                          s_.drift_fraction * t / s_.duration_s;
    double ir = s_.ir_dc * (1.0 + wander) * (1.0 - ir_ac * pulse);
    double red = s_.red_dc * (1.0 + wander) * (1.0 - red_ac * pulse);

    for (const Span &span : s_.motion) {
      if (span.contains(t)) {
        // Finger pressure shifts the level and shakes the optical path, on both channels
        // alike but not identically.
        const double since = t - span.start_s;
        const double envelope = std::min(1.0, since / 0.05);
        double shake_ir = 0.04, shake_red = 0.03;  // pressure step
        for (int k = 0; k < 3; ++k) {
          const double amplitude = 1.0 / (1.0 + k);
          shake_ir += amplitude * std::sin(2.0 * kPi * motion_freq_[k] * since + motion_phase_[k]);
          shake_red +=
              0.9 * amplitude * std::sin(2.0 * kPi * motion_freq_[k] * since + motion_phase_[k] + 0.3);
        }
        ir += s_.ir_dc * s_.motion_fraction * envelope * shake_ir;
        red += s_.red_dc * s_.motion_fraction * envelope * shake_red;
      }
    }

    const double contact = finger_contact_(t);
    constexpr double kAmbientIr = 1500.0, kAmbientRed = 1200.0;
    ir = kAmbientIr + contact * (ir - kAmbientIr);
    red = kAmbientRed + contact * (red - kAmbientRed);

    ir += s_.noise_counts * rng_.gaussian();
    red += s_.noise_counts * rng_.gaussian();
    return {to_counts_(red), to_counts_(ir)};
  }

 private:
  // Called at the start of each beat (phase 0, where the pulse is at its minimum, so gain
  // changes do not make steps).
  void next_interval_() {
    ++beat_;
    double factor = 1.0 + s_.interval_jitter * rng_.gaussian();
    if (s_.irregular_variation > 0.0)
      factor += s_.irregular_variation * (2.0 * rng_.uniform() - 1.0);
    if (s_.premature_beat_every > 0 && beat_ % s_.premature_beat_every == 0)
      factor *= 0.65;
    else if (s_.premature_beat_every > 0 && beat_ % s_.premature_beat_every == 1 && beat_ > 1)
      factor *= 1.35;
    beat_gain_ = s_.weak_beat_every > 0 && beat_ % s_.weak_beat_every == 0 ? 0.15 : 1.0;
    interval_s_ = period_s_ * std::max(0.3, factor);
  }

  // 1 with the finger on the sensor, 0 without, linear ramps in between.
  double finger_contact_(double t) const {
    double contact = 1.0;
    for (const Span &span : s_.finger_off) {
      if (t < span.start_s || t >= span.end_s + s_.finger_ramp_s)
        continue;
      const double lifting = std::max(0.0, 1.0 - (t - span.start_s) / s_.finger_ramp_s);
      const double placing = std::max(0.0, (t - span.end_s) / s_.finger_ramp_s);
      contact = std::min(contact, std::max(lifting, placing));
    }
    return contact;
  }

  static uint32_t to_counts_(double value) {
    return static_cast<uint32_t>(std::clamp(std::lround(value), 0L, static_cast<long>(kAdcFullScale)));
  }

  Scenario s_;
  Rng rng_;
  double ratio_{0.0};
  double shape_min_{0.0};
  double shape_range_{1.0};
  double phase_{0.0};
  double interval_s_{1.0};
  double period_s_{1.0};
  double beat_gain_{1.0};
  int beat_{0};
  size_t index_{0};
  double motion_phase_[3]{};
  double motion_freq_[3]{};
};

}  // namespace fajma::synthetic
