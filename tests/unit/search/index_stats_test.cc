#include "gazette/index_stats.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gazette/error.h"
#include "gazette/index_builder.h"
#include "gazette/searcher.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;

using testing::QuietReporter;

void Build(const std::string& corpus, const std::string& db) {
  fs::create_directories(corpus);
  IndexOptions options;
  options.corpus_dirs = {corpus};
  options.db_path = db;
  QuietReporter reporter;
  (void)BuildIndex(options, reporter);
}

// The fixture corpus, indexed once for the cases here.
const std::string& FixtureDb() {
  static testing::TempDir dir;
  static const std::string db = [] {
    testing::WriteFixtureCorpus(dir / "corpus");
    Build(dir / "corpus", dir / "db");
    return dir / "db";
  }();
  return db;
}

TEST_CASE("index stats count articles, undated ones and the date range") {
  const IndexStats s = ComputeIndexStats(FixtureDb(), 10);
  CHECK(s.path == FixtureDb());
  CHECK(s.articles == 5);
  CHECK(s.undated == 1);
  REQUIRE(s.first_date);
  REQUIRE(s.last_date);
  CHECK(s.first_date->ToIso() == "2024-03-10");
  CHECK(s.last_date->ToIso() == "2025-06-15");
}

TEST_CASE("index stats give the size of every file of the index") {
  const IndexStats s = ComputeIndexStats(FixtureDb(), 10);
  uint64_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(FixtureDb())) {
    if (entry.is_regular_file()) files += entry.file_size();
  }
  CHECK(s.bytes > 0);
  CHECK(s.bytes == files);
}

TEST_CASE("index stats top entities are counted over every article") {
  const IndexStats s = ComputeIndexStats(FixtureDb(), 10);
  REQUIRE_FALSE(s.entities.persons.empty());
  CHECK(s.entities.persons[0].value == "Donald Trump");
  CHECK(s.entities.persons[0].count == 2);
  CHECK(s.entities.exact);
  // Each count is what a search filtering by it finds.
  Searcher searcher(FixtureDb());
  const auto found = [&](EntityType type, const std::string& key) {
    SearchRequest r;
    std::vector<std::string>& filter = type == EntityType::kPerson  ? r.persons
                                       : type == EntityType::kPlace ? r.places
                                                                    : r.orgs;
    filter.push_back(key);
    r.exact_total = true;
    r.limit = 0;
    return searcher.Search(r).totals.lower;
  };
  for (const auto& [type, values] :
       {std::pair{EntityType::kPerson, s.entities.persons},
        std::pair{EntityType::kPlace, s.entities.places},
        std::pair{EntityType::kOrg, s.entities.orgs}}) {
    for (const FacetValue& v : values) {
      CAPTURE(v.key);
      CHECK(v.count == found(type, v.key));
    }
  }
  uint64_t dated = 0;
  for (const FacetValue& year : s.entities.years) dated += year.count;
  CHECK(dated == s.articles - s.undated);
}

TEST_CASE("index stats keep the top entities asked for, years all") {
  for (size_t top : {size_t{0}, size_t{1}, size_t{2}}) {
    CAPTURE(top);
    const IndexStats s = ComputeIndexStats(FixtureDb(), top);
    const IndexStats all = ComputeIndexStats(FixtureDb(), 100);
    for (const auto& [got, every] :
         {std::pair{&s.entities.persons, &all.entities.persons},
          std::pair{&s.entities.places, &all.entities.places},
          std::pair{&s.entities.orgs, &all.entities.orgs}}) {
      CHECK(got->size() == std::min(top, every->size()));
      for (size_t i = 0; i < got->size(); ++i) {
        CHECK((*got)[i].key == (*every)[i].key);
      }
    }
    CHECK(s.entities.years.size() == 2);
  }
}

TEST_CASE("index stats of an index without dated articles have no range") {
  struct Case {
    std::string name;
    std::vector<std::pair<std::string, std::string>> files;
    uint64_t articles;
  };
  const Case cases[] = {
      {"no articles", {}, 0},
      {"only undated articles",
       {{"a.txt", "Talks resumed.\n"}, {"b.txt", "Talks ended.\n"}},
       2},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    testing::TempDir dir;
    for (const auto& [name, text] : c.files)
      testing::WriteFile(dir / ("corpus/" + name), text);
    Build(dir / "corpus", dir / "db");
    const IndexStats s = ComputeIndexStats(dir / "db", 10);
    CHECK(s.articles == c.articles);
    CHECK(s.undated == c.articles);
    CHECK_FALSE(s.first_date);
    CHECK_FALSE(s.last_date);
    CHECK(s.entities.years.empty());
    CHECK(s.entities.persons.empty());
  }
}

TEST_CASE("index stats of a missing index say so") {
  testing::TempDir dir;
  try {
    (void)ComputeIndexStats(dir / "nothing", 10);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kIndexMissing);
    CHECK(std::string(e.what()).find(dir / "nothing") != std::string::npos);
  }
}

}  // namespace
}  // namespace gazette
