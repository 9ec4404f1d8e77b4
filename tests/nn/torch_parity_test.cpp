// Recurrent<T> against torch 1.13 on the committed cases of tests/fixtures/make_torch_cases.py: every output,
// final state and gradient within float64 rtol 1e-9 / atol 1e-10, float32 rtol 1e-4 / atol 1e-5.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "elman/io/safetensors.hpp"
#include "elman/nn/recurrent.hpp"

namespace elman::nn {
namespace {

// ELMAN_TORCH_CASES points the test at fresh cases (make_torch_cases.py --seed S --out DIR).
std::filesystem::path case_folder() {
  if (const char* folder = std::getenv("ELMAN_TORCH_CASES")) return folder;
  return std::filesystem::path(ELMAN_SOURCE_DIR) / "tests/fixtures/torch";
}
const std::filesystem::path kCaseFolder = case_folder();

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kCaseFolder))
    if (entry.path().extension() == ".safetensors") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

RecurrentConfig config_from(const io::Metadata& meta) {
  auto flag = [&](const char* key) { return meta.at(key) == "true"; };
  auto integer = [&](const char* key) { return std::stoll(meta.at(key)); };
  RecurrentConfig config;
  config.mode = parse_mode(meta.at("mode"));
  config.input_size = integer("input_size");
  config.hidden_size = integer("hidden_size");
  config.num_layers = integer("num_layers");
  config.bias = flag("bias");
  config.batch_first = flag("batch_first");
  config.dropout = std::stod(meta.at("dropout"));
  config.bidirectional = flag("bidirectional");
  config.proj_size = integer("proj_size");
  return config;
}

template <typename T>
struct Tolerance;
template <>
struct Tolerance<double> {
  static constexpr double kRelative = 1e-9, kAbsolute = 1e-10;
};
template <>
struct Tolerance<float> {
  static constexpr double kRelative = 1e-4, kAbsolute = 1e-5;
};

template <typename T>
void expect_close(const std::string& what, const Tensor<T>& got, const Tensor<T>& expected) {
  ASSERT_EQ(to_string(got.shape()), to_string(expected.shape())) << what;
  int reported = 0;
  for (std::int64_t i = 0; i < got.numel() && reported < 5; ++i) {
    const double limit = Tolerance<T>::kAbsolute + Tolerance<T>::kRelative * std::abs(double(expected[i]));
    if (std::abs(double(got[i]) - double(expected[i])) > limit) {
      ADD_FAILURE() << what << "[" << i << "]: got " << got[i] << ", torch " << expected[i];
      ++reported;
    }
  }
}

template <typename T>
void run_case(const io::SafetensorsFile& file) {
  const RecurrentConfig config = config_from(file.metadata());
  Parameters<T> params;
  const Recurrent<T> rnn(config, params);
  for (std::size_t p = 0; p < params.count(); ++p) {
    const Tensor<T> value = file.get<T>(params.name(p));
    ASSERT_EQ(to_string(value.shape()), to_string(params.shape(p))) << params.name(p);
    std::copy(value.span().begin(), value.span().end(), params.value(p).begin());
  }
  auto optional = [&](const char* name) { return file.contains(name) ? file.get<T>(name) : Tensor<T>(); };
  const Tensor<T> input = file.get<T>("input"), h0 = optional("h0"), c0 = optional("c0");
  const Tensor<T> grad_h_n = optional("grad_h_n"), grad_c_n = optional("grad_c_n");
  auto pointer = [](const Tensor<T>& t) { return t.empty() ? nullptr : &t; };

  RecurrentCache<T> cache;
  const auto out = rnn.forward(params, input, cache, pointer(h0), pointer(c0));
  expect_close("output", out.output, file.get<T>("output"));
  expect_close("h_n", out.h_n, file.get<T>("h_n"));
  if (config.mode == Mode::Lstm) expect_close("c_n", out.c_n, file.get<T>("c_n"));

  params.zero_grad();
  const auto grads = rnn.backward(params, cache, file.get<T>("grad_output"), pointer(grad_h_n), pointer(grad_c_n));
  expect_close("grad_input", grads.input, file.get<T>("grad_input"));
  if (!h0.empty()) expect_close("grad_h0", grads.h0, file.get<T>("grad_h0"));
  if (!c0.empty()) expect_close("grad_c0", grads.c0, file.get<T>("grad_c0"));
  for (std::size_t p = 0; p < params.count(); ++p) {
    const Tensor<T> grad(params.shape(p), std::vector<T>(params.grad(p).begin(), params.grad(p).end()));
    expect_close("grad." + params.name(p), grad, file.get<T>("grad." + params.name(p)));
  }
}

class TorchParity : public testing::TestWithParam<std::string> {};

TEST_P(TorchParity, ForwardAndBackwardMatchPyTorch) {
  const auto file = io::SafetensorsFile::read(kCaseFolder / (GetParam() + ".safetensors"));
  if (file.at("input").dtype == io::Dtype::kF64)
    run_case<double>(file);
  else
    run_case<float>(file);
}

INSTANTIATE_TEST_SUITE_P(CommittedCases, TorchParity, testing::ValuesIn(case_names()),
                         [](const testing::TestParamInfo<std::string>& info) { return "case" + info.param; });

TEST(TorchParityCases, AtLeastOneHundredAreCommitted) { EXPECT_GE(case_names().size(), 100u); }

}  // namespace
}  // namespace elman::nn
