#include "common/corpus_aliases.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "common/document_builder.h"
#include "common/entity_extractor.h"
#include "common/schema.h"
#include "common/stored_fields.h"

namespace gazette {
namespace {

// Indexes articles as the indexer does: extract, build, learn, write.
class TestIndex {
 public:
  TestIndex()
      : db_(std::string(), Xapian::DB_BACKEND_INMEMORY), aliases_(db_) {}

  void Add(const std::string& id, const std::string& body) {
    Document doc;
    doc.id = id;
    doc.body = body;
    const Xapian::Document xdoc =
        builder_.Build(doc, extractor_->Extract("", body), SourceRecord{});
    aliases_.Learn(xdoc);
    db_.replace_document(schema::IdTerm(id), xdoc);
  }

  CorpusAliases& aliases() { return aliases_; }
  Xapian::WritableDatabase& db() { return db_; }

  // The people an article's entity list names, as "key=Name".
  std::vector<std::string> People(const std::string& id) {
    const auto p = db_.postlist_begin(schema::IdTerm(id));
    REQUIRE(p != db_.postlist_end(schema::IdTerm(id)));
    std::vector<std::string> out;
    for (const StoredEntity& e : DecodeEntityList(
             db_.get_document(*p).get_value(schema::kEntitySlot))) {
      if (e.type == EntityType::kPerson) out.push_back(e.key + "=" + e.name);
    }
    return out;
  }

  // Ids of the articles with this person term.
  std::vector<std::string> WithPerson(const std::string& key) {
    return WithTerm(schema::EntityTerm(EntityType::kPerson, key));
  }
  // Ids of the articles that left this short name unresolved.
  std::vector<std::string> Unresolved(const std::string& key) {
    return WithTerm(std::string(schema::kUnresolvedPrefix) + key);
  }

  std::vector<std::string> WithTerm(const std::string& term) {
    std::vector<std::string> ids;
    for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
      for (auto t = db_.termlist_begin(*p); t != db_.termlist_end(*p); ++t) {
        if ((*t).starts_with("Q")) ids.push_back((*t).substr(1));
      }
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

 private:
  Xapian::WritableDatabase db_;
  CorpusAliases aliases_;
  DocumentBuilder builder_;
  std::unique_ptr<EntityExtractor> extractor_ = MakeDefaultEntityExtractor();
};

using V = std::vector<std::string>;

TEST_CASE("a short name alone in an article takes the corpus's full name") {
  TestIndex index;
  index.Add("full.txt",
            "Syrian President Ahmed al-Sharaa met envoys. Later al-Sharaa "
            "left for Riyadh.");
  index.Add("short.txt", "Envoys asked al-Sharaa about the talks.");
  // Alone, the short name is a term but no facet entry.
  CHECK(index.People("short.txt").empty());
  CHECK(index.WithPerson("al-sharaa") == V{"full.txt", "short.txt"});
  CHECK(index.WithPerson("ahmed al-sharaa") == V{"full.txt"});
  CHECK(index.Unresolved("al-sharaa") == V{"short.txt"});

  CHECK(index.aliases().Resolve() == 1);
  CHECK(index.Unresolved("al-sharaa").empty());
  CHECK(index.People("short.txt") == V{"ahmed al-sharaa=Ahmed al-Sharaa"});
  CHECK(index.WithPerson("ahmed al-sharaa") == V{"full.txt", "short.txt"});
  // Resolving again changes nothing.
  CHECK(index.aliases().Resolve() == 0);
}

TEST_CASE("a titled short name listed alone becomes the full name") {
  TestIndex index;
  index.Add("full.txt", "Ronald Reagan spoke. Then Reagan left.");
  index.Add("titled.txt", "President Reagan vetoed the bill.");
  CHECK(index.People("titled.txt") == V{"reagan=Reagan"});
  CHECK(index.aliases().Resolve() == 1);
  CHECK(index.People("titled.txt") == V{"ronald reagan=Ronald Reagan"});
  // The short name still finds it.
  CHECK(index.WithPerson("reagan") == V{"full.txt", "titled.txt"});
}

TEST_CASE("the corpus table lasts across builds and needs a majority") {
  TestIndex index;
  index.Add("a.txt", "Minister Farouk al-Sharaa spoke. Then al-Sharaa sat.");
  index.Add("b.txt", "President Ahmed al-Sharaa spoke. Then al-Sharaa left.");
  index.aliases().Save();
  // One sighting each: no majority, no resolution.
  CHECK_FALSE(ResolvePersonAlias(index.db(), "al-sharaa"));
  index.Add("e.txt", "Reporters asked al-Sharaa again.");
  CHECK(index.aliases().Resolve() == 0);
  CHECK(index.Unresolved("al-sharaa") == V{"e.txt"});

  // Then Ahmed is seen again, and an article has only the short name.
  index.Add("c.txt", "President Ahmed al-Sharaa met him. Then al-Sharaa went.");
  index.Add("d.txt", "Officials said al-Sharaa would travel.");
  CHECK(index.aliases().Resolve() == 2);  // d.txt, and e.txt from before
  const auto resolution = ResolvePersonAlias(index.db(), "al-sharaa");
  REQUIRE(resolution);
  CHECK(resolution->full_key == "ahmed al-sharaa");
  CHECK(resolution->name == "Ahmed al-Sharaa");
  CHECK(index.People("d.txt") == V{"ahmed al-sharaa=Ahmed al-Sharaa"});
  CHECK(index.People("e.txt") == V{"ahmed al-sharaa=Ahmed al-Sharaa"});
  // An article that names Farouk in full keeps him.
  CHECK(index.People("a.txt") == V{"farouk al-sharaa=Farouk al-Sharaa"});
}

}  // namespace
}  // namespace gazette
