#pragma once
// Shared helpers of the train tests: reading the PyTorch fixtures of tests/fixtures/train/ (written by
// tests/fixtures/make_train_cases.py) and comparing arrays with a relative tolerance.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

namespace elman::train::testing {

inline nlohmann::json load_fixture(const std::string& name) {
  const std::string path = std::string(ELMAN_SOURCE_DIR) + "/tests/fixtures/train/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  return nlohmann::json::parse(in);
}

template <typename T>
std::vector<T> to_vector(const nlohmann::json& values) {
  std::vector<T> out;
  for (const auto& v : values) out.push_back(T(v.get<double>()));
  return out;
}

// The parity tolerances: float64 1e-10, float32 1e-5, relative.
template <typename T>
constexpr double kRelativeTolerance = sizeof(T) == 8 ? 1e-10 : 1e-5;

// Relative to the largest magnitude of the expected array (so that an element near zero in a tensor of
// ordinary size is held to the tensor's scale, not to its own), with a floor of 1e-3 for arrays near zero.
template <typename T>
::testing::AssertionResult near_relative(std::span<const T> actual, const std::vector<T>& expected, double rtol) {
  if (actual.size() != expected.size())
    return ::testing::AssertionFailure() << "sizes differ: " << actual.size() << " vs " << expected.size();
  double scale = 1e-3;
  for (const T e : expected) scale = std::max(scale, std::abs(double(e)));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double error = std::abs(double(actual[i]) - double(expected[i]));
    if (!(error <= rtol * scale))
      return ::testing::AssertionFailure()
             << "element " << i << ": " << double(actual[i]) << " vs expected " << double(expected[i]) << " (error "
             << error / scale << " relative, tolerance " << rtol << ")";
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult near_relative(double actual, double expected, double rtol) {
  const double scale = std::max(1e-3, std::abs(expected));
  if (std::abs(actual - expected) <= rtol * scale) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << actual << " vs expected " << expected << " (relative error "
                                       << std::abs(actual - expected) / scale << ", tolerance " << rtol << ")";
}

}  // namespace elman::train::testing
