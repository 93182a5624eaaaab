// The byte formats an indexed article keeps: its entity list (value slot, for
// facets and display), its source fingerprint (value slot, for incremental
// builds) and its document data (fields and full text, for hits and snippets).
#ifndef GAZETTE_COMMON_INDEX_STORED_FIELDS_H_
#define GAZETTE_COMMON_INDEX_STORED_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/expected.h"
#include "common/corpus/article.h"
#include "gazette/entity.h"

namespace gazette {

std::string EncodeEntityList(const std::vector<ArticleEntity>& entities);
// Malformed records are dropped, never thrown on.
std::vector<ArticleEntity> DecodeEntityList(std::string_view encoded);

// Calls fn(type, key, name) for each record without allocating; the facet
// counter runs this for every matching document.
template <typename Fn>
void ForEachStoredEntity(std::string_view encoded, Fn&& fn);

// Where an article came from and what the file looked like, so an
// incremental build can tell an unchanged file without reading it.
struct SourceRecord {
  std::string root;  // absolute corpus root
  // Article id: the file's path relative to root, after the root's label
  // and a '/' if it has one; for a line of a JSON Lines file, "file#key".
  std::string id;
  // For an article read from a JSON Lines file: that file's path as an id
  // (after the label, as above). Empty when the article is a file of its
  // own (id is the path).
  std::string file;
  // The file's size and mtime (the JSON Lines file's, for its articles).
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  // XXH3 of the article's bytes: the file's, or its line's.
  uint64_t content_hash = 0;
  // The root's label (ChooseRootLabels): the prefix of its articles' ids,
  // empty for the root of a one-folder index.
  std::string label;

  // The path of the file the article was read from, as an id (with the
  // label).
  const std::string& FilePath() const { return file.empty() ? id : file; }
  // Its path relative to root.
  std::string RelativePath() const;

  friend bool operator==(const SourceRecord&, const SourceRecord&) = default;
};

std::string EncodeSource(const SourceRecord& source);
std::optional<SourceRecord> DecodeSource(std::string_view encoded);

// Document data: everything needed to show a hit without the corpus files.
std::string EncodeArticleData(const Article& article);
// The article, or why the data is not an article record (damaged).
Expected<Article> DecodeArticleData(std::string_view data);

// --- implementation ---

namespace stored_internal {
inline constexpr char kFieldSep = '\x1f';
inline constexpr char kRecordSep = '\x1e';
std::optional<EntityType> TypeFromCode(char code);
}  // namespace stored_internal

template <typename Fn>
void ForEachStoredEntity(std::string_view encoded, Fn&& fn) {
  using namespace stored_internal;
  while (!encoded.empty()) {
    size_t end = encoded.find(kRecordSep);
    if (end == std::string_view::npos) end = encoded.size();
    const std::string_view record = encoded.substr(0, end);
    encoded.remove_prefix(std::min(end + 1, encoded.size()));
    // <type code><derived flag><key> FS <name>
    const size_t sep = record.find(kFieldSep);
    if (record.size() < 3 || sep == std::string_view::npos || sep < 2) continue;
    const auto type = TypeFromCode(record[0]);
    if (!type) continue;
    fn(*type, record.substr(2, sep - 2), record.substr(sep + 1),
       record[1] == 'd');
  }
}

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_STORED_FIELDS_H_
