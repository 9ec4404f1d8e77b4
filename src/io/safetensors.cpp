#include "elman/io/safetensors.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "elman/core/atomic_file.hpp"
#include "elman/core/error.hpp"

namespace elman::io {
namespace {

using Json = nlohmann::json;

struct DtypeInfo {
  Dtype dtype;
  std::string_view name;
  std::size_t bits;
};

// Names and sizes of huggingface/safetensors `Dtype` (safetensors/src/tensor.rs), in enum order.
constexpr std::array<DtypeInfo, 22> kDtypes{{
    {Dtype::kBool, "BOOL", 8},
    {Dtype::kF4, "F4", 4},
    {Dtype::kF6E2M3, "F6_E2M3", 6},
    {Dtype::kF6E3M2, "F6_E3M2", 6},
    {Dtype::kU8, "U8", 8},
    {Dtype::kI8, "I8", 8},
    {Dtype::kF8E5M2, "F8_E5M2", 8},
    {Dtype::kF8E4M3, "F8_E4M3", 8},
    {Dtype::kF8E8M0, "F8_E8M0", 8},
    {Dtype::kF8E4M3Fnuz, "F8_E4M3FNUZ", 8},
    {Dtype::kF8E5M2Fnuz, "F8_E5M2FNUZ", 8},
    {Dtype::kI16, "I16", 16},
    {Dtype::kU16, "U16", 16},
    {Dtype::kF16, "F16", 16},
    {Dtype::kBF16, "BF16", 16},
    {Dtype::kI32, "I32", 32},
    {Dtype::kU32, "U32", 32},
    {Dtype::kF32, "F32", 32},
    {Dtype::kC64, "C64", 64},
    {Dtype::kF64, "F64", 64},
    {Dtype::kI64, "I64", 64},
    {Dtype::kU64, "U64", 64},
}};

const DtypeInfo& info(Dtype dtype) { return kDtypes.at(std::size_t(dtype)); }

constexpr std::string_view kMetadataKey = "__metadata__";

// Length of the valid UTF-8 prefix of `text` (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
std::size_t valid_utf8_prefix(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (c < 0x80)
      length = 1;
    else if (c >= 0xC2 && c <= 0xDF)
      length = 2;
    else if (c == 0xE0)
      length = 3, low = 0xA0;
    else if (c == 0xED)
      length = 3, high = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF)
      length = 3;
    else if (c == 0xF0)
      length = 4, low = 0x90;
    else if (c == 0xF4)
      length = 4, high = 0x8F;
    else if (c >= 0xF1 && c <= 0xF3)
      length = 4;
    else
      return i;
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return i;
    }
    i += length;
  }
  return i;
}

bool is_valid_utf8(std::string_view text) { return valid_utf8_prefix(text) == text.size(); }

std::uint64_t read_u64_le(std::string_view bytes) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[std::size_t(i)]);
  return value;
}

// A repeated key anywhere in the header, found while parsing (nlohmann::json itself keeps the last one silently).
struct Duplicate {
  std::size_t level;   // 1: a top-level name, 2: a field of an entry
  std::string parent;  // the entry holding it
  std::string key;
};

struct KeyFrame {
  std::set<std::string> keys;
  std::string parent;
  std::string last_key;
};

Json parse_header(std::string_view text, const std::string& where) {
  std::vector<KeyFrame> frames;
  std::optional<Duplicate> duplicate;
  const Json::parser_callback_t watch = [&](int, Json::parse_event_t event, Json& parsed) {
    using E = Json::parse_event_t;
    if (event == E::object_start) {
      frames.push_back({{}, frames.empty() ? std::string() : frames.back().last_key, {}});
    } else if (event == E::object_end) {
      frames.pop_back();
    } else if (event == E::key && !frames.empty()) {
      const auto& key = parsed.get_ref<const std::string&>();
      frames.back().last_key = key;
      if (!frames.back().keys.insert(key).second && !duplicate)
        duplicate = Duplicate{frames.size(), frames.back().parent, key};
    }
    return true;
  };
  Json header;
  try {
    header = Json::parse(text.begin(), text.end(), watch);
  } catch (const Json::exception& e) {  // parse_error, or out_of_range for a number beyond double's range
    std::string message = e.what();
    if (auto at = message.find("] "); at != std::string::npos) message.erase(0, at + 2);
    fail("{}: header is not valid JSON: {}", where, message);
  }
  if (duplicate) {
    if (duplicate->level == 1) fail("{}: '{}' appears twice in the header", where, duplicate->key);
    if (duplicate->parent == kMetadataKey) fail("{}: __metadata__: key '{}' appears twice", where, duplicate->key);
    fail("{}: tensor '{}': field '{}' appears twice", where, duplicate->parent, duplicate->key);
  }
  return header;
}

