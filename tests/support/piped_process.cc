#include "tests/support/piped_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace gazette::testing {
namespace {

// Spawns argv with fds 0, 1 and 2 taken from the given descriptors (or, for
// stderr, a file path). Descriptors of the parent are close-on-exec.
pid_t Spawn(const std::vector<std::string>& argv, int in_fd, int out_fd,
            const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);
  pid_t pid = -1;
  const int rc =
      posix_spawn(&pid, argp[0], &actions, nullptr, argp.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot run " + argv[0] + ": " +
                             std::strerror(rc));
  }
  return pid;
}

int WaitExitCode(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Writing to a child that has exited must fail with EPIPE, not kill the
// test binary.
void IgnoreSigpipe() { signal(SIGPIPE, SIG_IGN); }

}  // namespace

PipedProcess::PipedProcess(const std::vector<std::string>& argv) {
  IgnoreSigpipe();
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC)) {
    throw std::runtime_error("pipe failed");
  }
  try {
    pid_ = Spawn(argv, in_pipe[0], out_pipe[1], dir_ / "err");
  } catch (...) {
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) close(fd);
    throw;
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  in_ = in_pipe[1];
  out_ = out_pipe[0];
}

PipedProcess::~PipedProcess() {
  if (in_ >= 0) close(in_);
  if (out_ >= 0) close(out_);
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    WaitExitCode(pid_);
  }
}

bool PipedProcess::Write(const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(in_, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

std::optional<std::string> PipedProcess::ReadLine(double timeout_seconds) {
  using Clock = std::chrono::steady_clock;
  const auto deadline =
      Clock::now() + std::chrono::duration<double>(timeout_seconds);
  for (;;) {
    const size_t newline = pending_.find('\n');
    if (newline != std::string::npos) {
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      return line;
    }
    if (out_ < 0) return std::nullopt;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd fd = {out_, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(left.count())) > 0) ReadSome();
  }
}

void PipedProcess::ReadSome() {
  char buf[65536];
  const ssize_t n = read(out_, buf, sizeof buf);
  if (n < 0 && errno == EINTR) return;
  if (n <= 0) {
    close(out_);
    out_ = -1;
    return;
  }
  pending_.append(buf, static_cast<size_t>(n));
}

RunResult PipedProcess::Finish() {
  RunResult result;
  if (in_ >= 0) {
    close(in_);
    in_ = -1;
  }
  while (out_ >= 0) ReadSome();
  result.exit_code = WaitExitCode(pid_);
  pid_ = -1;
  result.out = std::move(pending_);
  result.err = ReadFile(dir_ / "err");
  return result;
}

RunResult RunWithStdout(const std::vector<std::string>& argv, int stdout_fd,
                        const std::string& input) {
  TempDir dir;
  WriteFile(dir / "in", input);
  const int in_fd = open((dir / "in").c_str(), O_RDONLY | O_CLOEXEC);
  if (in_fd < 0) throw std::runtime_error("cannot open " + dir / "in");
  const pid_t pid = Spawn(argv, in_fd, stdout_fd, dir / "err");
  close(in_fd);
  RunResult result;
  result.exit_code = WaitExitCode(pid);
  result.err = ReadFile(dir / "err");
  return result;
}

}  // namespace gazette::testing
