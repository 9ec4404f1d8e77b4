#include "elman/core/parameters.hpp"

#include <gtest/gtest.h>

#include <cstdint>

TEST(Parameters, KeepsNamesShapesAndAlignedViews) {
  elman::Parameters<float> params;
  const auto w = params.add("rnn.weight_ih_l0", {3, 5});
  const auto b = params.add("rnn.bias_ih_l0", {3});
  EXPECT_EQ(params.count(), 2u);
  EXPECT_EQ(params.name(w), "rnn.weight_ih_l0");
  EXPECT_EQ(params.shape(b), elman::Shape({3}));
  EXPECT_EQ(params.value(w).size(), 15u);
  EXPECT_EQ(params.grad(b).size(), 3u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(params.value(b).data()) % 64,
            reinterpret_cast<std::uintptr_t>(params.value(w).data()) % 64);
  EXPECT_EQ(params.index("rnn.bias_ih_l0"), b);
}

TEST(Parameters, ZeroGradClearsEveryGradientButNoValue) {
  elman::Parameters<double> params;
  const auto w = params.add("weight", {2, 2});
  params.value(w)[0] = 1.5;
  params.grad(w)[3] = 2.0;
  params.zero_grad();
  EXPECT_EQ(params.grad(w)[3], 0.0);
  EXPECT_EQ(params.value(w)[0], 1.5);
}

TEST(Parameters, RejectsADuplicateName) {
  elman::Parameters<float> params;
  params.add("bias", {4});
  EXPECT_THROW(params.add("bias", {4}), elman::Error);
}

TEST(Parameters, NamesAnUnknownParameter) {
  elman::Parameters<float> params;
  try {
    params.index("head.weight");
    FAIL();
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "no parameter named 'head.weight'");
  }
}
