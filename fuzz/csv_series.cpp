// Fuzz target: read_csv_series on any bytes, with options picked by the first byte. Besides not crashing (and no
// undefined behaviour under the sanitizers), a series it returns must hold its promises: a line per row, dates that
// increase, and dates that its format writes and reads back unchanged, as forecast files are written and read again.
// Where the first byte says so, the file is also read as one in long form by its column geo (LongFormFile), and each
// of its series must be what read_csv_series reads alone, or fail with the same message.
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "elman/core/error.hpp"
#include "elman/ts/time_series.hpp"

namespace {

void require(bool holds) {
  if (!holds) std::abort();
}

// The series `read` returns, or the message of the elman::Error it throws.
template <class Read>
std::pair<std::optional<elman::ts::TimeSeries>, std::string> outcome(const Read& read) {
  try {
    return {read(), ""};
  } catch (const elman::Error& e) {
    return {std::nullopt, e.what()};
  }
}

bool same_values(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

void require_each_series_reads_as_alone(const std::filesystem::path& path, const elman::ts::CsvSeriesOptions& options) {
  const std::vector<std::string> by{"geo"};
  const auto file = [&]() -> std::optional<elman::ts::LongFormFile> {
    try {
      return elman::ts::LongFormFile(path, options, by);
    } catch (const elman::Error&) {
      return std::nullopt;
    }
  }();
  if (!file) return;
  for (std::size_t i = 0; i < file->size(); ++i) {
    elman::ts::CsvSeriesOptions alone = options;
    alone.where = file->conditions(i);
    const auto [one, one_error] = outcome([&] { return file->read(i); });
    const auto [other, other_error] = outcome([&] { return elman::ts::read_csv_series(path, alone); });
    require(one_error == other_error && one.has_value() == other.has_value());
    if (!one) continue;
    require(one->dates() == other->dates() && one->names() == other->names() && one->lines == other->lines &&
            one->notes == other->notes && one->read_with == other->read_with &&
            same_values(one->values(), other->values()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using elman::ts::MissingPolicy;
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("elman-fuzz-" + std::to_string(getpid()) + ".csv");
  elman::ts::CsvSeriesOptions options;
  bool long_form = false;
  if (size > 0) {
    const std::uint8_t choice = data[0];
    options.missing = MissingPolicy(choice % 3);
    if (choice & 4) options.decimal = ',';
    if (choice & 8) options.thousands = '.';
    if (choice & 16) options.value_columns = {"value"};
    if (choice & 32) options.where = {{"geo", "DE"}};
    long_form = (choice & 64) != 0;
    ++data;
    --size;
  }
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
  }
  try {
    const auto series = elman::ts::read_csv_series(path, options);
    require(series.size() > 0 && series.lines.size() == series.size() && series.values().size() == series.size());
    const auto& format = series.date_format();
    for (std::size_t i = 0; i < series.size(); ++i) {
      require(i == 0 || series.dates()[i - 1] < series.dates()[i]);
      require(format.parse(format.format(series.dates()[i])) == series.dates()[i]);
    }
    if (series.frequency() != elman::ts::Frequency::Irregular) (void)format.format(series.next_date(3));
  } catch (const elman::Error&) {
  }
  if (long_form) require_each_series_reads_as_alone(path, options);
  return 0;
}
