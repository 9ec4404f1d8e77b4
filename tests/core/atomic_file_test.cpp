#include "elman/core/atomic_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "elman/core/error.hpp"
#include "io/temp_folder.hpp"

namespace fs = std::filesystem;

namespace {
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
  const elman::testing::TempFolder scratch;
  const fs::path folder = scratch.path();
  elman::write_file_atomically(folder / "out.txt", "hello\n");
  EXPECT_EQ(read(folder / "out.txt"), "hello\n");
  EXPECT_EQ(entries(folder), 1u);
}

TEST(AtomicFile, ReplacesAnExistingFile) {
  const elman::testing::TempFolder scratch;
  const fs::path folder = scratch.path();
  elman::write_file_atomically(folder / "out.txt", "old");
  elman::write_file_atomically(folder / "out.txt", "new");
  EXPECT_EQ(read(folder / "out.txt"), "new");
}

TEST(AtomicFile, LeavesNothingWhenTheWriterFails) {
  const elman::testing::TempFolder scratch;
  const fs::path folder = scratch.path();
  EXPECT_THROW(elman::write_file_atomically(folder / "out.txt",
                                            [](std::ostream& out) {
                                              out << "half";
                                              elman::fail("writer stopped");
                                            }),
               elman::Error);
  EXPECT_EQ(entries(folder), 0u);
}

TEST(AtomicFile, LeavesTheOldFileWhenTheWriterFails) {
  const elman::testing::TempFolder scratch;
  const fs::path folder = scratch.path();
  elman::write_file_atomically(folder / "out.txt", "old");
  EXPECT_THROW(elman::write_file_atomically(folder / "out.txt", [](std::ostream&) { elman::fail("stop"); }),
               elman::Error);
  EXPECT_EQ(read(folder / "out.txt"), "old");
  EXPECT_EQ(entries(folder), 1u);
}

TEST(AtomicFile, NamesTheMissingFolder) {
  const elman::testing::TempFolder scratch;
  const fs::path folder = scratch.path();
  try {
    elman::write_file_atomically(folder / "nope" / "out.txt", "x");
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              (folder / "nope" / "out.txt").string() + ": cannot write: folder '" + (folder / "nope").string() +
                  "' does not exist");
  }
}
