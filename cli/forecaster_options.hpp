#pragma once
// The options of the forecaster (include/elman/ts/forecaster.hpp) shared by `elman train` and `elman backtest`.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "elman/ts/forecaster.hpp"

namespace elman::cli {

// The options given as words, turned into enums by resolve_forecaster_options.
struct ForecasterTextOptions {
  std::string cell = "gru";
  std::string strategy = "direct";
  std::string selection = "auto";
  std::string window_level = "none";
  std::string calendar = "auto";
  std::vector<std::string> transforms;  // none given: the forecaster's default
};

// with_horizon: also --horizon (the network's); backtest sets it from its own --horizon instead.
void add_forecaster_options(CLI::App& command, ForecasterTextOptions& text, ts::ForecasterOptions& f,
                            bool with_horizon = true);
// Fills the enums of `f` from `text` and validates it; elman::Error names the option.
void resolve_forecaster_options(const ForecasterTextOptions& text, ts::ForecasterOptions& f);

}  // namespace elman::cli
