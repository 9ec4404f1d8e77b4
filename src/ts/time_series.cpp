// TimeSeries and read_csv_series: from CSV records (io layer) to dated columns, with the rules of docs/csv.md.
#include "elman/ts/time_series.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "elman/core/error.hpp"
#include "elman/io/csv.hpp"
#include "ts/calendar.hpp"
#include "ts/month_names.hpp"
#include "ts/names.hpp"

namespace elman::ts {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kLinesListed = 5;  // how many line numbers a note lists before "..."

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

// Empty, or a word that marks a missing value: pandas' defaults, and the marks of statistics downloads (FRED's ".",
// Excel's #N/A, GISTEMP's ***, the ".." and "-" of statistics offices' tables).
bool is_missing_marker(std::string_view text) {
  static constexpr std::array<std::string_view, 16> kMarkers{"na",      "n/a",  "nan", "-nan", "null", "none",
                                                             "missing", "#n/a", "#na", "<na>", "(na)", ".",
                                                             "..",      "-",    "--",  "***"};
  const std::string word = lower(trim(text));
  return word.empty() || std::find(kMarkers.begin(), kMarkers.end(), word) != kMarkers.end();
}

// A year of four digits, 1000 to 9999: a row of a table of years by months, or a year column's value.
std::optional<int> parse_year(std::string_view text) {
  text = trim(text);
  int year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.size() != 4 || error != std::errc{} || end != text.data() + text.size() || year < 1000) return std::nullopt;
  return year;
}

// Whether a header field names period `k` (from 0) of `count` in a year: the month (Jan, January, Sept., Januar,
// janv., any case: detail::month_word) for 12, the quarter (Q1, Qtr1, Quarter 1) for 4.
bool names_period(std::string_view field, std::size_t count, std::size_t k) {
  if (count == 12) {
    const auto word = detail::month_word(trim(field));
    return word && word->month == int(k) + 1;
  }
  std::string name = lower(trim(field));
  std::erase(name, ' ');
  const std::string number = std::to_string(k + 1);
  return name == "q" + number || name == "qtr" + number || name == "quarter" + number;
}

// Whether a column's name holds a word of the calendar: date, year, month, week, day or quarter.
bool names_calendar(std::string_view name) {
  const std::string text = lower(name);
  std::size_t begin = 0;
  while (begin < text.size()) {
    const auto is_letter = [](char c) { return c >= 'a' && c <= 'z'; };
    while (begin < text.size() && !is_letter(text[begin])) ++begin;
    std::size_t end = begin;
    while (end < text.size() && is_letter(text[end])) ++end;
    const std::string_view word = std::string_view(text).substr(begin, end - begin);
    for (const std::string_view calendar : {"date", "year", "month", "week", "day", "quarter"})
      if (word == calendar) return true;
    begin = end;
  }
  return false;
}

// Whether `text` (trimmed) groups the digits before its decimal mark in threes with `mark` (1,234,567.5): a first
// group of 1 to 3 digits, then groups of exactly 3, and no mark after the decimal mark. "1,5" is not grouped.
bool grouped_in_threes(std::string_view text, char mark, char decimal) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  const std::size_t end = std::min(text.find(decimal), text.find_first_of("eE"));
  const std::string_view whole = text.substr(0, end);
  if (end != std::string_view::npos && text.substr(end).find(mark) != std::string_view::npos) return false;
  std::size_t group = 0;
  bool first = true;
  for (const char c : whole) {
    if (c == mark) {
      if (group == 0 || group > 3 || (!first && group != 3)) return false;
      first = false, group = 0;
    } else if (c >= '0' && c <= '9') {
      ++group;
    } else {
      return false;
    }
  }
  return !first && group == 3;
}

// A decimal number with `decimal` as its mark ('.' or ','), its digits grouped with `thousands` where that is not
// 0 (1,234.5; 1.234,5 with a decimal comma). Without a thousands mark, a value with one is not a number.
std::optional<double> parse_number(std::string_view text, char decimal = '.', char thousands = '\0') {
  text = trim(text);
  std::string plain;
  if (thousands != '\0' && text.find(thousands) != std::string_view::npos) {
    if (!grouped_in_threes(text, thousands, decimal)) return std::nullopt;
    std::copy_if(text.begin(), text.end(), std::back_inserter(plain), [&](char c) { return c != thousands; });
    text = plain;
  }
  std::string with_point;
  if (decimal == ',') {
    if (text.find('.') != std::string_view::npos) return std::nullopt;
    with_point.assign(text);
    std::replace(with_point.begin(), with_point.end(), ',', '.');
    text = with_point;
  }
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// CsvSeriesOptions::decimal's rule for '\0': the decimal mark the first `sample` records of the file write.
char detect_decimal(const std::filesystem::path& path, const io::CsvOptions& csv, char thousands,
                    std::size_t sample = 100) {
  if (thousands == '.') return ',';
  if (thousands == ',') return '.';
  // Where commas delimit the fields, a value holding one is quoted, and "1,234" is more likely digits grouped in
  // threes (as US exports write them) than a decimal comma; "1,5" is one (as Google Sheets writes it in Europe).
  const bool comma_delimits = csv.delimiter == ',';
  bool comma = false;
  try {
    io::CsvReader reader(path, csv);
    io::CsvRecord record;
    for (std::size_t i = 0; i < sample && reader.next(record); ++i) {
      for (const auto& field : record.fields) {
        const bool with_point = parse_number(field, '.').has_value();
        const bool with_comma =
            parse_number(field, ',').has_value() && !(comma_delimits && parse_number(field, '.', ',').has_value());
        if (with_point && !with_comma) return '.';
        comma = comma || (with_comma && !with_point);
      }
    }
  } catch (const Error&) {
    // The rows up to a malformed one decide; reading the file again reports it in its place among the errors.
  }
  return comma ? ',' : '.';
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string list_lines(const std::vector<std::size_t>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < kLinesListed; ++i)
    out += (i == 0 ? "" : ", ") + std::to_string(lines[i]);
  return lines.size() > kLinesListed ? out + ", ..." : out;
}

// The first few texts of `values` and "..." where there are more, for a message.
std::string list_values(const std::vector<std::string>& values) {
  constexpr std::size_t kListed = 8;
  std::vector<std::string> listed(values.begin(), values.begin() + std::ptrdiff_t(std::min(values.size(), kListed)));
  return join(listed) + (values.size() > kListed ? ", ..." : "");
}

// `--where COLUMN=TEXT` as a shell reads it back: quoted where it holds more than letters, digits and _.:/-.
std::string where_argument(std::string_view column, std::string_view text) {
  const std::string argument = fmt::format("{}={}", column, text);
  const bool plain = std::all_of(argument.begin(), argument.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("_.:/=-").find(char(c)) != std::string_view::npos;
  });
  return "--where " + (plain ? argument : "\"" + argument + "\"");
}

// Keeps rows [begin, end) of `rows`.
template <typename T>
void keep_rows(std::vector<T>& rows, std::size_t begin, std::size_t end) {
  rows.erase(rows.begin() + std::ptrdiff_t(end), rows.end());
  rows.erase(rows.begin(), rows.begin() + std::ptrdiff_t(begin));
}

// The rows as read: one date text and the chosen value columns (NaN where missing) per data line.
struct RawRows {
  std::vector<std::size_t> lines;
  std::vector<std::string> dates;
  std::vector<std::vector<double>> columns;

  void keep(std::size_t begin, std::size_t end) {
    keep_rows(lines, begin, end);
    keep_rows(dates, begin, end);
    for (auto& column : columns) keep_rows(column, begin, end);
  }
};

