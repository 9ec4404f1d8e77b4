#pragma once
// What every forecasting command writes: the forecast CSV (`date,forecast,lower_L,upper_L...`, dates continuing
// the series in its own date format) and the chart of history, forecast and shaded intervals.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "elman/plot/chart.hpp"
#include "elman/ts/baselines.hpp"
#include "elman/ts/time_series.hpp"

namespace elman::cli {

// A field as RFC 4180 writes it: in quotes, its quotes doubled, where it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);

// --level (repeatable, default 80 and 95) and --plot, shared by the commands that write a forecast.
void add_forecast_output_options(CLI::App& command, std::vector<double>& levels, std::string& plot);

// Throws naming --level for a level outside (0, 100) or given twice.
void validate_levels(std::span<const double> levels);

// The dates of forecast steps 1..horizon after the series' last date.
std::vector<ts::TimePoint> forecast_dates(const ts::TimeSeries& series, std::size_t horizon);

// History (the last few seasons), the forecast from the last observation on, and each interval as a band, the
// widest palest.
plot::Chart forecast_chart(const ts::TimeSeries& series, const ts::Forecast& forecast, const std::string& description,
                           std::size_t season);

// Writes the CSV and, when `chart_path` is not empty, the chart; the CSV is committed only after the chart is
// drawn, so a failure leaves neither file. Prints one line saying what was written.
void write_forecast(const std::string& csv_path, const std::string& chart_path, const ts::TimeSeries& series,
                    const ts::Forecast& forecast, const std::string& description, std::size_t season);

// One series' forecast in a file of several: the texts that tell the series apart, the history it continues.
struct KeyedForecast {
  std::vector<std::string> keys;
  ts::TimeSeries series;
  ts::Forecast forecast;
};

// Writes the forecasts of several series to one CSV in long form, `key_columns` first (one text per column in each
// forecast's keys), then date,forecast,lower_L,upper_L... as write_forecast has them. Every forecast has the same
// levels. Written whole or not at all.
void write_forecasts(const std::string& csv_path, const std::vector<std::string>& key_columns,
                     const std::vector<KeyedForecast>& forecasts);

}  // namespace elman::cli
