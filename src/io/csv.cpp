#include "elman/io/csv.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <istream>
#include <optional>
#include <system_error>

#include "elman/core/error.hpp"

namespace elman::io {
namespace fs = std::filesystem;

namespace {

constexpr int kEnd = std::char_traits<char>::eof();

bool is_blank(const CsvRecord& record, bool quoted) {
  if (quoted || record.fields.size() != 1) return false;
  const std::string& text = record.fields.front();
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// The length of the UTF-8 sequence a lead byte opens, and the smallest code point it may encode (to reject
// overlong forms), per RFC 3629 section 4. Zero for bytes that cannot start a sequence.
struct Utf8Lead {
  int length;
  char32_t minimum;
};

Utf8Lead utf8_lead(unsigned char byte) {
  if (byte < 0x80) return {1, 0};
  if ((byte & 0xE0) == 0xC0) return {2, 0x80};
  if ((byte & 0xF0) == 0xE0) return {3, 0x800};
  if ((byte & 0xF8) == 0xF0) return {4, 0x10000};
  return {0, 0};
}

// The code points of Windows-1252's bytes 0x80 to 0x9F, as the WHATWG Encoding Standard's index gives them (the five
// bytes that name no character map to the C1 controls of the same value); every other byte is its own code point.
constexpr std::array<char16_t, 32> kWindows1252High{0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                                    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::string windows_1252_to_utf8(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const char32_t code = byte >= 0x80 && byte <= 0x9F ? kWindows1252High[byte - 0x80] : byte;
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }
  return out;
}

// The delimiter that Excel's hint line names where the file's first line is one ("sep=;"), or nullopt.
std::optional<char> excel_separator_line(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::string line;
  if (!std::getline(file, line)) return std::nullopt;
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  if (line.ends_with('\r')) line.pop_back();
  if (line.size() != 5 || !line.starts_with("sep=")) return std::nullopt;
  return line.back();
}

// The fields of the header of `path` read with `options` when each of the first `sample` records after it has as
// many; 0 otherwise. With `looks_like_names`, the header must also read as names above numbers: fewer of its fields
// hold a digit than of the first record's (so a data row is never taken for a header).
std::size_t consistent_fields(const fs::path& path, CsvOptions options, std::size_t sample, bool looks_like_names) {
  try {
    CsvReader reader(path, options);
    CsvRecord record;
    const auto with_digits = [](const std::vector<std::string>& fields) {
      return std::count_if(fields.begin(), fields.end(),
                           [](const std::string& f) { return f.find_first_of("0123456789") != std::string::npos; });
    };
    if (looks_like_names && (!reader.next(record) || with_digits(reader.header()) >= with_digits(record.fields)))
      return 0;
    for (std::size_t i = looks_like_names ? 1 : 0; i < sample && reader.next(record); ++i) {
    }
    return reader.header().size();
  } catch (const Error&) {
    return 0;  // a record split into another number of fields than the header, or text that is no CSV with it
  }
}

}  // namespace

CsvLayout detect_layout(const fs::path& path, char delimiter, std::optional<std::size_t> skip_lines, char excluded,
                        std::size_t sample) {
  if (const auto named = excel_separator_line(path))
    return {delimiter != '\0' ? delimiter : *named, skip_lines.value_or(1)};
  constexpr std::size_t kMostSkipped = 20;
  std::vector<char> candidates;
  for (const char c : {',', ';', '\t', '|'})
    if (c != excluded) candidates.push_back(c);
  if (delimiter != '\0') candidates = {delimiter};
  const std::size_t first_skip = skip_lines.value_or(0);
  const std::size_t last_skip = skip_lines.value_or(kMostSkipped);
  for (std::size_t skip = first_skip; skip <= last_skip; ++skip) {
    CsvLayout best{candidates.front(), skip};
    std::size_t most = 1;
    for (const char candidate : candidates) {
      const std::size_t fields =
          consistent_fields(path, {.delimiter = candidate, .skip_lines = skip}, sample, !skip_lines && skip > 0);
      if (fields > most) best = {candidate, skip}, most = fields;
    }
    if (most > 1) return best;
  }
  return {delimiter != '\0' ? delimiter : ',', first_skip};
}

std::string delimiter_hint(const std::vector<std::string>& header, char delimiter) {
  if (header.size() != 1) return "";
  for (const char other : {';', '\t', '|', ','})
    if (other != delimiter && header.front().find(other) != std::string::npos)
      return fmt::format(" (the header is one field; give --delimiter {} if it separates the fields)",
                         other == '\t' ? std::string("tab") : fmt::format("'{}'", other));
  return "";
}

bool is_valid_utf8(std::string_view text, std::size_t* bad_offset) {
  std::size_t i = 0;
  const auto reject = [&] {
    if (bad_offset != nullptr) *bad_offset = i;
    return false;
  };
  while (i < text.size()) {
    const auto lead = utf8_lead(static_cast<unsigned char>(text[i]));
    if (lead.length == 0 || i + std::size_t(lead.length) > text.size()) return reject();
    char32_t code = lead.length == 1 ? char32_t(text[i]) : char32_t(text[i]) & (0x7Fu >> lead.length);
    for (int k = 1; k < lead.length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + std::size_t(k)]);
      if ((byte & 0xC0) != 0x80) return reject();
      code = (code << 6) | (byte & 0x3Fu);
    }
    if (code < lead.minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return reject();
    i += std::size_t(lead.length);
  }
  return true;
}

CsvReader::CsvReader(const fs::path& path, CsvOptions options) : source_(path.string()), options_(options) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) fail("{}: no such file", source_);
  if (fs::is_directory(status)) fail("{}: cannot read: it is a folder, expected a CSV file", source_);
  file_.open(path, std::ios::binary);
  if (!file_) fail("{}: cannot read: {}", source_, std::generic_category().message(errno));
  in_ = &file_;
  read_header();
}

