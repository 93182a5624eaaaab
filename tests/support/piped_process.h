// Running a program the way a script holds a pipe to it: writing requests
// to its stdin and reading its answers line by line while it runs; and
// running it with stdout going somewhere that fails (a closed pipe, a full
// disk).
#ifndef GAZETTE_TESTS_PIPED_PROCESS_H_
#define GAZETTE_TESTS_PIPED_PROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace gazette::testing {

class PipedProcess {
 public:
  // Starts argv[0] (no shell) with pipes on stdin and stdout; stderr goes
  // to a file, returned by Finish(). Throws std::runtime_error if it cannot
  // be started.
  explicit PipedProcess(const std::vector<std::string>& argv);
  // Kills (SIGKILL) and reaps the process if Finish() was not called.
  ~PipedProcess();
  PipedProcess(const PipedProcess&) = delete;
  PipedProcess& operator=(const PipedProcess&) = delete;

  // Writes all of `text` to its stdin; false if the process stopped reading.
  bool Write(const std::string& text);
  // The next line of its stdout without the newline, or nullopt at the end
  // of its output or after `timeout_seconds` without a whole line.
  std::optional<std::string> ReadLine(double timeout_seconds = 30);
  // Closes its stdin, reads what remains of its stdout and waits for it to
  // exit. `out` holds the unread stdout.
  RunResult Finish();

 private:
  // One read() of stdout into pending_; closes out_ at the end of output.
  void ReadSome();

  TempDir dir_;
  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  std::string pending_;  // stdout read but not yet returned as a line
};

// Runs argv[0] with `input` on stdin and stdout sent to `stdout_fd`, which
// the caller keeps open or closes as the test needs (a pipe whose read end
// is closed, /dev/full). Captures stderr; `out` stays empty.
RunResult RunWithStdout(const std::vector<std::string>& argv, int stdout_fd,
                        const std::string& input = "");

}  // namespace gazette::testing

#endif  // GAZETTE_TESTS_PIPED_PROCESS_H_
