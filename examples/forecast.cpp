// Forecasting from C++: what `elman train` and `elman forecast` do, over the library API. Trains the forecaster on
// a CSV's series (or loads a model file that `elman train` wrote), then forecasts a year after its last row with 80 %
// and 95 % intervals, one line per month.
//
//   build/examples/forecast [data/electric.csv [MODEL.safetensors]]
#include <fmt/core.h>

#include <string>
#include <vector>

#include "elman/core/error.hpp"
#include "elman/ts/forecaster.hpp"
#include "elman/ts/time_series.hpp"

using namespace elman;

int main(int argc, char** argv) try {
  const std::string csv = argc > 1 ? argv[1] : "data/electric.csv";
  const ts::TimeSeries history = ts::read_csv_series(csv, {.date_format = "M/D/YYYY"});

  // The defaults of `elman train`: log and standard scaling, windows of 24 months with the month of year, three GRU
  // networks with a direct head, checked against Holt-Winters on the last rows.
  const ts::Forecaster model = [&] {
    if (argc > 2) return ts::Forecaster::load(argv[2]);
    ts::ForecasterOptions options;
    options.horizon = ts::default_horizon(history.frequency());  // 24 months
    ts::TrainingReport report;
    auto trained = ts::Forecaster::train(history, options, {}, &report);
    for (const auto& c : report.candidates)
      fmt::print("validation {:<8} {:.3f} ({})\n", c.name, c.error, report.error_name);
    return trained;
  }();
  fmt::print("{}, trained on {}\n", model.describe(), model.training_range());

  const std::vector<double> levels{80.0, 95.0};
  const ts::Forecast forecast = model.forecast(history, 12, levels);
  fmt::print("{:<10} {:>9} {:>19} {:>19}\n", "date", "forecast", "80 % interval", "95 % interval");
  for (std::size_t h = 0; h < forecast.mean.size(); ++h) {
    const auto& i80 = forecast.intervals[0];
    const auto& i95 = forecast.intervals[1];
    fmt::print("{:<10} {:>9.2f}   [{:>7.2f}, {:>7.2f}]   [{:>7.2f}, {:>7.2f}]\n",
               history.date_format().format(history.next_date(int(h) + 1)), forecast.mean[h], i80.lower[h],
               i80.upper[h], i95.lower[h], i95.upper[h]);
  }
  return 0;
} catch (const elman::Error& e) {
  fmt::print(stderr, "forecast: {}\n", e.what());
  return 2;
}
