// Hostile input: documents and queries built to break an indexer or a
// searcher. Each must be indexed (repaired if need be) or skipped with one
// line naming it, or answered or refused with one clear line; nothing may
// crash or hang.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "common/base/printable.h"
#include "common/base/utf8.h"
#include "tests/reliability/reliability_support.h"
#include "tests/support/piped_process.h"

namespace gazette::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST_SUITE_BEGIN("hostile");

// Runs argv, killing it and failing the test if it takes longer than
// `seconds`: a hang is a failure, not a stuck CI job.
RunResult RunWithin(const std::vector<std::string>& argv, double seconds) {
  Child child(argv);
  const double deadline = MonotonicSeconds() + seconds;
  while (!child.Poll()) {
    if (MonotonicSeconds() > deadline) {
      child.Signal(SIGKILL);
      FAIL_CHECK("did not finish within " << seconds << " s: " << argv[0] << " "
                                          << argv[1]);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return child.Wait();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// What a hostile file must come to.
enum class Outcome { kIndexed, kSkipped };

struct HostileFile {
  std::string name;  // relative to the corpus
  Outcome outcome;
  // Part of its warning line, or empty for "no warning".
  std::string warning;
  // A word only it holds (indexed files): the searcher must find it.
  std::string word;
  // The warning names a path below this one (a tree too deep to name).
  bool below = false;
};

void WriteBytes(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string Utf16(const std::string& ascii, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char c : ascii) {
    if (big_endian) out += '\0';
    out += c;
    if (!big_endian) out += '\0';
  }
  return out;
}

// A directory chain deeper than PATH_MAX allows a path to name, built with
// relative calls; returns the depth reached.
void MakeTooDeep(const std::string& base, size_t bytes) {
  int fd = open(base.c_str(), O_RDONLY | O_DIRECTORY);
  for (size_t depth = 0; depth * 5 < bytes; ++depth) {
    mkdirat(fd, "dddd", 0755);
    const int next = openat(fd, "dddd", O_RDONLY | O_DIRECTORY);
    close(fd);
    fd = next;
  }
  const int file = openat(fd, "lost.txt", O_WRONLY | O_CREAT, 0644);
  (void)!write(file, "date 2025-01-01 unreachable\n", 28);
  close(file);
  close(fd);
}

TEST_CASE(
    "hostile documents: each indexed, repaired or skipped with one line, "
    "counted, and never a crash or a hang") {
  TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  fs::create_directories(corpus);
  const long big_mb = EnvInt("GAZETTE_RELIABILITY_BIG_MB", 50);
  std::vector<HostileFile> files = {
      {"binary.txt", Outcome::kSkipped, "binary file", ""},
      {"nul.txt", Outcome::kSkipped, "binary file", ""},
      {"badutf8.txt", Outcome::kIndexed, "invalid UTF-8 repaired",
       "wordbadutf"},
      {"utf16le.txt", Outcome::kIndexed, "converted from UTF-16LE",
       "wordleutf"},
      {"utf16be.txt", Outcome::kIndexed, "converted from UTF-16BE",
       "wordbeutf"},
      {"crlf.txt", Outcome::kIndexed, "", "wordcrlf"},
      {"empty.txt", Outcome::kSkipped, "empty file", ""},
      {"blank.txt", Outcome::kSkipped, "no article text", ""},
      {"big.txt", Outcome::kIndexed, "", "wordbig"},
      {"longline.txt", Outcome::kIndexed, "", "wordlongline"},
      {"baddate.txt", Outcome::kIndexed, "impossible date '2025-13-45'",
       "wordbaddate"},
      {"leapless.txt", Outcome::kIndexed, "impossible date '2025-02-29'",
       "wordleapless"},
      {"year0.txt", Outcome::kIndexed, "impossible date '0000-01-01'",
       "wordyearzero"},
      {"future.txt", Outcome::kIndexed, "", "wordfuture"},
      {"name with spaces.txt", Outcome::kIndexed, "", "wordspaces"},
      {"new\nline.txt", Outcome::kIndexed, "invalid UTF-8", "wordnewline"},
      {"bad\xff\xfe.txt", Outcome::kIndexed, "invalid UTF-8", "wordbadname"},
      {"\x1b[31mred.txt", Outcome::kIndexed, "invalid UTF-8", "wordescape"},
      {"fifo.txt", Outcome::kSkipped, "a FIFO", ""},
      {"sock.txt", Outcome::kSkipped, "a socket", ""},
      {"loop", Outcome::kSkipped, "symbolic link loop", ""},
      {"dangling.txt", Outcome::kSkipped, "broken symbolic link", ""},
  };
  std::string deep = "deep";
  for (int i = 0; i < 300; ++i) deep += "/d";
  files.push_back({deep + "/a.txt", Outcome::kIndexed, "", "worddeep"});

  const auto path = [&](const std::string& name) {
    return corpus + "/" + name;
  };
  WriteBytes(path("binary.txt"), std::string("\x7f"
                                             "ELF\x02\x01\x01\0\0\0",
                                             10) +
                                     std::string(4096, '\x90'));
  WriteBytes(path("nul.txt"), std::string("date 2025-01-01 Hello\0world", 27));
  WriteBytes(path("badutf8.txt"),
             "date 2025-01-01 caf\xe9 bad\xff wordbadutf\n");
  WriteBytes(path("utf16le.txt"), Utf16("date 2025-01-02 wordleutf\n", false));
  WriteBytes(path("utf16be.txt"), Utf16("date 2025-01-02 wordbeutf\n", true));
  WriteBytes(path("crlf.txt"),
             "date: 2025-01-03\r\ntitle: CRLF title\r\n\r\nwordcrlf body\r\n");
  WriteBytes(path("empty.txt"), "");
  WriteBytes(path("blank.txt"), "  \n\t\n \r\n\n");
  {
    std::ofstream big(path("big.txt"), std::ios::binary);
    big << "date 2025-01-04 ";
    const std::string line =
        "the minister said the talks on the border went on for days.\n";
    for (long n = 0; n < big_mb * 1024 * 1024;
         n += static_cast<long>(line.size()))
      big << line;
    big << "wordbig at the very end\n";
  }
  WriteBytes(
      path("longline.txt"),
      "date 2025-01-05 " + std::string(1 << 20, 'x') + " wordlongline\n");
  WriteBytes(path("baddate.txt"), "date 2025-13-45 wordbaddate\n");
  WriteBytes(path("leapless.txt"), "date 2025-02-29 wordleapless\n");
  WriteBytes(path("year0.txt"), "date 0000-01-01 wordyearzero\n");
  WriteBytes(path("future.txt"), "date 9999-12-31 wordfuture\n");
  WriteBytes(path("name with spaces.txt"), "date 2025-01-06 wordspaces\n");
  WriteBytes(path("new\nline.txt"), "date 2025-01-07 wordnewline caf\xe9\n");
  WriteBytes(path("bad\xff\xfe.txt"), "date 2025-01-08 wordbadname caf\xe9\n");
  WriteBytes(path("\x1b[31mred.txt"), "date 2025-01-08 wordescape caf\xe9\n");
  WriteBytes(path(deep + "/a.txt"), "date 2025-01-09 worddeep\n");
  REQUIRE(mkfifo(path("fifo.txt").c_str(), 0644) == 0);
  const int sock = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string sock_path = path("sock.txt");
  REQUIRE(sock_path.size() < sizeof addr.sun_path);
  std::copy(sock_path.begin(), sock_path.end(), addr.sun_path);
  REQUIRE(bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  close(sock);
  fs::create_directory_symlink(".", path("loop"));
  fs::create_symlink("/nonexistent/target", path("dangling.txt"));
  MakeTooDeep(corpus, 4200);
  files.push_back({"dddd", Outcome::kSkipped, "File name too long", "", true});

  // Unreadable files: root reads anything, so as root run the indexer
  // without the capabilities that let it (util-linux setpriv).
  std::vector<std::string> indexer = {TestBinaries().indexer};
  const std::string setpriv = FindProgram("setpriv");
  const bool can_deny = geteuid() != 0 || !setpriv.empty();
  if (can_deny) {
    WriteBytes(path("secret.txt"), "date 2025-01-10 wordsecret\n");
    chmod(path("secret.txt").c_str(), 0);
    WriteBytes(path("locked/inside.txt"), "date 2025-01-10 wordlocked\n");
    chmod(path("locked").c_str(), 0);
    files.push_back({"secret.txt", Outcome::kSkipped, "Permission denied", ""});
    files.push_back({"locked", Outcome::kSkipped, "Permission denied", ""});
    if (geteuid() == 0) {
      indexer = {setpriv, "--bounding-set", "-dac_override,-dac_read_search",
                 TestBinaries().indexer};
    }
  } else {
    MESSAGE("SKIPPED unreadable files: running as root without setpriv");
  }
  std::vector<std::string> argv = indexer;
  argv.insert(argv.end(), {"build", corpus, "--db", db});

  const double start = MonotonicSeconds();
  const RunResult r = RunWithin(argv, 300);
  const double seconds = MonotonicSeconds() - start;
  CHECK(r.exit_code == 1);  // something was skipped

  // Every stderr line is "path: reason" for one of the files, on one line.
  std::map<std::string, std::string> warnings;  // printable path -> reason
  for (const std::string& line : Lines(r.err)) {
    CAPTURE(line);
    const std::string prefix = Printable(corpus) + "/";
    REQUIRE(line.rfind(prefix, 0) == 0);
    bool known = false;
    for (const HostileFile& f : files) {
      const std::string shown = Printable(f.name) + (f.below ? "/" : ": ");
      if (line.compare(prefix.size(), shown.size(), shown) == 0) {
        warnings[f.name] = f.below ? line.substr(line.rfind(": ") + 2)
                                   : line.substr(prefix.size() + shown.size());
        known = true;
      }
    }
    CHECK(known);
    for (const char c : line) CHECK(static_cast<unsigned char>(c) >= 0x20);
  }
  size_t indexed = 0, skipped = 0;
  for (const HostileFile& f : files) {
    CAPTURE(f.name);
    (f.outcome == Outcome::kIndexed ? indexed : skipped) += 1;
    if (f.warning.empty()) {
      CHECK(warnings.count(f.name) == 0);
    } else {
      REQUIRE(warnings.count(f.name) == 1);
      CHECK(warnings[f.name].find(f.warning) != std::string::npos);
    }
  }
  std::smatch m;
  REQUIRE(std::regex_search(
      r.out, m, std::regex(R"(indexed: (\d+) new, .* (\d+) skipped)")));
  CHECK(std::stoul(m[1]) == indexed);
  CHECK(std::stoul(m[2]) == skipped);
  MESSAGE("hostile corpus (" << big_mb << " MB article included) indexed in "
                             << seconds << " s");

  // Each indexed file can be found, and machine output stays valid JSON
  // whatever its name holds.
  for (const HostileFile& f : files) {
    if (f.outcome != Outcome::kIndexed) continue;
    CAPTURE(f.name);
    const RunResult s = RunWithin(
        {TestBinaries().searcher, "--db", db, "--format", "json", f.word}, 60);
    REQUIRE(s.exit_code == 0);
    const json answer = json::parse(s.out);
    REQUIRE(answer["hits"].size() == 1);
    const std::string id = answer["hits"][0]["id"];
    // JSON holds only UTF-8: a byte that is not becomes U+FFFD there.
    CHECK(id == RepairUtf8(f.name));
    // --format paths -0 gives the bytes as they are, for xargs -0.
    const RunResult p = Run({TestBinaries().searcher, "--db", db, "--format",
                             "paths", "-0", f.word});
    CHECK(p.out == path(f.name) + std::string(1, '\0'));
  }
  const json crlf = json::parse(
      Run({TestBinaries().searcher, "--db", db, "--format", "json", "wordcrlf"})
          .out);
  CHECK(crlf["hits"][0]["title"] == "CRLF title");
  CHECK(crlf["hits"][0]["date"] == "2025-01-03");

  // A second build finds nothing new and still says what it skipped.
  const RunResult again = RunWithin(argv, 300);
  CHECK(again.exit_code == 1);
  CHECK(again.out.find(" 0 new, 0 updated, 0 removed") != std::string::npos);

  // fs::remove_all cannot delete a tree deeper than PATH_MAX; rm can.
  (void)Run({"/bin/rm", "-rf", corpus + "/dddd"});
}

// Queries built to break a query parser or a matcher, with what they must
// come to: exit 2 with a message containing `refusal`, or an answer.
struct HostileQuery {
  std::string query;
  const char* refusal;  // nullptr: must be answered (exit 0 or 1)
  std::vector<std::string> options = {};
};

std::vector<HostileQuery> HostileQueries() {
  std::string words_100k, wildcards_100k, wildcards_60k, brackets;
  for (int i = 0; words_100k.size() < 100 * 1024; ++i)
    words_100k += "word" + std::to_string(i) + " ";
  for (int i = 0; wildcards_100k.size() < 100 * 1024; ++i)
    wildcards_100k += "k" + std::to_string(i % 50) + "* ";
  for (int i = 0; wildcards_60k.size() < 60 * 1024; ++i)
    wildcards_60k += "ka* ";
  for (int i = 0; i < 5000; ++i) brackets += "(ka OR ";
  brackets += "lo" + std::string(5000, ')');
  return {
      {"\"golan talks", nullptr},
      {"(talks OR minister", nullptr},
      {"talks)", nullptr},
      {"))))((((", nullptr},
      {"AND", "cannot parse query 'AND'"},
      {"OR", "cannot parse query"},
      {"NOT", "cannot parse query"},
      {"talks AND", "cannot parse query 'talks AND'"},
      {"-", nullptr},
      {"+", nullptr},
      {"NEAR", "cannot parse query 'NEAR'"},
      {"talks NEAR/999999999 minister", nullptr},
      {"\"", nullptr},
      {"*", nullptr},
      {"foo:bar", nullptr},
      {"person:", nullptr},
      {"person:\"\"", "empty person name"},
      {"date:", nullptr},
      {"date:2026..2025", "ends before it starts"},
      {"date:2025-13", "bad date '2025-13'"},
      {"date:abc..", "bad date 'abc'"},
      {"date:..", "empty date range"},
      {"date:2025..2024-12-31", "ends before it starts"},
      {"talks", "bad date '2025-02-30'", {"--since", "2025-02-30"}},
      {"talks",
       "ends before it starts",
       {"--since", "2025", "--until", "2024"}},
      {"caf\xe9 \xff\xfe talks", nullptr},
      {"\x1b[2J\x1b[31m talks", nullptr},
      {words_100k, "query too long"},
      {wildcards_100k, "query too long"},
      {wildcards_60k, "too many wildcards"},
      {brackets, nullptr},
      {"k*", nullptr, {"--facets", "--exact"}},
      {"*a", nullptr},
  };
}

TEST_CASE(
    "hostile queries: each answered or refused with one line and exit 2, "
    "within seconds, one process each and in batch mode") {
  TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  Materialize(corpus, {}, SyntheticState(300, 6));
  REQUIRE(
      Run({TestBinaries().indexer, "build", corpus, "--db", db}).exit_code ==
      0);
  const std::vector<HostileQuery> queries = HostileQueries();
  for (const HostileQuery& q : queries) {
    CAPTURE(Printable(q.query, 60));
    std::vector<std::string> argv = {TestBinaries().searcher, "--db", db};
    argv.insert(argv.end(), q.options.begin(), q.options.end());
    argv.insert(argv.end(), {"--format", "json", "--", q.query});
    const double start = MonotonicSeconds();
    const RunResult r = RunWithin(argv, 30);
    CHECK(MonotonicSeconds() - start < 10);
    if (q.refusal == nullptr) {
      CHECK_MESSAGE(r.exit_code <= 1, r.err);
      CHECK(r.err.empty());
      CHECK(json::accept(r.out));
    } else {
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      const auto lines = Lines(r.err);
      REQUIRE(lines.size() == 1);
      CHECK(lines[0].rfind("searcher: ", 0) == 0);
      CHECK(lines[0].find(q.refusal) != std::string::npos);
      CHECK(lines[0].size() < 500);
    }
  }

  // The same through one batch process, plus what only a pipe can carry:
  // NUL bytes, raw invalid UTF-8, a line over the 1 MiB limit.
  std::vector<std::string> lines;
  std::vector<bool> refused;
  for (const HostileQuery& q : queries) {
    if (!q.options.empty()) continue;
    json request = {{"query", RepairUtf8(q.query)}, {"limit", 3}};
    lines.push_back(request.dump());
    refused.push_back(q.refusal != nullptr);
  }
  for (const auto& [line, bad] : std::vector<std::pair<std::string, bool>>{
           {std::string("talks\0minister", 14), false},
           {"{\"query\": \"talks\\u0000minister\"}", false},
           {"caf\xe9 \xff talks", false},
           {"{\"query\": \"caf\xe9\"}", true},
           {"{\"query\": \"talks\", \"limit\": 1e300}", true},
           {"{\"query\": \"talks\", \"since\": \"2025-99\"}", true},
           {"{\"query\": [\"talks\"]}", true},
           {"{\"query\": \"talks\"", true},
           {"{}", true},
           {std::string(2 << 20, 'q'), true},
       }) {
    lines.push_back(line);
    refused.push_back(bad);
  }
  PipedProcess batch({TestBinaries().searcher, "--db", db, "--batch"});
  const double start = MonotonicSeconds();
  for (size_t i = 0; i < lines.size(); ++i) {
    CAPTURE(i);
    CAPTURE(Printable(lines[i], 60));
    REQUIRE(batch.Write(lines[i] + "\n"));
    const auto answer = batch.ReadLine(30);
    REQUIRE(answer);
    const json a = json::parse(*answer);
    CHECK(a["line"] == i + 1);
    if (refused[i]) {
      CHECK(a["type"] == "error");
      CHECK(a["kind"] != "index");
      CHECK(a["message"].get<std::string>().size() < 500);
    } else {
      CHECK(a["type"] == "result");
    }
  }
  const RunResult end = batch.Finish();
  CHECK(end.exit_code == 2);  // some lines got an error object
  CHECK(MonotonicSeconds() - start < 60);
}

TEST_SUITE_END();

}  // namespace
}  // namespace gazette::testing
