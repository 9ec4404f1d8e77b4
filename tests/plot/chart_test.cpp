#include "elman/plot/chart.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "elman/core/error.hpp"
#include "io/temp_folder.hpp"

namespace elman::plot {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

class ChartFile : public ::testing::Test {
 protected:
  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::size_t files_in_folder() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(folder_), fs::directory_iterator{}));
  }

  elman::testing::TempFolder scratch_;  // the test's own folder, removed when it ends
  const fs::path& folder_ = scratch_.path();
};

// Three years of a monthly seasonal curve.
Chart monthly_chart(int width = 640, int height = 480) {
  Chart chart;
  chart.title = "Monthly production";
  chart.x_label = "date";
  chart.y_label = "value";
  chart.width = width;
  chart.height = height;
  LineSeries line;
  line.label = "value";
  for (int i = 0; i < 36; ++i) {
    line.x.push_back(sys_days{year{2015} / January / 1 + months{i}});
    line.y.push_back(100.0 + 10.0 * std::sin(i * 0.5236));
  }
  chart.lines.push_back(line);
  return chart;
}

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

TEST(Color, ReadsHexWithAndWithoutAlpha) {
  EXPECT_EQ(Color::from_hex("#ff0000"), (Color{1.0, 0.0, 0.0, 1.0}));
  EXPECT_DOUBLE_EQ(Color::from_hex("#1f77b480").a, 128.0 / 255.0);
}

TEST(Color, RejectsTextThatIsNotHex) {
  try {
    Color::from_hex("#12345g");
    FAIL() << "expected elman::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "colour '#12345g': expected #RRGGBB or #RRGGBBAA");
  }
}

TEST(Color, PaletteIsMatplotlibsTab10StartingWithBlue) {
  EXPECT_EQ(palette_color(0), Color::from_hex("#1f77b4"));
  EXPECT_EQ(palette_color(1), Color::from_hex("#ff7f0e"));
  EXPECT_EQ(palette_color(10), palette_color(0));
}

TEST_F(ChartFile, PngHasTheRequestedSizeInItsHeader) {
  const fs::path path = folder_ / "chart.png";
  render(monthly_chart(640, 480), path);
  const std::string png = read(path);
  ASSERT_GE(png.size(), 24u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(big_endian(png, 16), 640u);
  EXPECT_EQ(big_endian(png, 20), 480u);
  EXPECT_EQ(files_in_folder(), 1u);  // no temporary file left beside it
}

TEST_F(ChartFile, SvgHasTheRequestedSizeAndTheTitle) {
  const fs::path path = folder_ / "chart.svg";
  render(monthly_chart(800, 500), path);
  const std::string svg = read(path);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("width=\"800px\" height=\"500px\""), std::string::npos);
  EXPECT_NE(svg.find("<title>Monthly production</title>"), std::string::npos);
}

TEST_F(ChartFile, SvgTitleIsEscaped) {
  Chart chart = monthly_chart();
  chart.title = "a < b & c";
  render(chart, folder_ / "chart.svg");
  EXPECT_NE(read(folder_ / "chart.svg").find("<title>a &lt; b &amp; c</title>"), std::string::npos);
}

TEST_F(ChartFile, PdfHasTheRequestedPageSize) {
  const fs::path path = folder_ / "chart.pdf";
  render(monthly_chart(1000, 600), path);
  const std::string pdf = read(path);
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  EXPECT_NE(pdf.find("/MediaBox [ 0 0 1000 600 ]"), std::string::npos);
}

TEST_F(ChartFile, ExtensionIsCaseInsensitive) {
  render(monthly_chart(), folder_ / "CHART.PNG");
  EXPECT_EQ(read(folder_ / "CHART.PNG").substr(1, 3), "PNG");
}

