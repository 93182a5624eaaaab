// Walks a corpus directory tree and lists its article files.
#ifndef GAZETTE_COMMON_CORPUS_CORPUS_WALKER_H_
#define GAZETTE_COMMON_CORPUS_CORPUS_WALKER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gazette {

// How a corpus file holds its articles.
enum class CorpusFileKind {
  kArticle,    // *.txt: one article, in the article format
  kJsonLines,  // *.jsonl: one article per line
};

struct CorpusFile {
  // Path relative to the root, '/'-separated; the index builder puts the
  // root's label before it, if any, to make the article id
  // (ApplyRootLabel).
  std::string id;
  std::string path;  // root + '/' + the path relative to it
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  CorpusFileKind kind = CorpusFileKind::kArticle;
};

struct CorpusListing {
  std::vector<CorpusFile> files;  // sorted by id
  // Regular files that are not articles (neither *.txt nor *.jsonl):
  // skipped, counted.
  size_t ignored = 0;
  // Entries that looked like articles or directories but could not be used:
  // "path: reason" (unreadable directory, FIFO named *.txt, symlink loop).
  std::vector<std::pair<std::string, std::string>> problems;
};

// Lists every regular *.txt and *.jsonl file (any case of the extension)
// under root,
// following symbolic links but never into a directory already visited.
// Names starting with '.' are hidden and not visited; `exclude` (the index
// itself, if it lies inside the corpus) is skipped. Throws Error(kUsage) if
// root is not a readable directory.
CorpusListing ListCorpus(const std::string& root, const std::string& exclude);

}  // namespace gazette

#endif  // GAZETTE_COMMON_CORPUS_CORPUS_WALKER_H_
