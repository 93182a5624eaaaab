// Reads one article: a file's bytes to a Article, with every repair and
// problem reported as a value for the caller to print and count.
#ifndef GAZETTE_COMMON_CORPUS_ARTICLE_READER_H_
#define GAZETTE_COMMON_CORPUS_ARTICLE_READER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/expected.h"
#include "common/corpus/article.h"

namespace gazette {

struct ReadResult {
  // Empty when the article is skipped; skip_reason then says why.
  std::optional<Article> article;
  std::optional<std::string> skip_reason;
  std::vector<std::string> warnings;
};

// Decodes and parses an article's bytes; the title falls back to the first
// sentence. Skips binary files and articles with no text at all.
[[nodiscard]] ReadResult ReadArticle(std::string_view bytes, std::string id,
                                     std::string root);

// Reads a whole file, or says why it cannot ("cannot open: ...", "not a
// regular file").
Expected<std::string> ReadFileBytes(const std::string& path);

}  // namespace gazette

#endif  // GAZETTE_COMMON_CORPUS_ARTICLE_READER_H_
