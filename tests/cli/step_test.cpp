// `elman step`: drives build/elman as a user would and holds its output to the text's Python
// (tests/fixtures/walkthrough_cases.json, made by tests/fixtures/make_walkthrough_cases.py).
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_tool.hpp"

namespace {

using elman::testing::ToolRun;

constexpr double kTolerance = 1e-12;

// Runs `elman ARGS` (words split at spaces) from the source folder, so `data/electric.csv` is the bundled file.
ToolRun elman(const std::string& args) {
  std::vector<std::string> words;
  std::istringstream in(args);
  for (std::string word; in >> word;) words.push_back(word);
  return elman::testing::run_tool(words, ELMAN_SOURCE_DIR);
}

nlohmann::json walkthrough_cases() {
  std::ifstream in(ELMAN_SOURCE_DIR "/tests/fixtures/walkthrough_cases.json");
  return nlohmann::json::parse(in).at("walkthrough");
}

std::string arguments(const nlohmann::json& c) {
  return fmt::format("step data/electric.csv --year {} --hidden {} --numpy-seed {} --cell {}", c.at("year").get<int>(),
                     c.at("hidden").get<int>(), c.at("seed").get<std::uint64_t>(), c.at("cell").get<std::string>());
}

std::string joined_lines(const nlohmann::json& lines) {
  std::string text;
  for (const auto& line : lines) text += line.get<std::string>() + "\n";
  return text;
}

TEST(StepCommand, JsonStatesEqualThePythonForEveryFixtureCase) {
  const auto cases = walkthrough_cases();
  ASSERT_GE(cases.size(), 60U);
  for (const auto& c : cases) {
    const ToolRun run = elman(arguments(c) + " --json");
    ASSERT_EQ(run.exit_code, 0) << arguments(c) << ": " << run.err;
    const auto actual = nlohmann::json::parse(run.out).get<std::vector<std::vector<double>>>();
    const auto expected = c.at("states").get<std::vector<std::vector<double>>>();
    ASSERT_EQ(actual.size(), expected.size()) << arguments(c);
    for (std::size_t t = 0; t < expected.size(); ++t) {
      ASSERT_EQ(actual[t].size(), expected[t].size()) << arguments(c);
      for (std::size_t i = 0; i < expected[t].size(); ++i)
        EXPECT_NEAR(actual[t][i], expected[t][i], kTolerance) << arguments(c) << " step " << t + 1;
    }
  }
}

// The default and the hidden-size sweep of both cells, less the H = 3 cases (the year x seed grid, JSON-checked
// above); tests/nn/perceptron_test.cpp checks the printed lines of every case in-process.
TEST(StepCommand, PrintedLinesEqualThePythonsCharacterForCharacter) {
  int checked = 0;
  for (const auto& c : walkthrough_cases()) {
    if (c.at("hidden") == 3 && c.at("seed") != 0) continue;  // the year x seed grid at H = 3: JSON-checked above
    ++checked;
    const ToolRun run = elman(arguments(c));
    ASSERT_EQ(run.exit_code, 0) << arguments(c) << ": " << run.err;
    EXPECT_EQ(run.out, joined_lines(c.at("lines"))) << arguments(c);
  }
  EXPECT_GE(checked, 32);
}

TEST(StepCommand, DefaultIsTheTextsWalkthroughWithNumpySeedZero) {
  const auto cases = walkthrough_cases();
  const auto& text_case = cases.at(0);
  ASSERT_EQ(text_case.at("year"), 2017);
  ASSERT_EQ(text_case.at("hidden"), 5);
  ASSERT_EQ(text_case.at("seed"), 0);
  ASSERT_EQ(text_case.at("cell"), "rnn");
  const ToolRun run = elman("step data/electric.csv");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, joined_lines(text_case.at("lines")));
  EXPECT_EQ(run.out.substr(0, run.out.find('\n')),
            "Step 1: Hidden State = [0.17459789 0.03999438 0.09756247 0.2204122  0.18461446]");
}

TEST(StepCommand, ElmanSeedIsRepeatableAndDiffersFromNumpysStream) {
  const ToolRun first = elman("step data/electric.csv --seed 11 --json");
  const ToolRun second = elman("step data/electric.csv --seed 11 --json");
  const ToolRun numpy = elman("step data/electric.csv --numpy-seed 11 --json");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
  EXPECT_NE(first.out, numpy.out);
  EXPECT_EQ(nlohmann::json::parse(first.out).size(), 12U);
}

TEST(StepCommand, HelpNamesTheDefaultNumpySeed) {
  const ToolRun run = elman("step --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("default 0 when --seed is not given"), std::string::npos) << run.out;
}

// Each bad input: exit 2, nothing on stdout, one line on stderr.
void expect_bad_input(const std::string& args, const std::string& message) {
  const ToolRun run = elman(args);
  EXPECT_EQ(run.exit_code, 2) << args;
  EXPECT_EQ(run.out, "") << args;
  EXPECT_EQ(run.err, "elman: error: " + message + "\n") << args;
}

TEST(StepCommand, RejectsAYearWithNoRowsNamingTheFilesYears) {
  expect_bad_input("step data/electric.csv --year 2030",
                   "--year 2030: no rows of data/electric.csv lie in this year; its dates run from 1985 to 2018");
}

TEST(StepCommand, RejectsAYearOutsideTheCalendarsFourDigits) {
  // Not "Could not convert" (past 32 bits), and not a year wrapped into another.
  expect_bad_input("step data/electric.csv --year 99999999999",
                   "--year: Value 99999999999 not in range 1 to 9999 (elman step --help lists the options)");
  expect_bad_input("step data/electric.csv --year 0",
                   "--year: Value 0 not in range 1 to 9999 (elman step --help lists the options)");
}

TEST(StepCommand, RejectsAHiddenSizeOfZero) {
  expect_bad_input("step data/electric.csv --hidden 0", "--hidden: expected a hidden size from 1 to 4096, got 0");
}

TEST(StepCommand, RejectsANegativeHiddenSize) {
  expect_bad_input("step data/electric.csv --hidden=-4", "--hidden: expected a hidden size from 1 to 4096, got -4");
}

TEST(StepCommand, RejectsAHiddenSizeTooLargeForATeachingRun) {
  expect_bad_input("step data/electric.csv --hidden 5000", "--hidden: expected a hidden size from 1 to 4096, got 5000");
}

TEST(StepCommand, RejectsAnUnknownCell) {
  expect_bad_input("step data/electric.csv --cell gru", "--cell: expected 'rnn' or 'lstm', got 'gru'");
}

TEST(StepCommand, RejectsBothSeeds) {
  expect_bad_input("step data/electric.csv --numpy-seed 1 --seed 2",
                   "--numpy-seed and --seed exclude each other: give at most one");
}

TEST(StepCommand, RejectsANumpySeedOutsideNumpysRange) {
  expect_bad_input("step data/electric.csv --numpy-seed 4294967296",
                   "--numpy-seed: expected an integer from 0 to 4294967295 (numpy's range), got 4294967296");
  expect_bad_input("step data/electric.csv --numpy-seed=-1",
                   "--numpy-seed: expected an integer from 0 to 4294967295 (numpy's range), got -1");
}

}  // namespace
