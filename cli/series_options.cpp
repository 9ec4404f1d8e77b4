// The CSV options every series-reading command shares; the rules behind them are in docs/csv.md.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "elman/core/error.hpp"

namespace elman::cli {
namespace {

// A one-character delimiter; a tab may also be written as "\t" or "tab", since shells make a literal tab awkward.
std::string delimiter_problem(const std::string& text) {
  if (text.size() == 1 || text == "\\t" || text == "tab" || text == "auto") return {};
  return "expected one character, \\t, tab or auto, got '" + text + "'";
}

// '\0' for auto: CsvSeriesOptions detects the mark from the file.
char to_delimiter(const std::string& text) {
  if (text == "auto") return '\0';
  return text.size() == 1 ? text.front() : '\t';
}

}  // namespace

void add_series_options(CLI::App& command, ts::CsvSeriesOptions& options, bool multiple_values) {
  command
      .add_option_function<std::string>(
          "--delimiter", [&options](const std::string& text) { options.delimiter = to_delimiter(text); },
          "Field delimiter of the CSV file: one character, \\t / tab, or auto (the one of , ; tab | that splits "
          "the header and the first rows into as many fields)")
      ->check(CLI::Validator(delimiter_problem, ""))
      ->type_name("CHAR")
      ->default_str("auto");
  command
      .add_option_function<std::string>(
          "--skip",
          [&options](const std::string& text) {
            options.skip_lines = text == "auto" ? std::nullopt : std::optional<std::size_t>(std::stoul(text));
          },
          "Lines above the header to skip (titles, notes): a count, or auto (0 unless the table is found further "
          "down, within the first 20 lines)")
      ->check(CLI::Validator(
          [](const std::string& text) {
            const bool count = !text.empty() && text.size() < 7 && text.find_first_not_of("0123456789") == text.npos;
            return count || text == "auto" ? "" : "expected a number of lines or auto, got '" + text + "'";
          },
          ""))
      ->type_name("N")
      ->default_str("auto");
  command
      .add_option_function<std::string>(
          "--decimal",
          [&options](const std::string& text) {
            options.decimal = text == "auto" ? '\0' : text.size() == 1 ? text.front() : '?';
          },
          "Decimal mark of the values: . or , (where , also delimits the fields, the values holding it are quoted: "
          "\"1,5\"), or auto (, where the first rows write 1,5 but never 1.5)")
      ->check(CLI::Validator(
          [](const std::string& text) {
            return text == "." || text == "," || text == "auto" ? "" : "expected '.', ',' or auto, got '" + text + "'";
          },
          ""))
      ->type_name("CHAR")
      ->default_str("auto");
  command
      .add_option_function<std::string>(
          "--thousands",
          [&options](const std::string& text) { options.thousands = text.size() == 1 ? text.front() : '?'; },
          "Mark grouping the values' digits in threes, such as , for 1,234.5 or . with --decimal , (1.234,5)")
      ->check(CLI::Validator(
          [](const std::string& text) { return text.size() == 1 ? "" : "expected one character, got '" + text + "'"; },
          ""))
      ->type_name("CHAR")
      ->default_str("none");
  command
      .add_option("--date-col", options.date_column,
                  "Date column (auto: the one named date, ds, time, time_period, ref_date, timestamp or datetime, in "
                  "any case, else the first column; a Year column with "
                  "a Month, Quarter or Week column, or with a column per month, gives one date)")
      ->type_name("NAME")
      ->default_str("auto");
  const std::string value_help =
      "Value column (auto: the one named value or obs_value, else the first numeric column after the date, past "
      "those named for the calendar; "
      "value for a table of years by months; a title or a CDID in an ONS time series download)";
  if (multiple_values) {
    command.add_option("--value-col", options.value_columns, value_help + "; repeat it for several columns")
        ->type_name("NAME")
        ->allow_extra_args(false)
        ->default_str("auto");
  } else {
    command
        .add_option_function<std::string>(
            "--value-col", [&options](const std::string& name) { options.value_columns = {name}; }, value_help)
        ->type_name("NAME")
        ->default_str("auto");
  }
  command
      .add_option_function<std::vector<std::string>>(
          "--where",
          [&options](const std::vector<std::string>& conditions) {
            options.where.clear();
            for (const auto& condition : conditions) options.where.push_back(ts::parse_where(condition));
          },
          "The rows of one series, where the file holds several in long form (a column such as geo or store "
          "telling them apart): keep the rows whose COLUMN holds TEXT; repeat it for several columns")
      ->check(CLI::Validator(
          [](const std::string& text) {
            try {
              ts::parse_where(text);
              return std::string();
            } catch (const elman::Error& error) {
              return std::string(error.what());
            }
          },
          ""))
      ->type_name("COLUMN=TEXT")
      ->allow_extra_args(false);
  command
      .add_option("--date-format", options.date_format,
                  "Date format: M/D/YYYY or D/M/YYYY (slashed, month or day first; MM/DD/YYYY or DD/MM/YYYY to write "
                  "them zero-padded), or a strftime pattern such as %d/%m/%Y (auto: detected from the data: "
                  "M/D/YYYY, YYYY-MM-DD, YYYY-MM, YYYY-MM-DD HH:MM[:SS][Z|+HH:MM], DD.MM.YYYY, YYYY, YYYY/MM/DD, "
                  "2017Q1, 2017-W03, Jan 2017 and the others of docs/csv.md)")
      ->type_name("PATTERN")
      ->default_str("auto");
  command
      .add_option_function<std::string>(
          "--missing", [&options](const std::string& text) { options.missing = ts::parse_missing_policy(text); },
          "Empty, NA, NaN, ., #N/A or other missing values (and gaps in regular dates): error stops, drop removes the "
          "rows, interpolate fills them linearly (and drops the rows at the ends that have no value on one side)")
      ->check(CLI::IsMember({"error", "drop", "interpolate"}))
      ->type_name("POLICY")
      ->default_str(std::string(ts::to_string(options.missing)));
}

void add_by_option(CLI::App& command, std::vector<std::string>& by, const std::string& what) {
  command
      .add_option("--by", by,
                  "A column telling apart the series of a file in long form (repeat it for several): " + what)
      ->allow_extra_args(false)
      ->type_name("COLUMN")
      ->default_str("");
}

std::vector<std::filesystem::path> model_files_in(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    if (entry.path().extension() == ".safetensors") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string series_name(const std::vector<std::pair<std::string, std::string>>& where, std::size_t first) {
  std::string name;
  for (std::size_t k = first; k < where.size(); ++k)
    name += (name.empty() ? "" : ", ") + where[k].first + "=" + where[k].second;
  return name;
}

void print_notes(const ts::TimeSeries& series, std::set<std::string>* said) {
  for (const auto& note : series.notes)
    if (!said || said->insert(note).second) fmt::print(stderr, "elman: note: {}\n", note);
}

}  // namespace elman::cli
