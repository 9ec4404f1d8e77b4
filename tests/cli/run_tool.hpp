#pragma once
// run_tool: runs build/elman (ELMAN_EXE) as a user would, without a shell (arguments pass through unquoted), in a
// chosen working folder, and captures its exit code, stdout and stderr. For every test that drives the CLI.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/temp_folder.hpp"  // read()

namespace elman::testing {

struct ToolRun {
  int exit_code = -1;  // the process's exit status; 128 + signal number when a signal ended it
  std::string out;
  std::string err;
};

namespace detail {

inline std::string slurp_and_remove(const std::filesystem::path& path) {
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::filesystem::remove(path);
  return text;
}

// A fresh file under the system's temporary directory (not the test's folder, which the test may be counting).
inline std::filesystem::path capture_file(int& fd) {
  std::string pattern = (std::filesystem::temp_directory_path() / "elman-run-XXXXXX").string();
  fd = ::mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("run_tool: cannot create a capture file");
  return pattern;
}

}  // namespace detail

// Runs `tool args...` in `working_folder` (the current one when empty) and waits for it.
inline ToolRun run_tool(const std::vector<std::string>& args, const std::filesystem::path& working_folder = {},
                        const std::string& tool = ELMAN_EXE) {
  int out_fd = -1;
  int err_fd = -1;
  const auto out_path = detail::capture_file(out_fd);
  const auto err_path = detail::capture_file(err_fd);
  std::vector<std::string> storage{tool};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid == 0) {  // child: only async-signal-safe calls until exec
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    if (!working_folder.empty() && ::chdir(working_folder.c_str()) != 0) ::_exit(126);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) throw std::runtime_error("run_tool: cannot run " + tool);
  ToolRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = detail::slurp_and_remove(out_path);
  run.err = detail::slurp_and_remove(err_path);
  return run;
}

// The lines of a text, without their CR of a CRLF end (data/electric.csv has CRLF line ends).
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

}  // namespace elman::testing
