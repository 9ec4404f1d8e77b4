#pragma once
// The subcommands of `elman`. Each cli/<name>.cpp adds one: it parses options, calls the library and prints.
// Library errors (elman::Error) reach main, which prints them on one line and exits 2.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "elman/ts/time_series.hpp"

namespace elman::cli {

void add_plot_command(CLI::App& app);
void add_step_command(CLI::App& app);
void add_inspect_command(CLI::App& app);
void add_run_command(CLI::App& app);
void add_init_command(CLI::App& app);
void add_baseline_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_forecast_command(CLI::App& app);
void add_backtest_command(CLI::App& app);

// The CSV options shared by every command that reads a series (--delimiter, --date-col, --value-col,
// --date-format, --missing). `multiple_values` lets --value-col repeat (plot draws several lines).
void add_series_options(CLI::App& command, ts::CsvSeriesOptions& options, bool multiple_values = false);

// --by COLUMN (repeatable): every series of a file in long form, told apart by those columns; `what` says what
// the command does with each.
void add_by_option(CLI::App& command, std::vector<std::string>& by, const std::string& what);

// The model files (*.safetensors) of a folder such as elman train --by writes, by name; none where it holds none.
std::vector<std::filesystem::path> model_files_in(const std::filesystem::path& folder);

// The series `where` reads (ts::LongFormFile's conditions), named by its conditions from the `first`: "store=1, item=3".
std::string series_name(const std::vector<std::pair<std::string, std::string>>& where, std::size_t first);

// Prints the reader's notes of a series ("elman: note: ..."). With `said`, a note it holds is not printed again (the
// notes that the series of one file share, such as how its dates read, once for all of them); each printed is added.
void print_notes(const ts::TimeSeries& series, std::set<std::string>* said = nullptr);

}  // namespace elman::cli
