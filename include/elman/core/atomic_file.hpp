#pragma once
// Output files are never left half-written: AtomicFile writes to a temporary file in the target's folder and
// renames it over the target on commit(); if commit() is never reached (an exception), the temporary is removed.
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>

namespace elman {

class AtomicFile {
 public:
  // Throws elman::Error naming the path when its folder does not exist or cannot be written.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Where to write (for writers that take a file name, such as cairo's surfaces).
  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  // Moves the finished temporary file over the target.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

// Writes a whole file atomically through a stream callback (binary mode).
void write_file_atomically(const std::filesystem::path& target, const std::function<void(std::ostream&)>& write);
// Same, for contents already in memory.
void write_file_atomically(const std::filesystem::path& target, std::string_view contents);

}  // namespace elman
