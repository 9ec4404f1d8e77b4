#include "elman/io/csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "elman/core/error.hpp"
#include "io/temp_folder.hpp"

namespace elman::io {
namespace {

using elman::testing::error_message;
using elman::testing::TempFolder;
using ::testing::ElementsAre;

std::vector<CsvRecord> read_all(CsvReader& reader) {
  std::vector<CsvRecord> records;
  for (CsvRecord record; reader.next(record);) records.push_back(record);
  return records;
}

std::vector<CsvRecord> read_text(std::string_view text, CsvOptions options = {}) {
  std::istringstream in{std::string(text)};
  CsvReader reader(in, "test.csv", options);
  return read_all(reader);
}

std::string error_reading(std::string_view text, CsvOptions options = {}) {
  return error_message([&] { read_text(text, options); });
}

TEST(CsvReader, ReadsHeaderAndRecordsWithTheirLineNumbers) {
  std::istringstream in("date,value\n1/1/1985,72.5\n2/1/1985,70.67\n");
  CsvReader reader(in, "test.csv");
  EXPECT_THAT(reader.header(), ElementsAre("date", "value"));
  EXPECT_EQ(reader.header_line(), 1U);
  const auto records = read_all(reader);
  ASSERT_EQ(records.size(), 2U);
  EXPECT_THAT(records[0].fields, ElementsAre("1/1/1985", "72.5"));
  EXPECT_EQ(records[0].line, 2U);
  EXPECT_THAT(records[1].fields, ElementsAre("2/1/1985", "70.67"));
  EXPECT_EQ(records[1].line, 3U);
}

TEST(CsvReader, ReadsQuotedFieldsWithEscapedQuotesDelimitersAndNewlines) {
  const auto records = read_text("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"\"\nlast,1\n");
  ASSERT_EQ(records.size(), 3U);
  EXPECT_THAT(records[0].fields, ElementsAre("x, y", "say \"hi\""));
  EXPECT_THAT(records[1].fields, ElementsAre("two\nlines", ""));
  EXPECT_EQ(records[1].line, 3U);
  EXPECT_EQ(records[2].line, 5U);  // the quoted newline counts as a line
}

TEST(CsvReader, SkipsTheUtf8ByteOrderMark) {
  std::istringstream in(
      "\xEF\xBB\xBF"
      "date,value\n1,2\n");
  CsvReader reader(in, "test.csv");
  EXPECT_THAT(reader.header(), ElementsAre("date", "value"));
}

TEST(CsvReader, KeepsAFirstFieldThatOnlyStartsLikeAByteOrderMark) {
  std::istringstream in(
      "\xEF\xBB"
      "a,b\n1,2\n");
  CsvReader reader(in, "test.csv");
  EXPECT_THAT(reader.header(), ElementsAre("\u00EF\u00BB"
                                           "a",
                                           "b"));  // as Windows-1252: not UTF-8
}

TEST(CsvReader, AcceptsCrlfLfAndMissingFinalLineEnd) {
  for (const auto* text : {"a,b\r\n1,2\r\n3,4\r\n", "a,b\n1,2\n3,4\n", "a,b\n1,2\n3,4", "a,b\r1,2\r3,4\r"}) {
    const auto records = read_text(text);
    ASSERT_EQ(records.size(), 2U) << text;
    EXPECT_THAT(records[1].fields, ElementsAre("3", "4"));
    EXPECT_EQ(records[1].line, 3U);
  }
}

TEST(CsvReader, IgnoresBlankLines) {
  const auto records = read_text("a,b\n1,2\n\n3,4\r\n\r\n   \n\n");
  ASSERT_EQ(records.size(), 2U);
  EXPECT_EQ(records[1].line, 4U);
}

TEST(CsvReader, SplitsOnTheChosenDelimiter) {
  const auto semicolons = read_text("a;b\n\"1;5\";2,5\n", {.delimiter = ';'});
  EXPECT_THAT(semicolons[0].fields, ElementsAre("1;5", "2,5"));
  const auto tabs = read_text("a\tb\n1\t2\n", {.delimiter = '\t'});
  EXPECT_THAT(tabs[0].fields, ElementsAre("1", "2"));
}

TEST(CsvReader, KeepsMultibyteUtf8Text) {
  const auto records = read_text("name,v\nZ\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x93\x88,1\n");
  EXPECT_EQ(records[0].fields[0], "Z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x93\x88");
}

TEST(CsvReader, RejectsARowWithTooFewFields) {
  EXPECT_EQ(error_reading("a,b,c\n1,2,3\n4,5\n"), "test.csv:3: expected 3 fields as in the header, got 2");
}

TEST(CsvReader, RejectsARowWithTooManyFields) {
  EXPECT_EQ(error_reading("a,b\n1,2\n\nx,y,z\n"), "test.csv:4: expected 2 fields as in the header, got 3");
  // Digits after a comma may be the decimals of the number before it.
  EXPECT_EQ(error_reading("a,b\n1,2\n\n4,5,6\n"),
            "test.csv:4: expected 2 fields as in the header, got 3 (if '5,6' is a number with a decimal comma, quote "
            "it, \"5,6\", or separate the fields with ';')");
  EXPECT_EQ(error_reading("a,b,c\n1,2,3\n-4,5,x,-6,7\n"),
            "test.csv:3: expected 3 fields as in the header, got 5 (if '-6,7' is a number with a decimal comma, quote "
            "it, \"-6,7\", or separate the fields with ';')");
  EXPECT_EQ(error_reading("a,b,c\n1,2,3\n4,5,x,6,y\n"), "test.csv:3: expected 3 fields as in the header, got 5");
  EXPECT_EQ(error_reading("a;b\n1;2\n4;5;6\n", {.delimiter = ';'}),
            "test.csv:3: expected 2 fields as in the header, got 3");
}

TEST(CsvReader, RejectsNulBytes) {
  EXPECT_EQ(error_reading(std::string("a,b\n1,2\n3,\0\x01\n", 13)),
            "test.csv:3: expected CSV text, got a NUL byte (a binary file?)");
}

// A field that is not UTF-8 is read as Windows-1252 (Excel's CSV on Windows), and the reader says where it first met
// one; the UTF-8 fields around it stay as they are.
TEST(CsvReader, ReadsTextThatIsNotUtf8AsWindows1252) {
  std::istringstream in("a,b\n\u00B0C,2\n3 \x80,m\xB3 \x81\x9F\xFF\n");
  CsvReader reader(in, "test.csv");
  EXPECT_EQ(reader.first_windows_1252_byte(), std::nullopt);
  const auto records = read_all(reader);
  EXPECT_THAT(records[0].fields, ElementsAre("\u00B0C", "2"));
  EXPECT_THAT(records[1].fields, ElementsAre("3 \u20AC", "m\u00B3 \u0081\u0178\u00FF"));
  EXPECT_EQ(reader.first_windows_1252_byte(), std::make_pair(std::size_t{3}, static_cast<unsigned char>(0x80)));
}

TEST(CsvReader, SaysWhenTheFileIsUtf16) {
  const std::string message =
      "test.csv: the file is UTF-16 text; expected UTF-8 (save it as \"CSV UTF-8\", or convert it with iconv -f "
      "UTF-16 -t UTF-8)";
  EXPECT_EQ(error_reading(std::string("\xFF\xFE"
                                      "a\0,\0b\0\n\0",
                                      10)),
            message);
  EXPECT_EQ(error_reading(std::string("\xFE\xFF\0a\0,\0b\0\n", 10)), message);
  EXPECT_THAT(read_text("\xFF"
                        "a,b\n1,2\n")[0]
                  .fields,
              ElementsAre("1", "2"));  // a lone 0xFF is Windows-1252's y
}

TEST(CsvReader, RejectsARecordLongerThanTheLimit) {
  EXPECT_EQ(error_reading("a,b\n1,2\n3,45678901\n", {.max_record_bytes = 8}),
            "test.csv:3: record longer than 8 bytes; expected CSV lines of at most that size");
}

TEST(CsvReader, RejectsAMultiMegabyteFieldWithTheDefaultLimit) {
  const std::string text = "a,b\n1,\"" + std::string(3 << 20, 'x') + "\"\n";
  EXPECT_EQ(error_reading(text),
            "test.csv:2: record longer than 1048576 bytes; expected CSV lines of at most that size");
}

TEST(CsvReader, RejectsAQuoteThatNeverCloses) {
  EXPECT_EQ(error_reading("a,b\n1,\"open\n2,3\n"), "test.csv:2: quoted field is never closed; expected a closing '\"'");
}

TEST(CsvReader, RejectsTextAfterAClosingQuote) {
  EXPECT_EQ(error_reading("a,b\n\"1\"x,2\n"),
            "test.csv:2: expected ',' or the end of the line after a closing quote, got 'x'");
}

TEST(CsvReader, ReportsAnEmptyFile) {
  EXPECT_EQ(error_reading(""), "test.csv: the file is empty, expected a header row");
  EXPECT_EQ(error_reading("\xEF\xBB\xBF\r\n\n"), "test.csv: the file is empty, expected a header row");
}

TEST(CsvReader, ReturnsNoRecordsForAHeaderOnly) { EXPECT_TRUE(read_text("a,b\r\n").empty()); }

TEST(CsvReader, ReadsAFile) {
  const TempFolder folder;
  const auto path = folder.write("x.csv", "a,b\n1,2\n");
  CsvReader reader(path);
  EXPECT_EQ(reader.source(), path.string());
  EXPECT_EQ(read_all(reader).size(), 1U);
}

TEST(DetectLayout, TakesTheUsualDelimiterThatSplitsEveryRowAlike) {
  const TempFolder folder;
  const auto detected = [&](std::string_view text, char excluded = '\0') {
    const auto layout = detect_layout(folder.write("x.csv", text), '\0', std::nullopt, excluded);
    EXPECT_EQ(layout.skip_lines, 0u) << text;
    return layout.delimiter;
  };
  EXPECT_EQ(detected("date,v\n1/1/2017,1.5\n"), ',');
  EXPECT_EQ(detected("date;v\r\n1/1/2017;1,5\r\n"), ';');
  EXPECT_EQ(detected("date\tv\n2017-01-01\t1\n"), '\t');
  EXPECT_EQ(detected("date|v|w\n2017|1|2\n"), '|');
  // The most fields wins: a comma inside a name does not outweigh the semicolons.
  EXPECT_EQ(detected("date;price, EUR;volume\n2017-01-01;1,5;7\n"), ';');
  // A delimiter quoted in the header, or one that would split a later row differently, does not count.
  EXPECT_EQ(detected("\"a;b\",v\n1,2\n"), ',');
  EXPECT_EQ(detected("date;v,w\n2017;1,5\n2017;1\n"), ';');
  // A tie between two delimiters that each split every row alike goes to the earlier of , ; tab |.
  EXPECT_EQ(detected("a,b;c\n1,2;3\n"), ',');
  // A decimal comma is never the delimiter; a header of one field with nothing below it leaves the comma.
  EXPECT_EQ(detected("date;v,w\n2017;1,5\n", ','), ';');
  EXPECT_EQ(detected("value\n1\n"), ',');
  EXPECT_EQ(detect_layout(folder.path() / "absent.csv").delimiter, ',');
}

// Titles and notes above the header (as statistics offices' downloads have them) are skipped where the first line
// splits no delimiter's way: the header is the first line from which one does, with more fields holding digits in
// the record below it than in itself.
TEST(DetectLayout, FindsTheHeaderBelowTitlesAndNotes) {
  const TempFolder folder;
  const auto layout = [&](std::string_view text, char delimiter = '\0', std::optional<std::size_t> skip = {}) {
    const auto found = detect_layout(folder.write("x.csv", text), delimiter, skip);
    return std::pair{found.delimiter, found.skip_lines};
  };
  EXPECT_EQ(layout("Production index\nSource: a survey\n\ndate;v\n2017-01-01;1\n"), std::pair(';', std::size_t{2}));
  // A title row with fields of its own, and a units row without a digit below it, are not the header.
  EXPECT_EQ(layout("\"Title: an index\",\"\",\n\"Units: 2017=100\",\"\"\ndate,v\n2017-01-01,1\n"),
            std::pair(',', std::size_t{2}));
  // A header whose next record holds no digit stays the header when nothing is above it.
  EXPECT_EQ(layout("date,v\n,MW\n2017-01-01,1\n"), std::pair(',', std::size_t{0}));
  // A delimiter or a count given is kept; with nothing that works, the first line stays the header.
  EXPECT_EQ(layout("Title\ndate;v\n2017-01-01;1\n", ';'), std::pair(';', std::size_t{1}));
  EXPECT_EQ(layout("Title\ndate;v\n2017-01-01;1\n", '\0', 0), std::pair(',', std::size_t{0}));
  EXPECT_EQ(layout("one\ntwo\n"), std::pair(',', std::size_t{0}));
  // Excel's hint line names the delimiter; a delimiter given still wins.
  EXPECT_EQ(layout("\xEF\xBB\xBF"
                   "sep=;\r\ndate;v\r\n1/1/2017;1,5\r\n"),
            std::pair(';', std::size_t{1}));
  EXPECT_EQ(layout("sep=\t\ndate\tv\n2017\t1\n"), std::pair('\t', std::size_t{1}));
  EXPECT_EQ(layout("sep=;\ndate;v\n2017;1\n", '|'), std::pair('|', std::size_t{1}));
  // Rows longer than their header do not make a data row the header: the reader then says what is wrong.
  EXPECT_EQ(layout("date,v\n2017-01-01,1,\n2017-01-02,2,\n"), std::pair(',', std::size_t{0}));
}

TEST(CsvReader, SkipsTheLinesAboveTheHeaderWhateverTheyHold) {
  std::istringstream in("title \"unclosed\nnote,with;marks\r\ndate,v\n1,2\n");
  CsvReader reader(in, "test.csv", {.skip_lines = 2});
  EXPECT_THAT(reader.header(), ElementsAre("date", "v"));
  EXPECT_EQ(reader.header_line(), 3u);
  EXPECT_EQ(read_all(reader)[0].line, 4u);
  EXPECT_EQ(error_reading("a\nb\n", {.skip_lines = 3}),
            "test.csv: the file ends within the 3 lines to skip; expected a header row after them");
  EXPECT_EQ(error_reading("a\n\n\n", {.skip_lines = 1}),
            "test.csv: no header row after the 1 lines skipped; expected one");
}

TEST(CsvReader, ReportsAMissingFile) {
  const TempFolder folder;
  const auto path = folder.path() / "absent.csv";
  EXPECT_EQ(error_message([&] { CsvReader reader(path); }), path.string() + ": no such file");
}

TEST(CsvReader, ReportsAFolderGivenAsTheFile) {
  const TempFolder folder;
  EXPECT_EQ(error_message([&] { CsvReader reader(folder.path()); }),
            folder.path().string() + ": cannot read: it is a folder, expected a CSV file");
}

TEST(Utf8, RejectsOverlongFormsSurrogatesAndCodePointsPastTheLast) {
  std::size_t offset = 99;
  EXPECT_TRUE(is_valid_utf8("plain \xC3\xA9"));
  EXPECT_FALSE(is_valid_utf8("ab\xC0\x80", &offset));
  EXPECT_EQ(offset, 2U);
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800, a surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
}

}  // namespace
}  // namespace elman::io
