#pragma once
// Configuration values from __metadata__ strings, shared by the layer and sequence-model files. Each throws
// elman::Error "WHERE: __metadata__ 'KEY': expected ..., got 'TEXT'".
#include <cstdint>
#include <string>

namespace elman::io {

std::int64_t parse_count(const std::string& where, const std::string& key, const std::string& text);  // 0 or more
// "true"/"false" as elman writes them; Python's str(True) spelling and 1/0 are accepted too.
bool parse_flag(const std::string& where, const std::string& key, const std::string& text);
double parse_real(const std::string& where, const std::string& key, const std::string& text);

}  // namespace elman::io
