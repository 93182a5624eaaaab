// Corrections by the user end to end: `indexer build --corrections`, the
// file remembered by later builds, a changed file rebuilding the index, and
// a bad file refused before any work.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/e2e_support.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

using nlohmann::json;
using testing::Indexer;
using testing::RunResult;
using testing::TempDir;
using testing::WriteFile;

// A corpus of three articles, written for this test.
void WriteCorpus(const std::string& dir) {
  WriteFile(dir + "/a.txt",
            "date: 1987-03-03\n\nInternational Business Machines Corp said "
            "on Tuesday that Chairman John Akers would visit Paris to open "
            "a laboratory.\n");
  WriteFile(
      dir + "/b.txt",
      "date: 1987-03-04\n\nBig Blue Corp said on Wednesday that sales rose. "
      "Chairman John Akers said in Paris that prices would fall.\n");
  WriteFile(dir + "/c.txt",
            "date: 1987-03-05\n\nPresident Ronald Reagan said in Paris on "
            "Thursday that prices would fall.\n");
}

struct Fixture {
  TempDir dir;
  std::string corpus = dir / "corpus";
  std::string db = dir / "db";
  std::string fixes = dir / "fixes.txt";

  Fixture() { WriteCorpus(corpus); }

  RunResult Build(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"build", corpus, "--db", db};
    args.insert(args.end(), extra.begin(), extra.end());
    return Indexer(args);
  }

  // Facet counts of one type over every article ("said" is in each).
  std::map<std::string, int> Facets(const std::string& type) const {
    const json out = testing::SearchJson({"--db", db, "said", "--facets"});
    std::map<std::string, int> counts;
    for (const json& v : out["facets"][type]) counts[v["value"]] = v["count"];
    return counts;
  }

  size_t Hits(const std::string& option, const std::string& name) const {
    const RunResult r =
        testing::Searcher({"--db", db, option, name, "--count"});
    CAPTURE(r.err);
    REQUIRE(r.exit_code <= 1);
    return std::stoul(r.out);
  }
};

TEST_CASE("indexer build --corrections merges, renames, retypes and hides") {
  Fixture f;
  RunResult r = f.Build();
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  REQUIRE(f.Facets("person")["John Akers"] == 2);
  REQUIRE(f.Facets("org")["Big Blue Corp"] == 1);

  WriteFile(f.fixes,
            "# fixes for the test corpus\n"
            "merge org Big Blue = International Business Machines\n"
            "hide person John Akers\n"
            "type place Paris = org\n"
            "rename person Ronald Reagan = Ronald W. Reagan\n");
  r = f.Build({"--corrections", f.fixes});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  // Every article analysed again, and said so.
  CHECK(r.err.find("fixes.txt: these corrections are not those the index "
                   "was built with: every article is analysed again (a "
                   "rebuild)") != std::string::npos);
  CHECK(r.out.find("indexed: 3 new") != std::string::npos);
  const auto people = f.Facets("person");
  CHECK_FALSE(people.contains("John Akers"));
  CHECK(people.at("Ronald W. Reagan") == 1);
  CHECK(f.Facets("org").at("International Business Machines") == 2);
  CHECK_FALSE(f.Facets("org").contains("Big Blue Corp"));
  CHECK(f.Facets("org").at("Paris") == 3);
  CHECK_FALSE(f.Facets("place").contains("Paris"));
  // The old names still find what they named; the hidden one nothing.
  CHECK(f.Hits("--org", "Big Blue") == 2);
  CHECK(f.Hits("--org", "International Business Machines") == 2);
  CHECK(f.Hits("--person", "Ronald Reagan") == 1);
  CHECK(f.Hits("--person", "John Akers") == 0);
  CHECK(f.Hits("--place", "Paris") == 0);

  // The next build reads the same file again: nothing changed, no rebuild.
  r = f.Build();
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.empty());
  CHECK(r.out.find("0 new, 0 updated, 0 removed, 3 unchanged") !=
        std::string::npos);
  CHECK(f.Hits("--person", "John Akers") == 0);

  // An article added later gets the corrections too.
  WriteFile(f.corpus + "/d.txt",
            "date: 1987-03-06\n\nBig Blue Corp said Chairman John Akers would "
            "retire.\n");
  r = f.Build();
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.empty());
  CHECK(f.Hits("--org", "International Business Machines") == 3);
  CHECK(f.Hits("--person", "John Akers") == 0);

  // The file edited: the index is rebuilt with what it says now.
  WriteFile(f.fixes, "merge org Big Blue = International Business Machines\n");
  r = f.Build();
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.find("a rebuild") != std::string::npos);
  CHECK(f.Facets("person").at("John Akers") == 3);
  CHECK(f.Facets("place").at("Paris") == 3);
  CHECK(f.Facets("org").at("International Business Machines") == 3);

  // --corrections '': none any more.
  r = f.Build({"--corrections", ""});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.find("the index was built with corrections and this build "
                   "has none") != std::string::npos);
  CHECK(f.Facets("org").at("Big Blue Corp") == 2);
  r = f.Build();
  CHECK(r.err.empty());
}

TEST_CASE(
    "an incremental build with new corrections makes what --rebuild "
    "makes") {
  Fixture f;
  REQUIRE(f.Build().exit_code == 0);
  WriteFile(f.fixes,
            "merge org Big Blue = International Business Machines\n"
            "hide person John Akers\n");
  REQUIRE(f.Build({"--corrections", f.fixes}).exit_code == 0);
  Fixture fresh;
  REQUIRE(fresh.Build({"--corrections", f.fixes, "--rebuild"}).exit_code == 0);
  for (const char* type : {"person", "place", "org"}) {
    CAPTURE(type);
    CHECK(f.Facets(type) == fresh.Facets(type));
  }
}

TEST_CASE("a bad corrections file stops the build before any work") {
  Fixture f;
  WriteFile(f.fixes,
            "merge org Big Blue = International Business Machines\n"
            "hide persn John Akers\n");
  RunResult r = f.Build({"--corrections", f.fixes});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("fixes.txt:2: unknown type 'persn' (valid: person, "
                   "place, org, group) in 'hide persn John Akers'") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(f.db));

  // A remembered file that is gone: said, with what to do.
  WriteFile(f.fixes, "hide person John Akers\n");
  REQUIRE(f.Build({"--corrections", f.fixes}).exit_code == 0);
  std::filesystem::remove(f.fixes);
  r = f.Build();
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("cannot read it (No such file or directory); the index's "
                   "last build used it: give --corrections FILE, or "
                   "--corrections '' for none") != std::string::npos);
  CHECK(f.Hits("--person", "John Akers") == 0);
  r = f.Build({"--corrections", ""});
  CHECK(r.exit_code == 0);
  CHECK(f.Hits("--person", "John Akers") == 2);
}

}  // namespace
}  // namespace gazette