CsvReader::CsvReader(std::istream& in, std::string source, CsvOptions options)
    : in_(&in), source_(std::move(source)), options_(options) {
  read_header();
}

void CsvReader::fail_at(std::size_t line, const std::string& what) const { fail("{}:{}: {}", source_, line, what); }

int CsvReader::get() {
  if (pending_ < pushed_back_.size()) return static_cast<unsigned char>(pushed_back_[pending_++]);
  return in_->rdbuf()->sbumpc();
}

int CsvReader::peek() {
  if (pending_ < pushed_back_.size()) return static_cast<unsigned char>(pushed_back_[pending_]);
  return in_->rdbuf()->sgetc();
}

void CsvReader::read_header() {
  if (const int first = in_->rdbuf()->sgetc(); first == 0xFF || first == 0xFE) {
    // A UTF-16 byte order mark (FF FE or FE FF), as in Excel's "Unicode Text", whose NUL bytes would be reported
    // as binary data.
    pushed_back_.push_back(static_cast<char>(in_->rdbuf()->sbumpc()));
    if (in_->rdbuf()->sgetc() == (first == 0xFF ? 0xFE : 0xFF)) {
      fail(
          "{}: the file is UTF-16 text; expected UTF-8 (save it as \"CSV UTF-8\", or convert it with iconv -f "
          "UTF-16 -t UTF-8)",
          source_);
    }
  } else {
    // A UTF-8 byte order mark (EF BB BF) is an encoding signature, not part of the first column's name.
    static constexpr char kBom[] = "\xEF\xBB\xBF";
    for (int i = 0; i < 3 && in_->rdbuf()->sgetc() == static_cast<unsigned char>(kBom[i]); ++i) {
      pushed_back_.push_back(static_cast<char>(in_->rdbuf()->sbumpc()));
    }
    if (pushed_back_.size() == 3) pushed_back_.clear();
  }
  for (std::size_t skipped = 0; skipped < options_.skip_lines; ++skipped, ++line_) {
    int c = get();
    while (c != kEnd && c != '\n' && c != '\r') c = get();
    if (c == kEnd)
      fail("{}: the file ends within the {} lines to skip; expected a header row after them", source_,
           options_.skip_lines);
    if (c == '\r' && peek() == '\n') get();
  }
  if (!read_record(header_)) {
    if (options_.skip_lines > 0)
      fail("{}: no header row after the {} lines skipped; expected one", source_, options_.skip_lines);
    fail("{}: the file is empty, expected a header row", source_);
  }
}