Metadata parse_metadata(const Json& value, const std::string& where) {
  if (!value.is_object()) fail("{}: __metadata__ must be an object of strings, got {}", where, value.type_name());
  Metadata metadata;
  for (const auto& [key, item] : value.items()) {
    if (!item.is_string())
      fail("{}: __metadata__: value of '{}' must be a string, got {} {}", where, key, item.type_name(), item.dump());
    metadata.emplace(key, item.get<std::string>());
  }
  return metadata;
}

// A tensor's header entry once its JSON types are checked, before its bytes are.
struct Entry {
  std::string name;
  Dtype dtype;
  Shape shape;
  std::uint64_t begin;
  std::uint64_t end;
};

const Json& field(const Json& entry, const char* name, const std::string& where, const std::string& tensor) {
  const auto it = entry.find(name);
  if (it == entry.end()) fail("{}: tensor '{}': missing field '{}'", where, tensor, name);
  return *it;
}

// JSON integers that fit in 63 bits, as the shape and offsets must be; nullopt for anything else.
std::optional<std::int64_t> as_count(const Json& value) {
  if (value.is_number_unsigned() && value.get<std::uint64_t>() <= std::uint64_t(INT64_MAX))
    return std::int64_t(value.get<std::uint64_t>());
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) return value.get<std::int64_t>();
  return std::nullopt;
}

Dtype parse_entry_dtype(const Json& entry, const std::string& where, const std::string& tensor) {
  const Json& value = field(entry, "dtype", where, tensor);
  if (!value.is_string()) fail("{}: tensor '{}': dtype must be a string, got {}", where, tensor, value.dump());
  const auto dtype = parse_dtype(value.get_ref<const std::string&>());
  if (!dtype) fail("{}: tensor '{}': unknown dtype '{}'", where, tensor, value.get_ref<const std::string&>());
  return *dtype;
}

Shape parse_entry_shape(const Json& entry, const std::string& where, const std::string& tensor) {
  const Json& value = field(entry, "shape", where, tensor);
  if (!value.is_array())
    fail("{}: tensor '{}': shape must be an array of non-negative integers, got {}", where, tensor, value.dump());
  Shape shape;
  for (const Json& dim : value) {
    const auto count = as_count(dim);
    if (!count)
      fail("{}: tensor '{}': shape {} must hold non-negative integers, got {}", where, tensor, value.dump(),
           dim.dump());
    shape.push_back(*count);
  }
  return shape;
}

std::pair<std::uint64_t, std::uint64_t> parse_entry_offsets(const Json& entry, const std::string& where,
                                                            const std::string& tensor) {
  const Json& value = field(entry, "data_offsets", where, tensor);
  std::optional<std::int64_t> begin, end;
  if (value.is_array() && value.size() == 2) begin = as_count(value[0]), end = as_count(value[1]);
  if (!begin || !end)
    fail("{}: tensor '{}': data_offsets must be [BEGIN, END] with non-negative integers, got {}", where, tensor,
         value.dump());
  if (*end < *begin) fail("{}: tensor '{}': data_offsets [{}, {}] end before they begin", where, tensor, *begin, *end);
  return {std::uint64_t(*begin), std::uint64_t(*end)};
}

// Bytes that `shape` elements of `dtype` take; nullopt when the count overflows 64 bits or is a fraction of a byte.
std::optional<std::uint64_t> byte_size(Dtype dtype, const Shape& shape) {
  std::uint64_t bits = info(dtype).bits;
  for (auto dim : shape)
    if (__builtin_mul_overflow(bits, std::uint64_t(dim), &bits)) return std::nullopt;
  if (bits % 8 != 0) return std::nullopt;
  return bits / 8;
}

