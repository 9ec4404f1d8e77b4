#include "elman/core/numpy_print.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <system_error>
#include <vector>

namespace elman {
namespace {

// One number split as numpy's first formatting pass splits it: "-1.25e-05" is {"-1", "25", -5}.
struct NumberParts {
  std::string integer;  // with its '-' sign
  std::string fraction;
  int exponent = 0;  // scientific notation only
};

// Decimal digits d0 d1 d2 ... of a positive value, meaning d0.d1d2... x 10^exponent.
struct Digits {
  std::string digits;
  int exponent = 0;
};

// Parses std::to_chars scientific output ("1.2345e-05") into digits and exponent.
Digits parse_scientific(std::string_view text) {
  const std::size_t e = text.find('e');
  Digits result;
  for (char c : text.substr(0, e))
    if (c != '.') result.digits += c;
  std::from_chars(text.data() + e + 2, text.data() + text.size(), result.exponent);
  if (text[e + 1] == '-') result.exponent = -result.exponent;
  return result;
}

std::string to_chars_string(double value, std::chars_format format, int precision = -1) {
  char buffer[512];
  const auto result = precision < 0 ? std::to_chars(buffer, buffer + sizeof buffer, value, format)
                                    : std::to_chars(buffer, buffer + sizeof buffer, value, format, precision);
  return std::string(buffer, result.ptr);
}

void strip_trailing_zeros(std::string& text) {
  while (!text.empty() && text.back() == '0') text.pop_back();
}

std::string sign_of(double value) { return std::signbit(value) ? "-" : ""; }

// Dragon4 in numpy's "unique" mode with a cutoff: the shortest digits that round-trip when they fit in
// `precision` fractional digits, else the exact value correctly rounded to `precision` digits (trailing zeros trimmed).
NumberParts positional_parts(double value, int precision) {
  const double magnitude = std::fabs(value);
  NumberParts parts{sign_of(value) + "0", "", 0};
  if (magnitude == 0.0) return parts;
  const Digits shortest = parse_scientific(to_chars_string(magnitude, std::chars_format::scientific));
  const int fraction_digits = std::max(0, int(shortest.digits.size()) - 1 - shortest.exponent);
  if (fraction_digits > precision) {
    const std::string fixed = to_chars_string(magnitude, std::chars_format::fixed, precision);
    const std::size_t point = fixed.find('.');
    parts.integer = sign_of(value) + fixed.substr(0, point);
    parts.fraction = point == std::string::npos ? "" : fixed.substr(point + 1);
    strip_trailing_zeros(parts.fraction);
    return parts;
  }
  if (shortest.exponent < 0) {
    parts.fraction = std::string(std::size_t(-shortest.exponent - 1), '0') + shortest.digits;
    return parts;
  }
  std::string digits = shortest.digits;
  const std::size_t integer_digits = std::size_t(shortest.exponent) + 1;
  if (digits.size() < integer_digits) digits.append(integer_digits - digits.size(), '0');
  parts.integer = sign_of(value) + digits.substr(0, integer_digits);
  parts.fraction = digits.substr(integer_digits);
  return parts;
}

// The same rule in scientific notation: `precision` counts the digits after the mantissa's point.
NumberParts scientific_parts(double value, int precision) {
  const double magnitude = std::fabs(value);
  if (magnitude == 0.0) return {sign_of(value) + "0", "", 0};
  Digits digits = parse_scientific(to_chars_string(magnitude, std::chars_format::scientific));
  if (int(digits.digits.size()) - 1 > precision)
    digits = parse_scientific(to_chars_string(magnitude, std::chars_format::scientific, precision));
  NumberParts parts{sign_of(value) + digits.digits.substr(0, 1), digits.digits.substr(1), digits.exponent};
  strip_trailing_zeros(parts.fraction);
  return parts;
}

std::size_t exponent_digits(int exponent) {
  return std::max<std::size_t>(2, std::to_string(std::abs(exponent)).size());
}

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

// numpy's FloatingFormat: one layout (notation, paddings, digits) for all elements, then each element in it.
class FloatingFormat {
 public:
  FloatingFormat(std::span<const double> values, int precision) : precision_(precision) {
    std::vector<double> finite;
    for (double v : values)
      if (std::isfinite(v)) finite.push_back(v);
    scientific_ = needs_scientific(finite);
    for (double v : finite) {
      const NumberParts parts = scientific_ ? scientific_parts(v, precision) : positional_parts(v, precision);
      pad_left_ = std::max(pad_left_, parts.integer.size());
      fraction_width_ = std::max(fraction_width_, parts.fraction.size());
      if (scientific_) exponent_width_ = std::max(exponent_width_, exponent_digits(parts.exponent));
    }
    // numpy's pad_right: the width after the point (scientific: mantissa digits, 'e', sign and exponent).
    pad_right_ = scientific_ ? exponent_width_ + 2 + fraction_width_ : fraction_width_;
    if (finite.size() != values.size()) make_room_for_non_finite(values);
  }

