#include "elman/core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <system_error>

#include "elman/core/error.hpp"

namespace elman {
namespace fs = std::filesystem;

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  const fs::path folder = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) fail("{}: cannot write: folder '{}' does not exist", target_.string(), folder.string());
  if (fs::is_directory(target_, ec)) fail("{}: cannot write: it is a folder", target_.string());
  // mkstemp picks a unique name in the same folder, so the final rename stays on one file system.
  std::string name = target_.filename().string();
  name.insert(0, 1, '.');
  name.append(".tmp-XXXXXX");
  std::string pattern = (folder / name).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) fail("{}: cannot write: {}", target_.string(), std::generic_category().message(errno));
  ::fchmod(fd, 0644);
  ::close(fd);
  temp_ = pattern;
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::commit() {
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) fail("{}: cannot write: {}", target_.string(), ec.message());
  committed_ = true;
}

void write_file_atomically(const fs::path& target, const std::function<void(std::ostream&)>& write) {
  AtomicFile file(target);
  {
    std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
    if (!out) fail("{}: cannot write", target.string());
    write(out);
    out.flush();
    if (!out) fail("{}: write failed (disk full?)", target.string());
  }
  file.commit();
}

void write_file_atomically(const fs::path& target, std::string_view contents) {
  write_file_atomically(target, [&](std::ostream& out) { out.write(contents.data(), std::streamsize(contents.size())); });
}

}  // namespace elman
