// Runs numbered jobs on worker threads and hands their results back in job
// order, with a bounded number in flight: the indexer's readers and analysers
// feeding its single writer.
#ifndef GAZETTE_COMMON_BASE_ORDERED_POOL_H_
#define GAZETTE_COMMON_BASE_ORDERED_POOL_H_

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace gazette {

template <typename Result>
class OrderedPool {
 public:
  // Starts `threads` threads running work(thread, i) for every i in
  // [0, count); `thread` (0 to threads - 1) says which thread runs it.
  // At most `window` results are computed ahead of the one Next() waits
  // for, which bounds memory whatever the job count. `work` must not throw.
  OrderedPool(size_t count, unsigned threads, size_t window,
              std::function<Result(unsigned, size_t)> work)
      : count_(count),
        window_(std::max<size_t>(window, 1)),
        work_(std::move(work)),
        slots_(window_) {
    for (unsigned t = 0; t < std::max(threads, 1u); ++t) {
      threads_.emplace_back([this, t] { Work(t); });
    }
  }

  // Stops the workers (dropping results not taken) and joins them.
  ~OrderedPool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    for (auto& t : threads_) t.join();
  }

  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;

  // The result of the next job in order, waiting for it; nullopt after the
  // last.
  std::optional<Result> Next() {
    std::unique_lock lock(mutex_);
    if (next_out_ >= count_) return std::nullopt;
    std::optional<Result>& slot = slots_[next_out_ % window_];
    changed_.wait(lock, [&] { return slot.has_value(); });
    std::optional<Result> result = std::move(slot);
    slot.reset();
    ++next_out_;
    changed_.notify_all();
    return result;
  }

 private:
  void Work(unsigned thread) {
    std::unique_lock lock(mutex_);
    for (;;) {
      // Job i reuses the slot of job i - window, which Next() has taken
      // once next_out_ > i - window.
      changed_.wait(lock, [&] {
        return stop_ || next_job_ >= count_ || next_job_ < next_out_ + window_;
      });
      if (stop_ || next_job_ >= count_) return;
      const size_t i = next_job_++;
      lock.unlock();
      Result result = work_(thread, i);
      lock.lock();
      slots_[i % window_] = std::move(result);
      changed_.notify_all();
    }
  }

  const size_t count_;
  const size_t window_;
  const std::function<Result(unsigned, size_t)> work_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::optional<Result>> slots_;
  size_t next_job_ = 0;
  size_t next_out_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_BASE_ORDERED_POOL_H_
