#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "elman/core/atomic_file.hpp"
#include "elman/core/error.hpp"
#include "elman/plot/chart.hpp"
#include "plot/draw.hpp"

namespace elman::plot {
namespace {

constexpr int kMinSize = 50;
constexpr int kMaxSize = 20000;

enum class Format { Svg, Png, Pdf };

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Context = std::unique_ptr<cairo_t, ContextDeleter>;

Format format_of(const std::filesystem::path& output) {
  std::string extension = output.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".svg") return Format::Svg;
  if (extension == ".png") return Format::Png;
  if (extension == ".pdf") return Format::Pdf;
  fail("{}: cannot draw a chart in format '{}': expected a file name ending in .svg, .png or .pdf", output.string(),
       extension);
}

void check_chart(const Chart& chart, const std::filesystem::path& output) {
  const auto in_range = [](int size) { return size >= kMinSize && size <= kMaxSize; };
  if (!in_range(chart.width) || !in_range(chart.height)) {
    fail("{}: chart size {}x{}: expected a width and height from {} to {} pixels", output.string(), chart.width,
         chart.height, kMinSize, kMaxSize);
  }
  for (const auto& line : chart.lines) {
    if (line.x.size() != line.y.size()) {
      fail("{}: line '{}' has {} dates but {} values: expected as many of each", output.string(), line.label,
           line.x.size(), line.y.size());
    }
  }
  for (const auto& band : chart.bands) {
    if (band.x.size() != band.lower.size() || band.x.size() != band.upper.size()) {
      fail("{}: band '{}' has {} dates, {} lower and {} upper values: expected as many of each", output.string(),
           band.label, band.x.size(), band.lower.size(), band.upper.size());
    }
  }
}

void check_status(cairo_status_t status, const std::filesystem::path& output) {
  if (status != CAIRO_STATUS_SUCCESS)
    fail("{}: cannot draw the chart: {}", output.string(), cairo_status_to_string(status));
}

Surface create_surface(Format format, const Chart& chart, const std::filesystem::path& temp) {
  switch (format) {
    case Format::Png:
      return Surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, chart.width, chart.height));
    case Format::Pdf: {
      Surface surface(cairo_pdf_surface_create(temp.c_str(), chart.width, chart.height));
      cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, chart.title.c_str());
      cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "elman");
      return surface;
    }
    case Format::Svg: {
      Surface surface(cairo_svg_surface_create(temp.c_str(), chart.width, chart.height));
      // One SVG unit per pixel, so a 1000x600 chart is 1000px wide in a browser as the PNG is.
      cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
      return surface;
    }
  }
  return nullptr;
}

std::string xml_escaped(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

// cairo draws SVG text as glyph outlines; a <title> element gives the document its name for screen readers,
// search and tests (SVG 1.1, section 5.4).
void add_svg_title(const std::filesystem::path& svg, const std::string& title, const std::filesystem::path& output) {
  if (title.empty()) return;
  std::string document;
  {
    std::ifstream in(svg, std::ios::binary);
    document.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const auto root = document.find("<svg");
  const auto root_end = root == std::string::npos ? root : document.find('>', root);
  if (root_end == std::string::npos) fail("{}: cannot draw the chart: cairo wrote no <svg> element", output.string());
  document.insert(root_end + 1, "\n<title>" + xml_escaped(title) + "</title>");
  std::ofstream out(svg, std::ios::binary | std::ios::trunc);
  out << document;
  if (!out.flush()) fail("{}: cannot write: write failed (disk full?)", output.string());
}

}  // namespace

// g++ says it builds with AddressSanitizer by __SANITIZE_ADDRESS__, clang by __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define ELMAN_ADDRESS_SANITIZER
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ELMAN_ADDRESS_SANITIZER
#endif
#endif

#if defined(ELMAN_ADDRESS_SANITIZER)
// fontconfig keeps its configuration and font caches until the process ends, by design (only FcFini frees them,
// and a library must not call it: another fontconfig user in the process would lose its state). LeakSanitizer
// would report them after every run that draws text, so sanitizer builds of elman ignore leaks from there.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif

void render(const Chart& chart, const std::filesystem::path& output) {
  const Format format = format_of(output);
  check_chart(chart, output);
  AtomicFile file(output);
  {
    Surface surface = create_surface(format, chart, file.temp_path());
    check_status(cairo_surface_status(surface.get()), output);
    {
      Context cr(cairo_create(surface.get()));
      draw_chart(cr.get(), chart);
      check_status(cairo_status(cr.get()), output);
    }
    if (format == Format::Png)
      check_status(cairo_surface_write_to_png(surface.get(), file.temp_path().c_str()), output);
    cairo_surface_finish(surface.get());  // PDF and SVG surfaces write their file here
    check_status(cairo_surface_status(surface.get()), output);
  }
  if (format == Format::Svg) add_svg_title(file.temp_path(), chart.title, output);
  file.commit();
}

}  // namespace elman::plot
