// Host test of the MAX3010x signal processing (esphome/components/max3010x/ppg_processor.*)
// on synthetic red/IR signals with known heart rate and SpO2.
//
// Prints one line per case ("CASE <name> ... PASS|FAIL") and a SUMMARY line; exits non-zero
// if any check failed. Run through tests/firmware/test_max3010x_host.py.

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "ppg_processor.h"
#include "synthetic_ppg.h"

using fajma::ppg::Estimate;
using fajma::ppg::PpgProcessor;
using fajma::ppg::Reason;
using fajma::synthetic::Generator;
using fajma::synthetic::Scenario;
using fajma::synthetic::Span;

namespace {

// Targets from the issue, on clean synthetic signals.
constexpr double kMaxHeartRateMae = 2.0;  // bpm
constexpr double kMaxSpo2Mae = 2.0;       // percentage points
constexpr double kMinCoverage = 0.9;      // share of 1 Hz reports with a value after warm-up
constexpr double kWarmupS = 10.0;
constexpr double kFingerRecoveryLimitS = 5.0;  // from the issue
// Our own bound after motion: 1 s hold-off, then the same 4 beats as after placing a finger.
constexpr double kMotionRecoveryLimitS = 6.5;
// Motion is recognised from the signal, so the first few samples of a burst pass before it
// is seen. Nothing may be published after this allowance.
constexpr double kDetectionAllowanceS = 0.5;

int g_failures = 0;
int g_cases = 0;
double g_worst_hr_mae = 0.0;
double g_worst_spo2_mae = 0.0;

// Records a failed check with its message; returns the condition.
bool expect(bool condition, const char *format, ...) {
  if (!condition) {
    ++g_failures;
    std::printf("  CHECK FAILED: ");
    va_list args;
    va_start(args, format);
    std::vprintf(format, args);
    va_end(args);
    std::printf("\n");
  }
  return condition;
}

bool valid(float value) { return std::isfinite(value); }

// A value is published exactly when its reason is OK: never 0 or a sentinel otherwise.
void check_nan_contract(const Estimate &e, double t, bool &reported) {
  const bool consistent = (e.heart_rate_reason == Reason::OK) == valid(e.heart_rate_bpm) &&
                          (e.spo2_reason == Reason::OK) == valid(e.spo2_percent) &&
                          (e.perfusion_reason == Reason::OK) == valid(e.perfusion_index_percent);
  if (!consistent && !reported) {
    reported = true;
    expect(false, "t=%.2f value/reason mismatch: hr=%.1f(%s) spo2=%.1f(%s) pi=%.2f(%s)", t,
           e.heart_rate_bpm, reason_to_string(e.heart_rate_reason), e.spo2_percent,
           reason_to_string(e.spo2_reason), e.perfusion_index_percent,
           reason_to_string(e.perfusion_reason));
  }
}

struct Report {
  double t;
  Estimate estimate;
};

struct Run {
  std::vector<Report> reports;  // once per second, as the firmware publishes
  Generator generator;
  explicit Run(const Scenario &s) : generator(s) {}
};

using SampleHook = std::function<void(double t, const Estimate &)>;

Run run_scenario(const Scenario &scenario, const SampleHook &hook = nullptr,
                 fajma::ppg::Config config = {}) {
  config.sample_rate_hz = static_cast<float>(scenario.sample_rate_hz);
  PpgProcessor processor(config);
  Run run(scenario);
  const size_t samples = run.generator.total_samples();
  const auto report_every = static_cast<size_t>(scenario.sample_rate_hz);
  bool reported = false;
  for (size_t i = 0; i < samples; ++i) {
    const auto sample = run.generator.next();
    processor.add_sample(sample.red, sample.ir);
    const double t = run.generator.time_of(i + 1);
    const Estimate e = processor.estimate();
    check_nan_contract(e, t, reported);
    if (hook)
      hook(t, e);
    if ((i + 1) % report_every == 0)
      run.reports.push_back({t, e});
  }
  return run;
}

struct Accuracy {
  double irregular_share{0};  // share of the reports with irregular_pulse on
  double hr_mae{NAN};
  double spo2_mae{NAN};
  double spo2_max_error{NAN};
  double pi_mean{NAN};
  double hr_coverage{0};
  double spo2_coverage{0};
};

// Errors of the 1 Hz reports whose time lies in [from_s, to_s).
Accuracy accuracy(const Run &run, double hr, double spo2, double from_s, double to_s) {
  Accuracy a;
  double hr_sum = 0, spo2_sum = 0, spo2_max = 0, pi_sum = 0;
  int total = 0, hr_n = 0, spo2_n = 0;
  for (const Report &r : run.reports) {
    if (r.t < from_s || r.t >= to_s)
      continue;
    ++total;
    a.irregular_share += r.estimate.irregular_pulse;
    if (valid(r.estimate.heart_rate_bpm)) {
      hr_sum += std::fabs(r.estimate.heart_rate_bpm - hr);
      pi_sum += r.estimate.perfusion_index_percent;
      ++hr_n;
    }
    if (valid(r.estimate.spo2_percent)) {
      const double error = std::fabs(r.estimate.spo2_percent - spo2);
      spo2_sum += error;
      spo2_max = std::max(spo2_max, error);
      ++spo2_n;
    }
  }
  if (hr_n > 0) {
    a.hr_mae = hr_sum / hr_n;
    a.pi_mean = pi_sum / hr_n;
  }
  if (spo2_n > 0) {
    a.spo2_mae = spo2_sum / spo2_n;
    a.spo2_max_error = spo2_max;
  }
  if (total > 0) {
    a.irregular_share /= total;
    a.hr_coverage = static_cast<double>(hr_n) / total;
    a.spo2_coverage = static_cast<double>(spo2_n) / total;
  }
  return a;
}

void begin_case(const std::string &name) {
  ++g_cases;
  std::printf("CASE %s", name.c_str());
}

void end_case(int failures_before) {
  std::printf("  -> %s\n", g_failures == failures_before ? "PASS" : "FAIL");
}

// Accuracy on clean signals: the targets, and enough coverage that "always NaN"
// cannot pass.
void check_accuracy(const std::string &name, const Scenario &s, bool clean = true,
                    double hr_limit = kMaxHeartRateMae, double spo2_limit = kMaxSpo2Mae,
                    double min_coverage = kMinCoverage) {
  const int before = g_failures;
  const Run run = run_scenario(s);
  const Accuracy a = accuracy(run, s.heart_rate_bpm, s.spo2_percent, kWarmupS, s.duration_s + 1);
  begin_case(name);
  std::printf(" fs=%.0f hr=%.0f spo2=%.0f R=%.3f hr_mae=%.2f spo2_mae=%.2f spo2_max_err=%.2f "
              "pi=%.2f(true %.2f) coverage_hr=%.2f coverage_spo2=%.2f irregular=%.2f",
              s.sample_rate_hz, s.heart_rate_bpm, s.spo2_percent, run.generator.ratio(), a.hr_mae,
              a.spo2_mae, a.spo2_max_error, a.pi_mean, s.perfusion_percent, a.hr_coverage,
              a.spo2_coverage, a.irregular_share);
  // A regular rhythm (normal variability, the odd premature or missed beat) is not flagged.
  expect(a.irregular_share == 0.0, "irregular pulse flagged in %.2f of the reports",
         a.irregular_share);
  expect(a.hr_coverage >= min_coverage, "heart rate coverage %.2f", a.hr_coverage);
  expect(a.spo2_coverage >= min_coverage, "SpO2 coverage %.2f", a.spo2_coverage);
  expect(a.hr_mae <= hr_limit, "heart rate MAE %.2f > %.2f", a.hr_mae, hr_limit);
  expect(a.spo2_mae <= spo2_limit, "SpO2 MAE %.2f > %.2f", a.spo2_mae, spo2_limit);
  // Perfusion index is peak-to-peak of the band-passed pulse over DC: the filter trims the
  // sharp systolic peak, so allow a generous band rather than an exact match.
  expect(a.pi_mean > 0.6 * s.perfusion_percent && a.pi_mean < 1.3 * s.perfusion_percent,
         "perfusion index %.2f vs %.2f", a.pi_mean, s.perfusion_percent);
  end_case(before);
  if (clean) {
    g_worst_hr_mae = std::max(g_worst_hr_mae, std::isfinite(a.hr_mae) ? a.hr_mae : INFINITY);
    g_worst_spo2_mae =
        std::max(g_worst_spo2_mae, std::isfinite(a.spo2_mae) ? a.spo2_mae : INFINITY);
  }
}

void test_clean_grid() {
  const double rates[] = {40, 50, 60, 75, 90, 110, 130, 150, 180};
  const double saturations[] = {80, 85, 90, 94, 97, 100};
  uint64_t seed = 100;
  for (double hr : rates) {
    for (double spo2 : saturations) {
      Scenario s;
      s.heart_rate_bpm = hr;
      s.spo2_percent = spo2;
      s.seed = ++seed;
      check_accuracy("clean_hr" + std::to_string(static_cast<int>(hr)) + "_spo2_" +
                         std::to_string(static_cast<int>(spo2)),
                     s);
    }
  }
}

void test_sample_rates() {
  const double rates_hz[] = {25, 50, 200, 400};
  uint64_t seed = 300;
  for (double fs : rates_hz) {
    for (double hr : {45.0, 170.0}) {
      Scenario s;
      s.sample_rate_hz = fs;
      s.heart_rate_bpm = hr;
      s.spo2_percent = 92;
      s.seed = ++seed;
      check_accuracy("rate" + std::to_string(static_cast<int>(fs)) + "hz_hr" +
                         std::to_string(static_cast<int>(hr)),
                     s);
    }
  }
}

// Harder but still usable signals: low perfusion, strong noise and wander. Looser limits.
void test_degraded() {
  Scenario low_perfusion;
  low_perfusion.perfusion_percent = 0.3;
  low_perfusion.spo2_percent = 95;
  low_perfusion.seed = 401;
  check_accuracy("low_perfusion_0.3pct", low_perfusion, false, 3.0, 3.0, 0.6);

  Scenario noisy;
  noisy.noise_counts = 150;
  noisy.wander_fraction = 0.06;
  noisy.heart_rate_bpm = 95;
  noisy.spo2_percent = 88;
  noisy.seed = 402;
  check_accuracy("noisy_wander", noisy, false, 3.0, 3.0, 0.6);

  Scenario variable;
  variable.interval_jitter = 0.05;  // strong (but normal) heart rate variability
  variable.heart_rate_bpm = 65;
  variable.spo2_percent = 96;
  variable.seed = 403;
  check_accuracy("hrv_5pct", variable, false, 3.0, 2.0);

  // Outlier rejection: a beat too weak to detect doubles one interval; a premature beat
  // shortens one and lengthens the next. Neither may move the rate.
  Scenario weak_beats;
  weak_beats.weak_beat_every = 7;
  weak_beats.heart_rate_bpm = 80;
  weak_beats.spo2_percent = 95;
  weak_beats.seed = 404;
  check_accuracy("missed_beats", weak_beats, false);

  Scenario premature;
  premature.premature_beat_every = 9;
  premature.heart_rate_bpm = 70;
  premature.spo2_percent = 97;
  premature.seed = 405;
  check_accuracy("premature_beats", premature, false);
}

// Atrial-fibrillation-like rhythm: heart rate (the mean rate) and SpO2 are still published,
// with the irregular_pulse flag on.
constexpr double kIrregularWarmupS = 20.0;
constexpr double kIrregularHrToleranceBpm = 8.0;
constexpr double kIrregularMinShare = 0.85;

void test_irregular_rhythm() {
  uint64_t seed = 800;
  for (double variation : {0.2, 0.3, 0.4}) {
    for (double hr : {60.0, 80.0, 100.0, 120.0, 140.0}) {
      Scenario s;
      s.duration_s = 90;
      s.heart_rate_bpm = hr;
      s.spo2_percent = 94;
      s.irregular_variation = variation;
      s.seed = ++seed;
      const int before = g_failures;
      const Run run = run_scenario(s);
      int total = 0, within = 0, flagged = 0, spo2 = 0;
      double spo2_error = 0;
      for (const Report &r : run.reports) {
        if (r.t < kIrregularWarmupS)
          continue;
        ++total;
        within += valid(r.estimate.heart_rate_bpm) &&
                  std::fabs(r.estimate.heart_rate_bpm - hr) <= kIrregularHrToleranceBpm;
        flagged += r.estimate.irregular_pulse;
        if (valid(r.estimate.spo2_percent)) {
          ++spo2;
          spo2_error += std::fabs(r.estimate.spo2_percent - s.spo2_percent);
        }
      }
      const double within_share = static_cast<double>(within) / total;
      const double flagged_share = static_cast<double>(flagged) / total;
      const double spo2_share = static_cast<double>(spo2) / total;
      const double spo2_mae = spo2 ? spo2_error / spo2 : NAN;
      begin_case("irregular_v" + std::to_string(static_cast<int>(variation * 100)) + "_hr" +
                 std::to_string(static_cast<int>(hr)));
      std::printf(" hr_within_8bpm=%.2f irregular=%.2f coverage_spo2=%.2f spo2_mae=%.2f",
                  within_share, flagged_share, spo2_share, spo2_mae);
      expect(within_share >= kIrregularMinShare, "heart rate within ±8 bpm in %.2f", within_share);
      expect(flagged_share >= kIrregularMinShare, "irregular pulse flagged in %.2f", flagged_share);
      expect(spo2_share >= kIrregularMinShare, "SpO2 published in %.2f", spo2_share);
      expect(spo2_mae <= kMaxSpo2Mae, "SpO2 MAE %.2f", spo2_mae);
      end_case(before);
    }
  }
}

// First reading after the finger is placed (issue 12): heart rate within 5 s, SpO2 within
// 8 s, and what is published early is right (a faster reading must not be a false one).
constexpr double kFirstHeartRateLimitS = 5.0;
constexpr double kFirstSpo2LimitS = 8.0;
constexpr double kEarlyToleranceBpm = 6.0;

void test_first_reading() {
  uint64_t seed = 900;
  for (double hr : {55.0, 60.0, 75.0, 100.0, 130.0, 160.0}) {
    for (int placement = 0; placement < 3; ++placement) {
      Scenario s;
      s.duration_s = 20;
      s.heart_rate_bpm = hr;
      s.spo2_percent = 95;
      const double placed = 3.0 + 0.37 * placement;  // different phases of the pulse
      s.finger_off = {{-1.0, placed}};
      s.seed = ++seed;
      double first_hr = INFINITY, first_spo2 = INFINITY, worst_early = 0;
      const SampleHook hook = [&](double t, const Estimate &e) {
        if (valid(e.heart_rate_bpm)) {
          first_hr = std::min(first_hr, t - placed);
          worst_early = std::max(worst_early, std::fabs(e.heart_rate_bpm - hr));
        }
        if (valid(e.spo2_percent))
          first_spo2 = std::min(first_spo2, t - placed);
      };
      const int before = g_failures;
      run_scenario(s, hook);
      begin_case("first_reading_hr" + std::to_string(static_cast<int>(hr)) + "_" +
                 std::to_string(placement));
      std::printf(" first_hr=%.2fs first_spo2=%.2fs worst_hr_error=%.2f", first_hr, first_spo2,
                  worst_early);
      expect(first_hr <= kFirstHeartRateLimitS, "first heart rate after %.2f s", first_hr);
      expect(first_spo2 <= kFirstSpo2LimitS, "first SpO2 after %.2f s", first_spo2);
      expect(worst_early <= kEarlyToleranceBpm, "heart rate off by %.1f bpm", worst_early);
      end_case(before);
    }
  }
}

// The ratio-of-ratios estimator (docs/oximetry.md), on signals with a known R and equal
// noise on both channels (as the LED calibration sets up): the orthogonal regression that
// SpO2 uses, the ordinary regression of red on IR, and the ratio of the RMS. Noise pulls the
// ordinary regression low (SpO2 high) and the RMS ratio high. Prints the bias of each.
void test_ratio_estimators() {
  const int before = g_failures;
  double sum_abs[3] = {0, 0, 0};
  double worst_low[3] = {0, 0, 0};  // most negative bias: SpO2 reading high
  int conditions = 0;
  uint64_t seed = 1000;
  begin_case("ratio_estimators");
  for (double perfusion : {1.5, 0.5, 0.3}) {
    for (double noise : {40.0, 150.0}) {
      for (double spo2 : {97.0, 85.0}) {
        double sums[3] = {0, 0, 0}, truth = 0;
        int n = 0;
        for (int repeat = 0; repeat < 3; ++repeat) {
          Scenario s;
          s.duration_s = 40;
          s.perfusion_percent = perfusion;
          s.noise_counts = noise;
          s.spo2_percent = spo2;
          s.seed = ++seed;
          const Run run = run_scenario(s);
          truth = run.generator.ratio();
          for (const Report &r : run.reports) {
            const Estimate &e = r.estimate;
            if (r.t >= kWarmupS && valid(e.ratio_of_ratios) && valid(e.ratio_rms) &&
                valid(e.ratio_regression)) {
              sums[0] += e.ratio_of_ratios;
              sums[1] += e.ratio_regression;
              sums[2] += e.ratio_rms;
              ++n;
            }
          }
        }
        if (n == 0)
          continue;  // too weak to measure at all (published as NaN): nothing to compare
        std::printf(" pi%.1f_noise%.0f_spo2_%.0f=", perfusion, noise, spo2);
        for (int k = 0; k < 3; ++k) {
          const double bias = 100.0 * (sums[k] / n / truth - 1.0);
          std::printf("%s%+.1f%%", k ? "/" : "", bias);
          sum_abs[k] += std::fabs(bias);
          worst_low[k] = std::min(worst_low[k], bias);
        }
        ++conditions;
      }
    }
  }
  const char *names[3] = {"orthogonal", "regression", "rms"};
  for (int k = 0; k < 3; ++k)
    std::printf(" %s_mean_abs_bias=%.2f %s_worst_low=%.2f", names[k], sum_abs[k] / conditions,
                names[k], worst_low[k]);
  std::printf(" conditions=%d", conditions);
  expect(conditions >= 8, "only %d conditions measurable", conditions);
  expect(sum_abs[0] < sum_abs[1] && sum_abs[0] < sum_abs[2],
         "the orthogonal regression is not the least biased");
  end_case(before);
}

// Time from `from_s` until heart rate and SpO2 are both published again.
double recovery_time(const Run &run, double from_s) {
  for (const Report &r : run.reports) {
    if (r.t >= from_s && valid(r.estimate.heart_rate_bpm) && valid(r.estimate.spo2_percent))
      return r.t - from_s;
  }
  return INFINITY;
}

// Nothing is published while the finger is off or a motion burst lasts; values return soon
// after and are accurate again.
void check_gating(const std::string &name, const Scenario &s) {
  const int before = g_failures;
  double published_in_gap_s = -1;  // time of the first value published inside a gap
  double finger_flag_error_s = -1;
  double worst_detection_s = 0;  // from the start of a gap to the first NaN
  std::vector<bool> gap_seen(s.motion.size() + s.finger_off.size(), false);
  const auto in_gap = [&s](double t) {
    for (const Span &span : s.motion)
      if (t >= span.start_s + kDetectionAllowanceS && t < span.end_s)
        return true;
    for (const Span &span : s.finger_off)
      if (t >= span.start_s + kDetectionAllowanceS && t < span.end_s + s.finger_ramp_s)
        return true;
    return false;
  };
  const auto finger_clearly_off = [&s](double t) {
    for (const Span &span : s.finger_off)
      if (t >= span.start_s + kDetectionAllowanceS && t < span.end_s)
        return true;
    return false;
  };
  const SampleHook hook = [&](double t, const Estimate &e) {
    const bool any_value =
        valid(e.heart_rate_bpm) || valid(e.spo2_percent) || valid(e.perfusion_index_percent);
    if (in_gap(t) && any_value && published_in_gap_s < 0)
      published_in_gap_s = t;
    if (finger_clearly_off(t) && e.finger_present && finger_flag_error_s < 0)
      finger_flag_error_s = t;
    size_t index = 0;
    for (const std::vector<Span> *spans : {&s.motion, &s.finger_off}) {
      for (const Span &span : *spans) {
        if (!gap_seen[index] && t >= span.start_s && !valid(e.heart_rate_bpm)) {
          gap_seen[index] = true;
          worst_detection_s = std::max(worst_detection_s, t - span.start_s);
        }
        ++index;
      }
    }
  };
  const Run run = run_scenario(s, hook);

  begin_case(name);
  std::vector<Span> gaps = s.motion;
  for (const Span &span : s.finger_off)
    gaps.push_back({span.start_s, span.end_s + s.finger_ramp_s});
  for (const Span &gap : gaps) {
    const double recovery = recovery_time(run, gap.end_s);
    const double limit = s.motion.empty() ? kFingerRecoveryLimitS : kMotionRecoveryLimitS;
    std::printf(" recovery_after_%.1fs=%.1fs", gap.end_s, recovery);
    expect(recovery <= limit, "no value %.1f s after the gap ending at %.1f s", recovery,
           gap.end_s);
  }
  // Accuracy outside gaps (and their recovery), so gating does not hide bad values.
  double hr_sum = 0, spo2_sum = 0;
  int n = 0;
  for (const Report &r : run.reports) {
    bool near_gap = r.t < kWarmupS;
    for (const Span &gap : gaps)
      near_gap = near_gap || (r.t >= gap.start_s && r.t < gap.end_s + kMotionRecoveryLimitS);
    if (near_gap || !valid(r.estimate.heart_rate_bpm) || !valid(r.estimate.spo2_percent))
      continue;
    hr_sum += std::fabs(r.estimate.heart_rate_bpm - s.heart_rate_bpm);
    spo2_sum += std::fabs(r.estimate.spo2_percent - s.spo2_percent);
    ++n;
  }
  const double hr_mae = n ? hr_sum / n : NAN, spo2_mae = n ? spo2_sum / n : NAN;
  std::printf(" detection=%.2fs hr_mae=%.2f spo2_mae=%.2f", worst_detection_s, hr_mae, spo2_mae);
  expect(n >= 5, "only %d clean reports", n);
  expect(hr_mae <= kMaxHeartRateMae, "heart rate MAE %.2f", hr_mae);
  expect(spo2_mae <= kMaxSpo2Mae, "SpO2 MAE %.2f", spo2_mae);
  expect(published_in_gap_s < 0, "value published at t=%.2f inside a gap", published_in_gap_s);
  expect(finger_flag_error_s < 0, "finger still reported present at t=%.2f", finger_flag_error_s);
  end_case(before);
}

void test_motion_and_finger_removal() {
  for (double hr : {60.0, 75.0, 120.0}) {
    Scenario motion;
    motion.duration_s = 70;
    motion.heart_rate_bpm = hr;
    motion.spo2_percent = 95;
    motion.motion = {{15.0, 18.0}, {32.3, 34.8}, {50.6, 53.1}};
    motion.seed = 500 + static_cast<uint64_t>(hr);
    check_gating("motion_bursts_hr" + std::to_string(static_cast<int>(hr)), motion);

    Scenario finger;
    finger.duration_s = 60;
    finger.heart_rate_bpm = hr;
    finger.spo2_percent = 91;
    finger.finger_off = {{20.0, 28.0}, {40.4, 41.4}};
    finger.seed = 600 + static_cast<uint64_t>(hr);
    check_gating("finger_removed_hr" + std::to_string(static_cast<int>(hr)), finger);
  }
}

// Runs a scenario and checks that nothing is ever published after the settle time, and that
// the reason given is the expected one most of the time.
void check_never_published(const std::string &name, const Scenario &s,
                           std::initializer_list<Reason> expected, bool spo2_only = false) {
  const int before = g_failures;
  int published = 0, samples = 0, with_expected_reason = 0, hr_published = 0;
  const SampleHook hook = [&](double t, const Estimate &e) {
    if (t < 2.0)
      return;
    ++samples;
    published += valid(e.spo2_percent) || (!spo2_only && (valid(e.heart_rate_bpm) ||
                                                           valid(e.perfusion_index_percent)));
    hr_published += valid(e.heart_rate_bpm);
    const Reason reason = spo2_only ? e.spo2_reason : e.heart_rate_reason;
    for (Reason r : expected)
      with_expected_reason += reason == r;
  };
  run_scenario(s, hook);
  begin_case(name);
  const double share = static_cast<double>(with_expected_reason) / samples;
  std::printf(" published_samples=%d expected_reason_share=%.2f (", published, share);
  for (Reason r : expected)
    std::printf("'%s' ", reason_to_string(r));
  std::printf(")");
  expect(published == 0, "%d samples published", published);
  expect(share >= 0.9, "expected reason only %.2f of the time", share);
  if (spo2_only)  // the pulse itself is fine: heart rate must still come through
    expect(hr_published > samples / 2, "heart rate published only %d/%d", hr_published, samples);
  end_case(before);
}

void test_unusable_signals() {
  Scenario no_pulse;  // finger on, no pulsation: noise must not become a heart rate
  no_pulse.perfusion_percent = 0.0;
  no_pulse.seed = 701;
  check_never_published("no_pulse", no_pulse,
                        {Reason::NO_PULSE, Reason::IRREGULAR_RHYTHM, Reason::WEAK_SIGNAL,
                         Reason::LOW_CORRELATION});

  Scenario no_finger;
  no_finger.finger_off = {{-1.0, 1000.0}};
  no_finger.seed = 702;
  check_never_published("no_finger", no_finger, {Reason::NO_FINGER});

  Scenario saturated;  // LED current far too high for this finger
  saturated.ir_dc = 300000;
  saturated.seed = 703;
  check_never_published("saturated", saturated, {Reason::SATURATED});

  Scenario out_of_range;  // R above the calibrated range
  out_of_range.ratio_override = 2.2;
  out_of_range.perfusion_percent = 0.8;
  out_of_range.seed = 704;
  check_never_published("ratio_out_of_range", out_of_range,
                        {Reason::RATIO_OUT_OF_RANGE, Reason::SETTLING, Reason::NO_PULSE}, true);

  Scenario no_perfusion;  // a pulse, but far too small to measure
  no_perfusion.perfusion_percent = 0.02;
  no_perfusion.seed = 705;
  check_never_published("perfusion_0.02pct", no_perfusion,
                        {Reason::NO_PULSE, Reason::IRREGULAR_RHYTHM, Reason::WEAK_SIGNAL,
                         Reason::LOW_CORRELATION});
}

void test_calibration_curve() {
  const int before = g_failures;
  begin_case("rd117_curve");
  using fajma::ppg::spo2_from_ratio;
  const struct {
    float ratio;
    float spo2;
  } points[] = {{0.02f, 95.434f}, {0.4f, 99.775f}, {0.5f, 98.757f}, {1.0f, 80.139f}, {1.3f, 58.154f}};
  for (const auto &p : points) {
    const float got = spo2_from_ratio(p.ratio);
    std::printf(" R=%.2f->%.2f", p.ratio, got);
    expect(std::fabs(got - p.spo2) < 0.01f, "R=%.2f gave %.3f, expected %.3f", p.ratio, got,
           p.spo2);
  }
  expect(std::isnan(spo2_from_ratio(0.019f)), "below range must be NaN");
  expect(std::isnan(spo2_from_ratio(1.85f)), "above range must be NaN");
  expect(std::isnan(spo2_from_ratio(NAN)), "NaN ratio must be NaN");
  expect(spo2_from_ratio(1.84f) == 0.0f, "the curve's negative end is clamped to 0");
  end_case(before);
}

}  // namespace

int main() {
  test_calibration_curve();
  test_clean_grid();
  test_sample_rates();
  test_degraded();
  test_irregular_rhythm();
  test_first_reading();
  test_ratio_estimators();
  test_motion_and_finger_removal();
  test_unusable_signals();
  std::printf("SUMMARY cases=%d failures=%d worst_clean_hr_mae=%.2f worst_clean_spo2_mae=%.2f\n",
              g_cases, g_failures, g_worst_hr_mae, g_worst_spo2_mae);
  return g_failures == 0 ? 0 : 1;
}
