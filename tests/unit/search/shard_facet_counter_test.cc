#include "common/search/shard_facet_counter.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <set>
#include <string>
#include <vector>

#include "common/index/schema.h"
#include "common/index/stored_fields.h"
#include "gazette/index_builder.h"
#include "tests/support/synthetic_corpus.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

using testing::QuietReporter;

// One corpus indexed twice: as one database and as three shards. Twelve
// articles, so that every shard holds several and their docids (1, 2, ...
// in each shard) differ from those of the same articles in one database.
// "Gazette" names an organisation and Kurdish fighters a derived group, so
// that filter terms and entity lists do not always agree.
struct Indexed {
  testing::TempDir dir;
  std::string one, sharded;
};

// Indexes corpus into x.one and, as 3 shards, into x.sharded.
void IndexTwice(Indexed& x, const std::string& corpus, size_t articles) {
  for (const bool sharded : {false, true}) {
    IndexOptions options;
    options.corpus_dirs = {corpus};
    options.db_path = x.dir / (sharded ? "sharded" : "one");
    options.shards = sharded ? 3 : 0;
    QuietReporter reporter;
    REQUIRE(BuildIndex(options, reporter).articles == articles);
  }
  x.one = x.dir / "one";
  x.sharded = x.dir / "sharded";
}

const Indexed& Index() {
  static const Indexed* indexed = [] {
    auto* x = new Indexed;
    const std::string corpus = x->dir / "corpus";
    const char* people[] = {"Donald Trump", "Maria Lopez", "Ahmed al-Sharaa"};
    const char* places[] = {"Damascus", "Madrid", "Riyadh", "Syria"};
    for (int i = 0; i < 12; ++i) {
      testing::WriteFile(
          corpus + "/" + std::to_string(i) + ".txt",
          "date: 2025-0" + std::to_string(1 + i % 4) + "-1" +
              std::to_string(i % 10) + "\nPresident " + people[i % 3] +
              " spoke in " + places[i % 4] + (i % 2 ? " with Reuters" : "") +
              (i % 5 == 0 ? " as Kurdish fighters listened" : "") +
              ". Talks went on.\n");
    }
    IndexTwice(*x, corpus, 12);
    return x;
  }();
  return *indexed;
}

// The sharded index's shards, each served by xapian-progsrv over a pipe:
// Xapian's remote backend, as xapian-tcpsrv serves it, without a port.
Xapian::Database RemoteShards() {
  Xapian::Database db;
  for (int i = 0; i < 3; ++i) {
    db.add_database(Xapian::Remote::open(
        "xapian-progsrv", Index().sharded + "/shard-" + std::to_string(i)));
  }
  return db;
}

// Every facet as "value (key) count" lines, in order.
std::vector<std::string> Lines(const Facets& f) {
  std::vector<std::string> out;
  for (const auto* values :
       {&f.persons, &f.places, &f.orgs, &f.groups, &f.years, &f.months}) {
    for (const FacetValue& v : *values)
      out.push_back(v.value + " (" + v.key + ") " + std::to_string(v.count));
    out.push_back("--");
  }
  return out;
}

std::vector<std::string> Count(const Xapian::Database& db,
                               const Xapian::Query& query, bool remote,
                               size_t limit) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  // As the searcher asks: sorted by a value, a page of hits. (Xapian 1.4's
  // remote backend then gives a ValueCountMatchSpy some matches twice.)
  enquire.set_sort_by_relevance_then_value(schema::kSortSlot, true);
  const auto counter = MakeFacetCounterFor(db, query, remote, {limit});
  counter->Attach(enquire);
  enquire.get_mset(0, 3, db.get_doccount());
  return Lines(counter->Result(true));
}

const Xapian::Query kQueries[] = {
    Xapian::Query::MatchAll,
    Xapian::Query("talks"),
    Xapian::Query("damascus"),
    Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("madrid"),
                  Xapian::Query("riyadh")),
    Xapian::Query("zzyzx"),
};

TEST_CASE("facets over local and remote shards equal one database's") {
  const Xapian::Database one(Index().one);
  const Xapian::Database local(Index().sharded);
  const Xapian::Database remote = RemoteShards();
  REQUIRE(local.size() == 3);
  for (const Xapian::Query& query : kQueries) {
    for (const size_t limit : {size_t{1}, size_t{2}, size_t{10}}) {
      const std::string description = query.get_description();
      CAPTURE(description);
      CAPTURE(limit);
      const std::vector<std::string> expected = Count(one, query, false, limit);
      CHECK(Count(local, query, false, limit) == expected);
      CHECK(Count(remote, query, true, limit) == expected);
    }
  }
  // Something is counted, or the comparison says little.
  CHECK(Count(one, Xapian::Query("talks"), false, 10).size() > 12);
}

