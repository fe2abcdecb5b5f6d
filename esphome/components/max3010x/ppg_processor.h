#pragma once

// Heart rate, SpO2 and perfusion index from red/IR photoplethysmograms (MAX3010x FIFO samples).
//
// Plain C++17, no ESPHome or hardware headers: the same code runs in the firmware and in the
// host tests (tests/firmware/max3010x). Single-precision float throughout because the ESP32
// FPU has no double support. O(1) work and no allocation per sample.
//
// Pipeline, per sample:
//   finger detection  IR level (fast low-pass) against two thresholds (hysteresis)
//   DC                exponentially weighted means of raw red and IR (for the ratio of ratios)
//   AC                band-pass (4th-order high-pass + 2nd-order low-pass Butterworth)
//   slope             first difference of the AC: weights the pulse's steep systolic edge
//                     and further suppresses respiratory baseline wander
//   motion            |AC| far above the learnt pulse size, or above a fraction of DC
//   beats             peaks of the inverted IR slope (blood absorbs: counts fall fastest at
//                     the systolic upstroke), on a separate, gentler band-pass (2nd-order
//                     high-pass, 8 Hz low-pass) that keeps the systolic edge sharp and does
//                     not ring after it; threshold relative to the recent beats, hysteresis,
//                     a refractory period, and two candidates within one beat merged into
//                     the steeper (the dicrotic wave is not a beat)
//   pulse check       red and IR slopes must correlate (noise on the two channels does not)
//   beat times        the slope peak refined to a fraction of a sample (parabola through the
//                     peak and its neighbours): at 25 Hz one sample is 40 ms, 10 % of a fast beat
//   rhythm            irregular when, over the last 32 beats, intervals lie far from the line
//                     through their neighbours (the smallest three quarters of these
//                     deviations, against the median interval): atrial fibrillation's
//                     independent intervals do; a sinus rhythm speeding up or slowing down does
//                     not, nor does the odd premature or missed beat
//   heart rate        regular: 60 / mean of the recent beat intervals within ±20 % of their
//                     median; at least three of them and three quarters of the last eight must
//                     agree. Irregular: 60 / mean of all plausible intervals of the last
//                     30 s (the mean rate, as monitors report it in atrial fibrillation), and
//                     the irregular_pulse flag is set
//   SpO2              R = (AC_red/DC_red)/(AC_ir/DC_ir); the AC ratio is the orthogonal
//                     (total least squares) slope of red on IR over the window (on the slope
//                     signals, where residual wander, which would pull R towards 1, is
//                     weakest; unbiased for equal noise on both channels), then the calibration
//                     curve a·R² + b·R + c (default: Maxim RD117, configurable per sensor)
//   perfusion index   IR AC peak-to-peak per beat / IR DC, in percent
// Whenever the signal is not good enough the estimate is NaN with a reason code.

#include <cstdint>
#include <limits>