Entry parse_entry(const std::string& name, const Json& value, std::uint64_t data_size, const std::string& where) {
  if (!value.is_object()) fail("{}: tensor '{}': entry must be an object, got {}", where, name, value.type_name());
  Entry entry{name, parse_entry_dtype(value, where, name), parse_entry_shape(value, where, name), 0, 0};
  std::tie(entry.begin, entry.end) = parse_entry_offsets(value, where, name);
  const auto size = byte_size(entry.dtype, entry.shape);
  if (!size)
    fail("{}: tensor '{}': shape {} of {} is not a whole number of bytes that fits in 64 bits", where, name,
         to_string(entry.shape), dtype_name(entry.dtype));
  if (entry.end - entry.begin != *size)
    fail("{}: tensor '{}': data_offsets [{}, {}] hold {} bytes but shape {} of {} needs {}", where, name, entry.begin,
         entry.end, entry.end - entry.begin, to_string(entry.shape), dtype_name(entry.dtype), *size);
  if (entry.end > data_size)
    fail("{}: tensor '{}': data_offsets [{}, {}] lie past the end of the data area ({} bytes)", where, name,
         entry.begin, entry.end, data_size);
  return entry;
}

// The reference reader requires the tensors, ordered by offset, to tile the data area exactly.
void check_coverage(std::vector<Entry>& entries, std::uint64_t data_size, const std::string& where) {
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return std::tie(a.begin, a.end) < std::tie(b.begin, b.end); });
  std::uint64_t covered = 0;
  const Entry* previous = nullptr;
  for (const Entry& entry : entries) {
    if (entry.begin < covered)
      fail("{}: tensor '{}': data_offsets [{}, {}] overlap tensor '{}' at [{}, {}]", where, entry.name, entry.begin,
           entry.end, previous->name, previous->begin, previous->end);
    if (entry.begin > covered)
      fail("{}: tensor '{}': data_offsets [{}, {}] leave a hole: bytes [{}, {}) belong to no tensor", where, entry.name,
           entry.begin, entry.end, covered, entry.begin);
    covered = entry.end;
    if (entry.end > entry.begin || !previous) previous = &entry;
  }
  if (covered != data_size)
    fail("{}: the data area holds {} bytes but the tensors cover only [0, {}): bytes [{}, {}) belong to no tensor",
         where, data_size, covered, covered, data_size);
}

std::string read_whole_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail("{}: cannot read: it is a folder", path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("{}: cannot open: {}", path.string(), std::generic_category().message(errno));
  // The size on disk bounds the allocation; no number from inside the file is trusted here.
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) fail("{}: cannot read: {}", path.string(), ec.message());
  std::string bytes(size, '\0');
  in.read(bytes.data(), std::streamsize(size));
  if (std::uint64_t(in.gcount()) != size)
    fail("{}: cannot read: the file changed size while being read", path.string());
  return bytes;
}

float half_to_float(std::uint16_t h) {
  // IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 fraction bits.
  const float sign = (h & 0x8000) ? -1.0f : 1.0f;
  const int exponent = (h >> 10) & 0x1F;
  const int fraction = h & 0x3FF;
  if (exponent == 0) return sign * std::ldexp(float(fraction), -24);  // zero and subnormals
  if (exponent == 31) return fraction ? std::numeric_limits<float>::quiet_NaN() : sign * INFINITY;
  return sign * std::ldexp(float(fraction | 0x400), exponent - 25);
}

float bfloat16_to_float(std::uint16_t b) { return std::bit_cast<float>(std::uint32_t(b) << 16); }

template <typename Stored, typename T, typename Convert>
void convert_elements(const std::vector<std::byte>& bytes, std::vector<T>& out, Convert convert) {
  out.resize(bytes.size() / sizeof(Stored));
  for (std::size_t i = 0; i < out.size(); ++i) {
    Stored value;
    std::memcpy(&value, bytes.data() + i * sizeof(Stored), sizeof(Stored));
    out[i] = static_cast<T>(convert(value));
  }
}

