// `elman bench`: tiny sizes so the suite stays fast; the figures are checked for shape and sign, never for speed
// (benchmarks are not timed tests).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_tool.hpp"

namespace {

using elman::testing::ToolRun;

constexpr const char* kTiny = "bench --batch 2 --steps 3 --input 2 --hidden 3 --repeat 2 --warmup 1 --json";

ToolRun elman(const std::string& args) {
  std::vector<std::string> words;
  std::istringstream in(args);
  for (std::string word; in >> word;) words.push_back(word);
  return elman::testing::run_tool(words);
}

nlohmann::json last_line_json(const std::string& out) {
  std::string text = out;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return nlohmann::json::parse(text.substr(text.find_last_of('\n') + 1));
}

void expect_positive(const nlohmann::json& figures, const char* name) {
  ASSERT_TRUE(figures.contains(name)) << name << " in " << figures.dump();
  EXPECT_GT(figures.at(name).get<double>(), 0.0) << name;
}

TEST(BenchCommand, JsonLastLineHoldsPositiveFiguresForEveryMode) {
  for (const char* mode : {"rnn", "lstm", "gru"}) {
    const ToolRun run = elman(std::string(kTiny) + " --mode " + mode);
    ASSERT_EQ(run.exit_code, 0) << mode << ": " << run.err;
    const auto figures = last_line_json(run.out);
    expect_positive(figures, "fwd_ms");
    expect_positive(figures, "fwd_bwd_ms");
    expect_positive(figures, "fwd_gflops");
    expect_positive(figures, "peak_rss_mib");
    EXPECT_EQ(figures.at("mode"), mode);
    EXPECT_FALSE(figures.contains("train_step_ms"));
    EXPECT_FALSE(figures.contains("ns_per_step"));
  }
}

TEST(BenchCommand, HeadAddsTheTrainingStepAndStreamTheStepTime) {
  const ToolRun run = elman(std::string(kTiny) + " --mode lstm --layers 2 --bidirectional --head 4 --optimizer adam "
                                                 "--stream --threads 3 --dtype float64");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto figures = last_line_json(run.out);
  expect_positive(figures, "train_step_ms");
  expect_positive(figures, "ns_per_step");
  expect_positive(figures, "fwd_gflops");
  EXPECT_EQ(figures.at("head"), 4);
  EXPECT_EQ(figures.at("threads"), 3);
  EXPECT_EQ(figures.at("dtype"), "float64");
}

TEST(BenchCommand, RejectsMoreThan1024Threads) {
  const ToolRun run = elman("bench --mode rnn --batch 2 --steps 3 --input 2 --hidden 3 --threads 5000");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "elman: error: --threads: expected at most 1024, got 5000\n");
  EXPECT_EQ(run.out, "");
}

// Sizes no memory holds are refused before anything is allocated (10^9 steps ran out of memory: an internal error).
TEST(BenchCommand, RejectsSizesWhoseTensorsWouldHoldMoreThan4e9Values) {
  const ToolRun run = elman("bench --mode lstm --batch 1 --steps 1000000000 --input 1 --hidden 8");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "elman: error: --batch, --steps, --input, --hidden, --head: the largest tensor would hold 3.2e+10 values: "
            "expected at most 4e+09\n");
  EXPECT_EQ(run.out, "");
}

TEST(BenchCommand, AnOptionThatIsNotANumberIsAOneLineError) {
  const ToolRun run = elman("bench --mode rnn --batch 2 --steps 3 --input 2 --hidden 3 --threads two");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "elman: error: --threads: expected a whole number, got two (elman bench --help lists the options)\n");
  EXPECT_EQ(run.out, "");
}

TEST(BenchCommand, RejectsAZeroHiddenSize) {
  const ToolRun run = elman("bench --mode rnn --batch 2 --steps 3 --input 2 --hidden 0");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "elman: error: --hidden: expected a positive integer, got 0\n");
  EXPECT_EQ(run.out, "");
}

TEST(BenchCommand, RejectsAnUnknownMode) {
  const ToolRun run = elman("bench --mode transformer --batch 2 --steps 3 --input 2 --hidden 3");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "elman: error: --mode: expected rnn, lstm or gru, got 'transformer'\n");
}

TEST(BenchCommand, RejectsAnOptimizerOtherThanAdam) {
  const ToolRun run = elman("bench --mode gru --batch 2 --steps 3 --input 2 --hidden 3 --head 1 --optimizer sgd");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "elman: error: --optimizer: expected 'adam', got 'sgd'\n");
}

}  // namespace
