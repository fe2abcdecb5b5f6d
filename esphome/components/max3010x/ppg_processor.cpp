#include "ppg_processor.h"

#include <algorithm>
#include <cmath>

namespace fajma::ppg {

namespace {

constexpr float kPi = 3.14159265358979f;
// Q of the two sections of a 4th-order Butterworth filter, and of a 2nd-order one.
constexpr float kButterworth4Q1 = 0.54119610f;
constexpr float kButterworth4Q2 = 1.30656296f;
constexpr float kButterworth2Q = 0.70710678f;
constexpr float kBeatPathLowPassHz = 8.0f;

// Time constants, seconds.
constexpr float kLevelTau = 0.05f;       // finger level: fast enough to see removal at once
constexpr float kSlopePowerTau = 1.5f;   // first-beat threshold follows the signal size
constexpr float kMotionRefTau = 8.0f;    // motion reference: slow, so a burst cannot raise it
constexpr float kMotionRefMinSeconds = 2.0f;     // before this the reference is not trusted
constexpr float kMotionRefResetSeconds = 10.0f;  // "motion" this long: perfusion changed, relearn

// Beat detector. A peak starts above a fraction of the largest recent slope peak (a decaying
// maximum, so the dicrotic wave, well under half the systolic slope, stays below it) and above
// a fraction of the slope RMS (noise floor before the first beats), and ends when the slope
// turns negative.
constexpr float kPeakEnterFraction = 0.6f;
constexpr float kPeakEnterRms = 0.7f;
constexpr float kPeakExitRms = -0.1f;
constexpr float kPeakReferenceTau = 5.0f;
constexpr float kBeatSmoothing = 0.3f;
// Two candidates closer than this (a fraction of the last interval, capped) belong to one beat:
// the dicrotic wave or a ripple. The steeper one is the systolic edge. The cap keeps one missed
// beat (a doubled interval) from hiding the next real one.
constexpr float kSameBeatFraction = 0.45f;
constexpr float kSameBeatCapSeconds = 0.5f;

constexpr int kMinIntervals = 3;
constexpr int kStartupIntervalsForgiven = 2;  // of the first intervals after a (re)start
constexpr float kIntervalTolerance = 0.2f;  // accepted intervals lie within ±20 % of the median
constexpr float kStaleBeatFactor = 2.5f;    // no beat for this many intervals: pulse lost
constexpr float kIrregularMinFraction = 0.45f;  // irregular rate: intervals kept, of the median
constexpr float kIrregularMaxFraction = 1.8f;
constexpr float kRhythmMaxFraction = 1.6f;         // rhythm measure: longer is a missed beat
constexpr float kIrregularExitFraction = 0.75f;    // hysteresis of the irregular flag
constexpr float kIrregularSameBeatFraction = 0.35f;
constexpr float kIrregularRefractorySeconds = 0.22f;
constexpr float kSaturationHoldSeconds = 1.0f;

float alpha_for(float tau_seconds, float sample_rate_hz) {
  return 1.0f - std::exp(-1.0f / (tau_seconds * sample_rate_hz));
}

uint32_t samples_for(float seconds, float sample_rate_hz) {
  return static_cast<uint32_t>(std::lround(seconds * sample_rate_hz));
}

}  // namespace

const char *reason_to_string(Reason reason) {
  switch (reason) {
    case Reason::OK:
      return "ok";
    case Reason::NO_FINGER:
      return "no finger";
    case Reason::SETTLING:
      return "settling";
    case Reason::MOTION:
      return "motion";
    case Reason::SATURATED:
      return "ADC saturated";
    case Reason::NO_PULSE:
      return "no pulse";
    case Reason::IRREGULAR_RHYTHM:
      return "irregular beat intervals";
    case Reason::WEAK_SIGNAL:
      return "weak signal";
    case Reason::LOW_CORRELATION:
      return "red/IR mismatch";
    case Reason::RATIO_OUT_OF_RANGE:
      return "ratio out of calibrated range";
  }
  return "unknown";
}

float Calibration::spo2(float ratio) const {
  if (!(ratio >= min_ratio && ratio <= max_ratio))
    return NAN;
  const float spo2 = (a * ratio + b) * ratio + c;
  return std::clamp(spo2, 0.0f, 100.0f);
}

float spo2_from_ratio(float ratio) { return Calibration{}.spo2(ratio); }

// RBJ audio-EQ cookbook biquads (bilinear transform with pre-warping).
Biquad Biquad::butterworth_low_pass(float cutoff_hz, float sample_rate_hz) {
  // Stay below Nyquist whatever the configured rate.
  const float w0 = 2.0f * kPi * std::min(cutoff_hz, 0.45f * sample_rate_hz) / sample_rate_hz;
  const float alpha = std::sin(w0) / (2.0f * kButterworth2Q);
  const float cosw = std::cos(w0);
  const float a0 = 1.0f + alpha;
  Biquad f;
  f.b0 = (1.0f - cosw) / 2.0f / a0;
  f.b1 = (1.0f - cosw) / a0;
  f.b2 = f.b0;
  f.a1 = -2.0f * cosw / a0;
  f.a2 = (1.0f - alpha) / a0;
  return f;
}

Biquad Biquad::butterworth_high_pass(float cutoff_hz, float sample_rate_hz, float q) {
  const float w0 = 2.0f * kPi * cutoff_hz / sample_rate_hz;
  const float alpha = std::sin(w0) / (2.0f * q);
  const float cosw = std::cos(w0);
  const float a0 = 1.0f + alpha;
  Biquad f;
  f.b0 = (1.0f + cosw) / 2.0f / a0;
  f.b1 = -(1.0f + cosw) / a0;
  f.b2 = f.b0;
  f.a1 = -2.0f * cosw / a0;
  f.a2 = (1.0f - alpha) / a0;
  return f;
}

PpgProcessor::PpgProcessor(const Config &config) : config_(config) {
  const float fs = config_.sample_rate_hz;
  level_alpha_ = alpha_for(kLevelTau, fs);
  rms_alpha_ = alpha_for(kSlopePowerTau, fs);
  motion_ref_alpha_ = alpha_for(kMotionRefTau, fs);
  window_decay_ = std::exp(-1.0f / (config_.spo2_window_seconds * fs));
  peak_reference_decay_ = std::exp(-1.0f / (kPeakReferenceTau * fs));
  settle_samples_ = samples_for(config_.settle_seconds, fs);
  filter_settle_samples_ = samples_for(config_.filter_settle_seconds, fs);
  motion_hold_samples_ = samples_for(config_.motion_hold_seconds, fs);
  min_interval_samples_ = samples_for(60.0f / config_.max_bpm, fs);
  max_interval_samples_ = samples_for(60.0f / config_.min_bpm, fs);
  refractory_samples_ = min_interval_samples_;
  irregular_refractory_samples_ =
      std::min(refractory_samples_, samples_for(kIrregularRefractorySeconds, fs));
  same_beat_cap_samples_ = samples_for(kSameBeatCapSeconds, fs);
  min_spo2_samples_ = samples_for(config_.min_spo2_data_seconds, fs);
  motion_ref_reset_samples_ = samples_for(kMotionRefResetSeconds, fs);
  motion_ref_min_samples_ = samples_for(kMotionRefMinSeconds, fs);
  saturation_hold_samples_ = samples_for(kSaturationHoldSeconds, fs);
  irregular_window_samples_ = config_.irregular_window_seconds * fs;

  red_hp1_ = ir_hp1_ = Biquad::butterworth_high_pass(config_.band_low_hz, fs, kButterworth4Q1);
  red_hp2_ = ir_hp2_ = Biquad::butterworth_high_pass(config_.band_low_hz, fs, kButterworth4Q2);
  red_lp_ = ir_lp_ = Biquad::butterworth_low_pass(config_.band_high_hz, fs);
  beat_hp_ = Biquad::butterworth_high_pass(config_.band_low_hz, fs, kButterworth2Q);
  beat_lp_ = Biquad::butterworth_low_pass(kBeatPathLowPassHz, fs);
}

void PpgProcessor::reset() {
  filters_started_ = false;
  finger_since_ = sample_index_;
  ever_saturated_ = false;
  in_motion_ = false;
  slope_power_ = 0;
  slope_power_samples_ = 0;
  motion_ref_power_ = 0;
  motion_ref_samples_ = 0;
  clear_windows_();
}

void PpgProcessor::clear_windows_() {
  sum_red_ir_ = sum_ir_ir_ = sum_red_red_ = 0;
  sum_red_dc_ = sum_ir_dc_ = sum_weight_ = 0;
  spo2_samples_ = 0;
  in_peak_ = false;
  peak_value_ = 0;
  peak_right_known_ = false;
  previous_slope_ = 0;
  peak_reference_ = 0;
  beat_ac_max_ = beat_ac_min_ = 0;
  have_last_beat_ = false;
  have_beat_before_last_ = false;
  last_interval_pushed_ = false;
  last_interval_ = 0;
  beats_since_reset_ = 0;
  beat_amplitude_ = 0;
  interval_count_ = 0;
  interval_next_ = 0;
  irregular_ = false;
}

void PpgProcessor::start_filters_(float red, float ir) {
  red_anchor_ = red;
  ir_anchor_ = ir;
  for (Biquad *f : {&red_hp1_, &red_hp2_, &red_lp_, &ir_hp1_, &ir_hp2_, &ir_lp_, &beat_hp_, &beat_lp_})
    f->s1 = f->s2 = 0;
  previous_ac_red_ = previous_ac_ir_ = previous_beat_ac_ = 0;
  filters_started_ = true;
  filters_started_at_ = sample_index_;
}

void PpgProcessor::on_motion_() {
  const uint32_t now = sample_index_;
  if (!in_motion_) {
    in_motion_ = true;
    motion_started_ = now;
    clear_windows_();
  } else if (now - motion_started_ > motion_ref_reset_samples_) {
    // Continuous "motion" for this long is more likely a real change of perfusion that the
    // slow reference has not followed; relearn it rather than block output for good.
    motion_ref_power_ = 0;
    motion_ref_samples_ = 0;
    motion_started_ = now;
  }
  motion_until_ = now + motion_hold_samples_;
}

void PpgProcessor::update_references_(float ac_ir_squared, float slope_squared) {
  // Running mean first (unbiased while the window fills), exponential afterwards.
  ++slope_power_samples_;
  slope_power_ +=
      std::max(rms_alpha_, 1.0f / static_cast<float>(slope_power_samples_)) *
      (slope_squared - slope_power_);
  ++motion_ref_samples_;
  motion_ref_power_ +=
      std::max(motion_ref_alpha_, 1.0f / static_cast<float>(motion_ref_samples_)) *
      (ac_ir_squared - motion_ref_power_);
}

void PpgProcessor::add_sample(uint32_t red, uint32_t ir) {
  const float red_f = static_cast<float>(red);
  const float ir_f = static_cast<float>(ir);
  if (sample_index_ == 0) {
    ir_level_ = ir_f;
    red_level_ = red_f;
  }
  ++sample_index_;
  ir_level_ += level_alpha_ * (ir_f - ir_level_);
  red_level_ += level_alpha_ * (red_f - red_level_);

  if (red_f >= config_.saturation_level || ir_f >= config_.saturation_level) {
    ever_saturated_ = true;
    last_saturated_ = sample_index_;
  }

  if (!finger_present_ && ir_level_ >= config_.finger_on_level) {
    finger_present_ = true;
    reset();
  } else if (finger_present_ && ir_level_ < config_.finger_off_level) {
    finger_present_ = false;
    reset();
  }
  if (!finger_present_)
    return;

  if (!filters_started_) {
    // Placing a finger is itself a large artefact: wait for the level to settle.
    if (sample_index_ - finger_since_ < settle_samples_)
      return;
    start_filters_(red_f, ir_f);
  }

  const float ac_red = red_lp_.process(red_hp2_.process(red_hp1_.process(red_f - red_anchor_)));
  const float ac_ir = ir_lp_.process(ir_hp2_.process(ir_hp1_.process(ir_f - ir_anchor_)));
  const float beat_ac = beat_lp_.process(beat_hp_.process(ir_f - ir_anchor_));
  const float beat_slope = beat_ac - previous_beat_ac_;
  previous_beat_ac_ = beat_ac;
  const float ac_ir_squared = ac_ir * ac_ir;
  const float slope_red = ac_red - previous_ac_red_;
  const float slope_ir = ac_ir - previous_ac_ir_;
  previous_ac_red_ = ac_red;
  previous_ac_ir_ = ac_ir;

  const bool beyond_fraction_of_dc = std::fabs(ac_ir) > config_.motion_ac_fraction_of_dc * ir_level_;
  const bool motion_reference_valid = motion_ref_samples_ >= motion_ref_min_samples_;
  const bool beyond_pulse_size =
      motion_reference_valid &&
      ac_ir_squared > config_.motion_ac_factor * config_.motion_ac_factor * motion_ref_power_;
  if (beyond_fraction_of_dc || beyond_pulse_size) {
    on_motion_();
    return;
  }
  if (in_motion_) {
    if (static_cast<int32_t>(motion_until_ - sample_index_) > 0)
      return;  // hold-off running (signed difference: the sample counter may wrap)
    // Restart the filters rather than wait for them to settle from the artefact's level shift.
    in_motion_ = false;
    start_filters_(red_f, ir_f);
    return;
  }

  update_references_(ac_ir_squared, beat_slope * beat_slope);
  // Blood absorbs light, so counts fall fastest at the systolic upstroke: beats are peaks of
  // the inverted slope.
  detect_beat_(-beat_slope, ac_ir);

  // A high-pass started mid-slope (baseline wander) has a transient, correlated on red and IR
  // with R near 1: keep it out of the SpO2 window.
  if (sample_index_ - filters_started_at_ < filter_settle_samples_)
    return;

  const float decay = window_decay_;
  sum_red_ir_ = decay * sum_red_ir_ + slope_red * slope_ir;
  sum_ir_ir_ = decay * sum_ir_ir_ + slope_ir * slope_ir;
  sum_red_red_ = decay * sum_red_red_ + slope_red * slope_red;
  sum_red_dc_ = decay * sum_red_dc_ + red_f;
  sum_ir_dc_ = decay * sum_ir_dc_ + ir_f;
  sum_weight_ = decay * sum_weight_ + 1.0f;
  ++spo2_samples_;
}

void PpgProcessor::detect_beat_(float slope, float ac_ir) {
  beat_ac_max_ = std::max(beat_ac_max_, ac_ir);
  beat_ac_min_ = std::min(beat_ac_min_, ac_ir);
  const float rms = std::sqrt(slope_power_);
  peak_reference_ *= peak_reference_decay_;
  const float previous = previous_slope_;
  previous_slope_ = slope;
  if (!in_peak_) {
    const float enter = std::max(kPeakEnterFraction * peak_reference_, kPeakEnterRms * rms);
    if (slope > enter) {
      in_peak_ = true;
      peak_value_ = slope;
      peak_index_ = sample_index_;
      peak_left_ = previous;
      peak_right_known_ = false;
    }
    return;
  }
  if (slope > peak_value_) {
    peak_value_ = slope;
    peak_index_ = sample_index_;
    peak_left_ = previous;
    peak_right_known_ = false;
    return;
  }
  if (!peak_right_known_) {
    peak_right_ = slope;
    peak_right_known_ = true;
  }
  if (slope < kPeakExitRms * rms) {
    in_peak_ = false;
    // Vertex of the parabola through the peak and its neighbours: the beat time to a fraction
    // of a sample.
    const float curvature = peak_left_ - 2.0f * peak_value_ + peak_right_;
    const float offset =
        curvature < 0.0f ? std::clamp(0.5f * (peak_left_ - peak_right_) / curvature, -0.5f, 0.5f)
                         : 0.0f;
    register_beat_(peak_index_, offset, peak_value_);
    beat_ac_max_ = beat_ac_min_ = ac_ir;
  }
}

void PpgProcessor::push_interval_(float interval) {
  intervals_[interval_next_] = interval;
  interval_next_ = (interval_next_ + 1) % kIntervalCapacity;
  interval_count_ = std::min(interval_count_ + 1, kIntervalCapacity);
  update_rhythm_();
}

void PpgProcessor::pop_interval_() {
  interval_next_ = (interval_next_ + kIntervalCapacity - 1) % kIntervalCapacity;
  --interval_count_;
}

void PpgProcessor::register_beat_(uint32_t peak_index, float peak_offset, float peak_value) {
  if (have_last_beat_) {
    const uint32_t whole = peak_index - last_beat_index_;
    const float interval = static_cast<float>(whole) + peak_offset - last_beat_offset_;
    // In an irregular rhythm a short interval is common and real: merge less eagerly.
    const uint32_t same_beat_limit =
        irregular_ ? std::max(irregular_refractory_samples_,
                              static_cast<uint32_t>(kIrregularSameBeatFraction * last_interval_))
                   : std::max(refractory_samples_,
                              std::min(same_beat_cap_samples_,
                                       static_cast<uint32_t>(kSameBeatFraction * last_interval_)));
    if (whole < same_beat_limit) {
      if (peak_value <= last_peak_value_)
        return;
      // The earlier candidate was the secondary wave: the beat is here.
      if (last_interval_pushed_)
        pop_interval_();
      last_interval_pushed_ = false;
      if (have_beat_before_last_) {
        const float corrected = static_cast<float>(peak_index - beat_before_last_index_) +
                                peak_offset - beat_before_last_offset_;
        if (corrected <= static_cast<float>(max_interval_samples_)) {
          push_interval_(corrected);
          last_interval_ = corrected;
          last_interval_pushed_ = true;
        }
      }
      last_beat_index_ = peak_index;
      last_beat_offset_ = peak_offset;
      last_peak_value_ = peak_value;
      peak_reference_ = std::max(peak_reference_, peak_value);
      return;
    }
    // Longer: a gap, not a rate.
    last_interval_pushed_ = interval <= static_cast<float>(max_interval_samples_);
    if (last_interval_pushed_) {
      push_interval_(interval);
      last_interval_ = interval;
    }
  }
  have_beat_before_last_ = have_last_beat_;
  beat_before_last_index_ = last_beat_index_;
  beat_before_last_offset_ = last_beat_offset_;
  have_last_beat_ = true;
  last_beat_index_ = peak_index;
  last_beat_offset_ = peak_offset;
  last_peak_value_ = peak_value;
  ++beats_detected_;
  ++beats_since_reset_;
  if (beats_since_reset_ == 1) {
    peak_reference_ = peak_value;
  } else {
    peak_reference_ = std::max(peak_reference_, peak_value);
    // The AC extremes span a whole beat only from the second beat on.
    const float amplitude = beat_ac_max_ - beat_ac_min_;
    beat_amplitude_ = beats_since_reset_ == 2
                          ? amplitude
                          : beat_amplitude_ + kBeatSmoothing * (amplitude - beat_amplitude_);
  }
}

Reason PpgProcessor::signal_reason_() const {
  if (!finger_present_)
    return Reason::NO_FINGER;
  if (ever_saturated_ && sample_index_ - last_saturated_ < saturation_hold_samples_)
    return Reason::SATURATED;
  if (!filters_started_)
    return Reason::SETTLING;
  if (in_motion_)
    return Reason::MOTION;
  return Reason::OK;
}

namespace {

// Median of up to PpgProcessor's capacity values; sorts `values` in place (insertion sort).
float median_of(float *values, int count) {
  for (int i = 1; i < count; ++i) {
    const float v = values[i];
    int j = i;
    for (; j > 0 && values[j - 1] > v; --j)
      values[j] = values[j - 1];
    values[j] = v;
  }
  return count % 2 == 1 ? values[count / 2] : 0.5f * (values[count / 2 - 1] + values[count / 2]);
}

}  // namespace

void PpgProcessor::update_rhythm_() {
  // Needs enough beats to tell an irregular rhythm from an ectopic beat or two.
  const int n = std::min(interval_count_, kRhythmIntervals);
  if (n < kRegularIntervals) {
    irregular_ = false;
    return;
  }
  float sorted[kRhythmIntervals];
  for (int i = 0; i < n; ++i)
    sorted[i] = interval_(i);
  const float median_interval = median_of(sorted, n);
  // How far each interval lies from the straight line through its neighbours: a sinus rhythm
  // speeding up or slowing down (exercise, breath holding, respiratory sinus arrhythmia)
  // follows a smooth course and stays close, atrial fibrillation's independent intervals do
  // not. Only plausible intervals (a missed beat's doubled interval is a detection error, not
  // rhythm); then the mean of the smallest three quarters, so that an occasional premature
  // beat with its compensatory pause does not count and sustained irregularity does.
  const auto plausible = [median_interval](float interval) {
    return interval < kRhythmMaxFraction * median_interval &&
           interval > kIrregularMinFraction * median_interval;
  };
  float differences[kRhythmIntervals];
  int count = 0;
  for (int i = 1; i + 1 < n; ++i) {
    const float before = interval_(i + 1), interval = interval_(i), after = interval_(i - 1);
    if (plausible(before) && plausible(interval) && plausible(after))
      differences[count++] = std::fabs(interval - 0.5f * (before + after));
  }
  if (count < kRegularIntervals - 2) {
    irregular_ = false;
    return;
  }
  median_of(differences, count);  // sorts
  const int kept = std::max(1, (3 * count) / 4);
  float sum = 0;
  for (int i = 0; i < kept; ++i)
    sum += differences[i];
  const float irregularity = sum / static_cast<float>(kept) / median_interval;
  const float threshold =
      irregular_ ? kIrregularExitFraction * config_.irregular_threshold : config_.irregular_threshold;
  irregular_ = irregularity > threshold;
}

Reason PpgProcessor::regular_rate_(float &bpm) const {
  // The first intervals after the filters start are often wrong (the high-pass transient
  // and the placing of the finger make "beats" of their own). While they are still in the
  // window, a rate may also come from the newer intervals alone: the same test, without up
  // to kStartupIntervalsForgiven of the oldest. Later, every interval in the window counts.
  const int n = std::min(interval_count_, kRegularIntervals);
  const int forgivable = interval_count_ <= kRegularIntervals ? kStartupIntervalsForgiven : 0;
  for (int dropped = 0; dropped <= forgivable && n - dropped >= kMinIntervals; ++dropped) {
    const int used = n - dropped;  // the newest `used` intervals
    float sorted[kRegularIntervals];
    for (int i = 0; i < used; ++i)
      sorted[i] = interval_(i);
    const float median = median_of(sorted, used);
    float accepted_sum = 0;
    int accepted = 0;
    for (int i = 0; i < used; ++i) {
      const float interval = interval_(i);
      if (std::fabs(interval - median) <= kIntervalTolerance * median) {
        accepted_sum += interval;
        ++accepted;
      }
    }
    // A rate needs three quarters of the recent intervals to agree; otherwise it is a guess
    // (noise "beats" agree now and then, a real rhythm with the odd extra or missed beat
    // does).
    if (accepted >= kMinIntervals && 4 * accepted >= 3 * used) {
      bpm = 60.0f * config_.sample_rate_hz * static_cast<float>(accepted) / accepted_sum;
      return Reason::OK;
    }
  }
  return Reason::IRREGULAR_RHYTHM;
}

Reason PpgProcessor::irregular_rate_(float &bpm) const {
  // All intervals of the window, except the gross detection errors: a missed beat (about
  // twice the median) or a double count (well under half of it). Atrial fibrillation's own
  // intervals stay within these bounds.
  const int n = std::min(interval_count_, kRhythmIntervals);
  float sorted[kRhythmIntervals];
  for (int i = 0; i < n; ++i)
    sorted[i] = interval_(i);
  const float median = median_of(sorted, n);
  float sum = 0, span = 0;
  int count = 0, rejected = 0;
  for (int age = 0; age < interval_count_ && span < irregular_window_samples_; ++age) {
    const float interval = interval_(age);
    span += interval;
    if (interval < kIrregularMinFraction * median || interval > kIrregularMaxFraction * median) {
      ++rejected;
      continue;
    }
    sum += interval;
    ++count;
  }
  // Noise "beats" are irregular too, but mostly implausible: keep those out.
  if (count < kRegularIntervals || 4 * rejected > count)
    return Reason::IRREGULAR_RHYTHM;
  bpm = 60.0f * config_.sample_rate_hz * static_cast<float>(count) / sum;
  return Reason::OK;
}

Reason PpgProcessor::heart_rate_(float &bpm, bool &irregular) const {
  irregular = false;
  if (interval_count_ < kMinIntervals)
    return Reason::NO_PULSE;
  const int n = std::min(interval_count_, kRegularIntervals);
  float recent[kRegularIntervals];
  for (int i = 0; i < n; ++i)
    recent[i] = interval_(i);
  if (static_cast<float>(sample_index_ - last_beat_index_) > kStaleBeatFactor * median_of(recent, n))
    return Reason::NO_PULSE;
  Reason reason;
  if (irregular_) {
    reason = irregular_rate_(bpm);
    irregular = reason == Reason::OK;
  } else {
    reason = regular_rate_(bpm);
  }
  if (reason == Reason::OK && (bpm < config_.min_bpm || bpm > config_.max_bpm))
    return Reason::IRREGULAR_RHYTHM;
  return reason;
}

Estimate PpgProcessor::estimate() const {
  Estimate e;
  e.finger_present = finger_present_;
  e.heart_rate_bpm = e.spo2_percent = e.perfusion_index_percent = e.ratio_of_ratios = e.ratio_rms =
      e.ratio_regression = NAN;

  Reason reason = signal_reason_();
  if (reason == Reason::OK && beats_since_reset_ < 3)
    reason = Reason::NO_PULSE;
  float perfusion = NAN;
  if (reason == Reason::OK && sum_weight_ > 0) {
    const float ir_dc = sum_ir_dc_ / sum_weight_;
    perfusion = 100.0f * beat_amplitude_ / ir_dc;
    if (!(perfusion >= config_.min_perfusion_percent))
      reason = Reason::WEAK_SIGNAL;
  }
  // Red and IR see the same pulse; independent noise on the two channels does not correlate.
  // Every output needs it; SpO2 may demand more (min_red_ir_correlation, below).
  const float correlation = sum_red_red_ > 0 && sum_ir_ir_ > 0
                                ? sum_red_ir_ / std::sqrt(sum_red_red_ * sum_ir_ir_)
                                : 0.0f;
  if (reason == Reason::OK && !(correlation >= config_.min_pulse_correlation))
    reason = Reason::LOW_CORRELATION;
  float bpm = NAN;
  bool irregular = false;
  if (reason == Reason::OK)
    reason = heart_rate_(bpm, irregular);

  e.heart_rate_reason = e.perfusion_reason = e.spo2_reason = reason;
  if (reason != Reason::OK)
    return e;
  // Perfusion is only meaningful on a confirmed regular pulse, not on noise "beats".
  e.heart_rate_bpm = bpm;
  e.irregular_pulse = irregular;
  e.perfusion_index_percent = perfusion;

  if (spo2_samples_ < min_spo2_samples_ || sum_ir_ir_ <= 0 || sum_red_red_ <= 0) {
    e.spo2_reason = Reason::SETTLING;
    return e;
  }
  // AC ratio from the whole waveform, not two extrema. Orthogonal (total least squares)
  // regression of red on IR slopes: unbiased when the two channels carry noise of the same
  // size in counts, which the LED calibration sets up (both DC levels near one target, so the
  // same ADC and shot noise). An ordinary regression of red on IR reads low under IR noise
  // (SpO2 high: the direction that hides hypoxaemia) and an RMS ratio reads high under noise
  // on either channel (docs/oximetry.md); both are kept as diagnostics.
  const float dc_ratio = sum_ir_dc_ / sum_red_dc_;
  const float spread = sum_red_red_ - sum_ir_ir_;
  e.ratio_of_ratios =
      sum_red_ir_ > 0
          ? (spread + std::sqrt(spread * spread + 4.0f * sum_red_ir_ * sum_red_ir_)) /
                (2.0f * sum_red_ir_) * dc_ratio
          : NAN;
  e.ratio_regression = sum_red_ir_ / sum_ir_ir_ * dc_ratio;
  e.ratio_rms = std::sqrt(sum_red_red_ / sum_ir_ir_) * dc_ratio;
  if (!(correlation >= config_.min_red_ir_correlation)) {
    e.spo2_reason = Reason::LOW_CORRELATION;
    return e;
  }
  e.spo2_percent = config_.calibration.spo2(e.ratio_of_ratios);
  e.spo2_reason = std::isnan(e.spo2_percent) ? Reason::RATIO_OUT_OF_RANGE : Reason::OK;
  return e;
}

}  // namespace fajma::ppg
