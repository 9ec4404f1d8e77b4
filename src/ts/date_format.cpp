// date.h's parser, inlined here at -O2/-O3, trips a false g++ 12 -Wmaybe-uninitialized inside date::from_stream.
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
// DateFormat: the built-in date shapes, their detection from a file's dates, and strftime patterns through
// Howard Hinnant's date library (https://howardhinnant.github.io/date/date.html, the basis of C++20 <chrono>).
#include <date/date.h>
#include <date/iso_week.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>

#include "elman/core/error.hpp"
#include "elman/ts/time_series.hpp"
#include "ts/month_names.hpp"

namespace elman::ts {
namespace {

using Style = DateFormat::Style;

// The numbers of a date as written, before checking that they name a real date.
struct DateFields {
  int year = 0;
  int month = 0;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  bool has_seconds = false;
  int fraction_digits = 0;  // zeros after the seconds: 13:00:00.000
  char separator = ' ';     // between the date and the time, or the year and the quarter ('\0': none)
  // Zero padding seen in the month and day: 1 written "01" (true), "1" (false), or no number below 10 (nullopt).
  std::optional<bool> padded;
};

// Reads `min_digits`..`max_digits` decimal digits from the front of `text`.
bool take_number(std::string_view& text, int min_digits, int max_digits, int& value, bool* leading_zero = nullptr) {
  int digits = 0;
  value = 0;
  while (digits < max_digits && std::size_t(digits) < text.size() && text[std::size_t(digits)] >= '0' &&
         text[std::size_t(digits)] <= '9') {
    value = value * 10 + (text[std::size_t(digits)] - '0');
    ++digits;
  }
  if (digits < min_digits) return false;
  if (leading_zero != nullptr) *leading_zero = digits == 2 && text[0] == '0';
  text.remove_prefix(std::size_t(digits));
  return true;
}

bool take_char(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

void note_padding(DateFields& fields, int value, bool leading_zero) {
  if (value < 10 && !fields.padded) fields.padded = leading_zero;
}

// Day and month in the order `first_is_month` says, separated by `separator`, then the year: 1/31/2017, 31.01.2017,
// 01-31-2017.
std::optional<DateFields> split_day_month_year(std::string_view text, char separator, bool first_is_month) {
  DateFields f;
  int first = 0;
  int second = 0;
  bool zero1 = false;
  bool zero2 = false;
  if (!take_number(text, 1, 2, first, &zero1) || !take_char(text, separator) ||
      !take_number(text, 1, 2, second, &zero2) || !take_char(text, separator) || !take_number(text, 4, 4, f.year) ||
      !text.empty()) {
    return std::nullopt;
  }
  f.month = first_is_month ? first : second;
  f.day = first_is_month ? second : first;
  note_padding(f, first, zero1);
  note_padding(f, second, zero2);
  return f;
}

// A time from the front of `text`: 13:00 or 13:00:00 (the hour also unpadded), into `f`.
bool take_time(std::string_view& text, DateFields& f) {
  if (!take_number(text, 1, 2, f.hour) || !take_char(text, ':') || !take_number(text, 2, 2, f.minute)) return false;
  f.has_seconds = take_char(text, ':');
  return !f.has_seconds || take_number(text, 2, 2, f.second);
}

// The zeros of a fraction of a second as written after the seconds: ".000" for 3 (with `digit` '0'), "" for 0.
std::string fraction_text(int digits, char digit = '0') {
  return digits > 0 ? "." + std::string(std::size_t(digits), digit) : "";
}

// 2017-01-31, 2017-01 (no day) or 2017-01-31 13:00[:00[.000]] (' ' or 'T' before the time; a fraction of a second
// only as zeros, since dates are whole seconds).
std::optional<DateFields> split_iso(std::string_view text, bool with_day, bool with_time) {
  DateFields f;
  bool zero = false;
  if (!take_number(text, 4, 4, f.year) || !take_char(text, '-') || !take_number(text, 1, 2, f.month, &zero)) {
    return std::nullopt;
  }
  note_padding(f, f.month, zero);
  if (with_day) {
    if (!take_char(text, '-') || !take_number(text, 1, 2, f.day, &zero)) return std::nullopt;
    note_padding(f, f.day, zero);
  }
  if (with_time) {
    if (text.empty() || (text.front() != ' ' && text.front() != 'T')) return std::nullopt;
    f.separator = text.front();
    text.remove_prefix(1);
    if (!take_time(text, f)) return std::nullopt;
    if (f.has_seconds && take_char(text, '.')) {
      while (f.fraction_digits < 9 && take_char(text, '0')) ++f.fraction_digits;
      if (f.fraction_digits == 0) return std::nullopt;
    }
  }
  if (!text.empty()) return std::nullopt;
  return f;
}

// A year alone, read as its first of January: 2017.
std::optional<DateFields> split_year(std::string_view text) {
  DateFields f;
  f.month = 1;
  if (!take_number(text, 4, 4, f.year) || !text.empty()) return std::nullopt;
  return f;
}

// A year and its quarter, read as the quarter's first day: 2017Q1, 2017-Q1, 2017 Q1 (q in any case).
std::optional<DateFields> split_year_quarter(std::string_view text) {
  DateFields f;
  int quarter = 0;
  if (!take_number(text, 4, 4, f.year)) return std::nullopt;
  f.separator = text.empty() || (text.front() != '-' && text.front() != ' ') ? '\0' : text.front();
  if (f.separator != '\0') text.remove_prefix(1);
  if (!take_char(text, 'Q') && !take_char(text, 'q')) return std::nullopt;
  if (!take_number(text, 1, 1, quarter) || quarter < 1 || quarter > 4 || !text.empty()) return std::nullopt;
  f.month = 3 * (quarter - 1) + 1;
  return f;
}

// 2017-W03, 2017W03, 2017 W3 (ISO 8601 weeks, as Eurostat and ECDC write them): the week's Monday, which may fall
// in the year before (2020-W01 is 2019-12-30).
std::optional<DateFields> split_year_week(std::string_view text) {
  DateFields f;
  int year = 0, week = 0;
  bool leading_zero = false;
  if (!take_number(text, 4, 4, year)) return std::nullopt;
  f.separator = text.empty() || (text.front() != '-' && text.front() != ' ') ? '\0' : text.front();
  if (f.separator != '\0') text.remove_prefix(1);
  if (!take_char(text, 'W') && !take_char(text, 'w')) return std::nullopt;
  if (!take_number(text, 1, 2, week, &leading_zero) || week < 1 || !text.empty()) return std::nullopt;
  const iso_week::year_weeknum_weekday monday{iso_week::year{year}, iso_week::weeknum{unsigned(week)}, iso_week::mon};
  if (!monday.ok()) return std::nullopt;
  const date::year_month_day day{date::sys_days{monday}};
  f.year = int(day.year());
  f.month = int(unsigned(day.month()));
  f.day = int(unsigned(day.day()));
  if (week < 10) f.padded = leading_zero;
  return f;
}

std::optional<DateFields> split(std::string_view text, Style style) {
  switch (style) {
    case Style::Year:
      return split_year(text);
    case Style::MonthDayYear:
      return split_day_month_year(text, '/', true);
    case Style::DayMonthYear:
      return split_day_month_year(text, '/', false);
    case Style::DayMonthYearDots:
      return split_day_month_year(text, '.', false);
    case Style::IsoDate:
      return split_iso(text, true, false);
    case Style::YearMonth:
      return split_iso(text, false, false);
    case Style::IsoDateTime:
      return split_iso(text, true, true);
    case Style::YearQuarter:
      return split_year_quarter(text);
    case Style::YearWeek:
      return split_year_week(text);
    case Style::Custom:
      break;
  }
  return std::nullopt;
}

// The time point of the fields, or nullopt when they do not name a real date and time (2/30/2017, 25:00).
std::optional<TimePoint> to_time_point(const DateFields& f) {
  const date::year_month_day ymd{date::year{f.year}, date::month{unsigned(f.month)}, date::day{unsigned(f.day)}};
  if (!ymd.ok() || f.hour > 23 || f.minute > 59 || f.second > 59) return std::nullopt;
  using namespace std::chrono;
  return TimePoint{date::sys_days{ymd}.time_since_epoch()} + hours{f.hour} + minutes{f.minute} + seconds{f.second};
}

// Whether a strftime pattern has a conversion among `letters` (%Ed and %Od count as %d).
bool has_conversion(std::string_view pattern, std::string_view letters) {
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '%') continue;
    std::size_t k = i + 1;
    if (pattern[k] == 'E' || pattern[k] == 'O') ++k;
    if (k < pattern.size() && letters.find(pattern[k]) != std::string_view::npos) return true;
    i = k;
  }
  return false;
}

std::optional<TimePoint> parse_custom(std::string_view text, const std::string& pattern) {
  // date::parse needs every field of the target type, so patterns without a day (or month) are read as the first
  // day of the month (or year) they name. A pattern with a day never falls back: 31 Feb must not become 1 Feb.
  constexpr std::string_view kDayLetters = "deFDjxcUWVaAuw";
  constexpr std::string_view kMonthLetters = "mbBh";
  const std::string input(text);
  // date::parse negates an offset it failed to read where a sign is followed by no digit ("-+00:00"), which
  // overflows; no offset is written so.
  if (has_conversion(pattern, "z")) {
    for (std::size_t i = 0; i < input.size(); ++i)
      if ((input[i] == '+' || input[i] == '-') && (i + 1 == input.size() || !std::isdigit((unsigned char)input[i + 1])))
        return std::nullopt;
  }
  const auto attempt = [&](auto& value) {
    std::istringstream in(input);
    in >> date::parse(pattern, value);
    return !in.fail() && in.peek() == std::char_traits<char>::eof();
  };
  if (TimePoint point; attempt(point)) return point;
  if (has_conversion(pattern, kDayLetters)) return std::nullopt;
  if (date::year_month month; attempt(month) && month.ok()) {
    return TimePoint{date::sys_days{month / date::day{1}}.time_since_epoch()};
  }
  if (has_conversion(pattern, kMonthLetters)) return std::nullopt;
  if (date::year year; attempt(year) && year.ok()) {
    return TimePoint{date::sys_days{year / date::January / 1}.time_since_epoch()};
  }
  return std::nullopt;
}

// An ISO date and time with a UTC designator or offset (2017-01-31T13:00:00Z, or 2017-01-31 13:00:00+01:00 as
// pandas writes time-zone-aware stamps): the strftime pattern that reads it as the instant in UTC, or nullopt.
std::optional<std::string> zoned_iso_pattern(std::string_view text) {
  // Whether the text ends with a sign and then `shape`, in which 9 stands for a digit.
  const auto ends_with_offset = [&](std::string_view shape) {
    if (text.size() <= shape.size()) return false;
    const std::string_view tail = text.substr(text.size() - shape.size() - 1);
    if (tail.front() != '+' && tail.front() != '-') return false;
    for (std::size_t i = 0; i < shape.size(); ++i)
      if (shape[i] == '9' ? !std::isdigit(static_cast<unsigned char>(tail[i + 1])) : tail[i + 1] != shape[i])
        return false;
    return true;
  };
  std::string zone;
  if (text.ends_with('Z')) {
    zone = "Z";
    text.remove_suffix(1);
  } else if (ends_with_offset("99:99")) {
    zone = "%Ez";
    text.remove_suffix(6);
  } else if (ends_with_offset("9999")) {
    zone = "%z";
    text.remove_suffix(5);
  } else {
    return std::nullopt;
  }
  const auto f = split_iso(text, true, true);
  if (!f) return std::nullopt;
  return fmt::format("%Y-%m-%d{}%H:%M{}{}{}", f->separator, f->has_seconds ? ":%S" : "",
                     fraction_text(f->fraction_digits), zone);
}

// Whether a field of the dates keeps one value throughout.
class Constancy {
 public:
  void see(int value) {
    varies_ = varies_ || (seen_ && value != value_);
    value_ = value;
    seen_ = true;
  }
  bool varies() const { return varies_; }

