#pragma once
// CsvReader: a streaming RFC 4180 tokenizer (https://www.rfc-editor.org/rfc/rfc4180). It knows nothing of dates or
// numbers: it yields records of text fields, each with the line it starts on, and rejects what is not CSV text
// (binary data, ragged rows, runaway fields) with a one-line elman::Error naming the file and line. Text that is not
// UTF-8 is read as Windows-1252.
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace elman::io {

struct CsvOptions {
  char delimiter = ',';
  std::size_t skip_lines = 0;  // lines before the header (titles, notes), skipped whatever they hold
  // A record (one line, or several when a quoted field holds newlines) longer than this is an error, so a
  // multi-megabyte field or a missing closing quote never becomes an unbounded allocation.
  std::size_t max_record_bytes = std::size_t{1} << 20;
};

struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;  // 1-based line on which the record starts
};

class CsvReader {
 public:
  // Opens the file and reads its header row. Throws elman::Error when the file is missing, unreadable, a folder,
  // or holds no header (empty, or only blank lines).
  explicit CsvReader(const std::filesystem::path& path, CsvOptions options = {});
  // Reads from a stream that outlives the reader; `source` names it in messages.
  CsvReader(std::istream& in, std::string source, CsvOptions options = {});

  const std::vector<std::string>& header() const { return header_.fields; }
  std::size_t header_line() const { return header_.line; }
  const std::string& source() const { return source_; }

  // The next data record (as many fields as the header), or false at the end. Blank lines are skipped.
  bool next(CsvRecord& record);
  // A field that is not UTF-8 is read as Windows-1252 (every byte is a character there); for the records read so
  // far, the line and byte of the first such field's first byte that UTF-8 rejects, for a note; nullopt if none.
  std::optional<std::pair<std::size_t, unsigned char>> first_windows_1252_byte() const { return legacy_byte_; }

 private:
  void read_header();
  // Reads one record's fields into `record`; false at the end of input. Blank lines are returned as one empty field.
  bool read_record(CsvRecord& record);
  int get();
  int peek();
  void add_byte(std::string& field, int byte);
  void end_field(CsvRecord& record, std::string& field);
  void read_quoted(std::string& field, std::size_t start_line);
  [[noreturn]] void fail_at(std::size_t line, const std::string& what) const;

  std::ifstream file_;
  std::istream* in_ = nullptr;
  std::string source_;
  CsvOptions options_;
  CsvRecord header_;
  std::size_t line_ = 1;          // the line the next byte belongs to
  std::size_t record_bytes_ = 0;  // bytes of the record being read, checked against max_record_bytes
  std::string pushed_back_;       // bytes read while looking for a byte order mark that was not one
  std::size_t pending_ = 0;       // how many of pushed_back_ have been handed out again
  std::optional<std::pair<std::size_t, unsigned char>> legacy_byte_;  // first_windows_1252_byte()
};

// How a CSV file that does not say is laid out: its delimiter and the lines above its header.
struct CsvLayout {
  char delimiter = ',';
  std::size_t skip_lines = 0;
};

// The delimiter: of , ; tab and | (or `delimiter` alone where not '\0'), the one that splits the header into the
// most fields (at least two) and each of the first `sample` records into as many; a tie goes to the earlier. The
// header is the first line unless no delimiter works so (or `skip_lines` says otherwise): then it is the first line
// of the first 20 from which one does and that reads as names above numbers (fewer of its fields hold a digit than
// of the next record's), the lines above being titles and notes
// (the fewest skipped wins before the most fields). ',' and the first line where nothing works (reading then says
// what is wrong). `excluded` (a decimal comma) is chosen only where nothing works. A first line "sep=;" (Excel's hint)
// names the delimiter, and the header is the line after it.
CsvLayout detect_layout(const std::filesystem::path& path, char delimiter = '\0',
                        std::optional<std::size_t> skip_lines = std::nullopt, char excluded = '\0',
                        std::size_t sample = 100);

// Where a header read as one field holds another usual delimiter (; tab | ,), the hint to give it:
// " (the header is one field; give --delimiter ';' if it separates the fields)"; else "".
std::string delimiter_hint(const std::vector<std::string>& header, char delimiter);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). On failure,
// `bad_offset` receives the offset of the first offending byte.
bool is_valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

}  // namespace elman::io
