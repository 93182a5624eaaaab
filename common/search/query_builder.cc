#include "common/search/query_builder.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "common/base/fold.h"
#include "common/base/printable.h"
#include "common/entities/entity_key.h"
#include "common/index/schema.h"
#include "common/search/collapse.h"
#include "common/search/plain_query.h"
#include "common/search/query_syntax.h"
#include "gazette/date.h"
#include "gazette/error.h"

namespace gazette {
namespace {

constexpr unsigned kParserFlags = Xapian::QueryParser::FLAG_DEFAULT |
                                  Xapian::QueryParser::FLAG_WILDCARD |
                                  Xapian::QueryParser::FLAG_PURE_NOT;

// Bounds how far one wildcard can expand, so "a*" cannot take the whole
// vocabulary into one query.
constexpr Xapian::termcount kMaxWildcardTerms = 1000;
// Bounds on a whole query, so that no query can take minutes or gigabytes:
// 100 KB of "ab* " used to expand to millions of terms and never finish.
constexpr size_t kMaxQueryBytes = 64 * 1024;
constexpr size_t kMaxWildcards = 100;

// How many wildcards the parsed query holds. An explicit stack: a query may
// nest thousands of brackets deep.
size_t CountWildcards(const Xapian::Query& query) {
  size_t count = 0;
  std::vector<Xapian::Query> pending = {query};
  while (!pending.empty()) {
    const Xapian::Query q = std::move(pending.back());
    pending.pop_back();
    if (q.get_type() == Xapian::Query::OP_WILDCARD) ++count;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
      pending.push_back(q.get_subquery(i));
  }
  return count;
}

// A prefix whose value becomes a query by `build`. An Error that `build`
// throws is kept in `error` and the field matches nothing: an exception of
// ours thrown through QueryParser::parse_query leaks the parser's state (72
// bytes a query, which a long batch of bad requests adds up), so Build()
// throws it once the parser has returned.
class CheckedFieldProcessor : public Xapian::FieldProcessor {
 public:
  using BuildFn = std::function<Xapian::Query(const std::string&)>;
  CheckedFieldProcessor(std::shared_ptr<std::optional<Error>> error,
                        BuildFn build)
      : error_(std::move(error)), build_(std::move(build)) {}

  Xapian::Query operator()(const std::string& value) override {
    try {
      return build_(value);
    } catch (const Error& e) {
      if (!*error_) *error_ = e;
      return Xapian::Query::MatchNothing;
    }
  }

 private:
  std::shared_ptr<std::optional<Error>> error_;
  BuildFn build_;
};

// entity:NAME matches a name of any type.
Xapian::Query AnyEntityQuery(const std::string& value) {
  std::vector<Xapian::Query> alternatives;
  for (EntityType type : {EntityType::kPerson, EntityType::kPlace,
                          EntityType::kOrg, EntityType::kGroup}) {
    alternatives.push_back(EntityQuery(type, value));
  }
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(),
                       alternatives.end());
}

// date:2025-05..2025-06, date:2025, date:..2025-06, date:2025-05..
Xapian::Query DateFieldQuery(const std::string& value) {
  const size_t dots = value.find("..");
  if (dots == std::string::npos) return DateRangeQuery(value, value, "date:");
  return DateRangeQuery(std::string_view(value).substr(0, dots),
                        std::string_view(value).substr(dots + 2), "date:");
}

// year:2025, month:2025-05 (or 202505), day:2025-05-28 (or 20250528): the
// forms the facets and hits print, and the terms' own. `digits` is the
// length of the key: 4, 6 or 8.
Xapian::Query DateTermQuery(std::string_view field, std::string_view prefix,
                            size_t digits, const std::string& value) {
  std::string key;
  for (const char c : value) {
    if (c != '-') key += c;
  }
  // Dashes only where a printed date has them: 2025-05, 2025-05-28.
  const bool dashed = value.size() != key.size();
  const bool dashes_fit =
      !dashed || (value.size() == digits + digits / 4 && value[4] == '-' &&
                  (digits < 8 || value[7] == '-'));
  const std::string padded = key + std::string("0101").substr(0, 8 - digits);
  if (key.size() != digits || !dashes_fit || !Date::FromKey(padded)) {
    static constexpr const char* kForms[] = {"YYYY", "YYYY-MM or YYYYMM",
                                             "YYYY-MM-DD or YYYYMMDD"};
    throw Error(ErrorKind::kQuery, "bad " + std::string(field) + " '" +
                                       Printable(value, 40) + "' in " +
                                       std::string(field) + ": (expected " +
                                       kForms[(digits - 4) / 2] + ")");
  }
  return Xapian::Query(std::string(prefix) + key);
}

std::string BoundKey(std::string_view text, DateBound bound,
                     std::string_view what) {
  auto key = ParseDateBound(text, bound);
  if (!key) {
    throw Error(ErrorKind::kQuery,
                "bad date '" + Printable(text, 40) + "' in " +
                    std::string(what) +
                    " (expected YYYY, YYYY-MM or YYYY-MM-DD)");
  }
  return *key;
}

}  // namespace

