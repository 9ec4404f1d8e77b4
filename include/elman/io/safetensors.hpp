#pragma once
// SafetensorsFile: named tensors and a string→string metadata map, read from and written to the safetensors
// format (huggingface/safetensors README "Format"): an 8-byte little-endian header length N, N bytes of UTF-8 JSON
// describing every tensor (dtype, shape, data_offsets into the byte buffer), then the byte buffer itself.
// Reading validates the whole header before any tensor byte is trusted; every failure names the file and the
// tensor or field. F32, F64, F16 and BF16 tensors convert to float or double; other dtypes are kept as raw bytes.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "elman/core/tensor.hpp"

namespace elman::io {

// Tensor bytes are copied as they lie in memory; the format is little-endian.
static_assert(std::endian::native == std::endian::little, "elman's safetensors code assumes a little-endian machine");

// The format's dtypes, in the order of the reference implementation's `Dtype` enum: the writer sorts tensors by
// this order, descending (largest alignment first), then by name.
enum class Dtype {
  kBool,
  kF4,
  kF6E2M3,
  kF6E3M2,
  kU8,
  kI8,
  kF8E5M2,
  kF8E4M3,
  kF8E8M0,
  kF8E4M3Fnuz,
  kF8E5M2Fnuz,
  kI16,
  kU16,
  kF16,
  kBF16,
  kI32,
  kU32,
  kF32,
  kC64,
  kF64,
  kI64,
  kU64,
};

// "F32", as the header spells it.
std::string_view dtype_name(Dtype dtype);
std::optional<Dtype> parse_dtype(std::string_view name);
// Bits per element (4 for F4, 6 for the F6 types).
std::size_t dtype_bits(Dtype dtype);
// F32, F64, F16 and BF16: the dtypes get<T>() converts.
bool is_float_dtype(Dtype dtype);

// One tensor as stored: dtype, shape and its little-endian bytes.
struct StoredTensor {
  Dtype dtype = Dtype::kF32;
  Shape shape;
  std::vector<std::byte> bytes;
};

using Metadata = std::map<std::string, std::string>;

// The reference implementation's MAX_HEADER_SIZE.
inline constexpr std::uint64_t kMaxHeaderSize = 100'000'000;

class SafetensorsFile {
 public:
  SafetensorsFile() = default;

  // Reads and validates a whole file; errors begin with the path as given.
  static SafetensorsFile read(const std::filesystem::path& path);
  // Same, from bytes in memory; `source` names them in errors.
  static SafetensorsFile parse(std::string_view bytes, std::string source);

  // The whole file: header padded with spaces to a multiple of 8 bytes, tensors ordered as the reference writer
  // orders them (descending dtype alignment, then name), so a file written here equals the Python package's.
  std::string serialize() const;
  // serialize(), through write_file_atomically.
  void write(const std::filesystem::path& path) const;

  // The name used in errors (the path read, or "" for a file built in memory).
  const std::string& source() const { return source_; }

  bool contains(std::string_view name) const { return tensors_.find(name) != tensors_.end(); }
  // Names in byte order.
  std::vector<std::string> names() const;
  const std::map<std::string, StoredTensor, std::less<>>& tensors() const { return tensors_; }
  // The stored tensor; an error naming it when it is missing.
  const StoredTensor& at(std::string_view name) const;

  // The tensor converted to T (float or double); an error naming it when missing or not F32/F64/F16/BF16.
  template <typename T>
  Tensor<T> get(std::string_view name) const;
  // Adds or replaces a tensor, stored as F32 for float and F64 for double.
  template <typename T>
  void set(const std::string& name, const Tensor<T>& tensor);
  // Adds or replaces a tensor of any dtype from raw little-endian bytes (checked against shape × dtype size).
  void set_raw(const std::string& name, Dtype dtype, Shape shape, std::vector<std::byte> bytes);
  void erase(std::string_view name);

  Metadata& metadata() { return metadata_; }
  const Metadata& metadata() const { return metadata_; }

 private:
  std::string source_;
  std::map<std::string, StoredTensor, std::less<>> tensors_;
  Metadata metadata_;
};

extern template Tensor<float> SafetensorsFile::get<float>(std::string_view) const;
extern template Tensor<double> SafetensorsFile::get<double>(std::string_view) const;
extern template void SafetensorsFile::set<float>(const std::string&, const Tensor<float>&);
extern template void SafetensorsFile::set<double>(const std::string&, const Tensor<double>&);

}  // namespace elman::io
