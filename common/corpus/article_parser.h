// Parses the article format: optional header lines (date, title, source, url),
// then the body. The format is specified in README.md, "Document format".
#ifndef GAZETTE_COMMON_CORPUS_ARTICLE_PARSER_H_
#define GAZETTE_COMMON_CORPUS_ARTICLE_PARSER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gazette/date.h"

namespace gazette {

struct ParsedArticle {
  std::optional<Date> date;
  std::string title;  // from the `title:` header only; empty if none
  std::string source;
  std::string url;
  std::string body;
  // Problems the caller should report against the file ("no date header;
  // indexed without a date"). The article is still usable.
  std::vector<std::string> warnings;
};

// Parses decoded article text (UTF-8, LF line ends). Never fails: an article
// without headers is all body, and a bad date is dropped with a warning.
[[nodiscard]] ParsedArticle ParseArticle(std::string_view text);

// The title shown for an article without a `title:` header: the body's first
// sentence, cut at a word boundary to at most max_bytes (plus "…").
std::string DeriveTitle(std::string_view body, size_t max_bytes = 120);

}  // namespace gazette

#endif  // GAZETTE_COMMON_CORPUS_ARTICLE_PARSER_H_