void CsvReader::add_byte(std::string& field, int byte) {
  if (byte == 0) {
    // A zip archive's signature ("PK\3\4") opens .xlsx and .ods workbooks, the likeliest binary file given as CSV.
    if (line_ == 1 && field.starts_with("PK\x03\x04"))
      fail_at(line_, "expected CSV text, got a zip archive (an Excel or LibreOffice workbook? save it as CSV)");
    fail_at(line_, "expected CSV text, got a NUL byte (a binary file?)");
  }
  if (++record_bytes_ > options_.max_record_bytes) {
    fail_at(line_, fmt::format("record longer than {} bytes; expected CSV lines of at most that size",
                               options_.max_record_bytes));
  }
  field.push_back(static_cast<char>(byte));
}

void CsvReader::end_field(CsvRecord& record, std::string& field) {
  // Text that is not UTF-8 is most often Windows-1252, which Excel on Windows writes its CSV in (m³, °C, €).
  std::size_t bad = 0;
  if (!is_valid_utf8(field, &bad)) {
    if (!legacy_byte_) legacy_byte_ = {line_, static_cast<unsigned char>(field[bad])};
    field = windows_1252_to_utf8(field);
  }
  record.fields.push_back(std::move(field));
  field.clear();
}

void CsvReader::read_quoted(std::string& field, std::size_t start_line) {
  // RFC 4180 section 2, rules 5-7: inside quotes, delimiters and line breaks are data and "" is one quote.
  for (;;) {
    const int c = get();
    if (c == kEnd) fail_at(start_line, "quoted field is never closed; expected a closing '\"'");
    if (c == '"') {
      if (peek() != '"') return;
      get();
    }
    add_byte(field, c);
    if (c == '\n') ++line_;
  }
}

bool CsvReader::read_record(CsvRecord& record) {
  for (;;) {
    record.fields.clear();
    record_bytes_ = 0;
    if (peek() == kEnd) return false;
    record.line = line_;
    std::string field;
    bool quoted = false;
    bool done = false;
    while (!done) {
      const int c = get();
      if (c == '"' && field.empty()) {
        const std::size_t start = line_;
        read_quoted(field, start);
        quoted = true;
        const int after = peek();
        if (after != options_.delimiter && after != '\r' && after != '\n' && after != kEnd) {
          fail_at(line_, fmt::format("expected '{}' or the end of the line after a closing quote, got '{}'",
                                     options_.delimiter, static_cast<char>(after)));
        }
      } else if (c == options_.delimiter) {
        end_field(record, field);
      } else if (c == '\r' || c == '\n' || c == kEnd) {
        end_field(record, field);
        if (c == '\r' && peek() == '\n') get();
        if (c != kEnd) ++line_;
        done = true;
      } else {
        add_byte(field, c);
      }
    }
    if (!is_blank(record, quoted)) return true;
  }
}

namespace {

bool is_digits(std::string_view text, bool signed_) {
  if (signed_ && !text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A row of a comma-delimited file with more fields than its header, where each extra field can be the digits after a
// decimal comma (2017-01-01,1,5 for 1,5): a hint naming the last such number, or "".
std::string decimal_comma_hint(const CsvRecord& record, std::size_t expected, char delimiter) {
  if (delimiter != ',' || record.fields.size() <= expected) return "";
  std::size_t pairs = 0;
  std::string last;
  for (std::size_t i = record.fields.size() - 1; i > 0; --i) {
    if (!is_digits(record.fields[i], false) || !is_digits(record.fields[i - 1], true)) continue;
    if (last.empty()) last = record.fields[i - 1] + ',' + record.fields[i];
    ++pairs;
    --i;
    if (i == 0) break;
  }
  if (pairs < record.fields.size() - expected) return "";
  return fmt::format(" (if '{}' is a number with a decimal comma, quote it, \"{}\", or separate the fields with ';')",
                     last, last);
}

}  // namespace

bool CsvReader::next(CsvRecord& record) {
  if (!read_record(record)) return false;
  if (record.fields.size() != header_.fields.size()) {
    std::string hint = delimiter_hint(header_.fields, options_.delimiter);
    if (hint.empty()) hint = decimal_comma_hint(record, header_.fields.size(), options_.delimiter);
    // A header of one field above wider rows: likely a title above the table, whose header may be this line.
    if (hint.empty() && header_.fields.size() == 1)
      hint = fmt::format(" (if the table's header is this line, give --skip {})", record.line - 1);
    fail_at(record.line, fmt::format("expected {} field{} as in the header, got {}{}", header_.fields.size(),
                                     header_.fields.size() == 1 ? "" : "s", record.fields.size(), hint));
  }
  return true;
}

}  // namespace elman::io