 private:
  int value_ = 0;
  bool seen_ = false;
  bool varies_ = false;
};

// The --date-format names of day and month numbers with `separator` and then `time` (a strftime suffix such as
// " %H:%M", or ""), month first and day first.
std::pair<std::string, std::string> day_month_names(char separator, std::string_view time) {
  if (separator == '/' && time.empty()) return {"M/D/YYYY", "D/M/YYYY"};
  return {fmt::format("%m{0}%d{0}%Y{1}", separator, time), fmt::format("%d{0}%m{0}%Y{1}", separator, time)};
}

// Slashed (or dashed) dates, with or without a time after a space: month first unless the data proves otherwise. A
// first number above 12 (and no second above 12) proves day first. So do dates over several years whose first
// number never changes while the second does: read month first, every one would fall in the same month of the
// year; read day first, they are a series on a fixed day of the month, as monthly and quarterly data are written.
// The mirror image (the bundled file) proves month first. When nothing tells, `note` says the guess.
bool month_first(std::span<const std::string> samples, char separator, std::string_view time, std::string* note) {
  bool first_over_12 = false;
  bool second_over_12 = false;
  Constancy firsts;
  Constancy seconds;
  Constancy years;
  const std::string* differing = nullptr;  // the first date that reads differently either way
  for (const auto& sample : samples) {
    const auto f = split_day_month_year(std::string_view(sample).substr(0, sample.find(' ')), separator, true);
    if (!f) continue;
    first_over_12 = first_over_12 || f->month > 12;
    second_over_12 = second_over_12 || f->day > 12;
    firsts.see(f->month);
    seconds.see(f->day);
    years.see(f->year);
    if (differing == nullptr && f->month != f->day) differing = &sample;
  }
  if (first_over_12 && !second_over_12) return false;
  if (first_over_12 || second_over_12 || differing == nullptr) return true;
  if (years.varies() && firsts.varies() != seconds.varies()) return firsts.varies();
  if (note != nullptr) {
    const auto quoted = [](const std::string& name) { return name.find(' ') == name.npos ? name : "'" + name + "'"; };
    const auto [month_day, day_month] = day_month_names(separator, time);
    *note = fmt::format(
        "dates such as '{}' could be month{}day or day{}month; read as month first: give --date-format "
        "{} to confirm (and silence this note) or {} for day first",
        *differing, separator, separator, quoted(month_day), quoted(day_month));
  }
  return true;
}

// Day and month numbers that no built-in style reads, as strftime patterns: dashed (01-31-2017), or slashed, dashed
// or dotted with a time after a space, as spreadsheets write date-time cells (1/31/2017 13:00, 31.01.2017
// 13:00:00). Day or month first as the data proves (dotted ones day first); nullopt for other text.
std::optional<std::string> day_month_pattern(std::span<const std::string> samples, std::string* note) {
  const std::string_view first = samples.front();
  const auto space = first.find(' ');
  std::string_view time_pattern;
  if (space != std::string_view::npos) {
    std::string_view time = first.substr(space + 1);
    DateFields f;
    if (!take_time(time, f) || !time.empty()) return std::nullopt;
    time_pattern = f.has_seconds ? " %H:%M:%S" : " %H:%M";
  }
  for (const char separator : {'/', '-', '.'}) {
    if (time_pattern.empty() && separator != '-') continue;  // the built-in styles read these
    if (!split_day_month_year(first.substr(0, space), separator, true)) continue;
    const auto [month_day, day_month] = day_month_names(separator, time_pattern);
    return separator != '.' && month_first(samples, separator, time_pattern, note) ? month_day : day_month;
  }
  return std::nullopt;
}

// The usual shapes that no built-in style reads, as strftime patterns that read them and write them back, tried on
// the first sample in this order (%b reads a month's name in full or abbreviated, in any case).
constexpr std::array<std::string_view, 18> kUsualPatterns{
    "%Y/%m/%d", "%Y/%m", "%Y%m%d", "%Y%m",  "%YM%m",     "%d-%b-%Y", "%d-%b-%y", "%d %b %Y", "%b %Y",
    "%b-%Y",    "%b-%y", "%b/%Y",  "%b/%y", "%b %d, %Y", "%b %d %Y", "%b %y",    "%Y %b",    "%Y-%b"};

// Whether some sample names a month in full ("January", not "Jan"), to write the names back that way.
bool names_months_in_full(std::span<const std::string> samples) {
  for (const auto& sample : samples) {
    std::size_t letters = 0;
    for (const char c : sample) {
      letters = std::isalpha(static_cast<unsigned char>(c)) ? letters + 1 : 0;
      if (letters > 3) return true;
    }
  }
  return false;
}

// The strftime pattern of a shape beyond the built-in styles (day_month_pattern, then kUsualPatterns), or nullopt.
std::optional<std::string> usual_pattern(std::span<const std::string> samples, std::string* note) {
  if (auto pattern = day_month_pattern(samples, note)) return pattern;
  for (const std::string_view candidate : kUsualPatterns) {
    std::string pattern(candidate);
    // A year below 1000 is a shorter shape read wrongly: "Jan 2017" as January 20 of the year 17.
    const auto point = parse_custom(samples.front(), pattern);
    if (!point || date::year_month_day{date::floor<date::days>(*point)}.year() < date::year{1000}) continue;
    if (const auto at = pattern.find("%b"); at != std::string::npos && names_months_in_full(samples))
      pattern.replace(at, 2, "%B");
    return pattern;
  }
  return std::nullopt;
}

}  // namespace

