// A hand-made SearchResult for the printer tests: two hits, one with a
// date, highlights, source and url, one with awkward bytes in every text
// field and no url.
#ifndef GAZETTE_TESTS_PRINTER_FIXTURE_H_
#define GAZETTE_TESTS_PRINTER_FIXTURE_H_

#include "gazette/date.h"
#include "gazette/search_result.h"

namespace gazette::testing {

inline SearchResult TwoHitResult() {
  SearchResult r;
  r.request.query = "golan talks";
  r.request.limit = 2;
  r.totals = {7, 5, 9};
  Hit a;
  a.rank = 1;
  a.id = "2025/a.txt";
  a.path = "/news/2025/a.txt";
  a.title = "Golan talks";
  a.date = ParseIsoDate("2025-05-28");
  a.score = 1.5;
  a.snippet = {"the Golan talks resume", {{4, 9}, {10, 15}}};
  a.entities = {{EntityType::kPlace, "golan heights", "Golan Heights", false}};
  a.source = "Reuters";
  a.url = "https://example.org/a";
  Hit b;
  b.rank = 2;
  b.id = "odd\tname\\x.txt";
  b.path = "/news/odd\tname\\x.txt";
  b.title = "Line\nbreak\rtitle";
  b.score = 0.25;
  b.snippet = {"no highlights here", {}};
  b.source = "Wire\tservice";
  r.hits = {a, b};
  return r;
}

}  // namespace gazette::testing

#endif  // GAZETTE_TESTS_PRINTER_FIXTURE_H_
