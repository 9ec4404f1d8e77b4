#include "elman/ts/metrics.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "elman/core/error.hpp"

namespace elman::ts {
namespace {

const std::vector<double> kActual{100.0, 110.0, 90.0, 120.0};
const std::vector<double> kForecast{90.0, 115.0, 90.0, 126.0};  // errors 10, -5, 0, -6

template <typename F>
std::string message_of(F&& call) {
  try {
    call();
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

TEST(Metrics, MaeAveragesAbsoluteErrors) { EXPECT_DOUBLE_EQ(mae(kActual, kForecast), 21.0 / 4.0); }

TEST(Metrics, RmseIsRootOfMeanSquaredError) {
  EXPECT_DOUBLE_EQ(rmse(kActual, kForecast), std::sqrt((100.0 + 25.0 + 0.0 + 36.0) / 4.0));
}

TEST(Metrics, MapeIsInPercentOfActuals) {
  EXPECT_DOUBLE_EQ(mape(kActual, kForecast), 100.0 / 4.0 * (10.0 / 100.0 + 5.0 / 110.0 + 0.0 + 6.0 / 120.0));
}

TEST(Metrics, SmapeUsesMeanOfAbsoluteActualAndForecast) {
  const double expected = 100.0 / 4.0 * (20.0 / 190.0 + 10.0 / 225.0 + 0.0 + 12.0 / 246.0);
  EXPECT_DOUBLE_EQ(smape(kActual, kForecast), expected);
}

TEST(Metrics, SmapeCountsBothZeroAsNoError) {
  const std::vector<double> zeros{0.0, 0.0};
  EXPECT_DOUBLE_EQ(smape(zeros, zeros), 0.0);
}

TEST(Metrics, MaseDividesByInSampleSeasonalNaiveMae) {
  const std::vector<double> training{1.0, 2.0, 4.0, 3.0, 7.0};  // season 2: |4-1|, |3-2|, |7-4| -> mean 7/3
  EXPECT_DOUBLE_EQ(seasonal_naive_scale(training, 2), 7.0 / 3.0);
  EXPECT_DOUBLE_EQ(mase(kActual, kForecast, training, 2), (21.0 / 4.0) / (7.0 / 3.0));
  EXPECT_DOUBLE_EQ(seasonal_naive_scale(training, 1), (1.0 + 2.0 + 1.0 + 4.0) / 4.0);
}

TEST(Metrics, CoverageCountsActualsInsideClosedInterval) {
  const std::vector<double> lower{95.0, 111.0, 90.0, 100.0};
  const std::vector<double> upper{105.0, 120.0, 95.0, 119.0};
  EXPECT_DOUBLE_EQ(interval_coverage(kActual, lower, upper), 0.5);  // 100 inside, 90 on the bound
}

TEST(Metrics, PinballLossWeighsUnderAndOverForecastsByTau) {
  // tau 0.9: errors a - q = 10, -5, 0, -6 -> 9, 0.5, 0, 0.6
  EXPECT_DOUBLE_EQ(pinball_loss(kActual, kForecast, 0.9), (9.0 + 0.5 + 0.0 + 0.6) / 4.0);
  EXPECT_DOUBLE_EQ(pinball_loss(kActual, kForecast, 0.5), mae(kActual, kForecast) / 2.0);
}

TEST(Metrics, RejectLengthMismatchNamingBothLengths) {
  const std::vector<double> short_forecast{1.0, 2.0};
  EXPECT_EQ(message_of([&] { mae(kActual, short_forecast); }),
            "mae: expected as many forecast values as actuals (4), got 2");
  EXPECT_EQ(message_of([&] { interval_coverage(kActual, kActual, short_forecast); }),
            "interval_coverage: expected as many upper values as actuals (4), got 2");
}

TEST(Metrics, RejectEmptySeries) {
  const std::vector<double> empty;
  EXPECT_EQ(message_of([&] { rmse(empty, empty); }), "rmse: expected at least one actual value, got an empty series");
}

TEST(Metrics, MapeRejectsZeroActualNamingItsIndex) {
  const std::vector<double> actual{1.0, 0.0};
  EXPECT_EQ(message_of([&] { mape(actual, actual); }), "mape: expected non-zero actual values, got 0 at index 1");
}

TEST(Metrics, ChoiceErrorIsMapeWhereEveryActualIsPositiveElseMae) {
  EXPECT_TRUE(mape_applies(kActual));
  EXPECT_DOUBLE_EQ(choice_error(kActual, kForecast), mape(kActual, kForecast));
  EXPECT_STREQ(choice_error_name(kActual), "MAPE %");
  for (const auto& actual : {std::vector<double>{1.0, 0.0}, std::vector<double>{1.0, -2.0}}) {
    const std::vector<double> forecast{2.0, 1.0};
    EXPECT_FALSE(mape_applies(actual));
    EXPECT_DOUBLE_EQ(choice_error(actual, forecast), mae(actual, forecast));
    EXPECT_STREQ(choice_error_name(actual), "MAE");
  }
}

TEST(Metrics, MaseRejectsTooShortOrConstantTraining) {
  const std::vector<double> training{5.0, 5.0, 5.0};
  EXPECT_EQ(message_of([&] { seasonal_naive_scale(training, 3); }),
            "mase: expected more than 3 training values for season 3, got 3");
  EXPECT_EQ(message_of([&] { seasonal_naive_scale(training, 1); }),
            "mase: the training series is constant at season 1, so the seasonal-naive scale is 0");
}

TEST(Metrics, PinballRejectsTauOutsideOpenUnitInterval) {
  EXPECT_EQ(message_of([&] { pinball_loss(kActual, kForecast, 1.0); }),
            "pinball_loss: expected a quantile level in (0, 1), got 1");
}

}  // namespace
}  // namespace elman::ts