DateFormat DateFormat::of(Style style) {
  DateFormat format;
  format.style_ = style;
  format.padded_ = style != Style::MonthDayYear && style != Style::DayMonthYear;
  if (style == Style::YearQuarter || style == Style::YearWeek) format.separator_ = '\0';
  return format;
}

DateFormat DateFormat::custom(std::string strftime_pattern) {
  DateFormat format;
  format.style_ = Style::Custom;
  format.pattern_ = std::move(strftime_pattern);
  return format;
}

DateFormat DateFormat::zero_padded(bool padded) const {
  DateFormat copy = *this;
  copy.padded_ = padded;
  return copy;
}

DateFormat DateFormat::with_seconds(bool seconds) const {
  DateFormat copy = *this;
  copy.seconds_ = seconds;
  return copy;
}

DateFormat DateFormat::with_offset_of(std::string_view stamp) const {
  DateFormat copy = *this;
  if (style_ != Style::Custom || !has_conversion(pattern_, "z") || !parse(stamp)) return copy;
  std::istringstream in(language_ == detail::MonthLanguage::English
                            ? std::string(stamp)
                            : detail::translate_months(stamp, language_, detail::MonthLanguage::English));
  TimePoint point;
  std::chrono::minutes offset{0};
  in >> date::parse(pattern_, point, offset);
  if (!in.fail()) copy.offset_ = offset;
  return copy;
}

