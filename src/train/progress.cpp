#include "elman/train/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <string>

#include <fmt/format.h>

namespace elman::train {

namespace {

constexpr int kBarWidth = 20;

std::string bar(std::int64_t done, std::int64_t total) {
  const int filled = total > 0 ? int(kBarWidth * done / total) : kBarWidth;
  return "[" + std::string(std::size_t(filled), '#') + std::string(std::size_t(kBarWidth - filled), '-') + "]";
}

}  // namespace

std::string format_duration(double seconds) {
  const auto total = static_cast<long long>(std::max(0.0, std::round(seconds)));
  if (total >= 3600) return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{:02}:{:02}", total / 60, total % 60);
}

std::string progress_line(const EpochReport& report, double remaining_seconds, bool with_bar) {
  std::string line = fmt::format("epoch {}/{}", report.epoch, report.epochs);
  if (with_bar) line += " " + bar(report.epoch, report.epochs);
  line += fmt::format(" loss {:.5g}", report.train_loss);
  if (!std::isnan(report.val_loss)) line += fmt::format(" val {:.5g}", report.val_loss);
  line += fmt::format(" lr {:.3g} {} < {}", report.lr, format_duration(report.elapsed_seconds),
                      format_duration(remaining_seconds));
  return line;
}

EpochCallback make_progress_display(ProgressOptions options) {
  if (options.quiet) return [](const EpochReport&) { return true; };
  const bool live = options.live.value_or(isatty(fileno(options.stream)) != 0);
  std::int64_t first_epoch = 0;  // a resumed run starts past epoch 1: time per epoch counts from here
  return [options, live, first_epoch](const EpochReport& report) mutable {
    if (first_epoch == 0) first_epoch = report.epoch;
    const double per_epoch = report.elapsed_seconds / double(report.epoch - first_epoch + 1);
    const double remaining = per_epoch * double(report.epochs - report.epoch);
    const std::string line = progress_line(report, remaining, live);
    // "\x1b[K" clears what a longer previous line left on the terminal.
    if (live) fmt::print(options.stream, "\r{}\x1b[K{}", line, report.epoch == report.epochs ? "\n" : "");
    else fmt::print(options.stream, "{}\n", line);
    std::fflush(options.stream);
    return true;
  };
}

}  // namespace elman::train