TEST_F(ChartFile, UnknownExtensionIsAnErrorAndLeavesNoFile) {
  const fs::path path = folder_ / "chart.jpg";
  try {
    render(monthly_chart(), path);
    FAIL() << "expected elman::Error";
  } catch (const Error& e) {
    EXPECT_EQ(
        e.what(),
        path.string() + ": cannot draw a chart in format '.jpg': expected a file name ending in .svg, .png or .pdf");
  }
  EXPECT_EQ(files_in_folder(), 0u);
}

TEST_F(ChartFile, LineWithMoreDatesThanValuesIsAnErrorAndLeavesNoFile) {
  Chart chart = monthly_chart();
  chart.lines[0].y.pop_back();
  const fs::path path = folder_ / "chart.png";
  try {
    render(chart, path);
    FAIL() << "expected elman::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.what(), path.string() + ": line 'value' has 36 dates but 35 values: expected as many of each");
  }
  EXPECT_EQ(files_in_folder(), 0u);
}

TEST_F(ChartFile, TinySizeIsAnError) {
  Chart chart = monthly_chart(10, 480);
  const fs::path path = folder_ / "chart.png";
  try {
    render(chart, path);
    FAIL() << "expected elman::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.what(), path.string() + ": chart size 10x480: expected a width and height from 50 to 20000 pixels");
  }
}

TEST_F(ChartFile, MissingFolderIsAnError) {
  EXPECT_THROW(render(monthly_chart(), folder_ / "no" / "chart.png"), Error);
}

struct PngDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};

// How many pixels of a PNG have exactly the colour #rrggbb.
// Pixels of colour `rgb` in the columns [x_from, x_to).
int pixels_of_color(const fs::path& png, std::uint32_t rgb, int x_from = 0, int x_to = 1 << 30) {
  const std::unique_ptr<cairo_surface_t, PngDeleter> image(cairo_image_surface_create_from_png(png.c_str()));
  cairo_surface_flush(image.get());
  const unsigned char* data = cairo_image_surface_get_data(image.get());
  const int stride = cairo_image_surface_get_stride(image.get());
  int count = 0;
  for (int y = 0; y < cairo_image_surface_get_height(image.get()); ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * stride);
    for (int x = x_from; x < std::min(x_to, cairo_image_surface_get_width(image.get())); ++x)
      count += (row[x] & 0xffffffu) == rgb;
  }
  return count;
}

// Whether every pixel within `border` pixels of the image's edge is white: no text or line was clipped there.
bool edges_are_white(const fs::path& png, int border) {
  const std::unique_ptr<cairo_surface_t, PngDeleter> image(cairo_image_surface_create_from_png(png.c_str()));
  cairo_surface_flush(image.get());
  const unsigned char* data = cairo_image_surface_get_data(image.get());
  const int width = cairo_image_surface_get_width(image.get());
  const int height = cairo_image_surface_get_height(image.get());
  for (int y = 0; y < height; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * cairo_image_surface_get_stride(image.get()));
    for (int x = 0; x < width; ++x) {
      const bool edge = x < border || y < border || x >= width - border || y >= height - border;
      if (edge && (row[x] & 0xffffffu) != 0xffffffu) return false;
    }
  }
  return true;
}

TEST_F(ChartFile, TextStaysInsideTheImageAtEverySize) {
  for (const auto& [width, height] : {std::pair{200, 150}, {400, 300}, {1000, 600}, {1600, 400}, {300, 900}}) {
    Chart chart = monthly_chart(width, height);
    chart.y_label = "industrial production index";
    for (auto& y : chart.lines[0].y) y *= 1000.0;  // wide y tick labels
    const fs::path path = folder_ / "chart.png";
    render(chart, path);
    EXPECT_TRUE(edges_are_white(path, 2)) << width << "x" << height;
  }
}

