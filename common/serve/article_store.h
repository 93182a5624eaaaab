// One stored article by its id, for `GET /api/article/ID`: its fields, full
// text and entities, read from the index's latest commit.
#ifndef GAZETTE_COMMON_SERVE_ARTICLE_STORE_H_
#define GAZETTE_COMMON_SERVE_ARTICLE_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gazette/date.h"
#include "gazette/entity.h"

namespace gazette {

struct StoredArticle {
  std::string id;
  // As a hit's path: the file it was read from, absolute when indexed.
  std::string path;
  std::string title;
  std::optional<Date> date;
  std::string source;
  std::string url;
  std::string body;
  std::vector<ArticleEntity> entities;
};

// Holds an open index, like a Searcher, and like it is used by one thread
// at a time.
class ArticleStore {
 public:
  // Throws Error: kIndexMissing, kIndexCorrupt.
  explicit ArticleStore(const std::string& db_path);
  ~ArticleStore();
  ArticleStore(const ArticleStore&) = delete;
  ArticleStore& operator=(const ArticleStore&) = delete;

  // The article whose id is `id`, or nullopt when the index has none.
  // Throws Error(kArticleDamaged) when its record cannot be decoded and
  // Error(kIndexCorrupt) when the index cannot be read.
  std::optional<StoredArticle> Find(std::string_view id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_SERVE_ARTICLE_STORE_H_
