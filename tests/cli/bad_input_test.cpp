// Bad CSV input through the real tool: `elman plot BAD.csv -o out.png` must exit 2 with one line on stderr naming
// the file, line (and column) and what was expected, and leave no output file, nor a temporary, behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/run_tool.hpp"
#include "io/temp_folder.hpp"

namespace {

namespace fs = std::filesystem;
using elman::testing::run_tool;
using elman::testing::TempFolder;

constexpr int kBadInput = 2;

struct BadInput {
  std::string name;
  std::string csv;                 // written to x.csv
  std::vector<std::string> extra;  // more options for `elman plot`
  std::string message;             // the line after "elman: error: "
};

std::vector<std::string> folder_contents(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class BadInputThroughTheTool : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputThroughTheTool, ExitsWithCode2AndOneLineAndLeavesNoFile) {
  const BadInput& input = GetParam();
  const TempFolder folder;
  folder.write("x.csv", input.csv);
  std::vector<std::string> args{"plot", "x.csv", "-o", "out.png"};
  args.insert(args.end(), input.extra.begin(), input.extra.end());
  const auto run = run_tool(args, folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_EQ(run.err, "elman: error: " + input.message + "\n");
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(folder_contents(folder.path()), std::vector<std::string>{"x.csv"});
}

const std::string kHeader = "date,elec-prod\n";

INSTANTIATE_TEST_SUITE_P(
    Csv, BadInputThroughTheTool,
    ::testing::Values(
        BadInput{"EmptyFile", "", {}, "x.csv: the file is empty, expected a header row"},
        BadInput{
            "HeaderOnly", kHeader, {}, "x.csv:1: the file has a header but no data rows; expected at least one row"},
        BadInput{"UnknownColumn",
                 kHeader + "1/1/2017,1\n",
                 {"--value-col", "gas"},
                 "x.csv:1: unknown column 'gas'; the columns are: date, elec-prod"},
        BadInput{"ValueNotANumber",
                 kHeader + "1/1/2017,1\n2/1/2017,2\n3/1/2017,3\n4/1/2017,abc\n",
                 {},
                 "x.csv:5: column 'elec-prod': expected a number, got 'abc'"},
        BadInput{"DecimalCommaWithoutItsOption",
                 "date;elec-prod\n1/1/2017;1,5\n",
                 {"--decimal", "."},
                 "x.csv:2: column 'elec-prod': expected a number, got '1,5' (give --decimal , for a decimal comma)"},
        BadInput{"DigitGroupingWithoutItsOption",
                 kHeader + "1/1/2017,\"1,234.5\"\n",
                 {},
                 "x.csv:2: column 'elec-prod': expected a number, got '1,234.5' (give --thousands , for digits grouped "
                 "with it)"},
        BadInput{"ThousandsMarkOfTwoCharacters",
                 kHeader + "1/1/2017,1\n",
                 {"--thousands", "ab"},
                 "--thousands: expected one character, got 'ab' (elman plot --help lists the options)"},
        BadInput{"DecimalMarkNeitherPointNorComma",
                 kHeader + "1/1/2017,1\n",
                 {"--decimal", "x"},
                 "--decimal: expected '.', ',' or auto, got 'x' (elman plot --help lists the options)"},
        BadInput{"ControlCharacterShownAsItsCode",
                 kHeader + "1/1/2017,1\v\n",
                 {},
                 "x.csv:2: column 'elec-prod': expected a number, got '1\\x0b'"},
        BadInput{"DateThatDoesNotExist",
                 kHeader + "1/1/2017,1\n13/45/2017,2\n",
                 {},
                 "x.csv:3: column 'date': expected a valid date as M/D/YYYY, got '13/45/2017'"},
        BadInput{"DateThatDoesNotParse",
                 kHeader + "2017-003,1\n",
                 {},
                 "x.csv:2: column 'date': expected a date as M/D/YYYY, YYYY-MM-DD, YYYY-MM, YYYY-MM-DD "
                 "HH:MM[:SS][Z|+HH:MM], DD.MM.YYYY, YYYY/MM/DD, Jan 2017, 2017Q1, 2017-W03 or YYYY, got '2017-003' "
                 "(give --date-format for others)"},
        BadInput{"RowWithTooFewFields",
                 kHeader + "1/1/2017,1\n2/1/2017\n",
                 {},
                 "x.csv:3: expected 2 fields as in the header, got 1"},
        BadInput{"RowWithTooManyFields",
                 kHeader + "1/1/2017,1,7\n",
                 {},
                 "x.csv:2: expected 2 fields as in the header, got 3 (if '1,7' is a number with a decimal comma, "
                 "quote it, \"1,7\", or separate the fields with ';')"},
        BadInput{"BinaryGarbage",
                 std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16),
                 {},
                 "x.csv:2: expected a column of numbers besides the date column '\u2030PNG'; the columns are: "
                 "\u2030PNG"},
        BadInput{"NulByte",
                 kHeader + std::string("1/1/2017,\0\n", 11),
                 {},
                 "x.csv:2: expected CSV text, got a NUL byte (a binary file?)"},
        BadInput{"MultiMegabyteLine",
                 kHeader + "1/1/2017," + std::string(3 << 20, '9') + "\n",
                 {},
                 "x.csv:2: record longer than 1048576 bytes; expected CSV lines of at most that size"},
        BadInput{"DuplicateDate",
                 kHeader + "1/1/2017,1\n2/1/2017,2\n2/1/2017,3\n",
                 {},
                 "x.csv:4: duplicate date '2/1/2017' (also on line 3)"},
        BadInput{"UnsortedDates",
                 kHeader + "1/1/2017,1\n3/1/2017,3\n2/1/2017,2\n",
                 {},
                 "x.csv:4: dates out of order: '2/1/2017' comes after '3/1/2017' (line 3); expected increasing dates"},
        BadInput{"GapInMonthlyDates",
                 kHeader + "1/1/2017,1\n2/1/2017,2\n3/1/2017,3\n5/1/2017,5\n",
                 {},
                 "x.csv:5: gap in the monthly dates: 1 missing between '3/1/2017' (line 4) and '5/1/2017' (use "
                 "--missing drop to keep the gap or --missing interpolate to fill it)"},
        BadInput{"MissingValue",
                 kHeader + "1/1/2017,1\n2/1/2017,NA\n",
                 {},
                 "x.csv:3: column 'elec-prod': expected a number, got a missing value 'NA' (use --missing drop or "
                 "--missing interpolate)"},
        BadInput{"UnclosedQuote",
                 kHeader + "1/1/2017,\"1\n",
                 {},
                 "x.csv:2: quoted field is never closed; expected a closing '\"'"}),
    [](const auto& info) { return info.param.name; });

TEST(BadInputPath, MissingFile) {
  const TempFolder folder;
  const auto run = run_tool({"plot", "absent.csv", "-o", "out.png"}, folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_EQ(run.err, "elman: error: absent.csv: no such file\n");
  EXPECT_TRUE(folder_contents(folder.path()).empty());
}

TEST(BadInputPath, FolderGivenAsTheFile) {
  const TempFolder folder;
  fs::create_directory(folder.path() / "data");
  const auto run = run_tool({"plot", "data", "-o", "out.png"}, folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_EQ(run.err, "elman: error: data: cannot read: it is a folder, expected a CSV file\n");
  EXPECT_EQ(folder_contents(folder.path()), std::vector<std::string>{"data"});
}

TEST(BadInputPath, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their permissions";
  const TempFolder folder;
  fs::permissions(folder.write("x.csv", "date,v\n1/1/2017,1\n"), fs::perms::none);
  const auto run = run_tool({"plot", "x.csv", "-o", "out.png"}, folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_EQ(run.err, "elman: error: x.csv: cannot read: Permission denied\n");
  EXPECT_EQ(folder_contents(folder.path()), std::vector<std::string>{"x.csv"});
}

// No command, an unknown one (with the nearest within an edit, or two for longer words), or an option before the
// command: the commands.
TEST(BadCommandLine, AMissingOrUnknownCommandListsTheCommands) {
  const std::string commands = "plot, step, inspect, run, init, train, forecast, backtest, baseline, bench";
  const std::string help = " (elman --help says what each does)\n";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{}, "expected a command: " + commands},
      {{"trian", "x.csv"}, "unknown command 'trian' (did you mean train?); the commands are " + commands},
      {{"forcast"}, "unknown command 'forcast' (did you mean forecast?); the commands are " + commands},
      {{"plto"}, "unknown command 'plto' (did you mean plot?); the commands are " + commands},
      {{"fit", "x.csv"}, "unknown command 'fit'; the commands are " + commands},
      {{"--threads", "2"}, "expected a command before '--threads': " + commands}};
  for (const auto& [args, message] : cases) {
    const auto run = run_tool(args);
    EXPECT_EQ(run.exit_code, 2) << message;
    EXPECT_EQ(run.err, "elman: error: " + message + help);
    EXPECT_EQ(run.out, "");
  }
}

}  // namespace