// The rows [first, end) from a column's first present value to its last; first == end == size() where none is.
std::pair<std::size_t, std::size_t> present_span(const std::vector<double>& column) {
  const auto present = [](double v) { return !std::isnan(v); };
  const auto first = std::size_t(std::find_if(column.begin(), column.end(), present) - column.begin());
  if (first == column.size()) return {first, first};
  return {first, std::size_t(std::find_if(column.rbegin(), column.rend(), present).base() - column.begin())};
}

// The date text of period `k` (from 0) of a year with `periods` of them: 1958-03 (12), 1958Q1 (4), 1958-W09 (53).
std::string period_date(int year, std::size_t periods, std::size_t k) {
  if (periods == 4) return fmt::format("{:04}Q{}", year, k + 1);
  return fmt::format("{:04}-{}{:02}", year, periods == 12 ? "" : "W", k + 1);
}

std::string missing_value_error(std::string_view column, std::string_view text) {
  return fmt::format(
      "column '{}': expected a number, got a missing value '{}' (use --missing drop or --missing interpolate)", column,
      text);
}

}  // namespace

namespace detail {

// The records of one series that LongFormFile's pass over the file set aside: their fields back to back in `text`,
// each record's fields ending at the next `fields` entries of `ends`, and the line each starts on.
struct SetAsideRecords {
  std::string text;
  std::vector<std::size_t> ends;
  std::vector<std::size_t> lines;

  void add(const io::CsvRecord& record) {
    for (const auto& field : record.fields) ends.push_back((text += field).size());
    lines.push_back(record.line);
  }
};

// What LongFormFile's pass found for the whole file, and so for each of its series: the value columns chosen where
// none was given (empty where they were), with their note, and the first byte read as Windows-1252.
struct LongFormChoices {
  std::vector<std::size_t> value_columns;
  std::string value_note;
  std::optional<std::pair<std::size_t, unsigned char>> windows_1252_byte;
};

// LongFormFile's pass: each series' conditions and records, in the order the file first holds them, and the file's
// choices.
struct LongFormSplit {
  std::vector<SeriesConditions> conditions;
  std::vector<SetAsideRecords> records;
  LongFormChoices choices;
};

}  // namespace detail

namespace {

// The value name of a table of years by months or quarters, which holds one series.
constexpr std::string_view kTableValueName = "value";

class SeriesReader {
 public:
  // `options` with the delimiter, the lines above the header and the decimal mark known; `given`: the options as
  // the caller gave them, to tell what was detected.
  // `set_aside`: the records to read instead of the file's (LongFormFile's for one series), with `choices`, what
  // LongFormFile's pass found for the whole file.
  SeriesReader(const std::filesystem::path& path, const CsvSeriesOptions& options, const CsvSeriesOptions& given,
               const detail::SetAsideRecords* set_aside = nullptr, const detail::LongFormChoices* choices = nullptr)
      : options_(options),
        decimal_detected_(given.decimal == '\0'),
        skip_detected_(!given.skip_lines),
        path_(path),
        csv_(path, csv_options()),
        set_aside_(set_aside),
        choices_(choices) {
    for (const auto& name : csv_.header()) header_.emplace_back(trim(name));
    for (const auto& [column, text] : options_.where) where_columns_.push_back(find_column(column));
    where_seen_.resize(where_columns_.size());
  }

  TimeSeries read();
  // LongFormFile's pass: the series `by` tells apart among the rows options.where keeps, each with its records, in
  // the order the file first holds them.
  detail::LongFormSplit split(std::span<const std::string> by);

 private:
  [[noreturn]] void fail_line(std::size_t line, const std::string& what) const {
    fail("{}:{}: {}", csv_.source(), line, what);
  }
  // A table of years by months or quarters: the year column and the period columns, in order.
  struct YearTable {
    std::size_t year;
    std::vector<std::size_t> periods;
  };

  // A date written across columns after the year: the month (and the day), the quarter or the week.
  struct DateParts {
    std::optional<std::size_t> month, day, quarter, week;
    bool contains(std::size_t i) const { return month == i || day == i || quarter == i || week == i; }
  };

  io::CsvOptions csv_options() const {
    return {.delimiter = options_.delimiter, .skip_lines = options_.skip_lines.value_or(0)};
  }
  // The next record: the file's, or the next one set aside.
  bool next(io::CsvRecord& record);
  std::optional<std::pair<std::size_t, unsigned char>> first_windows_1252_byte() const {
    return choices_ ? choices_->windows_1252_byte : csv_.first_windows_1252_byte();
  }
  std::size_t find_column(const std::string& name) const;
  std::optional<std::size_t> column_named(std::initializer_list<std::string_view> names) const;
  std::size_t choose_date_column() const;
  DateParts find_date_parts() const;
  std::string date_text(const io::CsvRecord& record) const;
  void choose_value_columns(std::vector<io::CsvRecord>& buffered);
  bool keeps(const io::CsvRecord& record);
  [[noreturn]] void fail_none_kept() const;
  std::string several_series_hint(std::size_t line) const;
  void add_row(const io::CsvRecord& record, bool missing_checked_later = false);
  bool is_ons_download(std::vector<io::CsvRecord>& buffered);
  void read_ons_download(std::vector<io::CsvRecord>& records, std::vector<std::string>& notes);
  double read_value(const io::CsvRecord& record, std::size_t column, const std::string& name,
                    bool missing_checked_later) const;
  template <class Field>
  void keep_present_span(std::string_view series, Field field);
  std::optional<YearTable> find_year_table(std::vector<io::CsvRecord>& buffered);
  void read_year_table(const YearTable& table, std::vector<io::CsvRecord>& records, std::vector<std::string>& notes);
  std::string hint(std::string_view text) const;
  std::vector<TimePoint> parse_dates(DateFormat& format, std::vector<std::string>& notes);
  bool check_order(const std::vector<TimePoint>& dates) const;
  void reverse_rows(std::vector<TimePoint>& dates);
  void drop_missing(std::vector<TimePoint>& dates, std::vector<std::string>& notes);
  void handle_gaps(std::vector<TimePoint>& dates, const DateFormat& format, std::vector<std::string>& notes);
  void interpolate(std::vector<TimePoint>& dates, std::vector<std::string>& notes);

  CsvSeriesOptions options_;
  bool decimal_detected_;
  bool skip_detected_;
  std::filesystem::path path_;
  io::CsvReader csv_;
  const detail::SetAsideRecords* set_aside_;
  const detail::LongFormChoices* choices_;
  std::size_t set_aside_next_ = 0;  // the next record of set_aside_
  std::vector<std::string> header_;
  std::vector<std::size_t> by_columns_;               // split's: not value columns
  std::vector<std::size_t> where_columns_;            // options_.where's columns
  std::vector<std::vector<std::string>> where_seen_;  // the texts met in each of them, in order, for messages
  std::vector<std::size_t> table_periods_;            // a table of years by months: its month columns
  std::size_t date_index_ = 0;
  DateParts date_parts_;
  std::vector<std::size_t> value_indices_;
  std::vector<std::string> value_names_;
  std::string value_note_;  // which column was taken for the values, where others could have been
  RawRows rows_;
};

std::size_t SeriesReader::find_column(const std::string& name) const {
  const auto found = std::find(header_.begin(), header_.end(), std::string(trim(name)));
  if (found == header_.end()) {
    fail_line(csv_.header_line(), fmt::format("unknown column '{}'; the columns are: {}", name, join(header_)));
  }
  return std::size_t(found - header_.begin());
}

// The first column whose name is one of `names` (lower case), in any case.
std::optional<std::size_t> SeriesReader::column_named(std::initializer_list<std::string_view> names) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (std::find(names.begin(), names.end(), lower(header_[i])) != names.end()) return i;
  return std::nullopt;
}