TEST_CASE("every shard holds its articles' facet fields as one database") {
  const Xapian::Database one(Index().one);
  size_t articles = 0;
  for (int i = 0; i < 3; ++i) {
    const Xapian::Database shard(Index().sharded + "/shard-" +
                                 std::to_string(i));
    for (auto doc = shard.postlist_begin(""); doc != shard.postlist_end("");
         ++doc) {
      const Xapian::Document d = shard.get_document(*doc);
      auto id = d.termlist_begin();
      id.skip_to(std::string(schema::kIdPrefix));
      REQUIRE(id != d.termlist_end());
      const std::string id_term = *id;
      CAPTURE(id_term);
      REQUIRE(one.get_termfreq(id_term) == 1);
      const Xapian::Document same =
          one.get_document(*one.postlist_begin(id_term));
      // Dated, so never empty: the month leads the field.
      CHECK_FALSE(d.get_value(schema::kFacetSlot).empty());
      CHECK(d.get_value(schema::kFacetSlot) ==
            same.get_value(schema::kFacetSlot));
      ++articles;
    }
    // The facet name terms too: the totals of the whole index add up.
    CHECK(shard.allterms_begin(std::string(schema::kFacetNamePrefix)) !=
          shard.allterms_end(std::string(schema::kFacetNamePrefix)));
  }
  CHECK(articles == 12);
}

TEST_CASE("a count query counts every match that holds the term") {
  const Xapian::Database one(Index().one);
  const Xapian::Database remote = RemoteShards();
  for (const Xapian::Database* db : {&one, &remote}) {
    // Every article says "talks"; one in two names Reuters.
    CHECK(CountMatchesWith(*db, Xapian::Query("talks"), "talks") == 12);
    CHECK(CountMatchesWith(*db, Xapian::Query("reuters"), "talks") == 6);
    CHECK(CountMatchesWith(*db, Xapian::Query("talks"), "zzyzx") == 0);
  }
}

// The synthetic corpus (people in full and by surname alone, the surnames
// resolved by the corpus alias table) as one database and as 3 shards.
const Indexed& SyntheticIndex() {
  static const Indexed* indexed = [] {
    auto* x = new Indexed;
    const std::string corpus = x->dir / "corpus";
    testing::WriteSyntheticCorpus(corpus, 150, 16);
    IndexTwice(*x, corpus, 150);
    return x;
  }();
  return *indexed;
}

// What each article `query` matches in db lists and which filter terms it
// holds.
struct Matched {
  std::set<std::string> listed;  // filter terms of the keys it lists
  std::set<std::string> held;    // filter terms it holds
};

std::vector<Matched> MatchedArticles(const Xapian::Database& db,
                                     const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
  std::vector<Matched> matched;
  for (auto m = all.begin(); m != all.end(); ++m) {
    const Xapian::Document doc = m.get_document();
    Matched article;
    ForEachStoredEntity(doc.get_value(schema::kEntitySlot),
                        [&](EntityType type, std::string_view key, auto, bool) {
                          article.listed.insert(schema::EntityTerm(type, key));
                        });
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      article.held.insert(*t);
    matched.push_back(std::move(article));
  }
  return matched;
}

TEST_CASE("over shards, only values whose filter can find more are counted") {
  const Xapian::Database one(SyntheticIndex().one);
  Xapian::Database remote;
  for (int i = 0; i < 3; ++i) {
    remote.add_database(Xapian::Remote::open(
        "xapian-progsrv",
        SyntheticIndex().sharded + "/shard-" + std::to_string(i)));
  }
  size_t shown = 0, asked = 0, needed = 0;
  // Queries matching some of the articles: for one matching all, the
  // counts are term frequencies and nothing is asked.
  for (const Xapian::Query& query :
       {Xapian::Query("court"),
        Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("market"),
                      Xapian::Query("the")),
        Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("border"),
                      Xapian::Query("court"))}) {
    const std::string description = query.get_description();
    CAPTURE(description);
    Xapian::Enquire enquire(one);
    enquire.set_query(query);
    const auto counter = MakeFacetCounterFor(one, query, false, {100000});
    counter->Attach(enquire);
    const Xapian::MSet mset = enquire.get_mset(0, 0, one.get_doccount());
    CHECK(mset.get_matches_estimated() > 10);
    CHECK(mset.get_matches_estimated() < one.get_doccount());
    const std::vector<Matched> matched = MatchedArticles(one, query);
    const Facets expected = counter->Result(true);
    size_t queries = 0;
    const auto shards = MakeShardFacetCounter(remote, query, 100000, &queries);
    Xapian::Enquire remote_enquire(remote);
    remote_enquire.set_query(query);
    shards->Attach(remote_enquire);
    remote_enquire.get_mset(0, 3, remote.get_doccount());
    CHECK(Lines(shards->Result(true)) == Lines(expected));
    for (const auto& [type, values] :
         {std::pair{EntityType::kPerson, &expected.persons},
          std::pair{EntityType::kPlace, &expected.places},
          std::pair{EntityType::kOrg, &expected.orgs},
          std::pair{EntityType::kGroup, &expected.groups}}) {
      for (const FacetValue& value : *values) {
        const std::string term = schema::EntityTerm(type, value.key);
        uint64_t listed = 0, found = 0;
        for (const Matched& article : matched) {
          const bool lists = article.listed.count(term) > 0;
          const bool holds = article.held.count(term) > 0;
          // What the shortcut stands on: an article listing a key holds
          // its filter term.
          if (lists) CHECK(holds);
          listed += lists;
          found += holds;
        }
        CHECK(found == value.count);
        needed += listed != found;
      }
      shown += values->size();
    }
    asked += queries;
  }
  CAPTURE(shown);
  CAPTURE(asked);
  CAPTURE(needed);
  // The corpus has values whose filter finds more than list them (surnames
  // that name people listed in full), each asked; most values are not.
  CHECK(needed > 0);
  CHECK(asked >= needed);
  CHECK(asked * 2 < shown);
}

}  // namespace
}  // namespace gazette
