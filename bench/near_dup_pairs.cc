// Lists the pairs of articles whose SimHashes (ArticleFingerprint, with a
// chosen shingle size) are within a Hamming distance, with whether their
// figures agree (gazette::FiguresAgree), by comparing every pair: what
// bench/near_dup_eval.py samples candidate pairs from and chooses the
// shingle size and thresholds with.
//
// Usage: near_dup_pairs SHINGLE_WORDS MAX_DISTANCE < PATHS
// PATHS: one article file (a Gazette .txt: headers, a blank line, the body)
// per line; prints "PATH_A<TAB>PATH_B<TAB>DISTANCE<TAB>FIGURES" per pair,
// A < B, FIGURES 1 when they agree, else 0.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/index/near_duplicates.h"

namespace {

struct TitleAndBody {
  std::string title;  // the title: header's
  std::string body;   // what follows the first blank line
};

TitleAndBody Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  const size_t blank = text.find("\n\n");
  if (blank == std::string::npos) return {"", text};
  TitleAndBody article{"", text.substr(blank + 2)};
  std::istringstream headers(text.substr(0, blank));
  for (std::string line; std::getline(headers, line);) {
    if (line.rfind("title:", 0) == 0) article.title = line.substr(6);
  }
  return article;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: near_dup_pairs SHINGLE_WORDS MAX_DISTANCE < PATHS\n";
    return 2;
  }
  const size_t shingle_words = std::strtoul(argv[1], nullptr, 10);
  const int max_distance = std::atoi(argv[2]);
  std::vector<std::string> paths;
  std::vector<gazette::Fingerprint> fingerprints;
  for (std::string path; std::getline(std::cin, path);) {
    const TitleAndBody article = Read(path);
    const auto fingerprint =
        gazette::ArticleFingerprint(article.title, article.body, shingle_words);
    if (!fingerprint) continue;
    paths.push_back(path);
    fingerprints.push_back(*fingerprint);
  }
  for (size_t a = 0; a < paths.size(); ++a) {
    for (size_t b = a + 1; b < paths.size(); ++b) {
      const int d = gazette::HammingDistance(fingerprints[a].simhash,
                                             fingerprints[b].simhash);
      if (d > max_distance) continue;
      const bool ordered = paths[a] < paths[b];
      std::cout << (ordered ? paths[a] : paths[b]) << '\t'
                << (ordered ? paths[b] : paths[a]) << '\t' << d << '\t'
                << gazette::FiguresAgree(fingerprints[a].figures,
                                         fingerprints[b].figures)
                << '\n';
    }
  }
  return 0;
}