std::size_t SeriesReader::choose_date_column() const {
  if (!options_.date_column.empty()) return find_column(options_.date_column);
  return column_named({"date", "ds", "time", "time_period", "ref_date", "timestamp", "datetime"}).value_or(0);
}

// Where the date column is named Year (or Yr), the columns named Month (Mon, Mo) and Day (Dy), Quarter (Qtr) or
// Week (Wk) that complete its dates, as NOAA's and many data frames' exports write them.
SeriesReader::DateParts SeriesReader::find_date_parts() const {
  const std::string year = lower(header_[date_index_]);
  if (year != "year" && year != "yr") return {};
  DateParts parts;
  if ((parts.month = column_named({"month", "mon", "mo"}))) {
    parts.day = column_named({"day", "dy"});
  } else if (!(parts.quarter = column_named({"quarter", "qtr"}))) {
    parts.week = column_named({"week", "wk"});
  }
  return parts;
}

// The record's date as one text: the date column's, or one built from the year and its parts (1958-03,
// 1958-03-01, 1958Q1, 1958-W09) that DateFormat detects like any other.
std::string SeriesReader::date_text(const io::CsvRecord& record) const {
  const std::string_view text = trim(record.fields[date_index_]);
  if (!date_parts_.month && !date_parts_.quarter && !date_parts_.week) return std::string(text);
  const auto year = parse_year(text);
  if (!year)
    fail_line(record.line,
              fmt::format("column '{}': expected a year such as 2017, got '{}'", header_[date_index_], text));
  // The number in a part's column from 1 to `most`, or the month's or the quarter's name (Jan, Q1).
  const auto number = [&](std::size_t column, int most, std::string_view what) {
    const std::string_view text = trim(record.fields[column]);
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc{} && end == text.data() + text.size() && value >= 1 && value <= most) return value;
    for (std::size_t k = 0; (most == 12 || most == 4) && k < std::size_t(most); ++k)
      if (names_period(text, std::size_t(most), k)) return int(k) + 1;
    fail_line(record.line, fmt::format("column '{}': expected {}, got '{}'", header_[column], what, text));
  };
  if (date_parts_.quarter)
    return period_date(*year, 4, number(*date_parts_.quarter, 4, "a quarter, 1 to 4 or Q1 to Q4") - 1);
  if (date_parts_.week) return period_date(*year, 53, number(*date_parts_.week, 53, "a week, 1 to 53") - 1);
  const std::string month = period_date(*year, 12, number(*date_parts_.month, 12, "a month, 1 to 12 or its name") - 1);
  if (!date_parts_.day) return month;
  return fmt::format("{}-{:02}", month, number(*date_parts_.day, 31, "a day of the month, 1 to 31"));
}

// Without --value-col, the first column after the date whose first present value is a number (then those before
// the date, then those named for the calendar), passing over the columns that complete the date. Records are
// buffered only until every candidate column shows a value.
void SeriesReader::choose_value_columns(std::vector<io::CsvRecord>& buffered) {
  if (choices_ && !choices_->value_columns.empty()) {  // chosen once for the file, as for any one of its series
    value_indices_ = choices_->value_columns;
    value_note_ = choices_->value_note;
    return;
  }
  if (!options_.value_columns.empty()) {
    for (const auto& name : options_.value_columns) {
      const std::size_t index = find_column(name);
      if (index == date_index_) {
        fail_line(csv_.header_line(), fmt::format("column '{}' is the date column; expected a value column", name));
      }
      value_indices_.push_back(index);
    }
    return;
  }
  std::vector<std::size_t> candidates;
  const auto candidate = [&](std::size_t i) {
    if (!date_parts_.contains(i) &&
        std::find(where_columns_.begin(), where_columns_.end(), i) == where_columns_.end() &&
        std::find(by_columns_.begin(), by_columns_.end(), i) == by_columns_.end())
      candidates.push_back(i);
  };
  for (std::size_t i = date_index_ + 1; i < header_.size(); ++i) candidate(i);
  for (std::size_t i = 0; i < date_index_; ++i) candidate(i);
  // A column named value comes first (SDMX-CSV's OBS_VALUE too: the codes and units before it may be numbers);
  // columns named for the calendar ("decimal date", "year", "day of week") last: they rarely hold the values.
  std::stable_partition(candidates.begin(), candidates.end(),
                        [&](std::size_t i) { return !names_calendar(header_[i]); });
  std::stable_partition(candidates.begin(), candidates.end(), [&](std::size_t i) {
    const std::string name = lower(header_[i]);
    return name == "value" || name == "obs_value";
  });
  io::CsvRecord record;
  bool more = true;
  for (const auto column : candidates) {
    for (std::size_t row = 0;; ++row) {
      if (row == buffered.size()) {
        if (!(more = more && next(record))) break;
        buffered.push_back(record);
      }
      const std::string& text = buffered[row].fields[column];
      if (is_missing_marker(text)) continue;
      if (parse_number(text, options_.decimal, options_.thousands)) {
        value_indices_.push_back(column);
        // The others that could hold values: their first present value among the rows read is a number.
        const auto numeric = [&](std::size_t other) {
          for (const auto& record : buffered)
            if (!is_missing_marker(record.fields[other]))
              return parse_number(record.fields[other], options_.decimal, options_.thousands).has_value();
          return false;
        };
        std::vector<std::string> others;
        for (const auto other : candidates)
          if (other != column && numeric(other)) others.push_back(header_[other]);
        if (!others.empty())
          value_note_ =
              fmt::format("the values are column '{}' (--value-col names another: {})", header_[column], join(others));
        return;
      }
      break;
    }
  }
  if (!candidates.empty()) {
    // No column shows a number first: take the first candidate, so the first value that is not a number is
    // reported with its line ("column 'v': expected a number, got 'abc'").
    value_indices_.push_back(candidates.front());
    return;
  }
  if (buffered.empty() && next(record)) buffered.push_back(record);
  if (buffered.empty()) return;  // header only: reported by read()
  fail_line(buffered.front().line,
            fmt::format("expected a column of numbers besides the date column '{}'; "
                        "the columns are: {}{}",
                        header_[date_index_], join(header_), io::delimiter_hint(header_, options_.delimiter)));
}

// Whether the record holds every text --where asks for; notes the texts met for fail_none_kept().
bool SeriesReader::keeps(const io::CsvRecord& record) {
  bool kept = true;
  for (std::size_t k = 0; k < where_columns_.size(); ++k) {
    const std::string_view text = trim(record.fields[where_columns_[k]]);
    auto& seen = where_seen_[k];
    if (seen.size() <= 8 && std::find(seen.begin(), seen.end(), text) == seen.end()) seen.emplace_back(text);
    kept = kept && text == trim(options_.where[k].second);
  }
  return kept;
}

void SeriesReader::fail_none_kept() const {
  std::string asked;
  std::string held;
  for (std::size_t k = 0; k < where_columns_.size(); ++k) {
    asked += fmt::format("{}{} '{}'", k == 0 ? "" : " and ", header_[where_columns_[k]], options_.where[k].second);
    held += fmt::format("; column '{}' holds {}", header_[where_columns_[k]], list_values(where_seen_[k]));
  }
  fail("{}: no row has {} (--where){}", csv_.source(), asked, held);
}