DateFormat DateFormat::with_names_of(std::span<const std::string> samples) const {
  DateFormat copy = *this;
  const bool names = pattern_.find("%b") != std::string::npos || pattern_.find("%B") != std::string::npos;
  if (!names || samples.empty()) return copy;
  copy.language_ = detail::month_language(samples);
  copy.capitals_ = std::all_of(samples.begin(), samples.end(), [](const std::string& s) {
    return std::none_of(s.begin(), s.end(), [](unsigned char c) { return std::islower(c); });
  });
  copy.lower_names_ = std::all_of(samples.begin(), samples.end(), [](const std::string& s) {
    const auto letter = std::find_if(s.begin(), s.end(), [](unsigned char c) { return std::isalpha(c); });
    return letter == s.end() || std::islower((unsigned char)*letter);
  });
  return copy;
}

std::optional<DateFormat> DateFormat::detect(std::span<const std::string> samples, std::string* note) {
  if (samples.empty()) return std::nullopt;
  static constexpr std::array kShapes{Style::IsoDateTime,      Style::IsoDate, Style::YearMonth,   Style::MonthDayYear,
                                      Style::DayMonthYearDots, Style::Year,    Style::YearQuarter, Style::YearWeek};
  const auto shape = std::find_if(kShapes.begin(), kShapes.end(),
                                  [&](Style style) { return split(samples.front(), style).has_value(); });
  if (shape == kShapes.end()) {
    const auto zoned = zoned_iso_pattern(samples.front());
    if (zoned && parse_custom(samples.front(), *zoned)) return custom(*zoned);
    // Month names of another language are read as their English ones.
    const auto language = detail::month_language(samples);
    std::vector<std::string> english;
    if (language != detail::MonthLanguage::English)
      for (const auto& sample : samples)
        english.push_back(detail::translate_months(sample, language, detail::MonthLanguage::English));
    const std::span<const std::string> readable = english.empty() ? samples : english;
    if (const auto pattern = usual_pattern(readable, note)) return custom(*pattern).with_names_of(samples);
    return std::nullopt;
  }
  Style style = *shape;
  if (style == Style::MonthDayYear && !month_first(samples, '/', "", note)) style = Style::DayMonthYear;
  DateFormat format = of(style);
  const DateFields first = *split(samples.front(), style);
  format.seconds_ = first.has_seconds;
  format.fraction_digits_ = first.fraction_digits;
  format.separator_ = first.separator;
  for (const auto& sample : samples) {
    if (const auto f = split(sample, style); f && f->padded) return format.zero_padded(*f->padded);
  }
  return format;
}

