#include "elman/ts/transforms.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "elman/core/error.hpp"

namespace elman::ts {
namespace {

// A positive, trending, seasonal series (monthly-like), long enough for seasonal differencing.
std::vector<double> sample_series(std::size_t n = 40) {
  std::vector<double> out;
  for (std::size_t t = 0; t < n; ++t)
    out.push_back(50.0 + 0.7 * double(t) + 8.0 * std::sin(2.0 * M_PI * double(t) / 12.0) + 0.3 * double(t % 5));
  return out;
}

template <typename F>
std::string message_of(F&& call) {
  try {
    call();
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

void expect_near_all(const std::vector<double>& actual, std::span<const double> expected, double tolerance = 1e-12) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], tolerance) << "at index " << i;
}

// Fits on the first 30 values, then checks that invert(apply(x)) gives x back on the whole series.
void expect_round_trip(Transform& transform) {
  const auto x = sample_series();
  transform.fit(std::span(x).first(30));
  const auto y = transform.apply(x);
  const std::size_t lag = transform.history_needed();
  ASSERT_EQ(y.size(), x.size() - lag);
  const auto back = transform.invert(y, std::span(x).first(lag));
  expect_near_all(back, std::span(x).subspan(lag));
}

TEST(Transforms, LogRoundTripIsExact) {
  LogTransform log;
  expect_round_trip(log);
}

TEST(Transforms, BoxCoxRoundTripIsExactForGivenAndFittedLambda) {
  BoxCoxTransform given(0.5);
  expect_round_trip(given);
  BoxCoxTransform zero(0.0);
  expect_round_trip(zero);
  BoxCoxTransform fitted;
  expect_round_trip(fitted);
}

TEST(Transforms, DifferenceRoundTripIsExactAtLagOneAndTwelve) {
  DifferenceTransform first(1);
  expect_round_trip(first);
  DifferenceTransform seasonal(12);
  expect_round_trip(seasonal);
}

TEST(Transforms, ScalersRoundTripExactly) {
  StandardScaler standard;
  expect_round_trip(standard);
  MinMaxScaler min_max;
  expect_round_trip(min_max);
}

TEST(Transforms, LogRejectsNonPositiveValueNamingItsIndex) {
  LogTransform log;
  const std::vector<double> values{1.0, 2.0, 0.0, -1.0};
  EXPECT_EQ(message_of([&] { log.apply(values); }), "log transform: expected positive values, got 0 at index 2");
  EXPECT_EQ(message_of([&] { log.fit(values); }), "log transform: expected positive values, got 0 at index 2");
}

TEST(Transforms, BoxCoxWithLambdaZeroIsTheLog) {
  BoxCoxTransform box_cox(0.0);
  const std::vector<double> values{0.5, 1.0, 20.0};
  expect_near_all(box_cox.apply(values), std::vector<double>{std::log(0.5), 0.0, std::log(20.0)}, 0.0);
}

TEST(Transforms, BoxCoxAppliesPowerFormula) {
  BoxCoxTransform box_cox(0.5);
  const std::vector<double> values{4.0, 9.0};
  expect_near_all(box_cox.apply(values), std::vector<double>{2.0, 4.0}, 1e-15);  // (sqrt(x) - 1) / 0.5
}

// scipy.stats.boxcox's maximum-likelihood lambda on the fixture series (tests/fixtures/make_baseline_cases.py).
TEST(Transforms, BoxCoxFitsLambdaAsScipyDoes) {
  std::ifstream file(ELMAN_SOURCE_DIR "/tests/fixtures/baseline_cases.json");
  const auto fixture = nlohmann::json::parse(file);
  for (const std::string name : {"electric_train", "airline"}) {
    const auto values = fixture["series"][name].get<std::vector<double>>();
    BoxCoxTransform box_cox;
    box_cox.fit(values);
    EXPECT_NEAR(box_cox.lambda(), fixture["box_cox_lambda"][name].get<double>(), 1e-6) << name;
  }
}

TEST(Transforms, DifferenceInvertContinuesFromHistoryForAForecast) {
  DifferenceTransform seasonal(4);
  const std::vector<double> history{1.0, 2.0, 3.0, 4.0, 5.0, 6.0};
  const std::vector<double> forecast_differences{10.0, 20.0, 30.0, 40.0, 50.0};
  // x_t = y_t + x_{t-4}, starting from the last 4 history values 3, 4, 5, 6.
  expect_near_all(seasonal.invert(forecast_differences, history), std::vector<double>{13.0, 24.0, 35.0, 46.0, 63.0},
                  0.0);
}

TEST(Transforms, DifferenceInvertRejectsShortHistory) {
  DifferenceTransform seasonal(12);
  const std::vector<double> history(5, 1.0), values{1.0};
  EXPECT_EQ(message_of([&] { seasonal.invert(values, history); }),
            "difference transform: expected at least 12 history values before the first value to invert lag 12, got 5");
  EXPECT_EQ(message_of([] { DifferenceTransform zero(0); }),
            "difference transform: expected a lag of at least 1, got 0");
}

TEST(Transforms, StandardScalerUsesPopulationStandardDeviation) {
  StandardScaler scaler;
  const std::vector<double> values{1.0, 3.0};
  scaler.fit(values);
  EXPECT_DOUBLE_EQ(scaler.mean(), 2.0);
  EXPECT_DOUBLE_EQ(scaler.sd(), 1.0);
  expect_near_all(scaler.apply(values), std::vector<double>{-1.0, 1.0}, 0.0);
}

TEST(Transforms, MinMaxScalerMapsTrainingRangeToUnitInterval) {
  MinMaxScaler scaler;
  const std::vector<double> training{2.0, 6.0, 4.0}, later{8.0};
  scaler.fit(training);
  expect_near_all(scaler.apply(training), std::vector<double>{0.0, 1.0, 0.5}, 0.0);
  expect_near_all(scaler.apply(later), std::vector<double>{1.5}, 0.0);
}

// Constant training values are scaled by 1 (sklearn's convention), also where rounding leaves a deviation of 1e-16;
// a zero scale read from a model file is still an error, as is use before fit.
TEST(Transforms, ScalersScaleConstantTrainingByOneAndRejectUseBeforeFit) {
  StandardScaler standard;
  MinMaxScaler min_max;
  const std::vector<double> constant{3.0, 3.0}, logs(150, std::log(5.0)), later{3.0, 5.0};
  EXPECT_EQ(message_of([&] { standard.apply(constant); }), "standard transform: used before fit() or set()");
  standard.fit(constant);
  EXPECT_EQ(standard.sd(), 1.0);
  expect_near_all(standard.apply(later), std::vector<double>{0.0, 2.0}, 0.0);
  standard.fit(logs);
  EXPECT_EQ(standard.sd(), 1.0);
  min_max.fit(constant);
  expect_near_all(min_max.apply(later), std::vector<double>{0.0, 2.0}, 0.0);
  EXPECT_EQ(message_of([&] { standard.set(3.0, 0.0); }),
            "standard transform: expected a finite mean and a positive standard deviation, got mean 3 and sd 0");
  EXPECT_EQ(message_of([&] { min_max.set(3.0, 3.0); }),
            "min_max transform: expected finite min < max, got min 3 and max 3");
}

TEST(Transforms, ParamsRebuildAnEqualTransform) {
  const auto x = sample_series();
  BoxCoxTransform box_cox;
  box_cox.fit(x);
  StandardScaler standard;
  standard.fit(x);
  DifferenceTransform difference(12);
  for (const Transform* transform : std::initializer_list<const Transform*>{&box_cox, &standard, &difference}) {
    const auto rebuilt = make_transform(transform->params());
    EXPECT_EQ(rebuilt->params(), transform->params());
    EXPECT_EQ(rebuilt->apply(x), transform->apply(x)) << transform->kind();  // bit-identical
  }
}

TEST(Transforms, MakeTransformRejectsUnknownKindAndMalformedNumbers) {
  EXPECT_EQ(message_of([] { make_transform({{"kind", "sqrt"}}); }),
            "transform parameters: expected kind log, box_cox, difference, standard or min_max, got 'sqrt'");
  EXPECT_EQ(message_of([] { make_transform({{"kind", "standard"}, {"mean", "1x"}, {"sd", "1"}}); }),
            "transform parameters: expected a number for 'mean', got '1x'");
  EXPECT_EQ(message_of([] { make_transform({{"kind", "box_cox"}}); }),
            "transform parameters: expected an entry 'lambda', found none");
}

Pipeline log_seasonal_difference_standard() {
  Pipeline pipeline;
  pipeline.add(std::make_unique<LogTransform>())
      .add(std::make_unique<DifferenceTransform>(12))
      .add(std::make_unique<DifferenceTransform>(1))
      .add(std::make_unique<StandardScaler>());
  return pipeline;
}

TEST(Pipeline, RoundTripIsExactThroughEveryStage) {
  const auto x = sample_series();
  Pipeline pipeline = log_seasonal_difference_standard();
  const auto y = pipeline.fit_apply(std::span(x).first(30));
  EXPECT_EQ(pipeline.history_needed(), 13u);
  EXPECT_EQ(y.size(), 30u - 13u);
  EXPECT_EQ(pipeline.apply(std::span(x).first(30)), y);
  // Invert the transformed tail of the series (a stand-in for a forecast) from the history before it.
  const auto transformed = pipeline.apply(x);
  const std::size_t start = 30;  // original index of the first value to invert
  const auto tail = std::span(transformed).subspan(start - 13);
  expect_near_all(pipeline.invert(tail, std::span(x).first(start)), std::span(x).subspan(start));
}

TEST(Pipeline, ParamsRoundTripThroughAFlatMap) {
  const auto x = sample_series();
  Pipeline pipeline = log_seasonal_difference_standard();
  pipeline.fit_apply(x);
  const TransformParams params = pipeline.params();
  EXPECT_EQ(params.at("transform.count"), "4");
  EXPECT_EQ(params.at("transform.1.kind"), "difference");
  EXPECT_EQ(params.at("transform.1.lag"), "12");
  const Pipeline rebuilt = Pipeline::from_params(params);
  EXPECT_EQ(rebuilt.params(), params);
  EXPECT_EQ(rebuilt.apply(x), pipeline.apply(x));
}

TEST(Pipeline, CopiesAreIndependent) {
  const auto x = sample_series();
  Pipeline pipeline;
  pipeline.add(std::make_unique<StandardScaler>());
  pipeline.fit_apply(x);
  Pipeline copy = pipeline;
  copy.fit_apply(std::span(x).first(5));
  EXPECT_NE(copy.params(), pipeline.params());
}

TEST(Pipeline, InvertRejectsShortHistory) {
  Pipeline pipeline = log_seasonal_difference_standard();
  const auto x = sample_series();
  pipeline.fit_apply(x);
  const std::vector<double> values{0.0};
  EXPECT_EQ(message_of([&] { pipeline.invert(values, std::span(x).first(12)); }),
            "pipeline: expected at least 13 history values before the first value to invert, got 12");
}

}  // namespace
}  // namespace elman::ts
