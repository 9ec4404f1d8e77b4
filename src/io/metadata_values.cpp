#include "metadata_values.hpp"

#include <charconv>

#include "elman/core/error.hpp"

namespace elman::io {

std::int64_t parse_count(const std::string& where, const std::string& key, const std::string& text) {
  std::int64_t value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0)
    fail("{}: __metadata__ '{}': expected a non-negative integer, got '{}'", where, key, text);
  return value;
}

bool parse_flag(const std::string& where, const std::string& key, const std::string& text) {
  if (text == "true" || text == "True" || text == "1") return true;
  if (text == "false" || text == "False" || text == "0") return false;
  fail("{}: __metadata__ '{}': expected true or false, got '{}'", where, key, text);
}

double parse_real(const std::string& where, const std::string& key, const std::string& text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    fail("{}: __metadata__ '{}': expected a number, got '{}'", where, key, text);
  return value;
}

}  // namespace elman::io
