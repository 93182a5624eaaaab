#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/batch/batch_request.h"
#include "gazette/batch.h"
#include "gazette/error.h"

namespace gazette {
namespace {

// Reads one line into `line`, keeping at most kMaxBatchLineBytes + 1 bytes
// of it, so a hostile line cannot exhaust memory; the rest is skipped.
// Returns false at the end of input with nothing read.
bool ReadLine(std::istream& in, std::string& line) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (;;) {
    const auto c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return any;
    }
    any = true;
    if (c == '\n') return true;
    if (line.size() <= kMaxBatchLineBytes) line += static_cast<char>(c);
  }
}

// One line's answer, ready to write.
struct Answer {
  std::string json;  // one line, without the newline
  bool rejected = false;
  bool damaged = false;     // an article it needed could not be read
  std::string index_error;  // set when the index could not be read
};

// Answers input line number `line_number` (1-based).
Answer AnswerLine(Searcher& searcher, const std::string& line,
                  size_t line_number, const BatchOptions& options) {
  Answer answer;
  const ParsedRequest parsed = ParseBatchRequest(line, options.defaults);
  if (!parsed.ok()) {
    answer.json = ErrorJsonLine("request", parsed.error, options.format_version,
                                line_number);
    answer.rejected = true;
  } else {
    try {
      answer.json = ResultJsonLine(searcher.Search(parsed.request),
                                   options.format_version, line_number);
    } catch (const Error& e) {
      const std::string_view kind = BatchErrorKind(e.kind());
      answer.json =
          ErrorJsonLine(kind, e.what(), options.format_version, line_number);
      if (kind == "index") {
        answer.index_error = e.what();
      } else if (kind == "article") {
        answer.damaged = true;
      } else {
        answer.rejected = true;
      }
    }
  }
  return answer;
}

// Writes an answer and counts it; false when the batch must stop there.
bool Deliver(const Answer& answer, std::ostream& out, BatchSummary& summary) {
  ++summary.lines;
  if (answer.rejected) ++summary.rejected;
  if (answer.damaged) ++summary.damaged;
  if (answer.index_error.empty() && !answer.rejected && !answer.damaged)
    ++summary.answered;
  out << answer.json << '\n';
  out.flush();
  if (!out) {
    summary.output_failed = true;
    return false;
  }
  if (!answer.index_error.empty()) {
    summary.index_error = answer.index_error;
    return false;
  }
  return true;
}

BatchSummary RunSequential(Searcher& searcher, std::istream& in,
                           std::ostream& out, const BatchOptions& options) {
  BatchSummary summary;
  std::string line;
  for (size_t line_number = 1; ReadLine(in, line); ++line_number) {
    if (IsBlankBatchLine(line)) continue;
    if (!Deliver(AnswerLine(searcher, line, line_number, options), out,
                 summary)) {
      break;
    }
  }
  return summary;
}

// The calling thread reads lines and queues them; workers answer them, and
// whichever worker finds the next answer in input order ready writes it and
// those after it that are ready too, so answers leave in order and no
// answer waits for a later request.
class ParallelBatch {
 public:
  ParallelBatch(std::vector<Searcher*> searchers, std::ostream& out,
                const BatchOptions& options)
      : out_(out), options_(options) {
    for (Searcher* searcher : searchers) {
      workers_.emplace_back([this, searcher] { Work(*searcher); });
    }
  }

  ~ParallelBatch() {
    {
      std::lock_guard lock(mutex_);
      input_ended_ = true;
    }
    changed_.notify_all();
    for (auto& t : workers_) t.join();
  }

  // False once the batch has stopped (an index error, a failed write, a
  // worker's exception); waits while too many lines are in flight.
  bool Add(std::string line, size_t line_number) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
      return stopped_ ||
             read_ - summary_.lines < kInFlightPerWorker * workers_.size();
    });
    if (stopped_) return false;
    queue_.push_back({read_++, line_number, std::move(line)});
    changed_.notify_all();
    return true;
  }

  // Waits until every line added is written (or the batch stopped), stops
  // the workers and returns the summary; rethrows a worker's exception.
  BatchSummary Finish() {
    {
      std::unique_lock lock(mutex_);
      input_ended_ = true;
      changed_.notify_all();
      changed_.wait(lock, [&] { return stopped_ || summary_.lines == read_; });
    }
    for (auto& t : workers_) t.join();
    workers_.clear();
    if (failure_) std::rethrow_exception(failure_);
    return summary_;
  }

 private:
  static constexpr size_t kInFlightPerWorker = 4;

  struct Job {
    size_t index;        // 0-based, in the order of the requests
    size_t line_number;  // 1-based, in the input (blank lines count)
    std::string line;
  };

  void Work(Searcher& searcher) {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait(
          lock, [&] { return stopped_ || input_ended_ || !queue_.empty(); });
      if (stopped_ || queue_.empty()) return;
      Job job = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      Answer answer;
      try {
        answer = AnswerLine(searcher, job.line, job.line_number, options_);
      } catch (...) {
        lock.lock();
        if (!failure_) failure_ = std::current_exception();
        stopped_ = true;
        changed_.notify_all();
        return;
      }
      lock.lock();
      done_.emplace(job.index, std::move(answer));
      WriteReady(lock);
    }
  }

  // Writes the answers that are next in order, unless another thread is
  // already doing so (it will find this one too). Called and returns with
  // `lock` held; writes without it.
  void WriteReady(std::unique_lock<std::mutex>& lock) {
    if (writing_) return;
    writing_ = true;
    while (!stopped_) {
      const auto next = done_.find(summary_.lines);
      if (next == done_.end()) break;
      const Answer answer = std::move(next->second);
      done_.erase(next);
      // Only the writing thread changes the summary.
      BatchSummary counted = summary_;
      lock.unlock();
      const bool go_on = Deliver(answer, out_, counted);
      lock.lock();
      summary_ = std::move(counted);
      if (!go_on) stopped_ = true;
      changed_.notify_all();
    }
    writing_ = false;
  }

  std::ostream& out_;
  const BatchOptions& options_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> queue_;          // read, not yet taken by a worker
  std::map<size_t, Answer> done_;  // answered, not yet written
  size_t read_ = 0;                // requests added
  BatchSummary summary_;           // of the lines written
  bool writing_ = false;           // a worker is writing answers
  bool input_ended_ = false;
  bool stopped_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> workers_;
};

}  // namespace

BatchSummary RunBatch(Searcher& searcher, std::istream& in, std::ostream& out,
                      const BatchOptions& options) {
  if (options.jobs > kMaxBatchJobs) {
    throw Error(ErrorKind::kUsage, "jobs must be at most " +
                                       std::to_string(kMaxBatchJobs) +
                                       ", got " + std::to_string(options.jobs));
  }
  const unsigned jobs = options.jobs != 0
                            ? options.jobs
                            : std::max(1u, std::thread::hardware_concurrency());
  if (jobs == 1) return RunSequential(searcher, in, out, options);
  std::vector<std::unique_ptr<Searcher>> clones;
  std::vector<Searcher*> searchers = {&searcher};
  for (unsigned i = 1; i < jobs; ++i) {
    clones.push_back(std::make_unique<Searcher>(searcher.Clone()));
    searchers.push_back(clones.back().get());
  }
  ParallelBatch batch(searchers, out, options);
  std::string line;
  for (size_t line_number = 1; ReadLine(in, line); ++line_number) {
    if (IsBlankBatchLine(line)) continue;
    if (!batch.Add(std::move(line), line_number)) break;
  }
  return batch.Finish();
}

}  // namespace gazette
