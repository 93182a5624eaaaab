// An article as the reader hands it to analysis: text and header fields.
#ifndef GAZETTE_COMMON_CORPUS_ARTICLE_H_
#define GAZETTE_COMMON_CORPUS_ARTICLE_H_

#include <optional>
#include <string>

#include "gazette/date.h"

namespace gazette {

struct Article {
  // The article's identity: its path relative to the corpus root, with '/'
  // separators. Stable across re-indexing; the index's unique key.
  std::string id;
  // Absolute path of the corpus root it was read from.
  std::string root;
  std::optional<Date> date;
  // The `title:` header, else the shortened first sentence.
  std::string title;
  // True when the title came from a `title:` header (and so is not already
  // part of the body text).
  bool title_from_header = false;
  std::string source;
  std::string url;
  std::string body;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_CORPUS_ARTICLE_H_
