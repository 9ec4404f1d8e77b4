// Fuzz target: read_csv_series on any bytes, with options picked by the first byte. Besides not crashing (and no
// undefined behaviour under the sanitizers), a series it returns must hold its promises: a line per row, dates that
// increase, and dates that its format writes and reads back unchanged, as forecast files are written and read again.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "elman/core/error.hpp"
#include "elman/ts/time_series.hpp"

namespace {

void require(bool holds) {
  if (!holds) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using elman::ts::MissingPolicy;
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("elman-fuzz-" + std::to_string(getpid()) + ".csv");
  elman::ts::CsvSeriesOptions options;
  if (size > 0) {
    const std::uint8_t choice = data[0];
    options.missing = MissingPolicy(choice % 3);
    if (choice & 4) options.decimal = ',';
    if (choice & 8) options.thousands = '.';
    if (choice & 16) options.value_columns = {"value"};
    if (choice & 32) options.where = {{"geo", "DE"}};
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
  return 0;
}