// Where two rows share a date or break the order, the columns besides the date and the values that tell the file's
// series apart, as a file of several series in long form has: "; the file holds several series, told apart by
// column 'geo' (DE, FR): give --where geo=DE for one". They are the fewest columns that, with the date, leave no two
// rows alike, taken from those that take at most half as many texts as there are rows, words before numbers (codes
// written as words name series; numbers may be other measurements), fewer texts first. Reads the file again: this is
// for an error only. The --where it suggests takes the texts of the row on `line`.
std::string SeriesReader::several_series_hint(std::size_t line) const {
  std::vector<std::size_t> date_columns{date_index_};
  for (const auto part : {date_parts_.month, date_parts_.day, date_parts_.quarter, date_parts_.week})
    if (part) date_columns.push_back(*part);
  const auto read = [&](std::size_t i) {
    return std::find(date_columns.begin(), date_columns.end(), i) != date_columns.end() ||
           std::find(table_periods_.begin(), table_periods_.end(), i) != table_periods_.end() ||
           (!options_.value_columns.empty() &&
            std::find(value_indices_.begin(), value_indices_.end(), i) != value_indices_.end());
  };
  io::CsvReader again(path_, csv_options());
  std::vector<std::vector<std::string>> columns(header_.size());
  std::vector<std::string> first;
  for (io::CsvRecord record; again.next(record);) {
    if (record.line == line) first = record.fields;
    for (std::size_t i = 0; i < header_.size(); ++i) columns[i].emplace_back(trim(record.fields[i]));
  }
  const std::size_t rows = columns.front().size();
  if (first.empty()) return "";
  struct Candidate {
    std::size_t column;
    bool numeric;
    std::vector<std::string> texts;  // distinct, sorted
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (read(i)) continue;
    const auto number = [&](const std::string& text) {
      return parse_number(text, options_.decimal, options_.thousands);
    };
    Candidate c{i,
                std::all_of(columns[i].begin(), columns[i].end(), [&](const auto& t) { return number(t).has_value(); }),
                columns[i]};
    std::sort(c.texts.begin(), c.texts.end(),
              [&](const std::string& a, const std::string& b) { return c.numeric ? *number(a) < *number(b) : a < b; });
    c.texts.erase(std::unique(c.texts.begin(), c.texts.end()), c.texts.end());
    if (c.texts.size() > 1 && c.texts.size() <= rows / 2) candidates.push_back(std::move(c));
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::pair(a.numeric, a.texts.size()) < std::pair(b.numeric, b.texts.size());
  });
  // Each row's date and the texts of the columns taken so far; a column is taken where it tells more rows apart
  // (not a code that follows another column's texts, as DGUID follows GEO in Statistics Canada's tables).
  std::vector<std::string> identity(rows);
  for (std::size_t row = 0; row < rows; ++row)
    for (const auto i : date_columns) identity[row] += columns[i][row] + '\x1f';
  const auto distinct = [](std::vector<std::string> texts) {
    std::sort(texts.begin(), texts.end());
    return std::size_t(std::unique(texts.begin(), texts.end()) - texts.begin());
  };
  std::size_t told_apart = distinct(identity);
  if (told_apart == rows) return "";  // dates out of order, not several series
  std::string named;
  std::string arguments;
  std::size_t taken = 0;
  for (const auto& c : candidates) {
    std::vector<std::string> finer = identity;
    for (std::size_t row = 0; row < rows; ++row) finer[row] += columns[c.column][row] + '\x1f';
    const std::size_t more = distinct(finer);
    if (more == told_apart) continue;
    identity = std::move(finer);
    told_apart = more;
    ++taken;
    named += fmt::format("{}'{}' ({})", named.empty() ? "" : " and ", header_[c.column], list_values(c.texts));
    arguments += (arguments.empty() ? "" : " ") + where_argument(header_[c.column], trim(first[c.column]));
    if (told_apart == rows)
      return fmt::format("; the file holds several series, told apart by column{} {}: give {} for one",
                         taken == 1 ? "" : "s", named, arguments);
  }
  return "";
}

void SeriesReader::add_row(const io::CsvRecord& record, bool missing_checked_later) {
  if (!keeps(record)) return;
  rows_.lines.push_back(record.line);
  rows_.dates.push_back(date_text(record));
  for (std::size_t k = 0; k < value_indices_.size(); ++k)
    rows_.columns[k].push_back(read_value(record, value_indices_[k], value_names_[k], missing_checked_later));
}

// A value field: NaN where missing (an error under --missing error, unless the caller checks that later), else
// the number; other text is an error naming the column and what would read it.
double SeriesReader::read_value(const io::CsvRecord& record, std::size_t column, const std::string& name,
                                bool missing_checked_later) const {
  const std::string& text = record.fields[column];
  if (is_missing_marker(text)) {
    if (options_.missing == MissingPolicy::Error && !missing_checked_later)
      fail_line(record.line, missing_value_error(name, text));
    return kMissing;
  }
  const auto value = parse_number(text, options_.decimal, options_.thousands);
  if (!value) fail_line(record.line, fmt::format("column '{}': expected a number, got '{}'{}", name, text, hint(text)));
  return *value;
}

// What would have read `text` that is not a number with the options given: digits grouped with a thousands
// mark, a decimal comma, or either (1,234); "" if neither.
std::string SeriesReader::hint(std::string_view text) const {
  std::vector<std::string> options;
  if (options_.thousands == '\0')
    for (const char mark : {',', '.'})
      if (mark != options_.decimal && parse_number(text, options_.decimal, mark))
        options.push_back(fmt::format("--thousands {} for digits grouped with it", mark));
  if (decimal_detected_ && options_.decimal == ',' && parse_number(text, '.', options_.thousands))
    options.push_back("--decimal . if the decimal mark is a point, though the first rows write a comma");
  if (options_.decimal == '.' && options_.thousands != ',') {
    if (parse_number(text, ',', options_.thousands))
      options.push_back("--decimal , for a decimal comma");
    else if (options_.thousands == '\0' && parse_number(text, ',', '.'))
      options.push_back("--decimal , --thousands . for a decimal comma and digits grouped with .");
  }
  if (options.empty()) return "";
  return fmt::format(" (give {})", options.size() == 1 ? options[0] : options[0] + ", or " + options[1]);
}

std::vector<TimePoint> SeriesReader::parse_dates(DateFormat& format, std::vector<std::string>& notes) {
  const std::string& column = header_[date_index_];
  for (std::size_t i = 0; i < rows_.dates.size(); ++i) {
    if (rows_.dates[i].empty()) {
      fail_line(rows_.lines[i], fmt::format("column '{}': expected a date, got an empty field", column));
    }
  }
  const std::string& named = options_.date_format;
  if (named == "M/D/YYYY" || named == "D/M/YYYY" || named == "MM/DD/YYYY" || named == "DD/MM/YYYY") {
    // The slashed styles by name: what detection would guess, without the note, written back unpadded (M/D/YYYY)
    // or zero-padded (MM/DD/YYYY).
    format = DateFormat::of(named.front() == 'M' ? DateFormat::Style::MonthDayYear : DateFormat::Style::DayMonthYear)
                 .zero_padded(named.size() == 10);
  } else if (!options_.date_format.empty()) {
    format = DateFormat::custom(options_.date_format).with_names_of(rows_.dates);
  } else {
    std::string note;
    const auto detected = DateFormat::detect(rows_.dates, &note);
    if (!detected) {
      fail_line(
          rows_.lines.front(),
          fmt::format("column '{}': expected a date as M/D/YYYY, YYYY-MM-DD, YYYY-MM, YYYY-MM-DD HH:MM[:SS][Z|+HH:MM], "
                      "DD.MM.YYYY, YYYY/MM/DD, Jan 2017, 2017Q1, 2017-W03 or YYYY, got '{}' (give --date-format for "
                      "others)",
                      column, rows_.dates.front()));
    }
    format = *detected;
    if (!note.empty()) notes.push_back(note);
  }
  std::vector<TimePoint> dates;
  dates.reserve(rows_.dates.size());
  for (std::size_t i = 0; i < rows_.dates.size(); ++i) {
    const auto date = format.parse(rows_.dates[i]);
    if (!date) {
      fail_line(rows_.lines[i], fmt::format("column '{}': expected a valid date as {}, got '{}'", column,
                                            format.describe(), rows_.dates[i]));
    }
    dates.push_back(*date);
  }
  return dates;
}

