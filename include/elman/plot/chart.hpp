#pragma once
// A small chart description for dated series (lines, shaded bands, vertical markers) and one renderer that draws
// it with cairo to SVG, PNG or PDF. It knows nothing of CSV files: the CLI and the forecaster fill it in.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elman::plot {

using TimePoint = std::chrono::sys_seconds;

// sRGB components in [0, 1]; `a` is the opacity.
struct Color {
  double r = 0.0;
  double g = 0.0;
  double b = 0.0;
  double a = 1.0;

  // "#1f77b4" or "#1f77b480" (with alpha); elman::Error naming the text otherwise.
  static Color from_hex(std::string_view hex);
  Color with_alpha(double alpha) const { return {r, g, b, alpha}; }
  friend bool operator==(const Color&, const Color&) = default;
};

// matplotlib's default colour cycle ("tab10"): the i-th unstyled item gets palette_color(i % 10).
Color palette_color(std::size_t index);

// Dash patterns as matplotlib's '-', '--', ':' and '-.' (lengths scale with the line width).
enum class Dash { Solid, Dashed, Dotted, DashDot };

struct LineSeries {
  std::vector<TimePoint> x;
  std::vector<double> y;       // a NaN leaves a gap in the line
  std::string label;           // empty: not listed in the legend
  std::optional<Color> color;  // unset: the next palette colour
  double width = 1.5;          // pixels (points in PDF/SVG)
  Dash dash = Dash::Solid;
};

// A shaded region between two curves, e.g. a forecast interval.
struct Band {
  std::vector<TimePoint> x;
  std::vector<double> lower;
  std::vector<double> upper;
  std::string label;
  std::optional<Color> fill;  // unset: the next palette colour at 25 % opacity
};

// A vertical line across the plot, such as "forecast start"; the label is written beside its top.
struct Marker {
  TimePoint x;
  std::string label;
  Color color = {0.35, 0.35, 0.35, 1.0};
  Dash dash = Dash::Dashed;
};

struct Chart {
  std::string title;
  std::string x_label;
  std::string y_label;
  int width = 1000;  // pixels for PNG; points for PDF and SVG (one unit per pixel)
  int height = 600;
  std::vector<LineSeries> lines;
  std::vector<Band> bands;
  std::vector<Marker> markers;
  // The dates are drawn and labelled as the local times of this offset from UTC (that of a series whose stamps carry
  // one, such as 2017-03-26 03:00:00+02:00; ts::DateFormat::offset).
  std::chrono::minutes utc_offset{0};
};

// Draws `chart` into `output`, the format chosen by its extension (.svg, .png, .pdf; any case). The file is
// written to a temporary name and renamed when complete. elman::Error names the path for an unknown extension,
// an inconsistent chart (x and y of different lengths, a size outside 50..20000) or a failed write.
void render(const Chart& chart, const std::filesystem::path& output);

}  // namespace elman::plot
