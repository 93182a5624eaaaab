#include "common/search/query_syntax.h"

#include <doctest/doctest.h>

#include <set>

#include "gazette/error.h"
#include "gazette/index_builder.h"
#include "gazette/searcher.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

TEST_CASE("runs of words joined by NEAR or ADJ are bracketed, nothing else") {
  const struct {
    const char* query;
    const char* bracketed;
  } cases[] = {
      {"syria NEAR talks", "(syria NEAR talks)"},
      {"syria NEAR talks golan", "(syria NEAR talks) golan"},
      {"golan syria NEAR/5 talks", "golan (syria NEAR/5 talks)"},
      {"a NEAR b NEAR c d", "(a NEAR b NEAR c) d"},
      {"a ADJ b OR c NEAR d", "(a ADJ b) OR (c NEAR d)"},
      {"(a NEAR b c)", "((a NEAR b) c)"},
      {"title:golan NEAR talks x", "(title:golan NEAR talks) x"},
      {"\"a b\" NEAR c", "\"a b\" NEAR c"},
      {"c NEAR \"a b\"", "c NEAR \"a b\""},
      {"\"x NEAR y\" z", "\"x NEAR y\" z"},
      {"a NEAR -b", "a NEAR -b"},
      {"a NEAR/x b", "a NEAR/x b"},
      {"NEAR", "NEAR"},
      {"a near b", "a near b"},
      {"golan talks", "golan talks"},
  };
  for (const auto& c : cases) {
    const std::string query = c.query;
    CAPTURE(query);
    CHECK(BracketNearRuns(c.query) == c.bracketed);
  }
}

TEST_CASE("operators are told from words, outside phrases and names") {
  for (const char* query :
       {"a NEAR b", "a ADJ/3 b", "a NEAR/x b", "a AND b", "NOT a", "a -b",
        "negotiat*", "\"golan heights\"", "x \"a b c\" y"}) {
    const std::string text = query;
    CAPTURE(text);
    CHECK(HasOperators(query));
  }
  for (const char* query :
       {"golan talks", "(golan talks)", "+golan talks", "\"Golan\"",
        "al-sharaa", "person:\"Ahmed al-Sharaa\"", "a near b", "a - b", "\"",
        "\"\" golan", "( \" )"}) {
    const std::string text = query;
    CAPTURE(text);
    CHECK(!HasOperators(query));
  }
  CHECK(HasNearOrAdj("a NEAR/x b"));
  CHECK(!HasNearOrAdj("\"a NEAR b\""));
  CHECK(UnsupportedSyntax("\"negotiat* talks\"").find("wildcard") !=
        std::string::npos);
  CHECK(UnsupportedSyntax("negotiat* \"talks\"").empty());
  // The word quoted back is made printable: a byte that is not UTF-8 or a
  // control character must not reach the terminal (found by the fuzzer).
  const std::string raw = UnsupportedSyntax("\"a\xff\x1b[2Jb*\"");
  CHECK(raw.find("a\\xff\\x1b[2Jb*") != std::string::npos);
  CHECK(raw.find('\xff') == std::string::npos);
  CHECK(raw.find('\x1b') == std::string::npos);
}

using testing::QuietReporter;

// Articles that tell a phrase from its words, and near from far.
const std::string& NearDb() {
  static testing::TempDir dir;
  static const std::string db = [] {
    testing::WriteFile(dir / "corpus/a.txt",
                       "date: 2025-01-01\nThe interest payments from Brazil "
                       "were delayed.\n");
    testing::WriteFile(dir / "corpus/b.txt",
                       "date: 2025-01-02\nBrazil delayed payments to its "
                       "banks, and will pay interest later.\n");
    testing::WriteFile(dir / "corpus/c.txt",
                       "date: 2025-01-03\nSyria and Israel held talks on the "
                       "Golan Heights.\n");
    testing::WriteFile(
        dir / "corpus/d.txt",
        "date: 2025-01-04\nTalks began on Monday in a city far away, with "
        "many delegations, observers, translators, reporters, guards and "
        "clerks in the hall; later on Syria said little.\n");
    IndexOptions options;
    options.corpus_dirs = {dir / "corpus"};
    options.db_path = dir / "db";
    QuietReporter reporter;
    REQUIRE(BuildIndex(options, reporter).added == 4);
    return dir / "db";
  }();
  return db;
}

