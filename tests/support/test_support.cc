#include "tests/support/test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/index/facet_fields.h"

extern char** environ;

namespace gazette::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ =
      std::string(tmp && *tmp ? tmp : "/tmp") + "/gazette-test-XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed: " +
                             std::string(std::strerror(errno)));
  }
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests make some entries unreadable; make them removable again.
  for (fs::recursive_directory_iterator
           it(path_, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add,
                    ec);
  }
  fs::remove_all(path_, ec);
}

std::string TempDir::operator/(const std::string& relative) const {
  return path_ + "/" + relative;
}

void WriteFile(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RunResult Run(const std::vector<std::string>& argv, const std::string& input,
              const std::map<std::string, std::string>& env) {
  // A program that exits before reading all its input (a usage error) must
  // not kill the test with SIGPIPE: the write below then fails instead.
  signal(SIGPIPE, SIG_IGN);
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) ||
      pipe2(err_pipe, O_CLOEXEC)) {
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);

  std::map<std::string, std::string> vars;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const size_t eq = entry.find('=');
    if (eq != std::string::npos)
      vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : env) {
    if (v.empty()) {
      vars.erase(k);
    } else {
      vars[k] = v;
    }
  }
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : vars) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);

  pid_t pid;
  const int rc =
      posix_spawn(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    throw std::runtime_error("cannot run " + argv[0] + ": " +
                             std::strerror(rc));
  }

  RunResult result;
  size_t written = 0;
  if (input.empty()) {
    close(in_pipe[1]);
    in_pipe[1] = -1;
  }
  fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
  pollfd fds[3] = {{out_pipe[0], POLLIN, 0},
                   {err_pipe[0], POLLIN, 0},
                   {in_pipe[1], POLLOUT, 0}};
  int open_reads = 2;
  while (open_reads > 0) {
    poll(fds, fds[2].fd >= 0 ? 3 : 2, -1);
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buf[65536];
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_reads;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<size_t>(n));
      }
    }
    if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n =
          write(fds[2].fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 || written == input.size()) {
        close(fds[2].fd);
        fds[2].fd = -1;
      }
    }
  }
  if (fds[2].fd >= 0) close(fds[2].fd);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

Child::Child(const std::vector<std::string>& argv) {
  const std::string out = output_ / "out";
  const std::string err = output_ / "err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);
  const int rc =
      posix_spawn(&pid_, argp[0], &actions, nullptr, argp.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot run " + argv[0] + ": " +
                             std::strerror(rc));
  }
}

Child::~Child() {
  if (!done_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void Child::Signal(int signal) const {
  if (!done_) kill(pid_, signal);
}

void Child::Finish(int status) {
  done_ = true;
  result_.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result_.out = ReadFile(output_ / "out");
  result_.err = ReadFile(output_ / "err");
}

bool Child::Poll() {
  if (done_) return true;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
  Finish(status);
  return true;
}

RunResult Child::Wait() {
  if (!done_) {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    Finish(status);
  }
  return result_;
}

double MonotonicSeconds() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

long EnvInt(const char* name, long fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  char* end = nullptr;
  const long parsed = std::strtol(value, &end, 10);
  if (*end != '\0') {
    throw std::runtime_error(std::string("$") + name + " is not a number: '" +
                             value + "'");
  }
  return parsed;
}

void WriteFixtureCorpus(const std::string& dir) {
  WriteFile(dir + "/2024/golan.txt",
            "date: 2024-03-10\ntitle: Golan border quiet\n\n"
            "Israeli troops patrolled the Golan Heights on Sunday. Officials "
            "at the State Department said talks would resume soon. President "
            "Donald Trump did not comment.\n");
  WriteFile(dir + "/2025/talks.txt",
            " date 2025-05-28 Syrian President Ahmed al-Sharaa confirmed "
            "indirect talks with Israel. Later al-Sharaa met President Donald "
            "Trump in Riyadh, where the talk turned to sanctions.\n");
  WriteFile(dir + "/2025/economy.txt",
            "date: 2025-06-02\nThe Bank of Velmora raised interest rates. "
            "Governor Maria Lopez said inflation was easing.\n");
  WriteFile(dir + "/2025/sport.txt",
            "date: 2025-06-15\nThe football final drew a record crowd. The "
            "coach praised her team after the match.\n");
  WriteFile(dir + "/undated.txt",
            "Talking about talks, with no date at all.\n");
  WriteFile(dir + "/notes.md", "not an article\n");
}

std::string BuildFixtureIndex(const std::string& dir) {
  WriteFixtureCorpus(dir + "/corpus");
  IndexOptions options;
  options.corpus_dirs = {dir + "/corpus"};
  options.db_path = dir + "/db";
  QuietReporter reporter;
  const IndexSummary summary = BuildIndex(options, reporter);
  if (summary.skipped != 0) {
    throw std::runtime_error(
        "fixture index: " + std::to_string(summary.skipped) + " files skipped");
  }
  return options.db_path;
}

IndexSummary BuildOnTwoThreads(const std::string& corpus, const std::string& db,
                               bool rebuild, size_t commit_every,
                               size_t shards) {
  QuietReporter reporter;
  IndexOptions options;
  options.corpus_dirs = {corpus};
  options.db_path = db;
  options.rebuild = rebuild;
  options.jobs = 2;
  options.commit_every = commit_every;
  options.shards = shards;
  return BuildIndex(options, reporter);
}

std::pair<std::string, std::string> KeysSharingAFacetCode(EntityType type) {
  std::map<uint32_t, std::string> seen;
  for (int i = 0;; ++i) {
    std::string key = "key " + std::to_string(i);
    const auto [at, fresh] = seen.emplace(FacetKeyCode(type, key), key);
    if (!fresh) return {at->second, key};
  }
}

}  // namespace gazette::testing
