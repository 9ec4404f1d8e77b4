// format_numpy_array against str(array) of numpy 1.24 (tests/fixtures/make_walkthrough_cases.py).
#include "elman/core/numpy_print.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

namespace elman {
namespace {

TEST(NumpyPrint, EqualsNumpyStrForEveryFixtureArray) {
  std::ifstream in(ELMAN_SOURCE_DIR "/tests/fixtures/walkthrough_cases.json");
  const auto cases = nlohmann::json::parse(in).at("print");
  ASSERT_GE(cases.size(), 80U);
  for (const auto& c : cases) {
    const auto values = c.at("values").get<std::vector<double>>();
    EXPECT_EQ(format_numpy_array(values), c.at("text").get<std::string>());
  }
}

TEST(NumpyPrint, PadsPositiveNumbersWhenAnyIsNegative) {
  EXPECT_EQ(format_numpy_array(std::vector{0.5, -0.25}), "[ 0.5  -0.25]");
}

TEST(NumpyPrint, RoundsToEightDigitsAndKeepsThePoint) {
  EXPECT_EQ(format_numpy_array(std::vector{1.0 / 3.0, 1.0}), "[0.33333333 1.        ]");
}

TEST(NumpyPrint, SwitchesToScientificWhenMagnitudesSpreadPastAThousand) {
  EXPECT_EQ(format_numpy_array(std::vector{1e-5, 0.123}), "[1.00e-05 1.23e-01]");
}

TEST(NumpyPrint, WrapsAtSeventyFiveColumnsWithAOneSpaceIndent) {
  const std::vector<double> values(8, -0.123456789);
  EXPECT_EQ(format_numpy_array(values),
            "[-0.12345679 -0.12345679 -0.12345679 -0.12345679 -0.12345679 -0.12345679\n"
            " -0.12345679 -0.12345679]");
}

TEST(NumpyPrint, AlignsNanAndInfWithTheNumbers) {
  EXPECT_EQ(format_numpy_array(std::vector<double>{NAN, 0.5, -INFINITY}), "[ nan  0.5 -inf]");
}

TEST(NumpyPrint, SummarisesMoreThanAThousandElements) {
  std::vector<double> values(1001, 0.5);
  values.back() = 0.25;
  EXPECT_EQ(format_numpy_array(values), "[0.5  0.5  0.5  ... 0.5  0.5  0.25]");
}

TEST(NumpyPrint, PrintsAnEmptyArrayAsBrackets) { EXPECT_EQ(format_numpy_array(std::vector<double>{}), "[]"); }

}  // namespace
}  // namespace elman
