#include "common/search/snippet.h"

#include <doctest/doctest.h>

#include <set>

#include "common/index/schema.h"
#include "common/search/query_builder.h"

namespace gazette {
namespace {

// Sentences with none of the query's words, to push a match far in.
std::string Filler(int sentences) {
  std::string text;
  for (int i = 0; i < sentences; ++i) {
    text +=
        "The weather in the region stayed mild while markets opened "
        "slowly and farmers went about their work. ";
  }
  return text;
}

// Indexes `text` as the indexer does, runs `query` (plain text or the query
// syntax) and makes the snippet of the one hit.
Snippet SnippetFor(const std::string& text, const std::string& query,
                   bool plain, size_t bytes = 200) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator generator;
  generator.set_stemmer(schema::MakeStemmer());
  generator.set_stemming_strategy(schema::kIndexStemStrategy);
  Xapian::Document doc;
  generator.set_document(doc);
  generator.index_text(text);
  db.add_document(doc);
  SearchRequest request;
  request.query = query;
  request.plain_text = plain;
  request.match_any = true;
  const Xapian::Query q = QueryBuilder(db).Build(request);
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  const Xapian::MSet mset = enquire.get_mset(0, 10);
  StemCache stems(schema::MakeStemmer());
  return MakeSnippet(SnippetTerms(q, mset), text, stems, bytes);
}

std::vector<std::string> Highlighted(const Snippet& s) {
  std::vector<std::string> words;
  for (const auto& [b, e] : s.highlights) {
    words.push_back(s.text.substr(b, e - b));
  }
  return words;
}

TEST_CASE("snippet shows the matching passage far from the start") {
  const std::string text =
      Filler(40) +
      "Late on Sunday officials said the ceasefire talks had resumed, and "
      "negotiators talked for hours about the border. " +
      Filler(40);
  REQUIRE(text.find("ceasefire") > 4000);
  for (bool plain : {true, false}) {
    CAPTURE(plain);
    const Snippet s = SnippetFor(text, "ceasefire talks", plain);
    CAPTURE(s.text);
    // Starts at the sentence, not at the first match; text was left out
    // before and after.
    CHECK(s.text.starts_with("\u2026Late on Sunday officials said"));
    CHECK(s.text.ends_with("\u2026"));
    CHECK(s.text.size() <= 200 + 2 * 3);
    // Every inflection of a query word is highlighted.
    CHECK(Highlighted(s) ==
          std::vector<std::string>{"ceasefire", "talks", "talked"});
  }
}

TEST_CASE("snippet prefers the passage with more of the query's words") {
  const std::string text =
      "Talks, talks and more talks filled the week. " + Filler(6) +
      "The border talks ended when the ceasefire held. " + Filler(6);
  const Snippet s = SnippetFor(text, "border ceasefire talks", true);
  CAPTURE(s.text);
  CHECK(s.text.starts_with("\u2026The border talks ended"));
  const std::vector<std::string> words = Highlighted(s);
  CHECK(std::set<std::string>(words.begin(), words.end()) ==
        std::set<std::string>{"border", "talks", "ceasefire"});
}

TEST_CASE("snippet gives context before a match in a long sentence") {
  std::string long_sentence;
  for (int i = 0; i < 30; ++i) long_sentence += "and then another clause ";
  const std::string text =
      Filler(5) + "It went on " + long_sentence + "until the talks began.";
  const Snippet s = SnippetFor(text, "talks", true);
  CAPTURE(s.text);
  CHECK(s.text.starts_with("\u2026"));
  const size_t at = s.text.find("talks");
  REQUIRE(at != std::string::npos);
  CHECK(at > 40);  // words before it, not the match first
  CHECK(s.text.ends_with("talks began."));
}

TEST_CASE("snippet without a match is the start of the text") {
  // As when an article matched by its title or a filter only.
  const SnippetTerms cricket = SnippetTerms::FromWeights({{"Zcricket", 1.0}});
  StemCache stems(schema::MakeStemmer());
  const Snippet s = MakeSnippet(cricket, "  " + Filler(10), stems, 100);
  CHECK(s.text.starts_with("The weather in the region"));
  CHECK(s.text.ends_with("\u2026"));
  CHECK(s.text.size() <= 100 + 3);
  CHECK(s.highlights.empty());
}

TEST_CASE("snippet of a short text is all of it, whitespace collapsed") {
  const Snippet s =
      SnippetFor("  The  Golan\n\ntalks\tresumed. ", "talks", true);
  CHECK(s.text == "The Golan talks resumed.");
  CHECK(s.highlights == std::vector<std::pair<size_t, size_t>>{{10, 15}});
}

TEST_CASE("snippet highlights by bytes in UTF-8 and typographic apostrophes") {
  const Snippet s =
      SnippetFor("Talks in Genève: Viet Nam\u2019s envoys talked.",
                 "GENÈVE TALKS NAM'S", true);
  CAPTURE(s.text);
  CHECK(Highlighted(s) ==
        std::vector<std::string>{"Talks", "Genève", "Nam\u2019s", "talked"});
}

TEST_CASE("snippet terms keep the query's words, not its filters") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  SearchRequest r;
  r.query =
      "title:golan negotiat* \"security official\" year:2025 "
      "person:trump -israel";
  const Xapian::Query q = QueryBuilder(db).Build(r);
  const SnippetTerms terms(q, Xapian::MSet());
  StemCache stem(schema::MakeStemmer());
  size_t key = 0;
  for (const char* word :
       {"golan", "negotiations", "security", "official", "israel"}) {
    CAPTURE(word);
    CHECK(terms.Match(word, stem, &key) > 0);
  }
  for (const char* word : {"2025", "trump", "year", "person", "title"}) {
    CAPTURE(word);
    CHECK(terms.Match(word, stem, &key) == 0);
  }
}

TEST_CASE("snippet terms find every word whose stem is a query stem") {
  // Words the English stemmer treats specially (exceptions, y and i
  // endings, "gener"/"commun" stems, apostrophes, digits, non-ASCII): each
  // must match a query made of its own stem, as it does in the index.
  const Xapian::Stem stemmer = schema::MakeStemmer();
  StemCache stems(schema::MakeStemmer());
  for (const char* word :
       {"skies",       "dying",    "lying",      "tying",  "early",
        "only",        "gently",   "ugly",       "news",   "generously",
        "communities", "arsenals", "yelling",    "yields", "o'neill's",
        "1980s",       "happily",  "caf\u00e9s", "'tis",   "\u00e9t\u00e9s"}) {
    CAPTURE(word);
    const std::string stem = stemmer(word);
    const SnippetTerms terms = SnippetTerms::FromWeights({{"Z" + stem, 1.0}});
    size_t key = 0;
    CHECK(terms.Match(word, stems, &key) > 0);
  }
  // And only those.
  const SnippetTerms oil = SnippetTerms::FromWeights({{"Zoil", 1.0}});
  size_t key = 0;
  CHECK(oil.Match("oils", stems, &key) > 0);
  for (const char* word : {"soil", "toil", "boil", "oily"}) {
    CAPTURE(word);
    CHECK(oil.Match(word, stems, &key) == 0);
  }
}

}  // namespace
}  // namespace gazette
