// Reads a whole index into plain maps so that two indexes can be compared
// article by article: the reliability tests' notion of "the same index".
#ifndef GAZETTE_TESTS_INDEX_DUMP_H_
#define GAZETTE_TESTS_INDEX_DUMP_H_

#include <xapian.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gazette::testing {

struct IndexedArticle {
  std::string data;
  // term -> (wdf, positions)
  std::map<std::string,
           std::pair<Xapian::termcount, std::vector<Xapian::termpos>>>
      terms;
  std::map<Xapian::valueno, std::string> values;
  Xapian::termcount length = 0;

  friend bool operator==(const IndexedArticle&,
                         const IndexedArticle&) = default;
};

struct IndexDump {
  // By id (the Q term without its prefix).
  std::map<std::string, IndexedArticle> articles;
  // term -> (documents with it, total occurrences), over the whole index:
  // catches postings left behind by a deleted or replaced document.
  std::map<std::string, std::pair<Xapian::doccount, Xapian::termcount>>
      vocabulary;
  Xapian::doccount doccount = 0;
  // The spelling data, word -> frequency: incremental builds must keep it
  // as a rebuild makes it.
  std::map<std::string, Xapian::doccount> spelling;
  // The database's metadata, key -> value: the schema version and the
  // corpus alias table, which incremental builds must keep as a rebuild
  // makes it.
  std::map<std::string, std::string> metadata;
  // Documents without exactly one Q term, ids held by several documents.
  std::vector<std::string> problems;
};

// The article as its own text made it: without what the corpus alias table
// changed (which depends on the rest of the corpus), and without its facet
// fields, which are derived from the entity list the table changes
// (facet_fields_test.cc checks the derivation), and without its
// near-duplicate group, which the end of a build sets from the whole
// corpus.
IndexedArticle WithoutCorpusAliases(const IndexedArticle& article);

// Throws Xapian::Error if the index cannot be read.
IndexDump DumpIndex(const std::string& db_path);

// Empty when the two hold the same articles with the same terms, values
// and data, and the same spelling data and metadata; otherwise up to
// `max_lines` lines saying what differs.
std::string DescribeDifferences(const IndexDump& got, const IndexDump& want,
                                size_t max_lines = 12);

}  // namespace gazette::testing

#endif  // GAZETTE_TESTS_INDEX_DUMP_H_
