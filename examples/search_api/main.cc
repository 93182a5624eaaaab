// Gazette as a library: index a folder of articles, then search it and walk
// the hits and facets, with the same options the command line has.
//
//   search_api CORPUS_DIR DB_PATH QUERY
#include <gazette/error.h>
#include <gazette/index_builder.h>
#include <gazette/searcher.h>
#include <gazette/version.h>

#include <iostream>
#include <string>

namespace {

// The indexer reports problems with single files here and carries on.
class PrintingReporter : public gazette::IndexReporter {
 public:
  void Warning(std::string_view path, std::string_view message) override {
    std::cerr << path << ": " << message << '\n';
  }
};

// The snippet with each highlighted range in [brackets].
std::string Marked(const gazette::Snippet& snippet) {
  std::string out;
  size_t pos = 0;
  for (const auto& [begin, end] : snippet.highlights) {
    out += snippet.text.substr(pos, begin - pos) + "[" +
           snippet.text.substr(begin, end - begin) + "]";
    pos = end;
  }
  return out + snippet.text.substr(pos);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: search_api CORPUS_DIR DB_PATH QUERY\n";
    return 2;
  }
  try {
    gazette::IndexOptions index;
    index.corpus_dirs = {argv[1]};
    index.db_path = argv[2];
    PrintingReporter reporter;
    const gazette::IndexSummary built = gazette::BuildIndex(index, reporter);
    std::cout << "Gazette " << gazette::kVersion
              << ", articles in the index: " << built.articles << '\n';

    gazette::Searcher searcher(argv[2]);
    gazette::SearchRequest request;
    request.query = argv[3];
    request.limit = 5;
    request.facets = true;
    const gazette::SearchResult result = searcher.Search(request);

    std::cout << result.totals.lower << (result.totals.exact() ? "" : "+")
              << " matches\n";
    for (const gazette::Hit& hit : result.hits) {
      std::cout << hit.rank << ". " << hit.id << " ("
                << (hit.date ? hit.date->ToIso() : "no date") << ")\n   "
                << Marked(hit.snippet) << '\n';
    }
    if (result.facets) {
      for (const gazette::FacetValue& person : result.facets->persons)
        std::cout << "person: " << person.value << " (" << person.count
                  << ")\n";
      for (const gazette::FacetValue& place : result.facets->places)
        std::cout << "place: " << place.value << " (" << place.count << ")\n";
    }
    return result.hits.empty() ? 1 : 0;
  } catch (const gazette::Error& e) {
    std::cerr << "search_api: " << e.what() << '\n';
    return 3;
  }
}
