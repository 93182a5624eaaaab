// Turns a SearchRequest into a Xapian::Query: the query syntax, field
// prefixes from the schema, date ranges and entity filters.
#ifndef GAZETTE_COMMON_SEARCH_QUERY_BUILDER_H_
#define GAZETTE_COMMON_SEARCH_QUERY_BUILDER_H_

#include <xapian.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/search/ranking.h"
#include "gazette/entity.h"
#include "gazette/error.h"
#include "gazette/search_request.h"

namespace gazette {

class QueryBuilder {
 public:
  // The database is used to expand wildcards; it must outlive the builder.
  // `ranking` shapes plain-text queries.
  explicit QueryBuilder(const Xapian::Database& db,
                        const RankingParams& ranking = {});

  // Throws Error(kQuery) when the query cannot be parsed or a filter value
  // is malformed (the message quotes it and says what is valid), when
  // there is neither a query nor a filter (SearchRequest::similar_to is
  // one; no article with its id is an error), and when the query is longer
  // than 64 KB or holds more than 100 wildcards (bounds that keep every
  // query's time and memory small).
  Xapian::Query Build(const SearchRequest& request);

 private:
  // The query syntax of README.md to a Xapian query; throws Error(kQuery)
  // for what Xapian would not parse as written.
  Xapian::Query Parse(const std::string& text);
  void AddFieldProcessor(
      const std::string& prefix,
      std::function<Xapian::Query(const std::string&)> build);

  Xapian::QueryParser parser_;
  Xapian::Database db_;
  RankingParams ranking_;
  // The first error a field processor met in the last parse.
  std::shared_ptr<std::optional<Error>> field_error_ =
      std::make_shared<std::optional<Error>>();
};

// Matches articles mentioning the entity under any alias: the value is
// folded the way the indexer folds names.
Xapian::Query EntityQuery(EntityType type, std::string_view value);

// Matches articles whose source (folded as names are) is `value`.
Xapian::Query SourceQuery(std::string_view value);

// A filter on the date slot from inclusive bounds ("2025", "2025-05",
// "2025-05-28"); either may be empty for an open end. `what` names the
// input in error messages ("--since", "date:").
Xapian::Query DateRangeQuery(std::string_view since, std::string_view until,
                             std::string_view what);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_QUERY_BUILDER_H_
