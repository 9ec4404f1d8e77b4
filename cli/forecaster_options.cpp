#include "forecaster_options.hpp"

#include <optional>

#include "elman/core/error.hpp"

namespace elman::cli {
namespace {

nn::Mode parse_cell(const std::string& text) {
  if (text == "gru") return nn::Mode::Gru;
  if (text == "lstm") return nn::Mode::Lstm;
  if (text == "rnn") return nn::Mode::RnnTanh;
  fail("expected gru, lstm or rnn, got '{}'", text);
}

// auto: unset, the series' frequency decides.
std::optional<ts::CalendarCovariates> parse_calendar_option(const std::string& text) {
  if (text == "auto") return std::nullopt;
  try {
    return ts::parse_calendar(text);
  } catch (const Error&) {
    fail("expected auto, none, month or hour_weekday, got '{}'", text);
  }
}

// The option's value parsed, or its error with the option's name in front: "--strategy: expected ...".
template <class Parse>
auto parsed(std::string_view option, const std::string& text, Parse parse) {
  try {
    return parse(text);
  } catch (const Error& e) {
    fail("{}: {}", option, e.what());
  }
}

}  // namespace

void add_forecaster_options(CLI::App& command, ForecasterTextOptions& text, ts::ForecasterOptions& f,
                            bool with_horizon) {
  command.add_option("--seed", f.seed, "Seed of the initial weights and the shuffling")->capture_default_str();
  command.add_option("--cell", text.cell, "Recurrent cell: gru, lstm or rnn")->capture_default_str();
  command.add_option("--hidden", f.hidden, "Hidden size")->capture_default_str();
  command.add_option("--layers", f.layers, "Stacked recurrent layers")->capture_default_str();
  command.add_option("--members", f.members, "Networks (seeds --seed, --seed + 1, ...) whose forecasts are averaged")
      ->capture_default_str();
  command
      .add_option("--window-level", text.window_level,
                  "Members that read each window relative to its level (the mean of its last season, taken from "
                  "the inputs and targets, added back to the forecasts): none, all, or alternate (the 2nd, 4th, ...)")
      ->capture_default_str();
  command.add_option("--window", f.window, "Input window: past steps the network reads")->capture_default_str();
  if (with_horizon)
    command
        .add_option("--horizon", f.horizon,
                    "Steps the network forecasts (its head's width when direct; default from the frequency: 24 "
                    "monthly, 8 quarterly, 6 yearly, 13 weekly, 14 daily, 10 business-daily, 48 hourly)")
        ->default_str("");
  command.add_option("--stride", f.stride, "Steps between training windows")->capture_default_str();
  command.add_option("--strategy", text.strategy, "direct: one head emits every step; recursive: one step, fed back")
      ->capture_default_str();
  command
      .add_option("--fork-from", f.fork_from,
                  "Forking sequences (as MQ-RNN): train the head on every step of each window from this one on, "
                  "each forecasting the steps after it (0: the last step only)")
      ->capture_default_str();
  command
      .add_option("--transform", text.transforms,
                  "Transforms in order, fitted on the training rows: log, box_cox, difference, "
                  "seasonal_difference, standard, min_max; repeat the option for several (default: log and "
                  "standard where every value is positive, else standard)")
      ->allow_extra_args(false);
  command
      .add_option("--calendar", text.calendar,
                  "One-hot calendar inputs at every step: auto (month for monthly and weekly data, hour_weekday for "
                  "hourly data, else none), none, month (month of year) or hour_weekday (hour of day and day of week)")
      ->capture_default_str();
  command.add_option("--epochs", f.epochs, "Epochs over all training windows")->capture_default_str();
  command.add_option("--batch-size", f.batch_size, "Windows per training step")->capture_default_str();
  command.add_option("--lr", f.learning_rate, "Adam's learning rate")->capture_default_str();
  command.add_flag("--cosine-lr,!--constant-lr", f.cosine_lr,
                   "Anneal the learning rate to 0 over the epochs (cosine), or keep it constant");
  command.add_option("--clip", f.clip_norm, "Gradient norm clipping (0: off)")->capture_default_str();
  command
      .add_option("--patience", f.patience,
                  "Early stopping on the validation rows after this many epochs without "
                  "improvement (0: a fixed number of epochs)")
      ->capture_default_str();
  command
      .add_option("--selection", text.selection,
                  "auto: keep whichever of the network, Holt-Winters or their mean forecasts the validation rows "
                  "best (on a series too short to hold them out, Holt-Winters by AICc); network, hw or mean: fixed")
      ->capture_default_str();
  command.add_option("--validation", f.validation, "Rows held out for the choice (0: three times the horizon)")
      ->capture_default_str();
  command
      .add_option("--threads", f.threads,
                  "Threads training the networks side by side (0: every core); the model "
                  "is the same with any number")
      ->capture_default_str();
  command
      .add_option("--season", f.season,
                  "Season length (0: from the frequency, 12 for monthly data, 24 for hourly data, where "
                  "Holt-Winters is also tried with a week of 168 hours)")
      ->capture_default_str();
}

void resolve_forecaster_options(const ForecasterTextOptions& text, ts::ForecasterOptions& f) {
  f.cell = parsed("--cell", text.cell, parse_cell);
  f.strategy = parsed("--strategy", text.strategy, ts::parse_strategy);
  f.selection = parsed("--selection", text.selection, ts::parse_selection);
  f.window_level = parsed("--window-level", text.window_level, ts::parse_window_level);
  f.calendar = parsed("--calendar", text.calendar, parse_calendar_option);
  if (!text.transforms.empty()) f.transforms = text.transforms;
  f.validate();
}

}  // namespace elman::cli
