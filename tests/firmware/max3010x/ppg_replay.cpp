// Replays raw red/IR samples through the PPG processor and prints its estimate once per
// second: the measuring half of fajma_tools.ppg_eval (scripts/ppg-eval).
//
// Input on stdin: a first line "<sample rate in Hz>", then one sample per line: "red ir".
// Output: one line per second of signal, space separated:
//   t finger hr spo2 pi R R_rms R_regression irregular hr_reason spo2_reason
// (NaN where the processor publishes nothing; reasons as reason_to_string, spaces as _).

#include <cmath>
#include <cstdio>
#include <string>

#include "ppg_processor.h"

namespace {

std::string token(const char *text) {
  std::string out(text);
  for (char &c : out)
    if (c == ' ')
      c = '_';
  return out;
}

}  // namespace

int main() {
  double rate = 0;
  if (std::scanf("%lf", &rate) != 1 || !(rate > 0)) {
    std::fprintf(stderr, "first line: sample rate in Hz\n");
    return 2;
  }
  fajma::ppg::Config config;
  config.sample_rate_hz = static_cast<float>(rate);
  fajma::ppg::PpgProcessor processor(config);
  unsigned long red = 0, ir = 0;
  unsigned long count = 0;
  double next_report = 1.0;
  while (std::scanf("%lu %lu", &red, &ir) == 2) {
    processor.add_sample(static_cast<uint32_t>(red), static_cast<uint32_t>(ir));
    ++count;
    const double t = static_cast<double>(count) / rate;
    if (t + 1e-9 < next_report)
      continue;
    next_report += 1.0;
    const fajma::ppg::Estimate e = processor.estimate();
    std::printf("%.3f %d %.2f %.2f %.3f %.4f %.4f %.4f %d %s %s\n", t, e.finger_present ? 1 : 0,
                static_cast<double>(e.heart_rate_bpm), static_cast<double>(e.spo2_percent),
                static_cast<double>(e.perfusion_index_percent),
                static_cast<double>(e.ratio_of_ratios), static_cast<double>(e.ratio_rms),
                static_cast<double>(e.ratio_regression),
                e.irregular_pulse ? 1 : 0, token(reason_to_string(e.heart_rate_reason)).c_str(),
                token(reason_to_string(e.spo2_reason)).c_str());
  }
  return 0;
}