// Dates increase, or decrease throughout (newest first, as many exports list them): whether they decrease.
bool SeriesReader::check_order(const std::vector<TimePoint>& dates) const {
  const bool newest_first = dates.size() > 1 && dates[1] < dates[0];
  for (std::size_t i = 1; i < dates.size(); ++i) {
    if (dates[i] == dates[i - 1]) {
      fail_line(rows_.lines[i], fmt::format("duplicate date '{}' (also on line {}){}", rows_.dates[i],
                                            rows_.lines[i - 1], several_series_hint(rows_.lines[i - 1])));
    }
    if ((dates[i] < dates[i - 1]) != newest_first) {
      fail_line(rows_.lines[i],
                fmt::format("dates out of order: '{}' comes after '{}' (line {}); expected {}{}", rows_.dates[i],
                            rows_.dates[i - 1], rows_.lines[i - 1],
                            newest_first ? "decreasing dates, as the file starts newest first" : "increasing dates",
                            several_series_hint(rows_.lines[i - 1])));
    }
  }
  return newest_first;
}

void SeriesReader::reverse_rows(std::vector<TimePoint>& dates) {
  std::reverse(dates.begin(), dates.end());
  std::reverse(rows_.lines.begin(), rows_.lines.end());
  std::reverse(rows_.dates.begin(), rows_.dates.end());
  for (auto& column : rows_.columns) std::reverse(column.begin(), column.end());
}

void SeriesReader::drop_missing(std::vector<TimePoint>& dates, std::vector<std::string>& notes) {
  std::vector<std::size_t> dropped;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const bool missing = std::any_of(rows_.columns.begin(), rows_.columns.end(),
                                     [&](const auto& column) { return std::isnan(column[i]); });
    if (missing) {
      dropped.push_back(rows_.lines[i]);
      continue;
    }
    dates[kept] = dates[i];
    rows_.lines[kept] = rows_.lines[i];
    rows_.dates[kept] = rows_.dates[i];
    for (auto& column : rows_.columns) column[kept] = column[i];
    ++kept;
  }
  if (dropped.empty()) return;
  dates.resize(kept);
  rows_.lines.resize(kept);
  rows_.dates.resize(kept);
  for (auto& column : rows_.columns) column.resize(kept);
  if (kept == 0) fail("{}: every row has a missing value; nothing is left after --missing drop", csv_.source());
  notes.push_back(fmt::format("dropped {} row{} with missing values (line{} {})", dropped.size(),
                              dropped.size() == 1 ? "" : "s", dropped.size() == 1 ? "" : "s", list_lines(dropped)));
}

// A regular series with missing periods: an error by default, a note under --missing drop, new rows (values to
// interpolate, line 0) under --missing interpolate.
void SeriesReader::handle_gaps(std::vector<TimePoint>& dates, const DateFormat& format,
                               std::vector<std::string>& notes) {
  const Frequency frequency = infer_frequency(dates);
  if (frequency == Frequency::Irregular) return;
  const int anchor = detail::anchor_day(dates);
  std::vector<std::size_t> gap_lines;
  long missing_periods = 0;
  for (std::size_t i = 1; i < dates.size(); ++i) {
    const long periods = *detail::periods_between(dates[i - 1], dates[i], frequency, anchor);
    if (periods == 1) continue;
    if (options_.missing == MissingPolicy::Error) {
      fail_line(rows_.lines[i],
                fmt::format("gap in the {} dates: {} missing between '{}' (line {}) and '{}' (use --missing drop "
                            "to keep the gap or --missing interpolate to fill it)",
                            to_string(frequency), periods - 1, rows_.dates[i - 1], rows_.lines[i - 1], rows_.dates[i]));
    }
    gap_lines.push_back(rows_.lines[i]);
    missing_periods += periods - 1;
  }
  if (gap_lines.empty()) return;
  if (options_.missing == MissingPolicy::Drop) {
    notes.push_back(fmt::format("{} {} date{} missing (gaps before line{} {})", missing_periods, to_string(frequency),
                                missing_periods == 1 ? " is" : "s are", gap_lines.size() == 1 ? "" : "s",
                                list_lines(gap_lines)));
    return;
  }
  RawRows filled;
  filled.columns.resize(rows_.columns.size());
  std::vector<TimePoint> grid;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const long periods = i == 0 ? 1 : *detail::periods_between(dates[i - 1], dates[i], frequency, anchor);
    for (long k = 1; k < periods; ++k) {
      grid.push_back(detail::step_from(dates[i - 1], frequency, k, anchor));
      filled.lines.push_back(0);
      filled.dates.push_back(format.format(grid.back()));
      for (auto& column : filled.columns) column.push_back(kMissing);
    }
    grid.push_back(dates[i]);
    filled.lines.push_back(rows_.lines[i]);
    filled.dates.push_back(rows_.dates[i]);
    for (std::size_t c = 0; c < rows_.columns.size(); ++c) filled.columns[c].push_back(rows_.columns[c][i]);
  }
  notes.push_back(fmt::format("added {} missing {} date{} (gaps before line{} {})", missing_periods,
                              to_string(frequency), missing_periods == 1 ? "" : "s", gap_lines.size() == 1 ? "" : "s",
                              list_lines(gap_lines)));
  dates = std::move(grid);
  rows_ = std::move(filled);
}

// Linear interpolation by row position between the nearest present values (pandas' interpolate(method='linear')).
// Rows before the first or after the last present value of a column have nothing to fill from on one side: they are
// dropped, with a note, as R's zoo::na.approx drops them.
void SeriesReader::interpolate(std::vector<TimePoint>& dates, std::vector<std::string>& notes) {
  std::size_t begin = 0, end = dates.size();
  for (std::size_t c = 0; c < rows_.columns.size(); ++c) {
    const auto [first, after_last] = present_span(rows_.columns[c]);
    if (first == after_last)
      fail("{}: column '{}' has no value; expected at least one to interpolate from", csv_.source(), value_names_[c]);
    begin = std::max(begin, first);
    end = std::min(end, after_last);
  }
  if (begin >= end)
    fail("{}: no row lies between the first and the last value of every column; expected one to interpolate from",
         csv_.source());
  if (begin > 0 || end < dates.size()) {
    std::vector<std::string> parts;
    if (begin > 0) parts.push_back(fmt::format("{} row{} before {}", begin, begin == 1 ? "" : "s", rows_.dates[begin]));
    if (end < dates.size()) parts.push_back(fmt::format("{} after {}", dates.size() - end, rows_.dates[end - 1]));
    notes.push_back(fmt::format("dropped {}: no value comes before or after them to interpolate from",
                                parts.size() == 1 ? parts[0] : parts[0] + " and " + parts[1]));
  }
  // Every column has a value on both sides of each row kept that misses one (the nearest may lie outside them).
  std::size_t filled = 0;
  for (auto& column : rows_.columns) {
    std::size_t previous = present_span(column).first;
    for (std::size_t i = previous + 1; i < column.size(); ++i) {
      if (std::isnan(column[i])) continue;
      for (std::size_t k = previous + 1; k < i; ++k) {
        column[k] = column[previous] + (column[i] - column[previous]) * double(k - previous) / double(i - previous);
        filled += k >= begin && k < end;
      }
      previous = i;
    }
  }
  keep_rows(dates, begin, end);
  rows_.keep(begin, end);
  if (filled > 0)
    notes.push_back(fmt::format("filled {} missing value{} by linear interpolation", filled, filled == 1 ? "" : "s"));
}

