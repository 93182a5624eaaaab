// Analyses an index build's articles, one job (an article file, or a run of
// lines of a JSON Lines file) at a time: reads them, decides against what
// the index holds whether an article must be analysed again or only its
// source record refreshed, extracts entities and builds the Xapian document.
// What it makes is written by the build's writer, in job order.
#ifndef GAZETTE_COMMON_INDEX_ARTICLE_ANALYZER_H_
#define GAZETTE_COMMON_INDEX_ARTICLE_ANALYZER_H_

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/corpus/article_reader.h"
#include "common/corpus/corpus_walker.h"
#include "common/corpus/jsonl_reader.h"
#include "common/entities/entity_extractor.h"
#include "common/index/change_plan.h"
#include "common/index/document_builder.h"
#include "common/index/stored_fields.h"

namespace gazette {

// A unit of work: a whole article file, or a run of lines of a JSON Lines
// file.
struct IndexJob {
  CorpusFile file;
  std::string root;
  // Article file: the article indexed from it before, if any (its position
  // in IndexedSources).
  std::optional<size_t> indexed;
  // JSON Lines file: the lines to read.
  LineChunk chunk;
  // JSON Lines file with articles indexed before: note every id seen, so
  // those no longer in the file can be removed.
  bool track_ids = false;
  // The root's label (ChooseRootLabels), for the articles' source records.
  std::string label;
};

// What became of one article.
struct ArticleOutcome {
  std::string id;
  // Where to report problems: the file's path, or "path:line".
  std::string where;
  std::vector<std::string> warnings;
  std::optional<std::string> skip_reason;
  // The article indexed under this id before, if any (its position in
  // IndexedSources).
  std::optional<size_t> indexed;
  // Set when the content changed: the new document.
  std::optional<Xapian::Document> document;
  // Set when only the fingerprint changed: the refreshed one.
  std::optional<SourceRecord> touched;
  size_t line = 0;  // JSON Lines only
};

struct IndexJobResult {
  std::vector<ArticleOutcome> outcomes;
  // Set when the file could not be read at all.
  std::optional<std::string> unreadable;
};

// Holds a DocumentBuilder, so one analyser per thread; `indexed` and
// `extractor` are shared, read only, and must outlive it.
class ArticleAnalyzer {
 public:
  ArticleAnalyzer(const IndexedSources& indexed,
                  const EntityExtractor& extractor)
      : indexed_(indexed), extractor_(extractor) {}

  // Never throws: a failure (a file that cannot be read, an internal error)
  // is the result's `unreadable`; problems with one article are its
  // outcome's skip_reason and warnings.
  IndexJobResult Run(const IndexJob& job);

 private:
  static IndexJobResult Failed(const IndexJob& job, std::string reason);
  IndexJobResult RunArticle(const IndexJob& job);
  IndexJobResult RunJsonLines(const IndexJob& job);
  void Finish(ReadResult& read, const SourceRecord& source,
              ArticleOutcome& out);

  const IndexedSources& indexed_;
  const EntityExtractor& extractor_;
  DocumentBuilder builder_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_ARTICLE_ANALYZER_H_
