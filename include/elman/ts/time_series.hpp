#pragma once
// TimeSeries: dated rows with one or more named value columns, read from CSV with clear errors.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace elman::ts {

namespace detail {
enum class MonthLanguage;  // src/ts/month_names.hpp
}  // namespace detail

using TimePoint = std::chrono::sys_seconds;

// BusinessDaily: Monday to Friday, a step from Friday to Monday being one period (pandas' "B").
enum class Frequency { Hourly, Daily, BusinessDaily, Weekly, Monthly, Quarterly, Yearly, Irregular };
std::string_view to_string(Frequency frequency);
// "monthly" -> Frequency::Monthly; throws elman::Error naming the text otherwise.
Frequency parse_frequency(std::string_view text);
// The date one period after `date` (months and years keep the day of month, clamped to the month's end).
TimePoint advance(TimePoint date, Frequency frequency, int periods = 1);
// The frequency of increasing dates: the period every step is a whole multiple of, with at least half the steps
// exactly one period (so a few gaps do not hide it). Month-start and month-end dates both count as monthly.
// Irregular for fewer than two dates or anything else.
Frequency infer_frequency(std::span<const TimePoint> dates);

// How the dates of a file are written; detected from the data or given as a strftime pattern.
class DateFormat {
 public:
  // MonthDayYear: 1/31/2017 (the bundled file), DayMonthYear: 31/1/2017, DayMonthYearDots: 31.01.2017,
  // IsoDate: 2017-01-31, YearMonth: 2017-01, IsoDateTime: 2017-01-31 13:00[:00[.000]] (or with a 'T'), Year: 2017,
  // YearQuarter: 2017Q1 (or 2017-Q1, 2017 Q1; the quarter's first day), YearWeek: 2017-W03 (or 2017W03, 2017 W3;
  // the ISO 8601 week's Monday).
  enum class Style {
    MonthDayYear,
    DayMonthYearDots,
    IsoDate,
    YearMonth,
    IsoDateTime,
    Custom,
    DayMonthYear,
    Year,
    YearQuarter,
    YearWeek
  };
  // Slashed styles are written unpadded (1/1/1985), the others zero-padded, until told otherwise.
  static DateFormat of(Style style);
  static DateFormat custom(std::string strftime_pattern);
  // The shape the samples share (the first sample picks it; the caller reports a later sample that does not parse,
  // with its line): a built-in style, or a strftime pattern for ISO stamps with a zone (2017-01-31T13:00:00Z) and
  // the other usual shapes (2017/01/31, 01-31-2017, 31-Jan-2017, Jan 2017, January 2017, Jan-17, 2017 JAN, 2017M01,
  // 20170131), month names in the languages of with_names_of too. Slashed and dashed numbers are month first unless the
  // data proves otherwise (a first number above 12, or one that stays fixed over several years: the day of a monthly
  // series); when nothing tells, the choice is a guess, said in `note`. Zero padding, seconds and separators are copied
  // from the samples, so format() writes dates back as the file does. Returns nullopt if the first sample has none of
  // these shapes.
  static std::optional<DateFormat> detect(std::span<const std::string> samples, std::string* note = nullptr);
  DateFormat zero_padded(bool padded) const;
  DateFormat with_seconds(bool seconds) const;
  // Where the pattern names months (%b, %B): their language as the samples write them (English, German, French,
  // Spanish, Italian, Dutch or Portuguese: Mär 2017, janv. 2017), and their case: capitals where every sample's
  // letters are capitals (2017 JAN, as some statistics offices write them), lower case where every month name starts
  // with one (janv.), else capitalised. Otherwise as it is.
  DateFormat with_names_of(std::span<const std::string> samples) const;
  // Where the pattern writes an offset (%Ez, %z; stamps with a zone are read as instants in UTC): format() writes
  // dates in the local time of the offset `stamp` has, such as the series' newest (2017-03-26 03:00:00+02:00), and
  // with that offset. Otherwise, or where `stamp` does not parse, as it is.
  DateFormat with_offset_of(std::string_view stamp) const;