// Keeps the rows from the first value column's first present value to its last: the months of a table's current
// year not yet published, or a series that starts later than its file. Under --missing error, a missing value
// between them is an error naming what `field(row, k)` gives: the column and the text of value column k on row `row`
// (counted before the rows are kept).
template <class Field>
void SeriesReader::keep_present_span(std::string_view series, Field field) {
  const auto [first, end] = present_span(rows_.columns.front());
  if (first == end) fail("{}: {} holds no value; expected at least one number", csv_.source(), series);
  for (std::size_t row = first; options_.missing == MissingPolicy::Error && row < end; ++row) {
    for (std::size_t k = 0; k < rows_.columns.size(); ++k) {
      if (!std::isnan(rows_.columns[k][row])) continue;
      const auto [column, text] = field(row, k);
      fail_line(rows_.lines[row], missing_value_error(column, text));
    }
  }
  rows_.keep(first, end);
}

// A header with the twelve months (or four quarters) in order and a year column (named Year or Yr, else the first
// other column) whose first value is a year, where no value column is asked for but kTableValueName: a table of
// years by months, as statistics offices and climate records publish monthly figures.
std::optional<SeriesReader::YearTable> SeriesReader::find_year_table(std::vector<io::CsvRecord>& buffered) {
  if (!options_.value_columns.empty() &&
      options_.value_columns != std::vector<std::string>{std::string(kTableValueName)})
    return std::nullopt;
  if (std::find(header_.begin(), header_.end(), kTableValueName) != header_.end()) return std::nullopt;
  YearTable table{};
  for (std::size_t first = 0; first < header_.size() && table.periods.empty(); ++first) {
    for (const std::size_t count : {12u, 4u}) {
      bool all = first + count <= header_.size();
      for (std::size_t k = 0; all && k < count; ++k) all = names_period(header_[first + k], count, k);
      if (!all) continue;
      table.periods.resize(count);
      std::iota(table.periods.begin(), table.periods.end(), first);
      break;
    }
  }
  if (table.periods.empty()) return std::nullopt;
  const auto in_periods = [&](std::size_t i) { return i >= table.periods.front() && i <= table.periods.back(); };
  std::optional<std::size_t> year;
  if (!options_.date_column.empty()) {
    const auto found = std::find(header_.begin(), header_.end(), std::string(trim(options_.date_column)));
    if (found != header_.end()) year = std::size_t(found - header_.begin());
  } else {
    year = column_named({"year", "yr"});
    for (std::size_t i = 0; i < header_.size() && !year; ++i)
      if (!in_periods(i)) year = i;
  }
  if (!year || in_periods(*year)) return std::nullopt;
  table.year = *year;
  if (io::CsvRecord record; buffered.empty() && next(record)) buffered.push_back(record);
  if (buffered.empty() || !parse_year(buffered.front().fields[table.year])) return std::nullopt;
  return table;
}

// One row per period, dated YYYY-MM or YYYYQn. Empty cells before the first value and after the last (the months
// of the current year not yet published) are left out; others follow --missing.
void SeriesReader::read_year_table(const YearTable& table, std::vector<io::CsvRecord>& records,
                                   std::vector<std::string>& notes) {
  date_index_ = table.year;
  table_periods_ = table.periods;
  value_names_ = {std::string(kTableValueName)};
  rows_.columns.resize(1);
  for (io::CsvRecord record; next(record);) records.push_back(record);
  std::erase_if(records, [&](const io::CsvRecord& record) { return !keeps(record); });
  if (records.empty() && !where_columns_.empty()) fail_none_kept();
  const auto year_of = [&](const io::CsvRecord& record) {
    const auto year = parse_year(record.fields[table.year]);
    if (!year)
      fail_line(record.line, fmt::format("column '{}': expected a year such as 2017 (the table's rows are years), "
                                         "got '{}'",
                                         header_[table.year], record.fields[table.year]));
    return *year;
  };
  if (records.size() > 1 && year_of(records.back()) < year_of(records.front())) {
    std::reverse(records.begin(), records.end());
    notes.push_back("the table lists the newest year first; its rows are read oldest first");
  }
  const std::size_t count = table.periods.size();
  for (const auto& record : records) {
    const int year = year_of(record);
    for (std::size_t k = 0; k < count; ++k) {
      rows_.lines.push_back(record.line);
      rows_.dates.push_back(period_date(year, count, k));
      rows_.columns[0].push_back(read_value(record, table.periods[k], header_[table.periods[k]], true));
    }
  }
  keep_present_span(fmt::format("the table of years by {}", count == 12 ? "months" : "quarters"),
                    [&](std::size_t row, std::size_t) {
                      const std::size_t column = table.periods[row % count];
                      return std::pair{header_[column], records[row / count].fields[column]};
                    });
  notes.push_back(fmt::format("read as a table of years by {}: one series, '{}', {} to {}",
                              count == 12 ? "months" : "quarters", kTableValueName, rows_.dates.front(),
                              rows_.dates.back()));
}

// A time series download of the UK's Office for National Statistics: a first line "Title","CPI INDEX 00: ALL ITEMS
// 2015=100" and a second "CDID","D7BT" (the series' code), more notes ("Release date", ...), then the dates in the
// first column: years, then quarters (1988 Q1), then months (1988 JAN).
bool SeriesReader::is_ons_download(std::vector<io::CsvRecord>& buffered) {
  if (header_.size() < 2 || lower(header_.front()) != "title") return false;
  if (io::CsvRecord record; buffered.empty() && next(record)) buffered.push_back(record);
  return !buffered.empty() && lower(trim(buffered.front().fields.front())) == "cdid";
}

// The rows of the finest period the download holds (months, else quarters, else years), a column per series named by
// its title (--value-col also takes its CDID). The first series' rows before its first value and after its last
// (other series of the file start earlier) are left out; missing values between them follow --missing.
void SeriesReader::read_ons_download(std::vector<io::CsvRecord>& records, std::vector<std::string>& notes) {
  std::vector<std::string> codes;
  for (const auto& code : records.front().fields) codes.emplace_back(trim(code));
  for (io::CsvRecord record; next(record);) records.push_back(record);
  const auto dated = [](const io::CsvRecord& record) {
    const std::string_view text = trim(record.fields.front());
    return text.size() >= 4 && parse_year(text.substr(0, 4)).has_value();
  };
  records.erase(records.begin(), std::find_if(records.begin(), records.end(), dated));
  // The period of a row: 0 for a year (1988), 1 for a quarter (1988 Q1), 2 for a month (1988 JAN).
  static constexpr std::array<std::string_view, 3> kPeriods{"yearly", "quarterly", "monthly"};
  const auto period = [](const io::CsvRecord& record) {
    const std::string_view text = trim(record.fields.front());
    return text.size() == 4 ? 0u : text.size() == 7 && (text[5] == 'Q' || text[5] == 'q') ? 1u : 2u;
  };
  std::array<std::size_t, 3> counts{};
  for (const auto& record : records) ++counts[period(record)];
  const unsigned finest = counts[2] ? 2 : counts[1] ? 1 : 0;
  std::erase_if(records, [&](const io::CsvRecord& record) { return period(record) != finest; });
  header_.front() = "date";
  for (auto& name : options_.value_columns) {
    const auto code = std::find(codes.begin() + 1, codes.end(), trim(name));
    if (code != codes.end() && std::find(header_.begin(), header_.end(), trim(name)) == header_.end())
      name = header_[std::size_t(code - codes.begin())];
  }
  choose_value_columns(records);
  if (!value_note_.empty()) {
    std::vector<std::string> others;
    for (std::size_t i = 1; i < codes.size(); ++i)
      if (i != value_indices_.front()) others.push_back(codes[i]);
    value_note_ = fmt::format("the values are the series {} (--value-col names another by its CDID: {})",
                              codes[value_indices_.front()], join(others));
  }
  for (const auto index : value_indices_) value_names_.push_back(header_[index]);
  rows_.columns.resize(value_indices_.size());
  for (const auto& record : records) add_row(record, true);
  if (rows_.lines.empty()) return;  // no rows: reported by read()
  keep_present_span(fmt::format("the series '{}'", value_names_.front()), [&](std::size_t row, std::size_t k) {
    const auto record = std::find_if(records.begin(), records.end(),
                                     [&](const io::CsvRecord& r) { return r.line == rows_.lines[row]; });
    return std::pair{value_names_[k], record->fields[value_indices_[k]]};
  });
  const std::string code = codes[value_indices_.front()];
  std::string left_out;
  for (unsigned other = 0; other < finest; ++other)
    if (counts[other])
      left_out += fmt::format("{}{} {}", left_out.empty() ? "" : " and ", counts[other], kPeriods[other]);
  notes.push_back(fmt::format("read as an ONS time series download: the {} rows of '{}'{}, {} to {}{}",
                              kPeriods[finest], value_names_.front(), code.empty() ? "" : " (" + code + ")",
                              rows_.dates.front(), rows_.dates.back(),
                              left_out.empty() ? "" : "; its " + left_out + " rows are left out"));
}

