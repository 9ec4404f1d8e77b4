// parallel_for: every task once, on any number of threads, and errors reported after every task has run.
#include "elman/core/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <mutex>
#include <vector>

namespace {

TEST(ParallelFor, RunsEveryTaskExactlyOnceOnAnyNumberOfThreads) {
  for (std::size_t threads : {0, 1, 2, 3, 8, 100}) {
    std::vector<std::atomic<int>> runs(37);
    elman::parallel_for(runs.size(), threads, [&](std::size_t i) { ++runs[i]; });
    for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runs[i].load(), 1) << "task " << i << ", threads " << threads;
  }
}

TEST(ParallelFor, UsesAtMostTheThreadsAskedForAndTheCallersThread) {
  std::mutex mutex;
  std::set<std::thread::id> seen;
  elman::parallel_for(64, 3, [&](std::size_t) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    const std::lock_guard<std::mutex> lock(mutex);
    seen.insert(std::this_thread::get_id());
  });
  EXPECT_LE(seen.size(), 3u);
  std::set<std::thread::id> one;
  elman::parallel_for(8, 1, [&](std::size_t) { one.insert(std::this_thread::get_id()); });
  EXPECT_EQ(one, std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST(ParallelFor, NoTasksIsNothing) {
  bool ran = false;
  elman::parallel_for(0, 4, [&](std::size_t) { ran = true; });
  EXPECT_FALSE(ran);
}

TEST(ParallelFor, EveryTaskRunsAndTheLowestFailingTasksErrorIsRethrown) {
  for (std::size_t threads : {1, 4}) {
    std::vector<std::atomic<int>> runs(20);
    try {
      elman::parallel_for(runs.size(), threads, [&](std::size_t i) {
        ++runs[i];
        if (i == 13 || i == 5) throw std::runtime_error("task " + std::to_string(i));
      });
      FAIL() << "no error";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "task 5");
    }
    for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
  }
}

TEST(UsableCores, IsAtLeastOne) { EXPECT_GE(elman::usable_cores(), 1u); }

}  // namespace
