#include "plot/draw.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include "elman/plot/ticks.hpp"

namespace elman::plot {
namespace {

constexpr const char* kFontFace = "DejaVu Sans";
const Color kInk{0.0, 0.0, 0.0, 1.0};                 // matplotlib's text, spines and ticks are black
const Color kGrid{0.69, 0.69, 0.69, 0.45};            // matplotlib's grid colour #b0b0b0, lightened
const Color kLegendEdge{0.8, 0.8, 0.8, 1.0};          // matplotlib's legend.edgecolor 0.8
constexpr double kRotation = std::numbers::pi / 4.0;  // x tick labels at 45°, as labelrotation=45
constexpr double kDataMargin = 0.05;                  // matplotlib's axes.ymargin

struct Range {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void include(double v) {
    if (!std::isfinite(v)) return;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  bool empty() const { return !(low <= high); }
  double span() const { return high - low; }
};

double seconds(TimePoint t) { return static_cast<double>(t.time_since_epoch().count()); }

// Font sizes grow slowly with the figure: 13 px at 600 px height (matplotlib's 10 pt at 100 dpi is 13.9 px),
// never below 9 px so that small charts stay readable.
struct Fonts {
  double tick;
  double label;
  double title;
  double legend;
  explicit Fonts(const Chart& chart)
      : tick(std::clamp(5.0 + std::min(chart.width, chart.height) / 75.0, 9.0, 28.0)),
        label(tick * 1.1),
        title(tick * 1.3),
        legend(tick) {}
};

// ---- text -------------------------------------------------------------------------------------------------

void use_font(cairo_t* cr, double size) {
  cairo_select_font_face(cr, kFontFace, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  return extents.x_advance;
}

// Ascent + descent of the current font: the height every line of text is laid out with.
double line_height(cairo_t* cr) {
  cairo_font_extents_t extents;
  cairo_font_extents(cr, &extents);
  return extents.ascent + extents.descent;
}

// Draws `text` so that the point (ax, ay) of its box lies at (x, y): ax 0 left .. 1 right, ay 0 top .. 1 bottom
// of the line box; `angle` turns it counter-clockwise about that point.
void draw_text(cairo_t* cr, const std::string& text, double x, double y, double ax, double ay, double angle = 0.0) {
  cairo_font_extents_t font;
  cairo_font_extents(cr, &font);
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rotate(cr, -angle);
  cairo_move_to(cr, -ax * text_width(cr, text), font.ascent - ay * (font.ascent + font.descent));
  cairo_show_text(cr, text.c_str());
  cairo_restore(cr);
}

// A font size no larger than `size` at which `text` fits in `room`.
double fitting_size(cairo_t* cr, const std::string& text, double size, double room) {
  use_font(cr, size);
  const double width = text_width(cr, text);
  return width > room && width > 0 ? std::max(size * room / width, 4.0) : size;
}

// ---- styles -----------------------------------------------------------------------------------------------

void set_color(cairo_t* cr, const Color& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

void set_stroke(cairo_t* cr, const Color& color, double width, Dash dash) {
  set_color(cr, color);
  cairo_set_line_width(cr, width);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  // matplotlib's dash patterns, in multiples of the line width (lines.dashed_pattern etc.).
  std::vector<double> pattern;
  switch (dash) {
    case Dash::Solid:
      break;
    case Dash::Dashed:
      pattern = {3.7, 1.6};
      break;
    case Dash::Dotted:
      pattern = {1.0, 1.65};
      break;
    case Dash::DashDot:
      pattern = {6.4, 1.6, 1.0, 1.6};
      break;
  }
  for (double& length : pattern) length *= std::max(width, 1.0);
  cairo_set_dash(cr, pattern.data(), static_cast<int>(pattern.size()), 0.0);
}

// Crisp one-pixel lines: centre them on a pixel rather than between two.
double snap(double v) { return std::floor(v) + 0.5; }

// ---- layout -----------------------------------------------------------------------------------------------

struct Layout {
  double left = 0, top = 0, right = 0, bottom = 0;  // the plot area in device units
  Range xs;                                         // data limits, seconds since the epoch
  Range ys;
  DateTicks x_ticks;
  NumericTicks y_ticks;

  double map_x(double t) const { return left + (t - xs.low) / xs.span() * (right - left); }
  double map_y(double v) const { return bottom - (v - ys.low) / ys.span() * (bottom - top); }
};

struct Limits {
  Range xs;
  Range ys;
};

Limits data_limits(const Chart& chart) {
  Limits limits;
  for (const auto& line : chart.lines) {
    for (std::size_t i = 0; i < line.x.size(); ++i) {
      if (!std::isfinite(line.y[i])) continue;
      limits.xs.include(seconds(line.x[i]));
      limits.ys.include(line.y[i]);
    }
  }
  for (const auto& band : chart.bands) {
    for (std::size_t i = 0; i < band.x.size(); ++i) {
      if (!std::isfinite(band.lower[i]) || !std::isfinite(band.upper[i])) continue;
      limits.xs.include(seconds(band.x[i]));
      limits.ys.include(band.lower[i]);
      limits.ys.include(band.upper[i]);
    }
  }
  for (const auto& marker : chart.markers) limits.xs.include(seconds(marker.x));
  if (limits.xs.empty()) limits.xs = {0.0, 86400.0};
  if (limits.ys.empty()) limits.ys = {0.0, 1.0};
  // The x axis is tight to the data, as pandas draws dates; the y axis keeps matplotlib's 5 % margin.
  if (limits.xs.span() == 0.0) limits.xs = {limits.xs.low - 86400.0, limits.xs.high + 86400.0};
  if (limits.ys.span() == 0.0) {
    const double half = std::max(std::abs(limits.ys.low) * 0.05, 0.5);
    limits.ys = {limits.ys.low - half, limits.ys.high + half};
  } else {
    const double margin = limits.ys.span() * kDataMargin;
    limits.ys = {limits.ys.low - margin, limits.ys.high + margin};
  }
  return limits;
}

int max_x_ticks(double plot_width, const Fonts& fonts) {
  return std::clamp(static_cast<int>(plot_width / (3.5 * fonts.tick)), 2, 16);
}
int max_y_ticks(double plot_height, const Fonts& fonts) {
  return std::clamp(static_cast<int>(plot_height / (3.0 * fonts.tick)), 2, 10);
}

// Where a rotated x tick label reaches: `below` under its anchor, `left_of` to the left of its tick.
struct RotatedExtent {
  double below;
  double left_of;
};
RotatedExtent rotated_extent(double width, double height) {
  const double c = std::cos(kRotation);
  return {c * (width + height / 2.0), c * (width - height / 2.0)};
}

void choose_ticks(Layout& layout, const Fonts& fonts) {
  const TimePoint first{std::chrono::seconds{static_cast<long long>(std::ceil(layout.xs.low))}};
  const TimePoint last{std::chrono::seconds{static_cast<long long>(std::floor(layout.xs.high))}};
  layout.x_ticks = date_ticks(first, last, max_x_ticks(layout.right - layout.left, fonts));
  layout.y_ticks = numeric_ticks(layout.ys.low, layout.ys.high, max_y_ticks(layout.bottom - layout.top, fonts));
}

// Margins from the measured text of the current ticks, the axis labels and the title, so none is clipped.
void fit_margins(cairo_t* cr, const Chart& chart, const Fonts& fonts, Layout& layout) {
  const double pad = 0.8 * fonts.tick;
  const double tick_space = 0.7 * fonts.tick;  // tick length + gap to its label
  use_font(cr, fonts.label);
  const double label_height = line_height(cr);
  use_font(cr, fonts.title);
  const double title_height = chart.title.empty() ? 0.0 : line_height(cr) + 0.6 * fonts.tick;
  use_font(cr, fonts.tick);
  const double tick_height = line_height(cr);
  double widest_y = 0.0;
  for (const auto& label : layout.y_ticks.labels) widest_y = std::max(widest_y, text_width(cr, label));
  double deepest_x = 0.0;
  for (const auto& label : layout.x_ticks.labels) {
    deepest_x = std::max(deepest_x, rotated_extent(text_width(cr, label), tick_height).below);
  }
  layout.top = pad + title_height + 0.5 * fonts.tick;
  layout.left = pad + (chart.y_label.empty() ? 0.0 : label_height + 0.5 * fonts.tick) + widest_y + tick_space;
  layout.bottom =
      chart.height - pad - (chart.x_label.empty() ? 0.0 : label_height + 0.4 * fonts.tick) - deepest_x - tick_space;
  layout.right = chart.width - pad - 0.6 * fonts.tick;
  // A rotated label of a tick near the left edge reaches left of its tick: move the plot's left edge so that
  // it stays inside the image (solving left + f * (right - left) - overhang >= pad for the tick at fraction f).
  for (std::size_t i = 0; i < layout.x_ticks.at.size(); ++i) {
    const double f = (seconds(layout.x_ticks.at[i]) - layout.xs.low) / layout.xs.span();
    const double overhang = rotated_extent(text_width(cr, layout.x_ticks.labels[i]), tick_height).left_of;
    if (f < 1.0) layout.left = std::max(layout.left, (pad + overhang - f * layout.right) / (1.0 - f));
  }
}

// The plot area and ticks depend on each other (more room, more ticks; other ticks, other label sizes):
// a first guess, then two rounds of ticks and margins settle them.
Layout compute_layout(cairo_t* cr, const Chart& chart, const Fonts& fonts) {
  const Limits limits = data_limits(chart);
  Layout layout;
  layout.xs = limits.xs;
  layout.ys = limits.ys;
  layout.left = 0.12 * chart.width;
  layout.right = 0.96 * chart.width;
  layout.top = 0.1 * chart.height;
  layout.bottom = 0.85 * chart.height;
  for (int round = 0; round < 2; ++round) {
    choose_ticks(layout, fonts);
    fit_margins(cr, chart, fonts, layout);
  }
  constexpr double kSmallestPlot = 10.0;  // a tiny chart with long labels still gets a visible plot area
  layout.left = std::round(std::min(layout.left, chart.width - kSmallestPlot - 1.0));
  layout.right = std::round(std::max(layout.right, layout.left + kSmallestPlot));
  layout.top = std::round(std::min(layout.top, chart.height - kSmallestPlot - 1.0));
  layout.bottom = std::round(std::max(layout.bottom, layout.top + kSmallestPlot));
  return layout;
}

// ---- painting ---------------------------------------------------------------------------------------------

void clip_to_plot(cairo_t* cr, const Layout& layout) {
  cairo_rectangle(cr, layout.left, layout.top, layout.right - layout.left, layout.bottom - layout.top);
  cairo_clip(cr);
}

void draw_grid(cairo_t* cr, const Layout& layout) {
  set_stroke(cr, kGrid, 1.0, Dash::Solid);
  for (const auto t : layout.x_ticks.at) {
    const double x = snap(layout.map_x(seconds(t)));
    cairo_move_to(cr, x, layout.top);
    cairo_line_to(cr, x, layout.bottom);
  }
  for (const double v : layout.y_ticks.at) {
    const double y = snap(layout.map_y(v));
    cairo_move_to(cr, layout.left, y);
    cairo_line_to(cr, layout.right, y);
  }
  cairo_stroke(cr);
}

void draw_band(cairo_t* cr, const Layout& layout, const Band& band, const Color& fill) {
  set_color(cr, fill);
  std::size_t i = 0;
  const auto finite = [&](std::size_t k) { return std::isfinite(band.lower[k]) && std::isfinite(band.upper[k]); };
  while (i < band.x.size()) {  // one polygon per run of finite points
    while (i < band.x.size() && !finite(i)) ++i;
    const std::size_t begin = i;
    while (i < band.x.size() && finite(i)) ++i;
    if (i - begin < 1) continue;
    for (std::size_t k = begin; k < i; ++k)
      cairo_line_to(cr, layout.map_x(seconds(band.x[k])), layout.map_y(band.upper[k]));
    for (std::size_t k = i; k-- > begin;)
      cairo_line_to(cr, layout.map_x(seconds(band.x[k])), layout.map_y(band.lower[k]));
    cairo_close_path(cr);
    cairo_fill(cr);
  }
}

void draw_line(cairo_t* cr, const Layout& layout, const LineSeries& line, const Color& color) {
  set_stroke(cr, color, line.width, line.dash);
  bool pen_down = false;
  for (std::size_t i = 0; i < line.x.size(); ++i) {
    if (!std::isfinite(line.y[i])) {
      pen_down = false;  // a missing value breaks the line
      continue;
    }
    const double x = layout.map_x(seconds(line.x[i]));
    const double y = layout.map_y(line.y[i]);
    if (pen_down) {
      cairo_line_to(cr, x, y);
    } else {
      cairo_move_to(cr, x, y);
      pen_down = true;
    }
  }
  cairo_stroke(cr);
}

// Where a marker's label goes: beside the top of its line, right of it where it fits, else left; `left` is its
// left edge.
struct MarkerLabel {
  double left, top, width, height;
  bool right_of_line;
};

MarkerLabel marker_label(cairo_t* cr, const Layout& layout, const Marker& marker, const Fonts& fonts) {
  const double x = snap(layout.map_x(seconds(marker.x)));
  use_font(cr, 0.9 * fonts.tick);
  const double gap = 0.35 * fonts.tick, width = text_width(cr, marker.label);
  const bool fits_right = x + gap + width <= layout.right - gap;
  return {fits_right ? x + gap : x - gap - width, layout.top + gap, width, 0.9 * fonts.tick, fits_right};
}

void draw_marker(cairo_t* cr, const Layout& layout, const Marker& marker, const Fonts& fonts) {
  const double x = snap(layout.map_x(seconds(marker.x)));
  set_stroke(cr, marker.color, 1.2, marker.dash);
  cairo_move_to(cr, x, layout.top);
  cairo_line_to(cr, x, layout.bottom);
  cairo_stroke(cr);
  if (marker.label.empty()) return;
  const MarkerLabel label = marker_label(cr, layout, marker, fonts);
  set_color(cr, marker.color);
  draw_text(cr, marker.label, label.right_of_line ? label.left : label.left + label.width, label.top,
            label.right_of_line ? 0.0 : 1.0, 0.0);
}

void draw_axes(cairo_t* cr, const Layout& layout, const Fonts& fonts) {
  const double tick_length = 0.35 * fonts.tick;  // matplotlib's 3.5 pt ticks beside 10 pt labels
  set_stroke(cr, kInk, 1.0, Dash::Solid);
  cairo_rectangle(cr, layout.left + 0.5, layout.top + 0.5, layout.right - layout.left - 1.0,
                  layout.bottom - layout.top - 1.0);
  for (const auto t : layout.x_ticks.at) {
    const double x = snap(layout.map_x(seconds(t)));
    cairo_move_to(cr, x, layout.bottom);
    cairo_line_to(cr, x, layout.bottom + tick_length);
  }
  for (const double v : layout.y_ticks.at) {
    const double y = snap(layout.map_y(v));
    cairo_move_to(cr, layout.left, y);
    cairo_line_to(cr, layout.left - tick_length, y);
  }
  cairo_stroke(cr);

  use_font(cr, fonts.tick);
  set_color(cr, kInk);
  const double label_gap = tick_length + 0.35 * fonts.tick;
  for (std::size_t i = 0; i < layout.x_ticks.at.size(); ++i) {
    const double x = layout.map_x(seconds(layout.x_ticks.at[i]));
    draw_text(cr, layout.x_ticks.labels[i], x, layout.bottom + label_gap, 1.0, 0.5, kRotation);
  }
  for (std::size_t i = 0; i < layout.y_ticks.at.size(); ++i) {
    draw_text(cr, layout.y_ticks.labels[i], layout.left - label_gap, layout.map_y(layout.y_ticks.at[i]), 1.0, 0.5);
  }
}

void draw_titles(cairo_t* cr, const Chart& chart, const Layout& layout, const Fonts& fonts) {
  const double pad = 0.8 * fonts.tick;
  set_color(cr, kInk);
  const double centre_x = (layout.left + layout.right) / 2.0;
  if (!chart.title.empty()) {
    use_font(cr, fitting_size(cr, chart.title, fonts.title, chart.width - 2.0 * pad));
    const double half = text_width(cr, chart.title) / 2.0;
    const double x = std::clamp(centre_x, pad + half, chart.width - pad - half);
    draw_text(cr, chart.title, x, pad, 0.5, 0.0);
  }
  if (!chart.x_label.empty()) {
    use_font(cr, fitting_size(cr, chart.x_label, fonts.label, chart.width - 2.0 * pad));
    draw_text(cr, chart.x_label, centre_x, chart.height - pad, 0.5, 1.0);
  }
  if (!chart.y_label.empty()) {
    use_font(cr, fitting_size(cr, chart.y_label, fonts.label, layout.bottom - layout.top));
    draw_text(cr, chart.y_label, pad, (layout.top + layout.bottom) / 2.0, 0.5, 0.0, std::numbers::pi / 2.0);
  }
}

// ---- legend -----------------------------------------------------------------------------------------------

struct LegendEntry {
  std::string label;
  Color color;
  double width;
  Dash dash;
  bool filled;  // a band: a filled square instead of a line sample
};

std::vector<LegendEntry> legend_entries(const Chart& chart, const ResolvedColors& colors) {
  std::vector<LegendEntry> entries;
  for (std::size_t i = 0; i < chart.lines.size(); ++i) {
    const auto& line = chart.lines[i];
    if (!line.label.empty()) entries.push_back({line.label, colors.lines[i], line.width, line.dash, false});
  }
  for (std::size_t i = 0; i < chart.bands.size(); ++i) {
    if (!chart.bands[i].label.empty()) entries.push_back({chart.bands[i].label, colors.bands[i], 0, Dash::Solid, true});
  }
  return entries;
}

struct Box {
  double x0, y0, x1, y1;
};

// Whether the segment a-b passes through the box (Liang-Barsky clipping: the segment's parameter interval
// inside all four half-planes is not empty).
bool segment_crosses(const Box& box, double ax, double ay, double bx, double by) {
  double t0 = 0.0;
  double t1 = 1.0;
  const double dx = bx - ax;
  const double dy = by - ay;
  const double p[] = {-dx, dx, -dy, dy};
  const double q[] = {ax - box.x0, box.x1 - ax, ay - box.y0, box.y1 - ay};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0.0) {
      if (q[i] < 0.0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0.0)
      t0 = std::max(t0, t);
    else
      t1 = std::min(t1, t);
  }
  return t0 <= t1;
}

// How many drawn segments (lines, band edges and markers with their labels) a legend box would hide.
int segments_under(cairo_t* cr, const Chart& chart, const Layout& layout, const Fonts& fonts, const Box& box) {
  int count = 0;
  for (const auto& marker : chart.markers) {
    const double x = layout.map_x(seconds(marker.x));
    count += segment_crosses(box, x, layout.top, x, layout.bottom);
    if (marker.label.empty()) continue;
    const MarkerLabel label = marker_label(cr, layout, marker, fonts);
    const double middle = label.top + 0.5 * label.height;
    count += segment_crosses(box, label.left, middle, label.left + label.width, middle);
  }
  const auto trace = [&](const std::vector<TimePoint>& x, const std::vector<double>& y) {
    for (std::size_t i = 0; i + 1 < x.size(); ++i) {
      if (!std::isfinite(y[i]) || !std::isfinite(y[i + 1])) continue;
      count += segment_crosses(box, layout.map_x(seconds(x[i])), layout.map_y(y[i]), layout.map_x(seconds(x[i + 1])),
                               layout.map_y(y[i + 1]));
    }
    if (x.size() == 1 && std::isfinite(y[0])) {
      const double px = layout.map_x(seconds(x[0]));
      const double py = layout.map_y(y[0]);
      count += segment_crosses(box, px, py, px, py);
    }
  };
  for (const auto& line : chart.lines) trace(line.x, line.y);
  for (const auto& band : chart.bands) {
    trace(band.x, band.lower);
    trace(band.x, band.upper);
  }
  return count;
}

void draw_legend(cairo_t* cr, const Chart& chart, const Layout& layout, const Fonts& fonts,
                 const ResolvedColors& colors) {
  const auto entries = legend_entries(chart, colors);
  if (entries.size() < 2) return;
  use_font(cr, fonts.legend);
  const double row = 1.4 * fonts.legend;
  const double inner = 0.5 * fonts.legend;
  const double sample = 2.0 * fonts.legend;
  double widest = 0.0;
  for (const auto& entry : entries) widest = std::max(widest, text_width(cr, entry.label));
  const double w = 2.0 * inner + sample + 0.6 * fonts.legend + widest;
  const double h = 2.0 * inner + row * static_cast<double>(entries.size());
  const double margin = 0.6 * fonts.tick;
  // As matplotlib's loc="best": the corner that hides the least of the data, upper right first on ties.
  const double xs[] = {layout.right - margin - w, layout.left + margin, layout.left + margin,
                       layout.right - margin - w};
  const double ys[] = {layout.top + margin, layout.top + margin, layout.bottom - margin - h,
                       layout.bottom - margin - h};
  int best = 0;
  int fewest = std::numeric_limits<int>::max();
  for (int corner = 0; corner < 4; ++corner) {
    const int hidden =
        segments_under(cr, chart, layout, fonts, {xs[corner], ys[corner], xs[corner] + w, ys[corner] + h});
    if (hidden < fewest) {
      fewest = hidden;
      best = corner;
    }
  }
  use_font(cr, fonts.legend);  // measuring the marker labels set theirs
  const double x = std::round(xs[best]) + 0.5;
  const double y = std::round(ys[best]) + 0.5;
  cairo_rectangle(cr, x, y, std::round(w), std::round(h));
  cairo_set_source_rgba(cr, 1.0, 1.0, 1.0, 0.8);  // matplotlib's legend.framealpha
  cairo_fill_preserve(cr);
  set_stroke(cr, kLegendEdge, 1.0, Dash::Solid);
  cairo_stroke(cr);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    const double centre_y = y + inner + row * (static_cast<double>(i) + 0.5);
    if (entry.filled) {
      set_color(cr, entry.color);
      cairo_rectangle(cr, x + inner, centre_y - 0.35 * fonts.legend, sample, 0.7 * fonts.legend);
      cairo_fill(cr);
    } else {
      set_stroke(cr, entry.color, entry.width, entry.dash);
      cairo_move_to(cr, x + inner, centre_y);
      cairo_line_to(cr, x + inner + sample, centre_y);
      cairo_stroke(cr);
    }
    set_color(cr, kInk);
    draw_text(cr, entry.label, x + inner + sample + 0.6 * fonts.legend, centre_y, 0.0, 0.5);
  }
}

}  // namespace

ResolvedColors resolve_colors(const Chart& chart) {
  ResolvedColors colors;
  std::size_t next = 0;
  for (const auto& line : chart.lines) colors.lines.push_back(line.color.value_or(palette_color(next++)));
  for (const auto& band : chart.bands)
    colors.bands.push_back(band.fill.value_or(palette_color(next++).with_alpha(0.25)));
  return colors;
}

// The chart with its dates moved to the local times of its offset from UTC.
Chart at_local_time(Chart chart) {
  const auto move = [&](TimePoint& x) { x += chart.utc_offset; };
  for (auto& line : chart.lines) std::for_each(line.x.begin(), line.x.end(), move);
  for (auto& band : chart.bands) std::for_each(band.x.begin(), band.x.end(), move);
  for (auto& marker : chart.markers) move(marker.x);
  chart.utc_offset = {};
  return chart;
}

void draw_chart(cairo_t* cr, const Chart& chart) {
  if (chart.utc_offset != std::chrono::minutes{0}) return draw_chart(cr, at_local_time(chart));
  const Fonts fonts(chart);
  const ResolvedColors colors = resolve_colors(chart);
  cairo_set_source_rgb(cr, 1.0, 1.0, 1.0);
  cairo_paint(cr);
  const Layout layout = compute_layout(cr, chart, fonts);

  draw_grid(cr, layout);
  cairo_save(cr);
  clip_to_plot(cr, layout);
  for (std::size_t i = 0; i < chart.bands.size(); ++i) draw_band(cr, layout, chart.bands[i], colors.bands[i]);
  for (std::size_t i = 0; i < chart.lines.size(); ++i) draw_line(cr, layout, chart.lines[i], colors.lines[i]);
  for (const auto& marker : chart.markers) draw_marker(cr, layout, marker, fonts);
  cairo_restore(cr);
  draw_axes(cr, layout, fonts);
  draw_titles(cr, chart, layout, fonts);
  draw_legend(cr, chart, layout, fonts, colors);
}

}  // namespace elman::plot