TimeSeries SeriesReader::read() {
  std::vector<io::CsvRecord> buffered;
  std::vector<std::string> table_notes;
  if (is_ons_download(buffered)) {
    read_ons_download(buffered, table_notes);
  } else if (const auto table = find_year_table(buffered)) {
    read_year_table(*table, buffered, table_notes);
  } else {
    date_index_ = choose_date_column();
    date_parts_ = find_date_parts();
    choose_value_columns(buffered);
    for (const auto index : value_indices_) value_names_.push_back(header_[index]);
    rows_.columns.resize(value_indices_.size());
    for (const auto& record : buffered) add_row(record);
    for (io::CsvRecord record; next(record);) add_row(record);
  }
  if (rows_.lines.empty() && !where_columns_.empty() && !where_seen_.front().empty()) fail_none_kept();
  if (rows_.lines.empty()) {
    fail_line(csv_.header_line(), "the file has a header but no data rows; expected at least one row");
  }

  std::vector<std::string> notes;
  if (skip_detected_ && options_.skip_lines > 0u) {
    notes.push_back(
        fmt::format("the table starts on line {}, its header; the lines above it are skipped (--skip {} says so "
                    "and silences this note)",
                    csv_.header_line(), *options_.skip_lines));
  }
  if (const auto legacy = first_windows_1252_byte()) {
    notes.push_back(
        fmt::format("the file is not UTF-8 (byte 0x{:02X} on line {}); its text is read as Windows-1252, "
                    "the encoding of Excel's CSV on Windows",
                    legacy->second, legacy->first));
  }
  notes.insert(notes.end(), table_notes.begin(), table_notes.end());
  if (!value_note_.empty()) notes.push_back(value_note_);
  DateFormat format;
  std::vector<TimePoint> dates = parse_dates(format, notes);
  if (check_order(dates)) {
    reverse_rows(dates);
    notes.push_back("the file lists the newest date first; its rows are read oldest first");
  }
  // Dates the file does not write, as those of forecasts, are written at its newest offset from UTC.
  if (!rows_.dates.empty()) format = format.with_offset_of(rows_.dates.back());
  if (options_.missing == MissingPolicy::Drop) drop_missing(dates, notes);
  handle_gaps(dates, format, notes);
  if (options_.missing == MissingPolicy::Interpolate) interpolate(dates, notes);

  TimeSeries series(std::move(dates), std::move(value_names_), std::move(rows_.columns), format, header_[date_index_]);
  series.source = csv_.source();
  series.lines = std::move(rows_.lines);
  series.notes = std::move(notes);
  return series;
}

}  // namespace

namespace {

constexpr detail::Names<MissingPolicy, 3> kMissingPolicyNames{
    {{MissingPolicy::Error, "error"}, {MissingPolicy::Drop, "drop"}, {MissingPolicy::Interpolate, "interpolate"}}};

}  // namespace

std::string_view to_string(MissingPolicy policy) { return detail::name_of(kMissingPolicyNames, policy); }

MissingPolicy parse_missing_policy(std::string_view text) {
  return detail::value_named(kMissingPolicyNames, text, "missing-value policy: ");
}

std::pair<std::string, std::string> parse_where(std::string_view condition) {
  const auto equals = condition.find('=');
  if (equals == 0 || equals == condition.npos || condition.find('\n') != condition.npos)
    fail("expected COLUMN=TEXT, got '{}'", condition);
  return {std::string(condition.substr(0, equals)), std::string(condition.substr(equals + 1))};
}

namespace {

// The options with the delimiter, the lines above the header and the decimal mark known: as given, or detected.
CsvSeriesOptions with_layout(const std::filesystem::path& path, const CsvSeriesOptions& options) {
  CsvSeriesOptions marks = options;
  if (marks.decimal != '\0' && marks.decimal != '.' && marks.decimal != ',')
    fail("--decimal: expected . or , got '{}'", marks.decimal);
  if ((marks.thousands >= '0' && marks.thousands <= '9') ||
      std::string_view("+-eE").find(marks.thousands) != std::string_view::npos)
    fail("--thousands: expected a mark such as , or . between groups of digits, got '{}'", marks.thousands);
  if (marks.delimiter == '\0' || !marks.skip_lines) {
    const auto layout = io::detect_layout(path, marks.delimiter, marks.skip_lines, marks.decimal);
    marks.delimiter = layout.delimiter;
    marks.skip_lines = layout.skip_lines;
  }
  const io::CsvOptions csv{.delimiter = marks.delimiter, .skip_lines = *marks.skip_lines};
  if (marks.decimal == '\0') marks.decimal = detect_decimal(path, csv, marks.thousands);
  if (marks.thousands == marks.decimal)
    fail("--thousands: '{}' is also the decimal mark; expected another character", marks.thousands);
  return marks;
}

}  // namespace

namespace {

// The series as read with `given` (the options the caller gave, with its where): its read_with names the date
// format where detection alone could read the file otherwise (slashed dates, day or month first; a strftime pattern).
TimeSeries with_read_options(TimeSeries series, const CsvSeriesOptions& given) {
  series.read_with = given;
  const DateFormat::Style style = series.date_format().style();
  if (style == DateFormat::Style::MonthDayYear || style == DateFormat::Style::DayMonthYear ||
      style == DateFormat::Style::Custom)
    series.read_with.date_format = series.date_format().describe();
  return series;
}

}  // namespace

bool SeriesReader::next(io::CsvRecord& record) {
  if (!set_aside_) return csv_.next(record);
  if (set_aside_next_ == set_aside_->lines.size()) return false;
  const std::size_t fields = header_.size();
  record.fields.resize(fields);
  std::size_t begin = set_aside_next_ == 0 ? 0 : set_aside_->ends[set_aside_next_ * fields - 1];
  for (std::size_t k = 0; k < fields; ++k) {
    const std::size_t end = set_aside_->ends[set_aside_next_ * fields + k];
    record.fields[k].assign(set_aside_->text, begin, end - begin);
    begin = end;
  }
  record.line = set_aside_->lines[set_aside_next_++];
  return true;
}

