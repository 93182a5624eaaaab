// Test collections for the retrieval-quality evaluation: parsers for the
// TIME and CACM distributions, and writers that turn their documents into a
// Gazette corpus and into the plain files the omindex baseline indexes.
#ifndef GAZETTE_BENCH_RANK_EVAL_COLLECTION_H_
#define GAZETTE_BENCH_RANK_EVAL_COLLECTION_H_

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bench/rank_eval/metrics.h"

namespace gazette::eval {

struct EvalDocument {
  // The collection's document number, as the judgments name it ("17",
  // "CACM-0001"); also the corpus file name without ".txt".
  std::string docno;
  std::string date;   // YYYY-MM-DD, or empty when the source has none
  std::string title;  // empty when the source has none
  std::string body;
};

struct Topic {
  std::string id;
  std::string text;  // whitespace collapsed to single spaces
};

struct Collection {
  std::string name;
  std::vector<EvalDocument> documents;
  std::vector<Topic> topics;
  Qrels qrels;
};

// Thrown when a collection file does not have the documented format.
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// TIME (SMART format). TIME.ALL: documents, each opening with a line
// "*TEXT 017 01/04/63 PAGE 020"; the document number is its 1-based
// position in the file, as TIME.REL counts. TIME.QUE: "*FIND n" then the
// query. TIME.REL: "query doc doc ...". Both end at an optional "*STOP".
std::vector<EvalDocument> ParseTimeDocuments(std::string_view all);
std::vector<Topic> ParseTimeTopics(std::string_view que);
Qrels ParseTimeQrels(std::string_view rel);

// CACM as Anserini packages it: one "<html><pre>" file per document; the
// title is the first paragraph, the date comes from the "CACM Month, Year"
// line, and everything after the title is the body.
EvalDocument ParseCacmDocument(std::string docno, std::string_view html);
// TREC-style "<DOC><DOCNO> n </DOCNO> text </DOC>" topics.
std::vector<Topic> ParseTrecTopics(std::string_view topics);
// TREC qrels: "topic iteration doc grade" per line.
Qrels ParseTrecQrels(std::string_view qrels);

// A Gazette article: "date:" and "title:" headers, a blank line, the body.
std::string ToGazetteArticle(const EvalDocument& doc);
// What the omindex baseline indexes: a date line, then the title and body.
std::string ToPlainText(const EvalDocument& doc);

// Whitespace runs become one space; leading and trailing space is dropped.
std::string CollapseSpace(std::string_view text);

}  // namespace gazette::eval

#endif  // GAZETTE_BENCH_RANK_EVAL_COLLECTION_H_