std::optional<TimePoint> DateFormat::parse(std::string_view text) const {
  if (style_ == Style::Custom) {
    if (language_ == detail::MonthLanguage::English) return parse_custom(text, pattern_);
    return parse_custom(detail::translate_months(text, language_, detail::MonthLanguage::English), pattern_);
  }
  const auto fields = split(text, style_);
  if (!fields) return std::nullopt;
  return to_time_point(*fields);
}

std::string DateFormat::format(TimePoint point) const {
  if (style_ == Style::Custom) {
    std::string text;
    if (offset_ == std::chrono::minutes{0}) {
      text = date::format(pattern_, point);
    } else {
      std::ostringstream out;
      const std::chrono::seconds offset = offset_;
      date::to_stream(out, pattern_.c_str(), date::local_seconds{(point + offset).time_since_epoch()}, nullptr,
                      &offset);
      text = out.str();
    }
    if (language_ == detail::MonthLanguage::English && !capitals_ && !lower_names_) return text;
    return detail::translate_months(text, detail::MonthLanguage::English, language_,
                                    pattern_.find("%B") != std::string::npos, lower_names_, capitals_);
  }
  const auto day_point = date::floor<date::days>(point);
  const date::year_month_day ymd{day_point};
  const int y = int(ymd.year());
  const unsigned m = unsigned(ymd.month());
  const unsigned d = unsigned(ymd.day());
  const int width = padded_ ? 2 : 1;
  switch (style_) {
    case Style::MonthDayYear:
      return fmt::format("{:0{}}/{:0{}}/{:04}", m, width, d, width, y);
    case Style::DayMonthYear:
      return fmt::format("{:0{}}/{:0{}}/{:04}", d, width, m, width, y);
    case Style::DayMonthYearDots:
      return fmt::format("{:0{}}.{:0{}}.{:04}", d, width, m, width, y);
    case Style::YearMonth:
      return fmt::format("{:04}-{:0{}}", y, m, width);
    case Style::Year:
      return fmt::format("{:04}", y);
    case Style::IsoDate:
      return fmt::format("{:04}-{:0{}}-{:0{}}", y, m, width, d, width);
    case Style::IsoDateTime: {
      const date::hh_mm_ss time{point - day_point};
      std::string text = fmt::format("{:04}-{:0{}}-{:0{}}{}{:02}:{:02}", y, m, width, d, width, separator_,
                                     time.hours().count(), time.minutes().count());
      if (seconds_) text += fmt::format(":{:02}", time.seconds().count());
      return text + fraction_text(fraction_digits_);
    }
    case Style::YearQuarter:
      return fmt::format("{:04}{}Q{}", y, separator_ == '\0' ? "" : std::string(1, separator_), (m - 1) / 3 + 1);
    case Style::YearWeek: {
      const iso_week::year_weeknum_weekday week{day_point};
      return fmt::format("{:04}{}W{:0{}}", int(week.year()), separator_ == '\0' ? "" : std::string(1, separator_),
                         unsigned(week.weeknum()), width);
    }
    case Style::Custom:
      break;
  }
  return {};
}