TEST_F(ChartFile, UnstyledLineIsDrawnInMatplotlibBlue) {
  Chart chart = monthly_chart();
  chart.lines[0].width = 4.0;
  render(chart, folder_ / "chart.png");
  EXPECT_GT(pixels_of_color(folder_ / "chart.png", 0x1f77b4), 500);
  EXPECT_EQ(pixels_of_color(folder_ / "chart.png", 0xff7f0e), 0);
}

TEST_F(ChartFile, ForecastWithBandMarkerAndLegendUsesTheNextPaletteColours) {
  Chart chart = monthly_chart();
  LineSeries forecast;
  forecast.label = "forecast";
  forecast.width = 4.0;
  forecast.dash = Dash::Dashed;
  Band interval;
  interval.label = "80% interval";
  interval.fill = Color::from_hex("#2ca02c");
  for (int i = 0; i < 12; ++i) {
    forecast.x.push_back(sys_days{year{2018} / January / 1 + months{i}});
    forecast.y.push_back(105.0 + 10.0 * std::sin(i * 0.5236));
    interval.x.push_back(forecast.x.back());
    interval.lower.push_back(forecast.y.back() - 5.0 - i);
    interval.upper.push_back(forecast.y.back() + 5.0 + i);
  }
  chart.lines.push_back(forecast);
  chart.bands.push_back(interval);
  chart.markers.push_back({forecast.x.front(), "forecast start"});
  render(chart, folder_ / "chart.png");
  EXPECT_GT(pixels_of_color(folder_ / "chart.png", 0xff7f0e), 100);  // the second line: orange
  EXPECT_GT(pixels_of_color(folder_ / "chart.png", 0x2ca02c), 100);  // the band (and its legend square)
}

// A chart of stamps with an offset from UTC draws them at their local times: as the same chart with its dates moved by
// the offset, and unlike the chart in UTC (two days of hours with ticks at midnight, local or UTC).
TEST_F(ChartFile, DrawsDatesAtTheLocalTimesOfItsOffset) {
  const auto hourly = [](hours shift) {
    Chart chart;
    LineSeries line;
    for (int i = 0; i < 48; ++i) {
      line.x.push_back(sys_days{year{2017} / October / 27} + hours{i} + shift);
      line.y.push_back(std::sin(i * 0.2618));
    }
    chart.lines.push_back(line);
    chart.markers.push_back({line.x[40], "forecast start"});
    return chart;
  };
  Chart zoned = hourly(hours{0});
  zoned.utc_offset = hours{2};
  render(zoned, folder_ / "zoned.png");
  render(hourly(hours{2}), folder_ / "local.png");
  render(hourly(hours{0}), folder_ / "utc.png");
  EXPECT_EQ(read(folder_ / "zoned.png"), read(folder_ / "local.png"));
  EXPECT_NE(read(folder_ / "zoned.png"), read(folder_ / "utc.png"));
}

// Both upper corners are free of the lines, and the upper right holds the forecast-start marker and its label:
// the legend (its frame #cccccc) goes to the upper left, not over the marker.
TEST_F(ChartFile, TheLegendKeepsClearOfAMarker) {
  Chart chart = monthly_chart();
  LineSeries low;
  low.label = "low";
  for (std::size_t i = 0; i < chart.lines[0].x.size(); ++i) {
    chart.lines[0].y[i] = 100.0 + 2.0 * std::sin(double(i));
    low.x.push_back(chart.lines[0].x[i]);
    low.y.push_back(90.0);
  }
  chart.lines[0].y.front() = 130.0;  // the top of the scale, at the left edge only
  chart.lines.push_back(low);
  chart.markers.push_back({chart.lines[0].x[33], "forecast start"});
  render(chart, folder_ / "chart.png");
  EXPECT_GT(pixels_of_color(folder_ / "chart.png", 0xcccccc, 0, 320), 100);
  EXPECT_LT(pixels_of_color(folder_ / "chart.png", 0xcccccc, 320), 50);  // a few in the label's antialiasing
}

}  // namespace
}  // namespace elman::plot