detail::LongFormSplit SeriesReader::split(std::span<const std::string> by) {
  std::vector<io::CsvRecord> buffered;
  if (is_ons_download(buffered))
    fail(
        "{}: --by: the file is an ONS time series download, its series in columns; expected a file in long form, "
        "one row per date and series (--value-col chooses a series of a download)",
        csv_.source());
  if (const auto table = find_year_table(buffered))
    fail(
        "{}: --by: the file is a table of years by {}, which holds one series; expected a file in long form, one "
        "row per date and series",
        csv_.source(), table->periods.size() == 4 ? "quarters" : "months");
  date_index_ = choose_date_column();
  date_parts_ = find_date_parts();
  for (const auto& name : by) {
    const std::size_t column = find_column(name);
    if (column == date_index_ || date_parts_.contains(column))
      fail_line(csv_.header_line(),
                fmt::format("--by: column '{}' holds the dates; expected a column telling the series apart", name));
    by_columns_.push_back(column);
  }
  choose_value_columns(buffered);
  for (const std::size_t column : value_indices_)
    if (std::find(by_columns_.begin(), by_columns_.end(), column) != by_columns_.end())
      fail_line(csv_.header_line(), fmt::format("--by: column '{}' holds the values (--value-col); expected a column "
                                                "telling the series apart",
                                                header_[column]));
  detail::LongFormSplit split;
  std::map<std::vector<std::string>, std::size_t> index;
  const auto add = [&](const io::CsvRecord& record) {
    if (!keeps(record)) return;
    std::vector<std::string> key;
    for (const std::size_t c : by_columns_) key.emplace_back(trim(record.fields[c]));
    const auto [found, added] = index.emplace(std::move(key), split.records.size());
    if (added) {
      auto& conditions = split.conditions.emplace_back(options_.where);
      for (std::size_t k = 0; k < by_columns_.size(); ++k)
        conditions.emplace_back(header_[by_columns_[k]], found->first[k]);
      split.records.emplace_back();
    }
    split.records[found->second].add(record);
  };
  for (const auto& record : buffered) add(record);
  for (io::CsvRecord record; next(record);) add(record);
  if (split.records.empty() && !where_columns_.empty() && !where_seen_.front().empty()) fail_none_kept();
  if (split.records.empty())
    fail_line(csv_.header_line(), "the file has a header but no data rows; expected at least one row");
  if (options_.value_columns.empty()) split.choices.value_columns = value_indices_;
  split.choices.value_note = value_note_;
  split.choices.windows_1252_byte = csv_.first_windows_1252_byte();
  return split;
}

LongFormFile::LongFormFile(const std::filesystem::path& path, const CsvSeriesOptions& options,
                           std::span<const std::string> by)
    : path_(path),
      given_(options),
      marks_(with_layout(path, options)),
      split_(std::make_unique<detail::LongFormSplit>(SeriesReader(path, marks_, options).split(by))) {}

LongFormFile::LongFormFile(LongFormFile&&) noexcept = default;
LongFormFile& LongFormFile::operator=(LongFormFile&&) noexcept = default;
LongFormFile::~LongFormFile() = default;

std::size_t LongFormFile::size() const { return split_->conditions.size(); }
const SeriesConditions& LongFormFile::conditions(std::size_t i) const { return split_->conditions.at(i); }

TimeSeries LongFormFile::read(std::size_t i) const {
  CsvSeriesOptions marks = marks_, given = given_;
  marks.where = given.where = split_->conditions.at(i);
  return with_read_options(SeriesReader(path_, marks, given, &split_->records[i], &split_->choices).read(), given);
}

TimeSeries read_csv_series(const std::filesystem::path& path, const CsvSeriesOptions& options) {
  return with_read_options(SeriesReader(path, with_layout(path, options), options).read(), options);
}

TimeSeries::TimeSeries(std::vector<TimePoint> dates, std::vector<std::string> names,
                       std::vector<std::vector<double>> columns, DateFormat date_format, std::string date_column)
    : dates_(std::move(dates)),
      names_(std::move(names)),
      columns_(std::move(columns)),
      date_format_(std::move(date_format)),
      date_column_(std::move(date_column)),
      frequency_(infer_frequency(dates_)) {
  if (names_.empty() || names_.size() != columns_.size()) {
    fail("time series: expected one name per value column (at least one), got {} names for {} columns", names_.size(),
         columns_.size());
  }
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (columns_[c].size() != dates_.size()) {
      fail("time series: column '{}' has {} values, expected one per date ({})", names_[c], columns_[c].size(),
           dates_.size());
    }
  }
}

std::string TimeSeries::title() const {
  std::string texts;
  for (const auto& [column, text] : read_with.where) {
    // A code of digits says little alone: "store 1", where a word ("Quebec") says enough.
    const std::string_view t = trim(text);
    const bool code = !t.empty() && t.find_first_not_of("0123456789.-") == t.npos;
    texts += (texts.empty() ? "" : ", ") + (code ? fmt::format("{} {}", trim(column), t) : std::string(t));
  }
  return texts.empty() ? value_name() : fmt::format("{} ({})", value_name(), texts);
}

std::span<const double> TimeSeries::values() const {
  if (columns_.empty()) fail("time series: no value columns (an empty series)");
  return columns_.front();
}

std::span<const double> TimeSeries::values(std::string_view name) const {
  const auto found = std::find(names_.begin(), names_.end(), name);
  if (found == names_.end()) fail("unknown column '{}'; the value columns are: {}", name, join(names_));
  return columns_[std::size_t(found - names_.begin())];
}

TimeSeries TimeSeries::slice(std::size_t begin, std::size_t end) const {
  if (begin > end || end > size()) fail("time series: rows [{}, {}) are outside the {} rows", begin, end, size());
  const auto b = std::ptrdiff_t(begin);
  const auto e = std::ptrdiff_t(end);
  std::vector<std::vector<double>> columns;
  for (const auto& column : columns_) columns.emplace_back(column.begin() + b, column.begin() + e);
  TimeSeries part(std::vector<TimePoint>(dates_.begin() + b, dates_.begin() + e), names_, std::move(columns),
                  date_format_, date_column_);
  part.frequency_ = frequency_;
  part.source = source;
  if (lines.size() == size()) part.lines.assign(lines.begin() + b, lines.begin() + e);
  part.notes = notes;
  part.read_with = read_with;
  return part;
}

void TimeSeries::require_regular(std::string_view consequence) const {
  if (frequency_ != Frequency::Irregular) return;
  fail(
      "{}: {}, so {}; expected {}an hourly, daily, business-daily, weekly, monthly, quarterly or yearly "
      "series",
      source.empty() ? "time series" : source,
      size() < 2 ? "one row cannot tell the frequency" : "the dates are irregular", consequence,
      size() < 2 ? "at least two rows of " : "");
}

void TimeSeries::require_forecastable_values() const {
  const auto values = this->values();
  const auto it = std::find_if(values.begin(), values.end(), [](double v) {
    return std::abs(v) > kLargestForecastable || (v != 0.0 && std::abs(v) < kSmallestForecastable);
  });
  if (it == values.end()) return;
  const auto row = std::size_t(it - values.begin());
  fail(
      "{}: {} value {} of '{}': forecasting squares its errors, so it expects magnitudes from {} to {} (or 0); "
      "give the series in other units",
      source.empty() ? "time series" : source,
      row < lines.size() ? fmt::format("line {}:", lines[row]) : date_format_.format(dates_[row]) + ":", *it,
      value_name(), kSmallestForecastable, kLargestForecastable);
}

TimePoint TimeSeries::next_date(int periods) const {
  if (dates_.empty()) fail("time series: no dates to continue");
  require_regular("no forecast dates can follow it");
  return detail::step_from(dates_.back(), frequency_, periods, detail::anchor_day(dates_));
}

}  // namespace elman::ts
