#pragma once
// Independent tasks on a few threads: used where whole trainings (the members of an ensemble) run side by side.
#include <cstddef>
#include <functional>

namespace elman {

// The cores this process may run on (its CPU affinity, so `taskset -c 0` gives 1); at least 1.
std::size_t usable_cores();

// Calls task(i) for i in [0, count) on min(threads, count) threads (threads 0: usable_cores()), each i exactly
// once; the caller's thread is one of them. Every task runs to its end even when another throws; the exception of
// the lowest-numbered task that threw is rethrown once all are done. A task's result must depend on i only, not
// on the thread or the order, for the outcome to be the same with any number of threads.
void parallel_for(std::size_t count, std::size_t threads, const std::function<void(std::size_t)>& task);

}  // namespace elman
