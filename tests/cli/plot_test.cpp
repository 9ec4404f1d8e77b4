// `elman plot`: drives build/elman as a user would (in a fresh folder) and checks the files it writes.
#include <cairo.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/run_tool.hpp"
#include "io/temp_folder.hpp"

namespace {

namespace fs = std::filesystem;
using elman::testing::ToolRun;
using elman::testing::read;

// The error line (the reader may print notes before it, such as how it read ambiguous dates).
std::string last_line(const std::string& text) {
  const auto end = !text.empty() && text.back() == '\n' ? text.size() - 1 : text.size();
  const auto start = end == 0 ? std::string::npos : text.rfind('\n', end - 1);
  return text.substr(start == std::string::npos ? 0 : start + 1);
}

class PlotCommand : public ::testing::Test {
 protected:
  // `elman plot CSV -o OUTPUT EXTRA...` run in the test's folder.
  ToolRun plot(const std::string& csv, const std::string& output, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"plot", csv, "-o", output};
    args.insert(args.end(), extra.begin(), extra.end());
    return elman::testing::run_tool(args, folder_);
  }
  std::size_t files_in_folder() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(folder_), fs::directory_iterator{}));
  }

  const std::string electric_ = std::string(ELMAN_SOURCE_DIR) + "/data/electric.csv";
  elman::testing::TempFolder scratch_;  // the test's own folder, removed when it ends
  const fs::path& folder_ = scratch_.path();
};

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

// The width and height in a PNG's IHDR chunk, or 0x0 when the file is not a PNG.
std::pair<std::uint32_t, std::uint32_t> png_size(const fs::path& path) {
  const std::string png = read(path);
  if (png.size() < 24 || png.substr(0, 8) != std::string("\x89PNG\r\n\x1a\n", 8) || png.substr(12, 4) != "IHDR") {
    return {0, 0};
  }
  return {big_endian(png, 16), big_endian(png, 20)};
}

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};

// How many pixels of a PNG have exactly the colour 0xrrggbb.
int pixels_of_color(const fs::path& png, std::uint32_t rgb) {
  const std::unique_ptr<cairo_surface_t, SurfaceDeleter> image(cairo_image_surface_create_from_png(png.c_str()));
  cairo_surface_flush(image.get());
  const unsigned char* data = cairo_image_surface_get_data(image.get());
  int count = 0;
  for (int y = 0; y < cairo_image_surface_get_height(image.get()); ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * cairo_image_surface_get_stride(image.get()));
    for (int x = 0; x < cairo_image_surface_get_width(image.get()); ++x) count += (row[x] & 0xffffffu) == rgb;
  }
  return count;
}

// The same series written with ISO dates, a UTF-8 BOM and CRLF line ends.
std::string as_iso_with_bom_and_crlf(const std::string& csv) {
  std::string converted = "\xEF\xBB\xBF";
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  converted += line + "\r\n";
  while (std::getline(lines, line)) {
    unsigned month = 0, day = 0, year = 0;
    char value[32] = {};
    if (std::sscanf(line.c_str(), "%u/%u/%u,%31s", &month, &day, &year, value) != 4) continue;
    converted += fmt::format("{}-{:02}-{:02},{}\r\n", year, month, day, value);
  }
  return converted;
}

TEST_F(PlotCommand, DrawsTheBundledSeriesAsA1000By600PngByDefault) {
  const ToolRun run = plot(electric_, "plot.png");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "wrote plot.png (1000x600; 397 rows from 1/1/1985 to 1/1/2018)\n");
  EXPECT_EQ(png_size(folder_ / "plot.png"), (std::pair<std::uint32_t, std::uint32_t>{1000, 600}));
  EXPECT_GT(pixels_of_color(folder_ / "plot.png", 0x1f77b4), 200);  // matplotlib's default blue line
  EXPECT_EQ(files_in_folder(), 1u);                                 // and no temporary file beside it
}