// The first `count` bytes, with anything but printable ASCII shown as '\xNN', for an error message.
std::string printable_prefix(std::string_view bytes, std::size_t count) {
  std::string out;
  for (const char c : bytes.substr(0, count)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F && c != '\\' && c != '"')
      out += c;
    else
      out += fmt::format("\\x{:02x}", byte);
  }
  return out;
}

void check_name(const std::string& name) {
  if (name == kMetadataKey) fail("a tensor cannot be named '__metadata__' (the format reserves it)");
  if (!is_valid_utf8(name)) fail("tensor name '{}' is not valid UTF-8", name);
}

}  // namespace

std::string_view dtype_name(Dtype dtype) { return info(dtype).name; }

std::optional<Dtype> parse_dtype(std::string_view name) {
  for (const auto& entry : kDtypes)
    if (entry.name == name) return entry.dtype;
  return std::nullopt;
}

std::size_t dtype_bits(Dtype dtype) { return info(dtype).bits; }

bool is_float_dtype(Dtype dtype) {
  return dtype == Dtype::kF32 || dtype == Dtype::kF64 || dtype == Dtype::kF16 || dtype == Dtype::kBF16;
}

SafetensorsFile SafetensorsFile::read(const std::filesystem::path& path) {
  return parse(read_whole_file(path), path.string());
}

SafetensorsFile SafetensorsFile::parse(std::string_view bytes, std::string source) {
  const std::string& where = source;
  if (bytes.size() < 8) fail("{}: file is {} bytes, too short for the 8-byte header length", where, bytes.size());
  const std::uint64_t header_size = read_u64_le(bytes);
  const bool implausible_length = header_size > kMaxHeaderSize || header_size > bytes.size() - 8;
  if (implausible_length && (bytes.size() == 8 || bytes[8] != '{'))
    fail("{}: not a safetensors file: it begins with \"{}\", where a safetensors file begins with an 8-byte header "
         "length and then '{{'",
         where, printable_prefix(bytes, 16));
  if (header_size > kMaxHeaderSize)
    fail("{}: header length {} exceeds the limit of {} bytes", where, header_size, kMaxHeaderSize);
  if (header_size > bytes.size() - 8)
    fail("{}: header length {} runs past the end of the file ({} bytes)", where, header_size, bytes.size());
  const std::string_view header_text = bytes.substr(8, header_size);
  const std::string_view data = bytes.substr(8 + header_size);
  if (header_text.empty() || header_text.front() != '{') fail("{}: header does not begin with '{{'", where);
  if (const auto valid = valid_utf8_prefix(header_text); valid != header_text.size())
    fail("{}: header is not valid UTF-8 (byte {} of the header)", where, valid);
  // nlohmann's lexer takes a NUL byte for the end of input; JSON allows none, so the rest would go unchecked.
  if (const auto nul = header_text.find('\0'); nul != std::string_view::npos)
    fail("{}: header is not valid JSON: NUL byte at byte {} of the header (padding must be spaces)", where, nul);
  const Json header = parse_header(header_text, where);

  SafetensorsFile file;
  file.source_ = source;
  std::vector<Entry> entries;
  for (const auto& [name, value] : header.items()) {
    if (name == kMetadataKey)
      file.metadata_ = parse_metadata(value, where);
    else
      entries.push_back(parse_entry(name, value, data.size(), where));
  }
  check_coverage(entries, data.size(), where);
  for (const Entry& entry : entries) {
    const auto* first = reinterpret_cast<const std::byte*>(data.data()) + entry.begin;
    file.tensors_.emplace(entry.name, StoredTensor{entry.dtype, entry.shape,
                                                   std::vector<std::byte>(first, first + (entry.end - entry.begin))});
  }
  return file;
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> result;
  for (const auto& [name, tensor] : tensors_) result.push_back(name);
  return result;
}

const StoredTensor& SafetensorsFile::at(std::string_view name) const {
  const auto it = tensors_.find(name);
  if (it == tensors_.end()) fail("{}: no tensor named '{}'", source_.empty() ? "safetensors" : source_, name);
  return it->second;
}

