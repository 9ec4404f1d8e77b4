// Fuzz target: the safetensors parser on any bytes. Besides not crashing (and no undefined behaviour under the
// sanitizers), a file it accepts must convert each tensor or say why not, and write bytes that it reads again.
#include "elman/io/safetensors.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "elman/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using elman::io::SafetensorsFile;
  try {
    const auto file = SafetensorsFile::parse(std::string_view(reinterpret_cast<const char*>(data), size), "input");
    for (const auto& name : file.names()) {
      try {
        (void)file.get<double>(name);
      } catch (const elman::Error&) {
      }
    }
    const std::string written = file.serialize();
    if (SafetensorsFile::parse(written, "written").names() != file.names()) std::abort();
  } catch (const elman::Error&) {
  }
  return 0;
}
