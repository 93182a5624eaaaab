// Fuzzes the query builder with any query, date bounds and entity filters,
// and runs what it builds on a small index of articles indexed as the
// indexer does: it must either build a query that Xapian runs or refuse
// with Error(kQuery) and a one-line message, and text taken as plain text
// is always a query.
//
// Input: one byte of flags, then a '\n'-separated value for each filter its
// bits ask for (since, until, person, place, org, in that order), then the
// query (the rest, newlines and all).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/corpus/article_reader.h"
#include "common/entities/entity_extractor.h"
#include "common/index/document_builder.h"
#include "common/index/schema.h"
#include "common/search/query_builder.h"
#include "fuzz/fuzz_check.h"
#include "gazette/error.h"

using gazette::fuzz::Check;

namespace {

constexpr const char* kArticles[] = {
    ("date: 2025-05-28\ntitle: Envoys meet near the border\n\n"
     "Officials from both governments met in Geneva on Tuesday. Maria Lopez, "
     "the mediator, said the talks would continue next week."),
    ("date: 2024-11-02\n\nThe harbour reopened after the storm. Fishermen "
     "in Lisbon and Porto counted their losses; the port authority promised "
     "help."),
    ("title: Budget vote delayed\n\nParliament postponed the budget vote. "
     "The finance minister, John Appleby, blamed the opposition."),
};

const Xapian::Database& SmallIndex() {
  static const Xapian::WritableDatabase db = [] {
    Xapian::WritableDatabase w(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const auto extractor = gazette::MakeDefaultEntityExtractor();
    gazette::DocumentBuilder builder;
    int n = 0;
    for (const char* text : kArticles) {
      const std::string id = "a" + std::to_string(++n) + ".txt";
      gazette::ReadResult read = gazette::ReadArticle(text, id, "/corpus");
      const gazette::Article& doc = *read.article;
      gazette::SourceRecord source;
      source.root = doc.root;
      source.id = doc.id;
      w.replace_document(
          gazette::schema::IdTerm(doc.id),
          builder.Build(doc, extractor->Extract(doc.title, doc.body), source));
    }
    return w;
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const unsigned flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto next_value = [&rest] {
    const size_t end = rest.find('\n');
    std::string value(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    return value;
  };
  gazette::SearchRequest request;
  request.match_any = flags & 1;
  request.plain_text = flags & 2;
  if (flags & 4) request.since = next_value();
  if (flags & 8) request.until = next_value();
  if (flags & 16) request.persons.push_back(next_value());
  if (flags & 32) request.places.push_back(next_value());
  if (flags & 64) request.orgs.push_back(next_value());
  request.query = std::string(rest);
  const bool filtered = flags & (4 | 8 | 16 | 32 | 64);
  const bool blank =
      request.query.find_first_not_of(" \t\r\n") == std::string::npos;

  gazette::QueryBuilder builder(SmallIndex());
  Xapian::Query query;
  try {
    query = builder.Build(request);
  } catch (const gazette::Error& e) {
    Check(e.kind() == gazette::ErrorKind::kQuery, "not a query error");
    gazette::fuzz::CheckMessage(e.what(), "query error");
    Check(!(request.plain_text && !filtered && !blank &&
            request.query.size() <= 64 * 1024),
          "plain text refused");
    return 0;
  }
  Check(!(blank && !filtered), "an empty request accepted");
  Xapian::Enquire enquire(SmallIndex());
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, 10, 100);
  Check(mset.size() <= std::size(kArticles), "more hits than articles");
  return 0;
}