  std::optional<TimePoint> parse(std::string_view text) const;  // nullopt if malformed or not a real date
  std::string format(TimePoint date) const;                     // as the file writes it: 1/1/1985, 1985-01-01 ...
  std::string describe() const;                                 // "M/D/YYYY", "YYYY-MM-DD", "%d %b %Y" ...
  Style style() const { return style_; }
  std::chrono::minutes offset() const { return offset_; }  // from UTC, of the dates format() writes

 private:
  Style style_ = Style::IsoDate;
  std::string pattern_;
  bool padded_ = true;
  bool seconds_ = false;
  int fraction_digits_ = 0;  // zeros written after the seconds (2017-01-31T13:00:00.000Z has 3)
  char separator_ = ' ';     // between the date and the time, or the year and the quarter ('\0': none)
  detail::MonthLanguage language_{};  // of the month names (with_names_of); English by default
  bool capitals_ = false;             // month names in capitals
  bool lower_names_ = false;          // month names in lower case
  std::chrono::minutes offset_{0};    // from UTC, of the dates format() writes (with_offset_of)
};

enum class MissingPolicy { Error, Drop, Interpolate };
std::string_view to_string(MissingPolicy policy);
MissingPolicy parse_missing_policy(std::string_view text);

// Every member has an initializer, so designated initializers may name any subset ({.missing = ...}).
struct CsvSeriesOptions {
  // '\0' (the default): detected from the file with the lines above the header, io::detect_layout (, ; tab or |)
  char delimiter = '\0';
  // Lines above the header (titles, notes); nullopt (the default): 0, unless io::detect_layout finds the header
  // further down, which read_csv_series notes.
  std::optional<std::size_t> skip_lines{};
  // The decimal mark: '.' or ',' (1,5 as in much of Europe; where ',' also delimits the fields, a value holding it is
  // quoted, "1,5"). '\0' (the default): ',' where the first 100 rows hold a value that reads only with a decimal comma
  // (in a comma-delimited file, also not as digits grouped in threes, "1,234") and none that reads only with a point
  // (',' too where the thousands mark is '.'), else '.'.
  char decimal = '\0';
  char thousands = '\0';                     // the mark grouping digits in threes (1,234.5), or '\0' for none
  // empty: the column named date, ds, time, time_period, ref_date, timestamp or datetime (in any case), else the first
  std::string date_column{};
  // empty: the column named value or obs_value (in any case), else the first numeric column after the date
  std::vector<std::string> value_columns{};
  // The rows of one series, where a file holds several in long form (a column telling them apart, as statistics
  // offices' SDMX-CSV and data-frame exports write them): each pair is a column and the text its field must hold
  // (spaces around it aside); the other rows are passed over. Empty: every row.
  std::vector<std::pair<std::string, std::string>> where{};
  std::string date_format{};  // empty: detected; M/D/YYYY, D/M/YYYY (MM/DD/YYYY, DD/MM/YYYY padded); else strftime
  MissingPolicy missing = MissingPolicy::Error;

  bool operator==(const CsvSeriesOptions&) const = default;
};

inline constexpr double kSmallestForecastable = 1e-150;
inline constexpr double kLargestForecastable = 1e150;

class TimeSeries {
 public:
  TimeSeries() = default;
  TimeSeries(std::vector<TimePoint> dates, std::vector<std::string> names, std::vector<std::vector<double>> columns,
             DateFormat date_format, std::string date_column = "date");

