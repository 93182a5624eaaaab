#include "common/corpus/corpus_walker.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "gazette/error.h"

namespace gazette {
namespace {

using DirId = std::pair<dev_t, ino_t>;

bool HasExtension(const std::string& name, std::string_view ext) {
  if (name.size() <= ext.size()) return false;
  return std::equal(ext.begin(), ext.end(), name.end() - ext.size(),
                    [](char e, char c) {
                      return e == std::tolower(static_cast<unsigned char>(c));
                    });
}

std::optional<CorpusFileKind> KindOfName(const std::string& name) {
  if (HasExtension(name, ".txt")) return CorpusFileKind::kArticle;
  if (HasExtension(name, ".jsonl")) return CorpusFileKind::kJsonLines;
  return std::nullopt;
}

const char* KindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

}  // namespace

CorpusListing ListCorpus(const std::string& root, const std::string& exclude) {
  struct stat st;
  if (stat(root.c_str(), &st) != 0) {
    throw Error(ErrorKind::kUsage,
                "corpus directory '" + root + "': " + std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) {
    throw Error(ErrorKind::kUsage, "corpus '" + root +
                                       "' is not a directory (give the folder "
                                       "that holds the articles)");
  }
  std::set<DirId> visited = {{st.st_dev, st.st_ino}};
  std::optional<DirId> excluded;
  struct stat ex;
  if (!exclude.empty() && stat(exclude.c_str(), &ex) == 0) {
    excluded = DirId{ex.st_dev, ex.st_ino};
  }

  CorpusListing listing;
  // Explicit stack: deep trees must not exhaust the call stack.
  std::vector<std::string> pending = {""};
  while (!pending.empty()) {
    const std::string rel_dir = std::move(pending.back());
    pending.pop_back();
    const std::string dir_path = rel_dir.empty() ? root : root + "/" + rel_dir;
    DIR* dir = opendir(dir_path.c_str());
    if (dir == nullptr) {
      listing.problems.emplace_back(
          dir_path,
          std::string("cannot read directory: ") + std::strerror(errno));
      continue;
    }
    std::vector<std::string> names;
    while (const dirent* entry = readdir(dir)) {
      if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
    }
    closedir(dir);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      const std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
      const std::string path = root + "/" + rel;
      if (stat(path.c_str(), &st) != 0) {
        struct stat lst;
        const bool dangling =
            lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode);
        if (KindOfName(name) || !dangling) {
          listing.problems.emplace_back(
              path, dangling
                        ? "broken symbolic link"
                        : std::string("cannot stat: ") + std::strerror(errno));
        }
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        const DirId id{st.st_dev, st.st_ino};
        if (excluded && id == *excluded) continue;
        if (!visited.insert(id).second) {
          listing.problems.emplace_back(
              path,
              "directory already visited (symbolic link loop?); not followed");
          continue;
        }
        pending.push_back(rel);
        continue;
      }
      const std::optional<CorpusFileKind> kind = KindOfName(name);
      if (!kind) {
        ++listing.ignored;
        continue;
      }
      if (!S_ISREG(st.st_mode)) {
        listing.problems.emplace_back(
            path, std::string(KindOf(st.st_mode)) + ", not an article file");
        continue;
      }
      listing.files.push_back(
          {rel, path, static_cast<uint64_t>(st.st_size),
           static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
               st.st_mtim.tv_nsec,
           *kind});
    }
  }
  std::sort(
      listing.files.begin(), listing.files.end(),
      [](const CorpusFile& a, const CorpusFile& b) { return a.id < b.id; });
  return listing;
}

}  // namespace gazette
