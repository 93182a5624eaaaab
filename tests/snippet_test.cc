#include "common/snippet.h"

#include <doctest/doctest.h>

namespace gazette {
namespace {

TEST_CASE("marked snippets decode to plain text and byte ranges") {
  struct Case {
    const char* marked;
    const char* text;
    std::vector<std::pair<size_t, size_t>> highlights;
  };
  const Case cases[] = {
      {"the [Golan] [talks]", "the Golan talks", {{4, 9}, {10, 15}}},
      {"a &amp; b &lt;[x]&gt;", "a & b <x>", {{7, 8}}},
      {"line\n\n  [one]  two", "line one two", {{5, 8}}},
      {"\u2026[Syrian] side", "\u2026Syrian side", {{3, 9}}},
      {"no marks", "no marks", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.marked);
    const Snippet s = DecodeMarkedSnippet(c.marked, '[', ']');
    CHECK(s.text == c.text);
    CHECK(s.highlights == c.highlights);
  }
}

}  // namespace
}  // namespace gazette