  std::size_t size() const { return dates_.size(); }
  const std::vector<TimePoint>& dates() const { return dates_; }
  const std::vector<std::string>& names() const { return names_; }
  // The first value column (the one the commands work on), or a named one (elman::Error if unknown).
  std::span<const double> values() const;
  std::span<const double> values(std::string_view name) const;
  const std::string& value_name() const { return names_.front(); }
  // The first value column's name for titles, with the texts that chose its rows where the file holds several series
  // (read_with.where), a text of digits after its column's name: "VALUE (Quebec, Food)", "sales (store 1, item 3)".
  std::string title() const;
  const std::string& date_column() const { return date_column_; }
  const DateFormat& date_format() const { return date_format_; }
  Frequency frequency() const { return frequency_; }
  // Throws elman::Error naming the source when the frequency is irregular, or when one row cannot tell it;
  // `consequence` says what cannot be done ("no forecast dates can follow it").
  void require_regular(std::string_view consequence) const;
  // Forecasts and their intervals square errors: the first value column's magnitudes must lie within
  // [kSmallestForecastable, kLargestForecastable] (or be 0), where squares neither overflow nor lose their digits
  // to underflow. Throws elman::Error naming the line (or date) of the first value that does not.
  void require_forecastable_values() const;
  // Rows [begin, end), all columns; keeps this series' frequency.
  TimeSeries slice(std::size_t begin, std::size_t end) const;
  // The date `periods` steps after the last one (for forecasts). A monthly series of month ends continues with
  // month ends (1/31, 2/28, 3/31), unlike advance() from the last date alone. Needs a regular frequency.
  TimePoint next_date(int periods = 1) const;

  // Where the rows came from, for error messages: the file and each row's line number in it (1-based).
  std::string source;
  std::vector<std::size_t> lines;
  // Things the reader decided that the user should hear about (ambiguous dates, dropped rows).
  std::vector<std::string> notes;
  // How read_csv_series read the rows: its options, with the date format named where detection alone could read the
  // file otherwise (slashed dates, day or month first; a strftime pattern). The delimiter and decimal mark stay as
  // given ('\0' where they were detected, so another file is detected afresh). The defaults for a series built in code.
  CsvSeriesOptions read_with;

 private:
  std::vector<TimePoint> dates_;
  std::vector<std::string> names_;
  std::vector<std::vector<double>> columns_;
  DateFormat date_format_;
  std::string date_column_;
  Frequency frequency_ = Frequency::Irregular;
};

// One condition of CsvSeriesOptions::where from its text, "geo=DE": the column before the first '=', the text after
// it. Throws elman::Error "expected COLUMN=TEXT, got '...'" without a column before an '=', or with a line end.
std::pair<std::string, std::string> parse_where(std::string_view condition);

// Reads a dated series; every problem is an elman::Error naming the file, line (and column) and what was expected.
// The rules (date and value columns, date formats, frequency, missing values, gaps) are in docs/csv.md.
TimeSeries read_csv_series(const std::filesystem::path& path, const CsvSeriesOptions& options = {});

// The conditions of CsvSeriesOptions::where that read one series of a file in long form: column and text.
using SeriesConditions = std::vector<std::pair<std::string, std::string>>;

namespace detail {
struct LongFormSplit;  // src/ts/time_series.cpp
}  // namespace detail

// The series of a file in long form that the columns `by` tell apart (store, item), among the rows options.where
// keeps, read in one pass over the file: each series' records are set aside, so that reading all of them costs one
// read of the file, not one each. The date and value columns are chosen once for the file, as read_csv_series chooses
// them for any one of its series. Throws elman::Error naming the file for a column it lacks, a `by` column that holds
// the dates or the values, a file of another shape (a table of years by months, an ONS download), or where no row is
// kept.
class LongFormFile {
 public:
  LongFormFile(const std::filesystem::path& path, const CsvSeriesOptions& options, std::span<const std::string> by);
  LongFormFile(LongFormFile&&) noexcept;
  LongFormFile& operator=(LongFormFile&&) noexcept;
  ~LongFormFile();

  // How many series, and for series i, in the order the file first holds them, the conditions that read it:
  // options.where's, then one per column of `by`.
  std::size_t size() const;
  const SeriesConditions& conditions(std::size_t i) const;
  // Series i as read_csv_series reads it with options.where = conditions(i): the same rows, notes and read_with,
  // and the same errors.
  TimeSeries read(std::size_t i) const;

 private:
  std::filesystem::path path_;
  CsvSeriesOptions given_;  // as the caller gave them
  CsvSeriesOptions marks_;  // with the layout known
  std::unique_ptr<detail::LongFormSplit> split_;  // each series' conditions and records, and the file's choices
};

}  // namespace elman::ts
