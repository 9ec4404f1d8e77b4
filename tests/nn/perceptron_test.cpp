// The text's perceptrons against the Python itself (tests/fixtures/make_walkthrough_cases.py runs the text's code).
#include "elman/nn/perceptron.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "elman/core/error.hpp"
#include "elman/core/numpy_print.hpp"

namespace elman::nn {
namespace {

constexpr double kTolerance = 1e-12;

nlohmann::json walkthrough_cases() {
  std::ifstream in(ELMAN_SOURCE_DIR "/tests/fixtures/walkthrough_cases.json");
  return nlohmann::json::parse(in).at("walkthrough");
}

// Steps the perceptron through the case's scaled inputs and returns every hidden state.
template <typename Perceptron>
std::vector<std::vector<double>> run(const nlohmann::json& c) {
  NumpyRandomState random{c.at("seed").get<std::uint32_t>()};
  Perceptron perceptron(c.at("hidden").get<std::int64_t>(), random);
  std::vector<std::vector<double>> states;
  for (double x : c.at("inputs")) states.push_back(perceptron.step(x));
  return states;
}

void expect_states_match(const std::string& cell) {
  int checked = 0;
  for (const auto& c : walkthrough_cases()) {
    if (c.at("cell") != cell) continue;
    const auto expected = c.at("states").get<std::vector<std::vector<double>>>();
    const auto actual = cell == "rnn" ? run<SimpleRNNPerceptron>(c) : run<LSTMPerceptron>(c);
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t t = 0; t < expected.size(); ++t) {
      ASSERT_EQ(actual[t].size(), expected[t].size());
      for (std::size_t i = 0; i < expected[t].size(); ++i)
        EXPECT_NEAR(actual[t][i], expected[t][i], kTolerance)
            << cell << " year " << c["year"] << " hidden " << c["hidden"] << " seed " << c["seed"] << " step " << t;
    }
    ++checked;
  }
  EXPECT_GE(checked, 30);
}

TEST(SimpleRNNPerceptron, HiddenStatesEqualTheTextsPythonForEveryFixture) { expect_states_match("rnn"); }

TEST(LSTMPerceptron, HiddenStatesEqualTheFollowUpTextsPythonForEveryFixture) { expect_states_match("lstm"); }

TEST(SimpleRNNPerceptron, PrintedStatesEqualThePythonsLinesCharacterForCharacter) {
  for (const auto& c : walkthrough_cases()) {
    const auto states = c.at("cell") == "rnn" ? run<SimpleRNNPerceptron>(c) : run<LSTMPerceptron>(c);
    for (std::size_t t = 0; t < states.size(); ++t)
      EXPECT_EQ(fmt::format("Step {}: Hidden State = {}", t + 1, format_numpy_array(states[t])),
                c.at("lines")[t].get<std::string>());
  }
}

TEST(SimpleRNNPerceptron, DrawsInputWeightsBeforeRecurrentWeights) {
  NumpyRandomState numpy{0};
  const SimpleRNNPerceptron rnn(2, numpy);
  NumpyRandomState again{0};
  const Tensor<double> w_x = again.randn(2, 1);
  const Tensor<double> w_h = again.randn(2, 2);
  for (std::int64_t k = 0; k < 2; ++k) EXPECT_EQ(rnn.W_x[k], w_x[k] * 0.1);
  for (std::int64_t k = 0; k < 4; ++k) EXPECT_EQ(rnn.W_h[k], w_h[k] * 0.1);
  EXPECT_EQ(rnn.b, std::vector<double>(2, 0.0));
  EXPECT_EQ(rnn.hidden_state(), std::vector<double>(2, 0.0));
}

TEST(LSTMPerceptron, DrawsGatesInTheOrderForgetInputCandidateOutput) {
  NumpyRandomState numpy{3};
  const LSTMPerceptron lstm(1, numpy);
  NumpyRandomState again{3};
  for (const auto* gate : {&lstm.forget, &lstm.input, &lstm.candidate, &lstm.output}) {
    EXPECT_EQ(gate->W[0], again.randn(1, 1)[0] * 0.1);
    EXPECT_EQ(gate->U[0], again.randn(1, 1)[0] * 0.1);
  }
}

TEST(SimpleRNNPerceptron, SameElmanSeedGivesTheSameStates) {
  Rng first{7};
  Rng second{7};
  SimpleRNNPerceptron a(4, first);
  SimpleRNNPerceptron b(4, second);
  EXPECT_EQ(a.step(0.5), b.step(0.5));
}

TEST(SimpleRNNPerceptron, RejectsAHiddenSizeBelowOne) {
  NumpyRandomState numpy{0};
  try {
    SimpleRNNPerceptron rnn(0, numpy);
    FAIL() << "expected elman::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "perceptron: expected a hidden size of at least 1, got 0");
  }
}

TEST(LSTMPerceptron, RejectsANegativeHiddenSize) {
  NumpyRandomState numpy{0};
  EXPECT_THROW(LSTMPerceptron(-3, numpy), Error);
}

}  // namespace
}  // namespace elman::nn