template <typename T>
Tensor<T> SafetensorsFile::get(std::string_view name) const {
  const StoredTensor& stored = at(name);
  std::vector<T> values;
  switch (stored.dtype) {
    case Dtype::kF32:
      convert_elements<float>(stored.bytes, values, [](float v) { return v; });
      break;
    case Dtype::kF64:
      convert_elements<double>(stored.bytes, values, [](double v) { return v; });
      break;
    case Dtype::kF16:
      convert_elements<std::uint16_t>(stored.bytes, values, half_to_float);
      break;
    case Dtype::kBF16:
      convert_elements<std::uint16_t>(stored.bytes, values, bfloat16_to_float);
      break;
    default:
      fail("{}: tensor '{}' has dtype {}, expected a float tensor (F32, F64, F16 or BF16)",
           source_.empty() ? "safetensors" : source_, name, dtype_name(stored.dtype));
  }
  return Tensor<T>(stored.shape, std::move(values));
}

template <typename T>
void SafetensorsFile::set(const std::string& name, const Tensor<T>& tensor) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>);
  std::vector<std::byte> bytes(std::size_t(tensor.numel()) * sizeof(T));
  if (!bytes.empty()) std::memcpy(bytes.data(), tensor.data(), bytes.size());
  set_raw(name, std::is_same_v<T, float> ? Dtype::kF32 : Dtype::kF64, tensor.shape(), std::move(bytes));
}

void SafetensorsFile::set_raw(const std::string& name, Dtype dtype, Shape shape, std::vector<std::byte> bytes) {
  check_name(name);
  for (auto dim : shape)
    if (dim < 0) fail("tensor '{}': shape {} has a negative dimension", name, to_string(shape));
  const auto size = byte_size(dtype, shape);
  if (!size || *size != bytes.size())
    fail("tensor '{}': {} bytes do not hold shape {} of {}", name, bytes.size(), to_string(shape), dtype_name(dtype));
  tensors_.insert_or_assign(name, StoredTensor{dtype, std::move(shape), std::move(bytes)});
}

void SafetensorsFile::erase(std::string_view name) {
  if (const auto it = tensors_.find(name); it != tensors_.end()) tensors_.erase(it);
}

std::string SafetensorsFile::serialize() const {
  std::vector<const std::pair<const std::string, StoredTensor>*> order;
  for (const auto& item : tensors_) order.push_back(&item);
  // huggingface/safetensors `prepare`: descending dtype (its enum order is by alignment), then ascending name.
  std::stable_sort(order.begin(), order.end(),
                   [](const auto* a, const auto* b) { return a->second.dtype > b->second.dtype; });
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata_.empty()) {
    for (const auto& [key, value] : metadata_)
      if (!is_valid_utf8(key) || !is_valid_utf8(value)) fail("__metadata__ entry '{}' is not valid UTF-8", key);
    header[std::string(kMetadataKey)] = metadata_;
  }
  std::uint64_t offset = 0;
  for (const auto* item : order) {
    const StoredTensor& tensor = item->second;
    check_name(item->first);
    header[item->first] = {{"dtype", dtype_name(tensor.dtype)},
                           {"shape", tensor.shape},
                           {"data_offsets", {offset, offset + tensor.bytes.size()}}};
    offset += tensor.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // "Force alignment to 8 bytes", as the reference writer does
  std::string file(8, '\0');
  for (int i = 0; i < 8; ++i) file[std::size_t(i)] = char((std::uint64_t(text.size()) >> (8 * i)) & 0xFF);
  file.reserve(8 + text.size() + offset);
  file += text;
  for (const auto* item : order)
    file.append(reinterpret_cast<const char*>(item->second.bytes.data()), item->second.bytes.size());
  return file;
}

void SafetensorsFile::write(const std::filesystem::path& path) const { write_file_atomically(path, serialize()); }

template Tensor<float> SafetensorsFile::get<float>(std::string_view) const;
template Tensor<double> SafetensorsFile::get<double>(std::string_view) const;
template void SafetensorsFile::set<float>(const std::string&, const Tensor<float>&);
template void SafetensorsFile::set<double>(const std::string&, const Tensor<double>&);

}  // namespace elman::io