std::string DateFormat::describe() const {
  const bool p = padded_;
  switch (style_) {
    case Style::MonthDayYear:
      return p ? "MM/DD/YYYY" : "M/D/YYYY";
    case Style::DayMonthYear:
      return p ? "DD/MM/YYYY" : "D/M/YYYY";
    case Style::DayMonthYearDots:
      return p ? "DD.MM.YYYY" : "D.M.YYYY";
    case Style::YearMonth:
      return p ? "YYYY-MM" : "YYYY-M";
    case Style::Year:
      return "YYYY";
    case Style::IsoDate:
      return p ? "YYYY-MM-DD" : "YYYY-M-D";
    case Style::IsoDateTime:
      return fmt::format("{}{}HH:MM{}{}", p ? "YYYY-MM-DD" : "YYYY-M-D", separator_, seconds_ ? ":SS" : "",
                         fraction_text(fraction_digits_, 's'));
    case Style::YearQuarter:
      return fmt::format("YYYY{}Qn", separator_ == '\0' ? "" : std::string(1, separator_));
    case Style::YearWeek:
      return fmt::format("YYYY{}W{}", separator_ == '\0' ? "" : std::string(1, separator_), p ? "ww" : "w");
    case Style::Custom:
      return pattern_;
  }
  return {};
}

}  // namespace elman::ts
