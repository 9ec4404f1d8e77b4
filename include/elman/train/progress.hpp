#pragma once
// The training progress display, as an on_epoch_end callback: on a terminal a live line redrawn every epoch
// ("epoch 3/10 [######--------------] loss 0.01234 val 0.01502 lr 0.001 00:04 < 00:09"), elsewhere one such line
// per epoch (logs stay readable), nothing when quiet.
#include <cstdio>
#include <optional>
#include <string>

#include "elman/train/trainer.hpp"

namespace elman::train {

struct ProgressOptions {
  bool quiet = false;
  std::FILE* stream = stderr;
  std::optional<bool> live;  // redraw in place; unset: whether `stream` is a terminal (isatty)
};

// Always returns true from the callback: the display never stops training.
EpochCallback make_progress_display(ProgressOptions options = {});

// "01:05", or "1:02:03" past an hour.
std::string format_duration(double seconds);
// The display's text for one epoch (without the carriage return or newline).
std::string progress_line(const EpochReport& report, double remaining_seconds, bool with_bar);

}  // namespace elman::train
