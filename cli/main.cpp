// elman: recurrent neural networks for sequences and time series, from the command line.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "elman/core/error.hpp"

namespace {
constexpr int kBadInput = 2;
constexpr int kInternalFailure = 1;

// An error on one line of plain text: control characters quoted from the input (a tab, a vertical tab, a carriage
// return inside a field) are written as \xNN.
std::string printable(std::string_view message) {
  std::string out;
  for (const char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 || byte == 0x7f ? fmt::format("\\x{:02x}", byte) : std::string(1, c);
  }
  return out;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"elman: recurrent neural networks (RNN, LSTM, GRU) for sequences and time series", "elman"};
  app.set_version_flag("--version", "elman " ELMAN_VERSION);
  app.option_defaults()->always_capture_default();
  app.require_subcommand(1);
  app.fallthrough(false);

  elman::cli::add_plot_command(app);
  elman::cli::add_step_command(app);
  elman::cli::add_inspect_command(app);
  elman::cli::add_run_command(app);
  elman::cli::add_init_command(app);
  elman::cli::add_train_command(app);
  elman::cli::add_forecast_command(app);
  elman::cli::add_backtest_command(app);
  elman::cli::add_baseline_command(app);
  elman::cli::add_bench_command(app);
  // CLI11 reads "-1" into an unsigned option as its wrapped value (18446744073709551615); every unsigned option
  // rejects a negative number instead.
  const CLI::Validator non_negative(
      [](const std::string& text) {
        return text.find_first_not_of(" \t") != std::string::npos && text[text.find_first_not_of(" \t")] == '-'
                   ? "expected a whole number of 0 or more, got " + text
                   : std::string();
      },
      "");
  for (CLI::App* command : app.get_subcommands({}))
    for (CLI::Option* option : command->get_options())
      if (option->get_type_name() == "UINT") option->check(non_negative);

  try {
    app.parse(argc, argv);  // runs the chosen subcommand's callback
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, like every other error: CLI11's message and where the options are listed.
    const auto chosen = app.get_subcommands();
    const std::string command = chosen.empty() ? "elman" : "elman " + chosen.front()->get_name();
    fmt::print(stderr, "elman: error: {} ({} --help lists the options)\n", printable(e.what()), command);
    return kBadInput;
  } catch (const elman::Error& e) {
    fmt::print(stderr, "elman: error: {}\n", printable(e.what()));
    return kBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "elman: internal error: {}\n", printable(e.what()));
    return kInternalFailure;
  }
  return 0;
}