TEST_CASE(
    "each operator of the query table combined with NEAR or a phrase is "
    "exact or refused, never widened") {
  using Ids = std::set<std::string>;
  const struct {
    const char* query;
    Ids ids;                 // when it is answered
    const char* error = "";  // part of the message, when it is refused
  } cases[] = {
      {"interest NEAR payments NEAR Brazil", {"a.txt", "b.txt"}},
      {"\"interest payments\"", {"a.txt"}},
      {"\"interest payments\" AND payments NEAR Brazil", {"a.txt"}},
      {"\"interest payments\" NEAR Brazil", {}, "NEAR and ADJ"},
      {"Brazil NEAR \"interest payments\"", {}, "NEAR and ADJ"},
      {"\"interest payments\" ADJ Brazil", {}, "NEAR and ADJ"},
      {"syria NEAR talks", {"c.txt"}},
      {"syria NEAR/5 talks", {"c.txt"}},
      {"syria NEAR talks golan", {"c.txt"}},
      {"golan syria NEAR talks", {"c.txt"}},
      {"syria NEAR talks -golan", {}},
      {"syria NEAR talks OR payments", {"a.txt", "b.txt", "c.txt"}},
      {"(syria NEAR talks) heights", {"c.txt"}},
      {"syria ADJ talks", {"c.txt"}},
      {"talks ADJ syria", {}},
      {"title:syria NEAR title:talks", {"c.txt"}},
      {"talks NOT golan", {"d.txt"}},
      {"talks AND golan", {"c.txt"}},
      {"(syria OR israel) NEAR talks", {}, "NEAR and ADJ"},
      {"syria NEAR (talks)", {}, "NEAR and ADJ"},
      {"talk* NEAR syria", {}, "NEAR and ADJ"},
      {"syria NEAR -talks", {}, "NEAR and ADJ"},
      {"syria NEAR +talks", {}, "NEAR and ADJ"},
      {"syria NEAR/x talks", {}, "NEAR and ADJ"},
      {"place:syria NEAR talks", {}, "NEAR and ADJ"},
      {"entity:syria NEAR talks", {}, "NEAR and ADJ"},
      {"date:2025 NEAR talks", {}, "NEAR and ADJ"},
      {"year:2025 NEAR talks", {}, "NEAR and ADJ"},
      {"id:c.txt NEAR talks", {}, "NEAR and ADJ"},
      {"\"interest* payments\"", {}, "a wildcard cannot be part of a phrase"},
      {"\"golan heights\" syria", {"c.txt"}},
      {"title:\"golan heights\"", {"c.txt"}},
      {"place:\"golan heights\" talks", {"c.txt"}},
  };
  Searcher searcher(NearDb());
  const auto joined = [](const Ids& ids) {
    std::string out;
    for (const std::string& id : ids) out += id + " ";
    return out;
  };
  for (const auto& c : cases) {
    const std::string query = c.query;
    CAPTURE(query);
    SearchRequest request;
    request.query = c.query;
    request.limit = 10;
    if (*c.error != '\0') {
      try {
        (void)searcher.Search(request);
        FAIL("no error for " << c.query);
      } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::kQuery);
        CHECK(std::string(e.what()).find(c.error) != std::string::npos);
      }
      continue;
    }
    Ids ids;
    for (const Hit& hit : searcher.Search(request).hits) ids.insert(hit.id);
    CHECK(joined(ids) == joined(c.ids));
  }
}

}  // namespace
}  // namespace gazette
