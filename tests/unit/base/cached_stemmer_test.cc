#include "common/base/cached_stemmer.h"

#include <doctest/doctest.h>

#include "common/index/schema.h"

namespace gazette {
namespace {

TEST_CASE("cached stemmer gives the base stemmer's stems, again and again") {
  const Xapian::Stem base = schema::MakeStemmer();
  // A cache of 4 words is emptied several times over this list.
  Xapian::Stem cached = MakeCachedStemmer(base, 4);
  const char* words[] = {"talks",   "talking", "negotiations", "talks",
                         "running", "ran",     "universities", "running",
                         "Golan",   "",        "talks",        "quickly"};
  for (int round = 0; round < 3; ++round) {
    for (const char* word : words) {
      CAPTURE(word);
      CHECK(cached(word) == base(word));
    }
  }
  CHECK(cached("talks") == "talk");
  CHECK(cached.get_description().find("english") != std::string::npos);
}

}  // namespace
}  // namespace gazette