TEST_F(PlotCommand, WidthAndHeightSetTheImageSize) {
  const ToolRun run = plot(electric_, "small.png", {"--width", "640", "--height", "480"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(png_size(folder_ / "small.png"), (std::pair<std::uint32_t, std::uint32_t>{640, 480}));
}

TEST_F(PlotCommand, WritesSvgAndPdfByExtension) {
  EXPECT_EQ(plot(electric_, "plot.svg").exit_code, 0);
  EXPECT_EQ(plot(electric_, "plot.pdf", {"--title", "Electricity"}).exit_code, 0);
  EXPECT_NE(read(folder_ / "plot.svg").find("<title>elec-prod</title>"), std::string::npos);
  EXPECT_EQ(read(folder_ / "plot.pdf").substr(0, 5), "%PDF-");
}

TEST_F(PlotCommand, FromAndToSelectAnInclusiveDateRange) {
  EXPECT_EQ(plot(electric_, "p.png", {"--from", "2017-01-01"}).out,
            "wrote p.png (1000x600; 13 rows from 1/1/2017 to 1/1/2018)\n");
  EXPECT_EQ(plot(electric_, "p.png", {"--from", "2017-01-01", "--to", "2017-12-01"}).out,
            "wrote p.png (1000x600; 12 rows from 1/1/2017 to 12/1/2017)\n");
  EXPECT_EQ(plot(electric_, "p.png", {"--from", "6/15/2016", "--to", "12/31/2016"}).out,  // the file's own format
            "wrote p.png (1000x600; 6 rows from 7/1/2016 to 12/1/2016)\n");
  EXPECT_EQ(plot(electric_, "p.png", {"--from", "first", "--to", "last"}).out,  // the defaults, spelled out
            "wrote p.png (1000x600; 397 rows from 1/1/1985 to 1/1/2018)\n");
}

// Stamps with an offset: a plain --from or --to is the local time the file and the chart show.
TEST_F(PlotCommand, FromAndToOfStampsWithAnOffsetAreTheirLocalTimes) {
  std::ofstream zoned(folder_ / "zoned.csv");
  zoned << "time,load\n";
  for (int hour = 0; hour < 48; ++hour)
    zoned << fmt::format("2021-04-{} {:02}:00:00+02:00,{}\n", 28 + hour / 24, hour % 24, hour);
  zoned.close();
  EXPECT_EQ(plot("zoned.csv", "p.png", {"--from", "2021-04-29", "--to", "2021-04-29 11:00"}).out,
            "wrote p.png (1000x600; 12 rows from 2021-04-29 00:00:00+02:00 to 2021-04-29 11:00:00+02:00)\n");
  EXPECT_EQ(plot("zoned.csv", "p.png", {"--from", "2021-04-28 23:00:00+00:00"}).out,  // the file's own format
            "wrote p.png (1000x600; 23 rows from 2021-04-29 01:00:00+02:00 to 2021-04-29 23:00:00+02:00)\n");
}

TEST_F(PlotCommand, EmptyDateRangeIsAnErrorAndWritesNothing) {
  const ToolRun run = plot(electric_, "p.png", {"--from", "2030-01-01"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(last_line(run.err), "elman: error: --from 2030-01-01: no rows of " + electric_ +
                                    " lie in this range; its dates run from 1/1/1985 to 1/1/2018\n");
  EXPECT_EQ(files_in_folder(), 0u);
}

TEST_F(PlotCommand, FromAfterToIsAnError) {
  const ToolRun run = plot(electric_, "p.png", {"--from", "2017-01-01", "--to", "2016-01-01"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(last_line(run.err), "elman: error: --from 2017-01-01 is after --to 2016-01-01: expected --from <= --to\n");
  EXPECT_EQ(files_in_folder(), 0u);
}

TEST_F(PlotCommand, DateThatDoesNotParseIsAnError) {
  const ToolRun run = plot(electric_, "p.png", {"--to", "2017-13-45"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(last_line(run.err), "elman: error: --to '2017-13-45': expected a date such as M/D/YYYY or YYYY-MM-DD\n");
  EXPECT_EQ(files_in_folder(), 0u);
}

TEST_F(PlotCommand, TwoValueColumnsDrawTwoLinesInTheFirstTwoPaletteColours) {
  std::ofstream(folder_ / "two.csv") << "date,solar,wind\n2020-01-01,1.5,4\n2020-02-01,2.5,3\n2020-03-01,4,3.5\n"
                                        "2020-04-01,5.5,2\n2020-05-01,6,2.5\n";
  const ToolRun run = plot("two.csv", "two.png", {"--value-col", "solar", "--value-col", "wind"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "wrote two.png (1000x600; 5 rows from 2020-01-01 to 2020-05-01)\n");
  EXPECT_GT(pixels_of_color(folder_ / "two.png", 0x1f77b4), 20);  // solar: matplotlib blue
  EXPECT_GT(pixels_of_color(folder_ / "two.png", 0xff7f0e), 20);  // wind: matplotlib orange
}

TEST_F(PlotCommand, IsoDatesWithBomAndCrlfDrawTheSameChart) {
  std::ofstream(folder_ / "iso.csv", std::ios::binary) << as_iso_with_bom_and_crlf(read(electric_));
  const ToolRun original = plot(electric_, "a.png");
  const ToolRun converted = plot("iso.csv", "b.png");
  ASSERT_EQ(original.exit_code, 0) << original.err;
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  EXPECT_EQ(converted.out, "wrote b.png (1000x600; 397 rows from 1985-01-01 to 2018-01-01)\n");
  EXPECT_EQ(read(folder_ / "a.png"), read(folder_ / "b.png"));
}

TEST_F(PlotCommand, BadOptionValuesExitWithTwoAndWriteNothing) {
  EXPECT_EQ(plot(electric_, "p.png", {"--width", "0"}).exit_code, 2);
  EXPECT_EQ(plot(electric_, "p.png", {"--width", "wide"}).exit_code, 2);
  EXPECT_EQ(plot(electric_, "p.png", {"--height", "100000"}).exit_code, 2);
  EXPECT_EQ(elman::testing::run_tool({"plot", electric_}, folder_).exit_code, 2);  // no -o
  EXPECT_EQ(files_in_folder(), 0u);
}

TEST_F(PlotCommand, UnknownOutputExtensionIsAnError) {
  const ToolRun run = plot(electric_, "plot.jpg");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(last_line(run.err),
            "elman: error: plot.jpg: cannot draw a chart in format '.jpg': expected a file name ending in .svg, .png "
            "or .pdf\n");
  EXPECT_EQ(files_in_folder(), 0u);
}

TEST_F(PlotCommand, HelpShowsEveryDefault) {
  const ToolRun run = elman::testing::run_tool({"plot", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("--width INT:INT in [50 - 20000]=1000"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--height INT:INT in [50 - 20000]=600"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--from DATE=first"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--to DATE=last"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--title TEXT=auto"), std::string::npos) << run.out;
}

}  // namespace
