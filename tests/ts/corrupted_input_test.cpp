// Corrupted CSV series and forecaster model files: mutations of valid ones (tests/io/mutations.hpp) each either read
// or fail with one elman::Error line; none crashes (the sanitizer build runs them too) or throws anything else.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "elman/io/safetensors.hpp"
#include "elman/ts/forecaster.hpp"
#include "elman/ts/time_series.hpp"
#include "io/mutations.hpp"
#include "io/temp_folder.hpp"
#include "ts/date_helpers.hpp"

namespace {

using elman::testing::mutation_cases;
using elman::testing::run_mutations;
using elman::testing::TempFolder;
using elman::ts::Forecaster;
using elman::ts::MissingPolicy;

// The bundled series' header and first 60 rows (CRLF line ends, M/D/YYYY dates).
std::string bundled_head() {
  std::ifstream in(std::filesystem::path(ELMAN_SOURCE_DIR) / "data/electric.csv", std::ios::binary);
  std::string text, line;
  for (int i = 0; i < 61 && std::getline(in, line); ++i) text += line + "\n";
  return text;
}

// 48 months in European notation (semicolons, decimal commas, thousands points, DD.MM.YYYY dates) and 48 hours with
// ISO timestamps and two value columns.
std::string european_rows() {
  std::string text = "Datum;Wert\r\n";
  for (int i = 0; i < 48; ++i)
    text += fmt::format("01.{:02}.{};{}.{:03},{}\r\n", 1 + i % 12, 2000 + i / 12, 1 + i % 3, 7 * i, i % 10);
  return text;
}
std::string hourly_rows() {
  std::string text = "time,load,price\n";
  for (int i = 0; i < 48; ++i)
    text += fmt::format("2020-03-{:02}T{:02}:00:00,{}.5,{}\n", 1 + i / 24, i % 24, 100 + i, i % 7);
  return text;
}

TEST(CorruptedInput, CsvSeriesReadOrFailWithOneLine) {
  const TempFolder folder;
  const auto read = [&](const std::string& bytes, const elman::ts::CsvSeriesOptions& options) {
    const auto series = elman::ts::read_csv_series(folder.write("series.csv", bytes), options);
    if (series.size() > 1 && series.frequency() != elman::ts::Frequency::Irregular) (void)series.next_date(3);
  };
  const std::vector<std::pair<std::string, elman::ts::CsvSeriesOptions>> cases{
      {bundled_head(), {}},
      {bundled_head(), {.missing = MissingPolicy::Drop}},
      {bundled_head(), {.missing = MissingPolicy::Interpolate}},
      {european_rows(), {.delimiter = ';', .decimal = ',', .thousands = '.', .date_format = "%d.%m.%Y"}},
      {hourly_rows(), {.value_columns = {"price", "load"}, .missing = MissingPolicy::Interpolate}}};
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const std::string& valid = cases[c].first;
    const elman::ts::CsvSeriesOptions& options = cases[c].second;  // a reference, not a binding: lambdas capture it
    ASSERT_NO_THROW(read(valid, options)) << "case " << c;
    const auto summary =
        run_mutations(valid, mutation_cases(1000), 4 + c, [&](const std::string& bytes) { read(bytes, options); });
    EXPECT_EQ(summary.first_bad, "") << "case " << c;
    EXPECT_GT(summary.read, 0u) << "case " << c;
    EXPECT_GT(summary.rejected, 0u) << "case " << c;
  }
}

// A trained forecaster (the mean of 2 networks and Holt-Winters) and the history it was trained on, built once.
struct Trained {
  elman::ts::TimeSeries history;
  std::string model_bytes;
};
const Trained& trained() {
  static const Trained once = [] {
    Trained t{elman::testing::monthly(
                  96, [](double t) { return 100.0 + 10.0 * std::sin(2.0 * std::numbers::pi * t / 12.0); }),
              {}};
    elman::ts::ForecasterOptions o;
    o.hidden = 4;
    o.window = 12;
    o.horizon = 6;
    o.epochs = 1;
    o.members = 2;
    o.selection = elman::ts::Selection::Mean;
    const TempFolder folder;
    const auto path = folder.path() / "model.safetensors";
    Forecaster::train(t.history, o).save(path);
    t.model_bytes = elman::testing::read(path);
    return t;
  }();
  return once;
}

void load_and_forecast(const std::filesystem::path& path) {
  const std::vector<double> levels{80, 95};
  (void)Forecaster::load(path).forecast(trained().history, 8, levels);
}

// A model file with every byte open to change: loaded, then forecast from the history it was trained on.
TEST(CorruptedModelFile, AnyBytesLoadOrFailWithOneLine) {
  const TempFolder folder;
  const auto summary = run_mutations(trained().model_bytes, mutation_cases(600), 10, [&](const std::string& bytes) {
    load_and_forecast(folder.write("model.safetensors", bytes));
  });
  EXPECT_EQ(summary.first_bad, "");
  EXPECT_GT(summary.read, 0u);
  EXPECT_GT(summary.rejected, 0u);
}

// A valid model file and a corrupted history, read with the model's CSV options.
TEST(CorruptedModelFile, AnyHistoryForecastsOrFailsWithOneLine) {
  const TempFolder folder;
  const auto model = Forecaster::load(folder.write("model.safetensors", trained().model_bytes));
  const auto& history = trained().history;
  std::string valid = "date,value\n";
  for (std::size_t i = 0; i < history.size(); ++i)
    valid += fmt::format("{},{}\n", history.date_format().format(history.dates()[i]), history.values()[i]);
  const std::vector<double> levels{80};
  const auto summary = run_mutations(valid, mutation_cases(600), 11, [&](const std::string& bytes) {
    (void)model.forecast(elman::ts::read_csv_series(folder.write("history.csv", bytes), model.read_with()), 8, levels);
  });
  EXPECT_EQ(summary.first_bad, "");
  EXPECT_GT(summary.read, 0u);
  EXPECT_GT(summary.rejected, 0u);
}

// Each metadata value replaced by text that a reader of numbers, names and lists must refuse or take.
TEST(CorruptedModelFile, AnyMetadataValueLoadsOrFailsWithOneLine) {
  const TempFolder folder;
  const auto valid = elman::io::SafetensorsFile::parse(trained().model_bytes, "model.safetensors");
  // clang-format off
  const std::vector<std::string> values{"", "0", "1", "-1", "2", "7", "0.5", "-0.5", "1e400", "nan", "inf", "-inf",
                                        "18446744073709551616", "4294967297", "99999999", " 12", "12 ", "x", "true",
                                        "none", ",", ",,", "log", "standard", "gru", "monthly", "%", "%Y-%m",
                                        std::string("\0", 1), "1/1/2000"};
  // clang-format on
  elman::testing::MutationSummary summary;
  for (const auto& [key, original] : valid.metadata()) {
    for (const auto& value : values) {
      auto edited = valid;
      edited.metadata()[key] = value;
      const auto path = folder.path() / "edited.safetensors";
      edited.write(path);
      elman::testing::record_case(summary, key + " = '" + value + "'", [&] { load_and_forecast(path); });
    }
  }
  EXPECT_EQ(summary.first_bad, "");
  EXPECT_GT(summary.read, 0u);
  EXPECT_GT(summary.rejected, 0u);
}

}  // namespace
