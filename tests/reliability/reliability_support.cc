#include "tests/reliability/reliability_support.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/synthetic_corpus.h"

namespace gazette::testing {
namespace {

namespace fs = std::filesystem;

// 2020-01-01T00:00:00Z; synthetic files get mtimes a second apart from it.
constexpr int64_t kBaseMtimeNs = 1577836800LL * 1'000'000'000;

void SetMtime(const std::string& path, int64_t mtime_ns) {
  timespec times[2];
  times[0].tv_sec = mtime_ns / 1'000'000'000;
  times[0].tv_nsec = mtime_ns % 1'000'000'000;
  times[1] = times[0];
  if (utimensat(AT_FDCWD, path.c_str(), times, 0) != 0) {
    throw std::runtime_error("utimensat " + path + ": " + std::strerror(errno));
  }
}

uint64_t Below(std::mt19937_64& rng, uint64_t n) { return rng() % n; }

}  // namespace

const Binaries& TestBinaries() {
  static const Binaries binaries{GAZETTE_INDEXER, GAZETTE_SEARCHER};
  return binaries;
}

std::string FindProgram(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = dir + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

std::string IndexProblems(const std::string& db) {
  std::string problems;
  Xapian::doccount doccount = 0;
  try {
    doccount = Xapian::Database(db).get_doccount();
  } catch (const Xapian::Error& e) {
    return "the index does not open: " + e.get_description() + "\n";
  }
  static const std::string check = FindProgram("xapian-check");
  if (check.empty()) {
    problems += "xapian-check is not installed (scripts/install-deps.sh)\n";
  } else {
    // A sharded index: each database its stub lists.
    std::vector<std::string> databases = {db};
    if (fs::exists(db + "/XAPIANDB")) {
      databases.clear();
      std::ifstream stub(db + "/XAPIANDB");
      for (std::string line; std::getline(stub, line);) {
        if (line.rfind("auto ", 0) == 0)
          databases.push_back(db + "/" + line.substr(5));
      }
    }
    for (const std::string& database : databases) {
      const RunResult r = Run({check, database});
      if (r.exit_code != 0 ||
          r.out.find("No errors found") == std::string::npos)
        problems += "xapian-check " + database + ": " + r.out + r.err + "\n";
    }
  }
  const RunResult s = Run({TestBinaries().searcher, "--db", db, "--format",
                           "json", "--exact", "-n", "3", kSyntheticMarker});
  if (s.exit_code != (doccount ? 0 : 1)) {
    problems +=
        "searcher exited " + std::to_string(s.exit_code) + ": " + s.err + "\n";
  } else {
    try {
      const auto result = nlohmann::json::parse(s.out);
      const uint64_t total = result["total"]["lower"];
      // A searcher started just after a commit by an earlier process may
      // see nothing newer than the one we opened; the index is not being
      // written now, so the two must agree.
      if (total != doccount) {
        problems += "searcher found " + std::to_string(total) +
                    " articles with the marker, the index has " +
                    std::to_string(doccount) + "\n";
      }
    } catch (const std::exception& e) {
      problems +=
          std::string("searcher output is not JSON: ") + e.what() + "\n";
    }
  }
  return problems;
}

namespace {

bool IsJsonLines(const std::string& id) {
  return id.size() > 6 && id.compare(id.size() - 6, 6, ".jsonl") == 0;
}

// Bumps a letter of the text, keeping its size; in a JSON Lines file, a
// letter of some line's body, so the line stays a valid article.
void EditKeepingSize(std::string& text, bool jsonl, std::mt19937_64& rng) {
  size_t at = text.size() / 2 + Below(rng, text.size() / 2 + 1);
  if (jsonl) {
    const size_t body = text.find("\"body\":\"", Below(rng, text.size()));
    at = (body == std::string::npos ? text.find("\"body\":\"") : body) + 8;
  }
  for (size_t j = at; j < text.size(); ++j) {
    if (text[j] >= 'a' && text[j] <= 'y') {
      text[j] = static_cast<char>(text[j] + 1);
      return;
    }
  }
}

// Changes some lines of a JSON Lines file: replaces, inserts, deletes or
// swaps lines (which renumbers the lines that have no "id").
void EditLines(std::string& text, std::mt19937_64& rng, uint64_t seed,
               uint64_t* serial) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const auto fresh = [&] {
    return SyntheticJsonLine(seed, (*serial)++, Below(rng, 10) < 7);
  };
  for (uint64_t edits = 1 + Below(rng, 3); edits > 0; --edits) {
    const size_t at = Below(rng, lines.size() + 1);
    switch (Below(rng, 4)) {
      case 0:
        if (at < lines.size()) lines[at] = fresh();
        break;
      case 1:
        lines.insert(lines.begin() + static_cast<long>(at), fresh());
        break;
      case 2:
        if (at < lines.size() && lines.size() > 1)
          lines.erase(lines.begin() + static_cast<long>(at));
        break;
      default:
        if (lines.size() > 1) {
          std::swap(lines[Below(rng, lines.size())],
                    lines[Below(rng, lines.size())]);
        }
    }
  }
  text.clear();
  for (const auto& line : lines) text += line + "\n";
}

std::string JsonLinesFile(uint64_t seed, uint64_t first_number,
                          uint64_t lines) {
  std::string text;
  for (uint64_t j = 0; j < lines; ++j) {
    const uint64_t n = first_number + j;
    text += SyntheticJsonLine(seed, n, n % 10 < 7) + "\n";
  }
  return text;
}

}  // namespace

CorpusState SyntheticState(uint64_t count, uint64_t seed) {
  CorpusState state;
  for (uint64_t i = 0; i < count; ++i) {
    const int64_t mtime =
        kBaseMtimeNs + static_cast<int64_t>(i) * 1'000'000'000;
    std::string id = SyntheticId(i);
    if (i % 25 == 24) {
      // Every 25th file holds several articles as JSON Lines; their
      // numbers are far above any article file's.
      id.replace(id.size() - 4, 4, ".jsonl");
      state[id] = {JsonLinesFile(seed, (i + 1) << 20, 2 + i % 7), mtime};
    } else {
      state[id] = {SyntheticArticle(seed, i), mtime};
    }
  }
  return state;
}

size_t ArticleCount(const CorpusState& state) {
  size_t count = 0;
  for (const auto& [id, file] : state) {
    count += IsJsonLines(id) ? static_cast<size_t>(std::count(
                                   file.text.begin(), file.text.end(), '\n'))
                             : 1;
  }
  return count;
}

void Materialize(const std::string& dir, const CorpusState& have,
                 const CorpusState& want) {
  // Removals first: a file may be replaced by a directory of its name.
  for (const auto& [id, file] : have) {
    if (want.count(id)) continue;
    fs::path p = fs::path(dir) / id;
    fs::remove(p);
    for (p = p.parent_path(); p != fs::path(dir) && fs::is_empty(p);
         p = p.parent_path()) {
      fs::remove(p);
    }
  }
  for (const auto& [id, file] : want) {
    const auto it = have.find(id);
    if (it != have.end() && it->second == file) continue;
    const std::string path = dir + "/" + id;
    if (it == have.end() || it->second.text != file.text) {
      WriteFile(path, file.text);
    } else if (file.mtime_ns == 0) {
      if (utimensat(AT_FDCWD, path.c_str(), nullptr, 0) != 0)
        throw std::runtime_error("touch " + path + ": " + std::strerror(errno));
    }
    if (file.mtime_ns != 0) SetMtime(path, file.mtime_ns);
  }
}

CorpusState RandomChanges(const CorpusState& state, std::mt19937_64& rng,
                          uint64_t seed, uint64_t* serial,
                          const ChangeMix& mix) {
  CorpusState next = state;
  std::vector<std::string> ids;
  for (const auto& [id, file] : state) ids.push_back(id);
  const auto count = [&](unsigned percent) {
    const uint64_t n = ids.size() * percent / 100;
    return n > 0 || percent == 0 ? n : Below(rng, 2);
  };
  // Only the live mode (mtime 0: "whatever the clock says") leaves mtimes
  // to the filesystem; otherwise every change moves the mtime on.
  const auto later = [&](int64_t mtime) {
    return mtime == 0
               ? 0
               : mtime + 1'000'000'000 + static_cast<int64_t>(Below(rng, 1000));
  };
  const auto pick = [&]() -> const std::string* {
    if (ids.empty()) return nullptr;
    const std::string& id = ids[Below(rng, ids.size())];
    return next.count(id) ? &id : nullptr;
  };
  const bool live = !state.empty() && state.begin()->second.mtime_ns == 0;
  const auto fresh = [&](const std::string& id) {
    const uint64_t n = (*serial)++;
    next[id] = {
        SyntheticArticle(seed, n),
        live ? 0 : kBaseMtimeNs + static_cast<int64_t>(n) * 1'000'000'000};
  };
  for (uint64_t i = count(mix.add); i > 0; --i) {
    fresh(SyntheticId(*serial));
  }
  for (uint64_t i = count(mix.edit); i > 0; --i) {
    if (const std::string* id = pick()) {
      CorpusFileState& f = next[*id];
      if (IsJsonLines(*id)) {
        EditLines(f.text, rng, seed, serial);
      } else {
        f.text = SyntheticArticle(seed, (*serial)++, 1 + Below(rng, 100));
      }
      f.mtime_ns = later(f.mtime_ns);
    }
  }
  for (uint64_t i = count(mix.same_size_edit); i > 0; --i) {
    if (const std::string* id = pick()) {
      CorpusFileState& f = next[*id];
      EditKeepingSize(f.text, IsJsonLines(*id), rng);
      f.mtime_ns = later(f.mtime_ns);
    }
  }
  for (uint64_t i = count(mix.touch); i > 0; --i) {
    if (const std::string* id = pick()) {
      CorpusFileState& f = next[*id];
      f.mtime_ns = later(f.mtime_ns);
      ++f.touches;
    }
  }
  for (uint64_t i = count(mix.rename); i > 0; --i) {
    if (const std::string* id = pick()) {
      const std::string to = "moved/" + std::to_string((*serial)++) + "-" +
                             id->substr(id->rfind('/') + 1);
      next[to] = next[*id];
      next.erase(*id);
    }
  }
  for (uint64_t i = count(mix.remove); i > 0; --i) {
    if (const std::string* id = pick()) next.erase(*id);
  }
  for (uint64_t i = count(mix.file_to_dir); i > 0; --i) {
    if (const std::string* id = pick()) {
      const std::string dir = *id;
      next.erase(dir);
      fresh(dir + "/inner-" + std::to_string(*serial) + ".txt");
    }
  }
  return next;
}

namespace {

std::optional<std::string> PrivateMounts() {
  static const std::optional<std::string> problem =
      []() -> std::optional<std::string> {
    if (unshare(CLONE_NEWNS) != 0) {
      return std::string("cannot make a private mount namespace: ") +
             std::strerror(errno) + " (needs root or CAP_SYS_ADMIN)";
    }
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
      return std::string("cannot make mounts private: ") + std::strerror(errno);
    }
    return std::nullopt;
  }();
  return problem;
}

}  // namespace

std::optional<std::string> MountTmpfs(const std::string& dir, uint64_t bytes) {
  if (auto problem = PrivateMounts()) return problem;
  const std::string options = "size=" + std::to_string(bytes);
  if (mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
            options.c_str()) != 0) {
    return "cannot mount a tmpfs at " + dir + ": " + std::strerror(errno);
  }
  return std::nullopt;
}

std::optional<std::string> RemountTmpfs(const std::string& dir, bool read_only,
                                        uint64_t bytes) {
  const std::string options = "size=" + std::to_string(bytes);
  unsigned long flags = MS_REMOUNT | MS_NOSUID | MS_NODEV;
  if (read_only) flags |= MS_RDONLY;
  if (mount("tmpfs", dir.c_str(), "tmpfs", flags, options.c_str()) != 0) {
    return "cannot remount " + dir + ": " + std::strerror(errno);
  }
  return std::nullopt;
}

void Unmount(const std::string& dir) { umount2(dir.c_str(), MNT_DETACH); }

}  // namespace gazette::testing
