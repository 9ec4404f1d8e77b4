#include <array>
#include <charconv>

#include "elman/core/error.hpp"
#include "elman/plot/chart.hpp"

namespace elman::plot {
namespace {

// matplotlib's "tab10" colours, the default property cycle since matplotlib 2.0.
constexpr std::array<const char*, 10> kTab10 = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

double channel(std::string_view hex, std::size_t at) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(hex.data() + at, hex.data() + at + 2, value, 16);
  if (error != std::errc{} || end != hex.data() + at + 2) fail("colour '{}': expected #RRGGBB or #RRGGBBAA", hex);
  return value / 255.0;
}

}  // namespace

Color Color::from_hex(std::string_view hex) {
  if (hex.size() != 7 && hex.size() != 9) fail("colour '{}': expected #RRGGBB or #RRGGBBAA", hex);
  if (hex.front() != '#') fail("colour '{}': expected #RRGGBB or #RRGGBBAA", hex);
  const double alpha = hex.size() == 9 ? channel(hex, 7) : 1.0;
  return {channel(hex, 1), channel(hex, 3), channel(hex, 5), alpha};
}

Color palette_color(std::size_t index) { return Color::from_hex(kTab10[index % kTab10.size()]); }

}  // namespace elman::plot
