#pragma once
// The one drawing code behind every output format: it paints a Chart on any cairo context of the chart's size.
#include <cairo.h>

#include "elman/plot/chart.hpp"

namespace elman::plot {

// The chart's items resolved to concrete colours: unstyled lines and bands take the palette in order.
struct ResolvedColors {
  std::vector<Color> lines;
  std::vector<Color> bands;
};
ResolvedColors resolve_colors(const Chart& chart);

// Paints the whole chart (background, grid, data, axes, labels, legend) onto `cr`, in device units.
void draw_chart(cairo_t* cr, const Chart& chart);

}  // namespace elman::plot
