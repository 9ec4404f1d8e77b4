// The text's walkthrough in C++: load the electricity series, build the recurrent perceptron, take 2017,
// divide it by its maximum and step through it, printing the hidden state after each month.
// The Python the text runs is quoted above each block; with np.random.seed(0) before it, both print the same lines.
//
//   build/examples/walkthrough [data/electric.csv]
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "elman/core/error.hpp"
#include "elman/core/numpy_print.hpp"
#include "elman/core/numpy_random.hpp"
#include "elman/nn/perceptron.hpp"
#include "elman/ts/time_series.hpp"

using namespace elman;

int year_of(ts::TimePoint date) {
  return int(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(date)}.year());
}

int main(int argc, char** argv) try {
  const std::string path = argc > 1 ? argv[1] : "data/electric.csv";

  // timeseries = pd.read_csv('../data/electric.csv')
  const ts::TimeSeries timeseries = ts::read_csv_series(path);

  // np.random.seed(0)
  // rnn = SimpleRNNPerceptron(input_size=1, hidden_size=5)
  NumpyRandomState np_random{0};
  nn::SimpleRNNPerceptron rnn(/*hidden_size=*/5, np_random);

  // timeseries_2017 = timeseries['elec-prod'][timeseries['date'].dt.year == 2017]
  std::vector<double> timeseries_2017;
  for (std::size_t row = 0; row < timeseries.size(); ++row)
    if (year_of(timeseries.dates()[row]) == 2017) timeseries_2017.push_back(timeseries.values()[row]);
  if (timeseries_2017.empty()) fail("{}: no rows in 2017", path);

  // timeseries_2017 /= timeseries_2017.max()
  const double max = *std::max_element(timeseries_2017.begin(), timeseries_2017.end());
  for (double& x : timeseries_2017) x /= max;

  // for i, x_i in enumerate(timeseries_2017):
  //     h_i = rnn.step(np.array([x_i]))
  //     print(f"Step {i+1}: Hidden State = {h_i.ravel()}")
  for (std::size_t i = 0; i < timeseries_2017.size(); ++i) {
    const std::vector<double>& h_i = rnn.step(timeseries_2017[i]);
    fmt::print("Step {}: Hidden State = {}\n", i + 1, format_numpy_array(h_i));
  }
  return 0;
} catch (const Error& e) {
  fmt::print(stderr, "walkthrough: error: {}\n", e.what());
  return 2;
}
