#include "common/base/stop_words.h"

#include <doctest/doctest.h>

namespace gazette {
namespace {

TEST_CASE("stop words are English function words, in lower case") {
  for (const char* word : {"the", "of", "would", "which", "a", "yourselves"}) {
    CAPTURE(word);
    CHECK(IsStopWord(word));
  }
  for (const char* word : {"talks", "golan", "The", "", "year", "new"}) {
    CAPTURE(word);
    CHECK_FALSE(IsStopWord(word));
  }
  const StopWords stopper;
  CHECK(stopper("the"));
  CHECK_FALSE(stopper("talks"));
}

}  // namespace
}  // namespace gazette