namespace fajma::ppg {

// Why an estimate is (or is not) available. The firmware logs the string form.
enum class Reason : uint8_t {
  OK = 0,
  NO_FINGER,           // IR level below the finger threshold
  SETTLING,            // finger just placed or processor reset: filters and windows filling
  MOTION,              // motion artefact detected (or its hold-off still running)
  SATURATED,           // ADC at or near full scale: lower the LED current (calibrate)
  NO_PULSE,            // too few beats, or none recently
  IRREGULAR_RHYTHM,    // beat intervals disagree and too few of them for a mean rate
  WEAK_SIGNAL,         // perfusion index below the usable minimum
  LOW_CORRELATION,     // red and IR pulsations disagree: ratio of ratios unreliable
  RATIO_OUT_OF_RANGE,  // R outside the calibration curve's valid range
};

const char *reason_to_string(Reason reason);

// SpO2 = a·R² + b·R + c, valid for R in [min_ratio, max_ratio]; NaN outside. The default is
// Maxim's RD117 reference-design curve for the MAX30102. The curve depends on the LEDs'
// wavelengths and the optical path of each sensor build: derive your own with
// scripts/spo2-calibrate (docs/oximetry.md).
struct Calibration {
  float a{-45.060f};
  float b{30.354f};
  float c{94.845f};
  float min_ratio{0.02f};
  float max_ratio{1.84f};
  // NaN outside [min_ratio, max_ratio]; clamped to [0, 100].
  float spo2(float ratio) const;
};

struct Config {
  float sample_rate_hz{100.0f};  // effective rate after on-chip averaging
  // Finger detection on the IR level, raw ADC counts (18-bit, full scale 262143).
  float finger_on_level{30000.0f};
  float finger_off_level{20000.0f};
  float saturation_level{258000.0f};
  float settle_seconds{0.3f};         // after finger placement, before filters start
  float filter_settle_seconds{0.5f};  // after filters start, before SpO2 uses their output
  float band_low_hz{0.5f};     // 30 bpm fundamental passes, respiration is attenuated
  float band_high_hz{4.0f};    // 240 bpm fundamental passes, noise above is cut
  float min_bpm{30.0f};
  float max_bpm{220.0f};
  float motion_hold_seconds{1.0f};           // no output this long after the last artefact
  float min_perfusion_percent{0.05f};        // below this the pulse is lost in noise
  float motion_ac_fraction_of_dc{0.08f};     // |AC|/DC above this is not a pulse
  float motion_ac_factor{4.0f};              // |AC| above this many pulse RMS is motion
  float min_pulse_correlation{0.8f};         // red/IR slope correlation for any output
  float min_red_ir_correlation{0.8f};        // for SpO2
  float spo2_window_seconds{4.0f};           // time constant of the SpO2 averaging
  float min_spo2_data_seconds{2.5f};         // SpO2 needs this much clean data after a reset
  // Irregular rhythm: mean of the smallest three quarters of |interval - mean of its two
  // neighbours|, over the median interval, above this (off again below 3/4 of it). Intervals
  // varying uniformly by ±20 % give ~0.08, normal variability at rest (5 % SD) ~0.035.
  float irregular_threshold{0.05f};
  float irregular_window_seconds{30.0f};  // mean rate over this many seconds when irregular
  Calibration calibration{};
};

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct Estimate {
  bool finger_present{false};
  float heart_rate_bpm{kNaN};  // NaN unless heart_rate_reason == OK
  Reason heart_rate_reason{Reason::NO_FINGER};
  float spo2_percent{kNaN};  // NaN unless spo2_reason == OK
  Reason spo2_reason{Reason::NO_FINGER};
  float perfusion_index_percent{kNaN};  // NaN unless perfusion_reason == OK
  Reason perfusion_reason{Reason::NO_FINGER};
  float ratio_of_ratios{kNaN};  // diagnostic: NaN when not computable
  // The same ratio by other estimators, for their evaluation (docs/oximetry.md): the RMS of
  // the red and IR slopes, and the ordinary least-squares slope of red on IR.
  float ratio_rms{kNaN};
  float ratio_regression{kNaN};
  // On only while heart_rate_reason == OK and the beat intervals are irregular.
  bool irregular_pulse{false};
};

// Maxim RD117 calibration: SpO2 = -45.060 R^2 + 30.354 R + 94.845, valid for R in
// [0.02, 1.84]; NaN outside that range. Clamped to [0, 100] (the curve peaks at 99.96).
float spo2_from_ratio(float ratio);
// Same with a given calibration.
inline float spo2_from_ratio(float ratio, const Calibration &calibration) {
  return calibration.spo2(ratio);
}
constexpr float kMinCalibratedRatio = 0.02f;
constexpr float kMaxCalibratedRatio = 1.84f;

// Second-order IIR section, transposed direct form II.
struct Biquad {
  float b0{1}, b1{0}, b2{0}, a1{0}, a2{0};
  float s1{0}, s2{0};
  float process(float x) {
    const float y = b0 * x + s1;
    s1 = b1 * x - a1 * y + s2;
    s2 = b2 * x - a2 * y;
    return y;
  }
  static Biquad butterworth_low_pass(float cutoff_hz, float sample_rate_hz);
  static Biquad butterworth_high_pass(float cutoff_hz, float sample_rate_hz, float q);
};

class PpgProcessor {
 public:
  explicit PpgProcessor(const Config &config = Config{});

  const Config &config() const { return config_; }
  // Forgets everything except the finger state: filters, windows, beats, learnt pulse size.
  void reset();
  // One FIFO sample, raw ADC counts.
  void add_sample(uint32_t red, uint32_t ir);
  // Current estimate; cheap, call as often as needed.
  Estimate estimate() const;

  bool finger_present() const { return finger_present_; }
  float ir_level() const { return ir_level_; }
  float red_level() const { return red_level_; }
  uint32_t beats_detected() const { return beats_detected_; }
  uint32_t samples_processed() const { return sample_index_; }

