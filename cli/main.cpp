// elman: recurrent neural networks for sequences and time series, from the command line.
#include <fmt/core.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <exception>
#include <limits>
#include <map>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

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

// What the numeric options read: a whole number of 0 or more (UINT), a whole number (INT), a number (FLOAT). Each
// returns what it expected, or "" where the text reads; whole numbers must fit the 64 bits every such option has
// (CLI11 would clamp 99999999999999999999 to the largest value and go on with it).
template <typename Whole>
std::string whole_number(std::string_view text, std::string_view what) {
  const std::string_view digits = std::is_signed_v<Whole> && text.starts_with('-') ? text.substr(1) : text;
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) return std::string(what);
  Whole value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range)
    return fmt::format("a whole number from {} to {}", std::numeric_limits<Whole>::min(),
                       std::numeric_limits<Whole>::max());
  return error == std::errc{} && end == text.data() + text.size() ? std::string() : std::string(what);
}
std::string unsigned_number(std::string_view text) {
  return whole_number<std::uint64_t>(text, "a whole number of 0 or more");
}
std::string signed_number(std::string_view text) { return whole_number<std::int64_t>(text, "a whole number"); }
std::string any_number(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() ? std::string() : "a number";
}

// A check that reads the option's text, else says what it expected.
CLI::Validator number_check(std::string (*expected)(std::string_view)) {
  return CLI::Validator(
      [expected](const std::string& text) {
        const std::string what = expected(text);
        return what.empty() ? what : "expected " + what + ", got " + text;
      },
      "");
}

// The edits (insertions, deletions, substitutions, swaps of neighbours) that turn a into b: the optimal string
// alignment distance.
std::size_t edits(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// Where no command comes first, or an unknown one: the commands, and the nearest one within an edit (two for words of
// five letters or more).
std::string command_error(const CLI::App& app, int argc, char** argv) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands({})) names.push_back(command->get_name());
  const std::string list = fmt::format("{}", fmt::join(names, ", "));
  if (argc < 2) return fmt::format("expected a command: {}", list);
  const std::string_view word = argv[1];
  if (word.starts_with('-')) return fmt::format("expected a command before '{}': {}", word, list);
  std::string nearest;
  std::size_t fewest = word.size() < 5 ? 2 : 3;
  for (const auto& name : names)
    if (const std::size_t n = edits(word, name); n < fewest) fewest = n, nearest = name;
  return fmt::format("unknown command '{}'{}; the commands are {}", word,
                     nearest.empty() ? "" : fmt::format(" (did you mean {}?)", nearest), list);
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
  // Numbers are checked before CLI11 converts them, so that a wrong one gets a message that says what was expected
  // (CLI11 says "Could not convert", and reads "-1" into an unsigned option as 18446744073709551615).
  const std::map<std::string, CLI::Validator> checks{{"UINT", number_check(unsigned_number)},
                                                     {"INT", number_check(signed_number)},
                                                     {"FLOAT", number_check(any_number)}};
  for (CLI::App* command : app.get_subcommands({}))
    for (CLI::Option* option : command->get_options())
      if (const auto it = checks.find(option->get_type_name()); it != checks.end()) option->check(it->second);

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
    if (chosen.empty()) {
      fmt::print(stderr, "elman: error: {} (elman --help says what each does)\n",
                 printable(command_error(app, argc, argv)));
      return kBadInput;
    }
    fmt::print(stderr, "elman: error: {} (elman {} --help lists the options)\n", printable(e.what()),
               chosen.front()->get_name());
    return kBadInput;
  } catch (const elman::Error& e) {
    fmt::print(stderr, "elman: error: {}\n", printable(e.what()));
    return kBadInput;
  } catch (const std::bad_alloc&) {
    // Sizes from the command line (elman bench --batch 1000000000) that no memory holds.
    fmt::print(stderr, "elman: error: out of memory: the sizes given need more memory than this process can have\n");
    return kBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "elman: internal error: {}\n", printable(e.what()));
    return kInternalFailure;
  }
  return 0;
}