Xapian::Query SourceQuery(std::string_view value) {
  const std::string source = FoldName(value);
  if (source.empty()) {
    throw Error(ErrorKind::kQuery,
                "empty source name: give the source as articles name it, as "
                "in source:reuters");
  }
  return Xapian::Query(schema::SourceTerm(source));
}

Xapian::Query EntityQuery(EntityType type, std::string_view value) {
  const std::string key = EntityKey(type, value);
  if (key.empty()) {
    throw Error(ErrorKind::kQuery,
                "empty " + std::string(EntityTypeName(type)) +
                    " name: give part of a name, as in " +
                    std::string(EntityTypeName(type)) + ":\"Donald Trump\"");
  }
  return Xapian::Query(schema::EntityTerm(type, key));
}

Xapian::Query DateRangeQuery(std::string_view since, std::string_view until,
                             std::string_view what) {
  if (since.empty() && until.empty()) {
    throw Error(ErrorKind::kQuery, "empty date range in " + std::string(what) +
                                       " (expected as in 2025-05..2025-06)");
  }
  if (until.empty()) {
    return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot,
                         BoundKey(since, DateBound::kLower, what));
  }
  const std::string upper = BoundKey(until, DateBound::kUpper, what);
  if (since.empty()) {
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, upper);
  }
  const std::string lower = BoundKey(since, DateBound::kLower, what);
  if (lower > upper) {
    throw Error(ErrorKind::kQuery, "date range in " + std::string(what) +
                                       " ends before it starts ('" +
                                       Printable(since, 40) + "' > '" +
                                       Printable(until, 40) + "')");
  }
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, lower,
                       upper);
}