 private:
  // Regular rate: the last 8 intervals; rhythm: the last 32; irregular mean rate: up to 96
  // (30 s at 190 bpm).
  static constexpr int kRegularIntervals = 8;
  static constexpr int kRhythmIntervals = 32;
  static constexpr int kIntervalCapacity = 96;

  void start_filters_(float red, float ir);
  void update_references_(float ac_ir_squared, float slope_squared);
  void clear_windows_();
  void on_motion_();
  void detect_beat_(float slope, float ac_ir);
  void register_beat_(uint32_t peak_index, float peak_offset, float peak_value);
  void push_interval_(float interval);
  void pop_interval_();
  Reason signal_reason_() const;
  // The i-th most recent interval (0: the latest).
  float interval_(int age) const {
    return intervals_[(interval_next_ + kIntervalCapacity - 1 - age) % kIntervalCapacity];
  }
  void update_rhythm_();  // after each new interval
  Reason regular_rate_(float &bpm) const;
  Reason irregular_rate_(float &bpm) const;
  Reason heart_rate_(float &bpm, bool &irregular) const;

  Config config_;
  // Per-sample smoothing coefficients, from time constants and the sample rate.
  float level_alpha_;
  float rms_alpha_;
  float motion_ref_alpha_;
  float window_decay_;
  float peak_reference_decay_;
  uint32_t settle_samples_;
  uint32_t filter_settle_samples_;
  uint32_t motion_hold_samples_;
  uint32_t refractory_samples_;
  uint32_t irregular_refractory_samples_;
  uint32_t same_beat_cap_samples_;
  uint32_t min_interval_samples_;
  uint32_t max_interval_samples_;
  uint32_t min_spo2_samples_;
  uint32_t motion_ref_reset_samples_;
  uint32_t motion_ref_min_samples_;
  uint32_t saturation_hold_samples_;
  float irregular_window_samples_;

  uint32_t sample_index_{0};
  // Finger
  bool finger_present_{false};
  float ir_level_{0};
  float red_level_{0};
  uint32_t finger_since_{0};
  bool filters_started_{false};
  uint32_t filters_started_at_{0};
  uint32_t last_saturated_{0};
  bool ever_saturated_{false};

  // Band-pass, per channel: two high-pass sections and one low-pass section. The input is the
  // raw value minus the value when the filters started, which keeps the float state small.
  float red_anchor_{0}, ir_anchor_{0};
  Biquad red_hp1_, red_hp2_, red_lp_;
  Biquad ir_hp1_, ir_hp2_, ir_lp_;
  Biquad beat_hp_, beat_lp_;  // IR, beat detection path
  float previous_beat_ac_{0};

  // Slope power for the beat threshold; slow AC power as the motion reference.
  float slope_power_{0};
  float motion_ref_power_{0};
  uint32_t slope_power_samples_{0};
  uint32_t motion_ref_samples_{0};
  float previous_ac_red_{0}, previous_ac_ir_{0};
  bool in_motion_{false};
  uint32_t motion_until_{0};
  uint32_t motion_started_{0};

  // SpO2 window: exponentially weighted sums.
  float sum_red_ir_{0}, sum_ir_ir_{0}, sum_red_red_{0};
  float sum_red_dc_{0}, sum_ir_dc_{0}, sum_weight_{0};
  uint32_t spo2_samples_{0};

  // Beat detector
  bool in_peak_{false};
  float peak_value_{0};
  uint32_t peak_index_{0};
  float peak_left_{0};   // slopes one sample before and after the peak (sub-sample refinement)
  float peak_right_{0};
  bool peak_right_known_{false};
  float previous_slope_{0};
  float peak_reference_{0};  // decaying maximum of recent slope peaks; 0 before the first
  float beat_ac_max_{0}, beat_ac_min_{0};  // IR AC extremes since the last beat
  bool have_last_beat_{false};
  uint32_t last_beat_index_{0};
  float last_beat_offset_{0};  // fraction of a sample after last_beat_index_
  float last_peak_value_{0};
  bool have_beat_before_last_{false};
  uint32_t beat_before_last_index_{0};
  float beat_before_last_offset_{0};
  float last_interval_{0};  // the latest interval recorded, samples
  bool last_interval_pushed_{false};
  uint32_t beats_detected_{0};
  uint32_t beats_since_reset_{0};
  float beat_amplitude_{0};  // smoothed IR AC peak-to-peak per beat, raw counts
  float intervals_[kIntervalCapacity]{};
  int interval_count_{0};
  int interval_next_{0};
  bool irregular_{false};  // rhythm state, with hysteresis
};

}  // namespace fajma::ppg
