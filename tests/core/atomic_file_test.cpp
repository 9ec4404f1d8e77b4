#include "elman/core/atomic_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "elman/core/error.hpp"

namespace fs = std::filesystem;

namespace {
fs::path fresh_folder(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / ("elman_atomic_" + name);
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}
std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
std::size_t entries(const fs::path& folder) {
  return std::size_t(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}
}  // namespace

TEST(AtomicFile, WritesTheWholeContentsUnderTheTargetName) {
  const fs::path folder = fresh_folder("writes");
  elman::write_file_atomically(folder / "out.txt", "hello\n");
  EXPECT_EQ(read(folder / "out.txt"), "hello\n");
  EXPECT_EQ(entries(folder), 1u);
}

TEST(AtomicFile, ReplacesAnExistingFile) {
  const fs::path folder = fresh_folder("replaces");
  elman::write_file_atomically(folder / "out.txt", "old");
  elman::write_file_atomically(folder / "out.txt", "new");
  EXPECT_EQ(read(folder / "out.txt"), "new");
}

TEST(AtomicFile, LeavesNothingWhenTheWriterFails) {
  const fs::path folder = fresh_folder("fails");
  EXPECT_THROW(elman::write_file_atomically(folder / "out.txt",
                                            [](std::ostream& out) {
                                              out << "half";
                                              elman::fail("writer stopped");
                                            }),
               elman::Error);
  EXPECT_EQ(entries(folder), 0u);
}

TEST(AtomicFile, LeavesTheOldFileWhenTheWriterFails) {
  const fs::path folder = fresh_folder("keeps");
  elman::write_file_atomically(folder / "out.txt", "old");
  EXPECT_THROW(elman::write_file_atomically(folder / "out.txt", [](std::ostream&) { elman::fail("stop"); }),
               elman::Error);
  EXPECT_EQ(read(folder / "out.txt"), "old");
  EXPECT_EQ(entries(folder), 1u);
}

TEST(AtomicFile, NamesTheMissingFolder) {
  const fs::path folder = fresh_folder("missing");
  try {
    elman::write_file_atomically(folder / "nope" / "out.txt", "x");
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              (folder / "nope" / "out.txt").string() + ": cannot write: folder '" + (folder / "nope").string() +
                  "' does not exist");
  }
}
