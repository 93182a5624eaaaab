// synthetic_corpus DIR COUNT [SEED]: writes the reliability tests' synthetic
// corpus (articles and JSON Lines files) to DIR, for trying things by hand
// and for scripts/reliability.sh.
#include <cstdlib>
#include <iostream>
#include <string>

#include "tests/reliability/reliability_support.h"

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::cerr << "usage: synthetic_corpus DIR COUNT [SEED]\n";
    return 2;
  }
  const uint64_t count = std::strtoull(argv[2], nullptr, 10);
  const uint64_t seed = argc == 4 ? std::strtoull(argv[3], nullptr, 10) : 6;
  const auto state = gazette::testing::SyntheticState(count, seed);
  gazette::testing::Materialize(argv[1], {}, state);
  std::cout << state.size() << " files, "
            << gazette::testing::ArticleCount(state) << " articles in "
            << argv[1] << '\n';
  return 0;
}
