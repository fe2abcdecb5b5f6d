// Host cost of the MAX3010x signal processing per sample (run through scripts/bench-ppg).
// Samples are generated up front so only PpgProcessor::add_sample() is timed; the estimate is
// read once per second of signal, as the firmware does. Prints the best of several passes.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "ppg_processor.h"
#include "synthetic_ppg.h"

int main(int argc, char **argv) {
  const int passes = argc > 1 ? std::atoi(argv[1]) : 20;
  fajma::synthetic::Scenario scenario;
  scenario.duration_s = 600;  // ten minutes at 100 Hz, with every code path exercised
  scenario.heart_rate_bpm = 72;
  scenario.spo2_percent = 96;
  scenario.motion = {{120, 124}, {300, 303}};
  scenario.finger_off = {{400, 410}};
  fajma::synthetic::Generator generator(scenario);
  std::vector<fajma::synthetic::Sample> samples(generator.total_samples());
  for (auto &sample : samples)
    sample = generator.next();

  const auto per_report = static_cast<size_t>(scenario.sample_rate_hz);
  double best_ns = 1e30;
  float sink = 0;
  for (int pass = 0; pass < passes; ++pass) {
    fajma::ppg::PpgProcessor processor;
    const auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < samples.size(); ++i) {
      processor.add_sample(samples[i].red, samples[i].ir);
      if ((i + 1) % per_report == 0) {
        const auto estimate = processor.estimate();
        sink += estimate.heart_rate_reason == fajma::ppg::Reason::OK ? estimate.heart_rate_bpm : 0.0f;
      }
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const double ns = std::chrono::duration<double, std::nano>(elapsed).count() / samples.size();
    best_ns = std::min(best_ns, ns);
  }
  std::printf("samples per pass: %zu (%.0f s at %.0f Hz), passes: %d\n", samples.size(),
              scenario.duration_s, scenario.sample_rate_hz, passes);
  std::printf("best: %.1f ns/sample, %.3g samples/s\n", best_ns, 1e9 / best_ns);
  std::printf("(checksum %.1f)\n", static_cast<double>(sink));
  return 0;
}