QueryBuilder::QueryBuilder(const Xapian::Database& db,
                           const RankingParams& ranking)
    : db_(db), ranking_(ranking) {
  parser_.set_database(db);
  parser_.set_stemmer(schema::MakeStemmer());
  parser_.set_stemming_strategy(schema::kQueryStemStrategy);
  parser_.set_max_expansion(kMaxWildcardTerms,
                            Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  for (const schema::Field& field : schema::Fields()) {
    const std::string name(field.name);
    switch (field.kind) {
      case schema::FieldKind::kFreeText:
        parser_.add_prefix(name, std::string(field.prefix));
        break;
      case schema::FieldKind::kEntity: {
        const EntityType type = *ParseEntityType(field.name);
        AddFieldProcessor(name, [type](const std::string& value) {
          return EntityQuery(type, value);
        });
        break;
      }
      case schema::FieldKind::kBoolean:
        // Each has a field processor, below.
        break;
      case schema::FieldKind::kSource:
        AddFieldProcessor(
            name, [](const std::string& value) { return SourceQuery(value); });
        break;
    }
  }
  AddFieldProcessor("entity", AnyEntityQuery);
  AddFieldProcessor("date", DateFieldQuery);
  // What the hits and facets print is what these accept: a date as
  // YYYY-MM-DD, a month as YYYY-MM, an id however long (a long id's term
  // is shortened with a hash, schema::IdTerm).
  AddFieldProcessor("year", [](const std::string& value) {
    return DateTermQuery("year", schema::kYearPrefix, 4, value);
  });
  AddFieldProcessor("month", [](const std::string& value) {
    return DateTermQuery("month", schema::kMonthPrefix, 6, value);
  });
  AddFieldProcessor("day", [](const std::string& value) {
    return DateTermQuery("day", schema::kDayPrefix, 8, value);
  });
  AddFieldProcessor("id", [](const std::string& value) {
    return Xapian::Query(schema::IdTerm(value));
  });
}

Xapian::Query QueryBuilder::Parse(const std::string& text) {
  const auto fail = [&](const std::string& why) {
    return Error(ErrorKind::kQuery,
                 "cannot parse query '" + Printable(text, 200) + "': " + why);
  };
  if (const std::string why = UnsupportedSyntax(text); !why.empty())
    throw fail(why);
  const std::string bracketed = BracketNearRuns(text);
  field_error_->reset();
  Xapian::Query query;
  try {
    query = parser_.parse_query(bracketed, kParserFlags);
  } catch (const Xapian::QueryParserError& e) {
    throw fail(e.get_msg());
  }
  if (*field_error_) throw Error(**field_error_);
  // A query Xapian cannot parse is parsed again with every operator taken
  // as a word, silently: that parse is what a query with operators must
  // not equal.
  if (HasOperators(bracketed) &&
      query.get_description() ==
          parser_.parse_query(bracketed, 0).get_description()) {
    throw fail(
        HasNearOrAdj(bracketed)
            ? "NEAR and ADJ (or NEAR/5, ADJ/5) join single words, as in "
              "'syria NEAR talks': not phrases, brackets, wildcards, field "
              "filters or words with + or -; to ask for a phrase too, add "
              "it with AND: '\"golan heights\" AND heights NEAR talks'"
            : "its operators do not fit together (each of AND, OR, NOT and "
              "XOR needs words on both sides)");
  }
  return query;
}

void QueryBuilder::AddFieldProcessor(
    const std::string& prefix,
    std::function<Xapian::Query(const std::string&)> build) {
  parser_.add_boolean_prefix(
      prefix,
      (new CheckedFieldProcessor(field_error_, std::move(build)))->release());
}

Xapian::Query QueryBuilder::Build(const SearchRequest& request) {
  std::vector<Xapian::Query> filters;
  for (const auto& [values, type] :
       {std::pair{&request.persons, EntityType::kPerson},
        std::pair{&request.places, EntityType::kPlace},
        std::pair{&request.orgs, EntityType::kOrg}}) {
    for (const std::string& value : *values)
      filters.push_back(EntityQuery(type, value));
  }
  if (!request.sources.empty()) {
    // An article has one source: several mean any of them.
    std::vector<Xapian::Query> sources;
    for (const std::string& value : request.sources)
      sources.push_back(SourceQuery(value));
    filters.emplace_back(Xapian::Query::OP_OR, sources.begin(), sources.end());
  }
  if (request.since || request.until) {
    const std::string what = request.since && request.until ? "--since/--until"
                             : request.since                ? "--since"
                                                            : "--until";
    filters.push_back(DateRangeQuery(request.since.value_or(""),
                                     request.until.value_or(""), what));
  }

  if (request.similar_to)
    filters.push_back(SimilarToQuery(db_, *request.similar_to));

  if (request.query.size() > kMaxQueryBytes) {
    throw Error(ErrorKind::kQuery,
                "query too long: " + std::to_string(request.query.size()) +
                    " bytes (at most " + std::to_string(kMaxQueryBytes) + ")");
  }
  Xapian::Query query;
  const bool blank =
      request.query.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) {
    if (filters.empty()) {
      throw Error(ErrorKind::kQuery,
                  "empty query: give words to search for, or a filter such as "
                  "--person or --since");
    }
    query = Xapian::Query::MatchAll;
  } else if (request.plain_text) {
    query = PlainTextQuery(request.query, ranking_);
  } else {
    parser_.set_default_op(request.match_any ? Xapian::Query::OP_OR
                                             : Xapian::Query::OP_AND);
    query = Parse(request.query);
    if (const size_t wildcards = CountWildcards(query);
        wildcards > kMaxWildcards) {
      throw Error(ErrorKind::kQuery,
                  "too many wildcards: " + std::to_string(wildcards) +
                      " (at most " + std::to_string(kMaxWildcards) +
                      ", each standing for up to " +
                      std::to_string(kMaxWildcardTerms) + " words)");
    }
  }
  if (filters.empty()) return query;
  return Xapian::Query(
      Xapian::Query::OP_FILTER, query,
      Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
}

}  // namespace gazette