  std::string operator()(double value) const {
    if (!std::isfinite(value))
      return pad_left(std::isnan(value) ? "nan" : (value < 0 ? "-inf" : "inf"), pad_left_ + pad_right_ + 1);
    return scientific_ ? scientific(value) : positional(value);
  }

 private:
  // numpy: scientific when the largest nonzero magnitude is >= 1e8, the smallest < 1e-4, or their ratio > 1000.
  static bool needs_scientific(const std::vector<double>& finite) {
    double max_value = 0.0;
    double min_value = INFINITY;
    for (double v : finite) {
      if (v == 0.0) continue;
      max_value = std::max(max_value, std::fabs(v));
      min_value = std::min(min_value, std::fabs(v));
    }
    return max_value > 0.0 && (max_value >= 1e8 || min_value < 1e-4 || max_value / min_value > 1000.0);
  }

  // "nan" and "inf" are right-aligned in the full element width, widened if they do not fit.
  void make_room_for_non_finite(std::span<const double> values) {
    const bool negative_inf =
        std::any_of(values.begin(), values.end(), [](double v) { return std::isinf(v) && v < 0; });
    const std::size_t widest = negative_inf ? 4 : 3;
    if (widest > pad_right_ + 1) pad_left_ = std::max(pad_left_, widest - (pad_right_ + 1));
  }

  // Fixed notation: the fraction is padded with spaces on the right so the points line up.
  std::string positional(double value) const {
    const NumberParts parts = positional_parts(value, precision_);
    return pad_left(parts.integer, pad_left_) + "." + parts.fraction +
           std::string(pad_right_ - parts.fraction.size(), ' ');
  }

  // Scientific notation: every mantissa gets the same digit count (zeros appended), exponents the same width.
  std::string scientific(double value) const {
    const NumberParts parts = scientific_parts(value, int(fraction_width_));
    std::string exponent = std::to_string(std::abs(parts.exponent));
    exponent.insert(0, exponent_width_ - exponent.size(), '0');
    return pad_left(parts.integer, pad_left_) + "." + parts.fraction +
           std::string(fraction_width_ - parts.fraction.size(), '0') + "e" + (parts.exponent < 0 ? "-" : "+") +
           exponent;
  }

  int precision_;
  bool scientific_ = false;
  std::size_t pad_left_ = 0;
  std::size_t pad_right_ = 0;
  std::size_t fraction_width_ = 0;
  std::size_t exponent_width_ = 0;
};

std::string trim_right(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// numpy's _formatArray for one axis: words joined by ' ', a line breaks before a word that would pass
// linewidth - 1 (room for the closing ']'), continuation lines start with one space under the '['.
std::string wrap(const std::vector<std::string>& words, std::size_t linewidth) {
  const std::string hanging_indent = " ";
  const std::size_t width = linewidth - 1;
  std::string text;
  std::string line = hanging_indent;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const bool needs_wrap = line.size() + words[i].size() > width && line.size() > hanging_indent.size();
    if (needs_wrap) {
      text += trim_right(line) + "\n";
      line = hanging_indent;
    }
    line += words[i];
    if (i + 1 < words.size()) line += ' ';
  }
  text += line;
  // Built with append, not operator+, which trips g++ 12's false -Wrestrict at -O3.
  std::string result(1, '[');
  result.append(text, hanging_indent.size());
  result.push_back(']');
  return result;
}

}  // namespace

std::string format_numpy_array(std::span<const double> values, const NumpyPrintOptions& options) {
  // Past the threshold numpy shows only the edge items around "...", laid out from those items alone.
  const bool summarise = values.size() > options.threshold && values.size() > 2 * options.edgeitems;
  std::vector<double> shown(values.begin(), values.end());
  if (summarise) {
    shown.assign(values.begin(), values.begin() + std::ptrdiff_t(options.edgeitems));
    shown.insert(shown.end(), values.end() - std::ptrdiff_t(options.edgeitems), values.end());
  }
  const FloatingFormat format(shown, options.precision);
  std::vector<std::string> words;
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (summarise && i == options.edgeitems) words.emplace_back("...");
    words.push_back(format(shown[i]));
  }
  return wrap(words, options.linewidth);
}

}  // namespace elman
