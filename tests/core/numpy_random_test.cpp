// NumpyRandomState against numbers numpy 1.24 drew (tests/fixtures/make_walkthrough_cases.py).
#include "elman/core/numpy_random.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace elman {
namespace {

nlohmann::json random_cases() {
  std::ifstream in(ELMAN_SOURCE_DIR "/tests/fixtures/walkthrough_cases.json");
  return nlohmann::json::parse(in).at("random");
}

TEST(NumpyRandomState, FirstRawOutputsMatchTheMt19937Reference) {
  // mt19937ar.c seeded with init_genrand(5489), the reference implementation's default seed.
  NumpyRandomState state{5489};
  EXPECT_EQ(state.next_u32(), 3499211612U);
  EXPECT_EQ(state.next_u32(), 581869302U);
  EXPECT_EQ(state.next_u32(), 3890346734U);
}

TEST(NumpyRandomState, RandomSampleEqualsNumpyForEverySeed) {
  const auto cases = random_cases();
  ASSERT_GE(cases.size(), 5U);
  for (const auto& c : cases) {
    NumpyRandomState state{c.at("seed").get<std::uint32_t>()};
    for (double expected : c.at("random_sample")) EXPECT_EQ(state.random_sample(), expected) << "seed " << c["seed"];
  }
}

TEST(NumpyRandomState, RandnEqualsNumpyIncludingTheCachedGaussianAcrossCalls) {
  for (const auto& c : random_cases()) {
    NumpyRandomState state{c.at("seed").get<std::uint32_t>()};
    const Tensor<double> first = state.randn(3, 1);  // odd count: one Gaussian stays cached
    const Tensor<double> second = state.randn(2, 3);
    ASSERT_EQ(first.shape(), (Shape{3, 1}));
    ASSERT_EQ(second.shape(), (Shape{2, 3}));
    for (std::int64_t i = 0; i < 3; ++i) EXPECT_EQ(first[i], c["randn_3x1"][std::size_t(i)].get<double>());
    for (std::int64_t i = 0; i < 6; ++i) EXPECT_EQ(second[i], c["randn_2x3"][std::size_t(i)].get<double>());
  }
}

TEST(NumpyRandomState, SeedZeroGivesNumpysFamousFirstGaussian) {
  NumpyRandomState state{0};
  EXPECT_EQ(state.standard_normal(), 1.764052345967664);  // np.random.seed(0); np.random.randn()
  EXPECT_EQ(state.standard_normal(), 0.4001572083672233);
}

}  // namespace
}  // namespace elman
