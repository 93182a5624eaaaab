#include "common/index/corpus_aliases.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "common/entities/entity_extractor.h"
#include "common/index/document_builder.h"
#include "common/index/schema.h"
#include "common/index/stored_fields.h"
#include "tests/support/index_dump.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

// Indexes articles as the indexer does: extract, build, learn, write (and,
// given a running table, as a shard of a new index does: resolved by its
// guess).
class TestIndex {
 public:
  // On disk: the in-memory backend keeps no metadata keys.
  explicit TestIndex(RunningAliasTable* guess = nullptr)
      : db_(dir_ / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS),
        aliases_(db_),
        guess_(guess) {}

  void Add(const std::string& id, const std::string& body) {
    Article doc;
    doc.id = id;
    doc.body = body;
    Xapian::Document xdoc =
        builder_.Build(doc, extractor_->Extract("", body), SourceRecord{});
    aliases_.Forget(schema::IdTerm(id));
    aliases_.Learn(xdoc);
    if (guess_ != nullptr) guess_->PreResolve(xdoc);
    db_.replace_document(schema::IdTerm(id), xdoc);
  }

  void Remove(const std::string& id) {
    aliases_.Forget(schema::IdTerm(id));
    db_.delete_document(schema::IdTerm(id));
  }

  CorpusAliases& aliases() { return aliases_; }
  Xapian::WritableDatabase& db() { return db_; }
  testing::IndexDump Dump() {
    db_.commit();
    return testing::DumpIndex(dir_ / "db");
  }

  // The people an article's entity list names, as "key=Name".
  std::vector<std::string> People(const std::string& id) {
    return Listed(id, EntityType::kPerson);
  }
  std::vector<std::string> Listed(const std::string& id, EntityType type) {
    const auto p = db_.postlist_begin(schema::IdTerm(id));
    REQUIRE(p != db_.postlist_end(schema::IdTerm(id)));
    std::vector<std::string> out;
    for (const ArticleEntity& e : DecodeEntityList(
             db_.get_document(*p).get_value(schema::kEntitySlot))) {
      if (e.type == type) out.push_back(e.key + "=" + e.name);
    }
    return out;
  }

  // Ids of the articles with this person term.
  std::vector<std::string> WithPerson(const std::string& key) {
    return WithTerm(schema::EntityTerm(EntityType::kPerson, key));
  }
  // Ids of the articles whose only name for someone is this short name.
  std::vector<std::string> ShortOnly(const std::string& key) {
    return WithTerm(ShortNameTerm(EntityType::kPerson, key));
  }
  // Ids of the articles in which the table resolved this short name.
  std::vector<std::string> Resolved(const std::string& key) {
    return WithTerm(std::string(schema::kResolvedPrefix) +
                    schema::EntityTerm(EntityType::kPerson, key));
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
  testing::TempDir dir_;
  Xapian::WritableDatabase db_;
  CorpusAliases aliases_;
  RunningAliasTable* guess_;
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
  CHECK(index.ShortOnly("al-sharaa") == V{"short.txt"});
  CHECK(index.Resolved("al-sharaa").empty());

  CHECK(index.aliases().Resolve() == 1);
  CHECK(index.Resolved("al-sharaa") == V{"short.txt"});
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
  // One sighting each: no majority, no resolution.
  CHECK_FALSE(ResolveAlias(index.db(), EntityType::kPerson, "al-sharaa"));
  index.Add("e.txt", "Reporters asked al-Sharaa again.");
  CHECK(index.aliases().Resolve() == 0);
  CHECK(index.Resolved("al-sharaa").empty());

  // Then Ahmed is seen again, and an article has only the short name.
  index.Add("c.txt", "President Ahmed al-Sharaa met him. Then al-Sharaa went.");
  index.Add("d.txt", "Officials said al-Sharaa would travel.");
  CHECK(index.aliases().Resolve() == 2);  // d.txt, and e.txt from before
  const auto resolution =
      ResolveAlias(index.db(), EntityType::kPerson, "al-sharaa");
  REQUIRE(resolution);
  CHECK(resolution->full_key == "ahmed al-sharaa");
  CHECK(resolution->name == "Ahmed al-Sharaa");
  CHECK(index.People("d.txt") == V{"ahmed al-sharaa=Ahmed al-Sharaa"});
  CHECK(index.People("e.txt") == V{"ahmed al-sharaa=Ahmed al-Sharaa"});
  // An article that names Farouk in full keeps him.
  CHECK(index.People("a.txt") == V{"farouk al-sharaa=Farouk al-Sharaa"});
}

TEST_CASE("deleting the article that gave the full name undoes it") {
  TestIndex index;
  index.Add("full.txt", "Ronald Reagan spoke. Then Reagan left.");
  index.Add("titled.txt", "President Reagan vetoed the bill.");
  index.Add("short.txt", "Critics said Reagan was wrong.");
  CHECK(index.aliases().Resolve() >= 1);
  REQUIRE(index.People("titled.txt") == V{"ronald reagan=Ronald Reagan"});

  index.Remove("full.txt");
  CHECK(!ResolveAlias(index.db(), EntityType::kPerson, "reagan"));
  CHECK(index.aliases().Resolve() >= 1);
  // As the article had it on its own, with no term the table added.
  CHECK(index.People("titled.txt") == V{"reagan=Reagan"});
  CHECK(index.WithPerson("ronald reagan").empty());
  CHECK(index.Resolved("reagan").empty());
  CHECK(index.aliases().Resolve() == 0);
}

TEST_CASE("when the majority moves to another full name, articles follow") {
  TestIndex index;
  index.Add("farouk1.txt", "Minister Farouk al-Sharaa spoke. al-Sharaa sat.");
  index.Add("farouk2.txt", "Minister Farouk al-Sharaa came. al-Sharaa went.");
  index.Add("short.txt", "Officials said al-Sharaa would travel.");
  index.aliases().Resolve();
  REQUIRE(index.People("short.txt") == V{"farouk al-sharaa=Farouk al-Sharaa"});

  index.Add("ahmed1.txt", "President Ahmed al-Sharaa met him. al-Sharaa left.");
  index.Add("ahmed2.txt", "President Ahmed al-Sharaa spoke. al-Sharaa sat.");
  index.Add("ahmed3.txt", "President Ahmed al-Sharaa flew. al-Sharaa landed.");
  index.aliases().Resolve();
  CHECK(index.People("short.txt") == V{"ahmed al-sharaa=Ahmed al-Sharaa"});
  CHECK(index.WithPerson("farouk al-sharaa") ==
        V{"farouk1.txt", "farouk2.txt"});

  // Re-indexing two of Ahmed's articles without him gives Farouk it back.
  index.Add("ahmed1.txt", "The meeting ended.");
  index.Add("ahmed2.txt", "The talks ended.");
  index.aliases().Resolve();
  CHECK(index.People("short.txt") == V{"farouk al-sharaa=Farouk al-Sharaa"});
  CHECK(index.WithPerson("ahmed al-sharaa") == V{"ahmed3.txt"});
}

TEST_CASE("the full name shows in the form most articles give it") {
  TestIndex index;
  index.Add("a.txt", "Minister José Albescu spoke. Albescu left.");
  index.Add("b.txt", "Minister Jose Albescu spoke. Albescu left.");
  index.Add("c.txt", "Minister José Albescu spoke. Albescu left.");
  const auto resolution =
      ResolveAlias(index.db(), EntityType::kPerson, "albescu");
  REQUIRE(resolution);
  CHECK(resolution->full_key == "jose albescu");
  CHECK(resolution->name == "José Albescu");
  // Ties go to the smallest form, whichever came first.
  index.Add("d.txt", "Minister Jose Albescu spoke. Albescu left.");
  CHECK(ResolveAlias(index.db(), EntityType::kPerson, "albescu")->name ==
        "Jose Albescu");
}

TEST_CASE(
    "an acronym defined in one article names the organisation in another") {
  TestIndex index;
  index.Add("defined.txt",
            "Officials of the Acme Mining Corporation (AMC) said output rose.");
  index.Add("alone.txt", "Shares in AMC fell on Monday.");
  CHECK(index.Listed("alone.txt", EntityType::kOrg) == V{"amc=AMC"});
  CHECK(index.aliases().Resolve() == 1);
  CHECK(index.Listed("alone.txt", EntityType::kOrg) ==
        V{"acme mining=Acme Mining Corporation"});
  const std::string full = schema::EntityTerm(EntityType::kOrg, "acme mining");
  CHECK(index.WithTerm(full) == V{"alone.txt", "defined.txt"});
  // The acronym still finds both.
  CHECK(index.WithTerm(schema::EntityTerm(EntityType::kOrg, "amc")) ==
        V{"alone.txt", "defined.txt"});
  // A lone word "AMC" read as a person's name is the organisation.
  const auto lone = ResolveAlias(index.db(), EntityType::kPerson, "amc");
  REQUIRE(lone);
  CHECK(lone->type == EntityType::kOrg);

  index.Remove("defined.txt");
  index.aliases().Resolve();
  CHECK(index.Listed("alone.txt", EntityType::kOrg) == V{"amc=AMC"});
}

TEST_CASE("a lone word is the organisation most articles name by it") {
  TestIndex index;
  index.Add("a.txt", "Salomon Brothers Inc said bond prices fell.");
  index.Add("b.txt", "Salomon Brothers Inc raised its forecast.");
  index.Add("c.txt",
            "Economist Robert Salomon spoke. Then Salomon left the room.");
  index.Add("lone.txt", "Traders said Salomon was selling bonds.");
  CHECK(index.aliases().Resolve() == 1);
  CHECK(index.People("lone.txt").empty());
  CHECK(index.Listed("lone.txt", EntityType::kOrg) ==
        V{"salomon brothers=Salomon Brothers Inc"});
  CHECK(index.WithTerm(
            schema::EntityTerm(EntityType::kOrg, "salomon brothers")) ==
        V{"a.txt", "b.txt", "lone.txt"});
  // The article that names the person keeps him.
  CHECK(index.People("c.txt") == V{"robert salomon=Robert Salomon"});
}

TEST_CASE("an organisation's initials used alone name it, undefined") {
  TestIndex index;
  index.Add("a.txt", "Velmora Business Machines Corp said sales rose.");
  index.Add("b.txt", "Velmora Business Machines Corp cut prices.");
  index.Add("c.txt", "Valley Bank Machines Inc opened a branch.");
  index.Add("lone.txt", "Shares of VBM rose on Monday.");
  index.aliases().Resolve();
  CHECK(index.Listed("lone.txt", EntityType::kOrg) ==
        V{"velmora business machines=Velmora Business Machines Corp"});
  CHECK(index.WithTerm(schema::EntityTerm(EntityType::kOrg,
                                          "velmora business machines")) ==
        V{"a.txt", "b.txt", "lone.txt"});
}

TEST_CASE("an acronym that opens an organisation's name, used alone") {
  TestIndex index;
  index.Add("a.txt", "VMQ Energy Corp said sales rose.");
  index.Add("b.txt", "VMQ Energy Corp cut prices.");
  index.Add("lone.txt", "Shares of VMQ rose on Monday.");
  // The gazetteer's BBC is no other company's opener.
  index.Add("bbc1.txt", "BBC AG Brown Boveri und Cie said so.");
  index.Add("bbc.txt", "The BBC reported it on Monday.");
  index.aliases().Resolve();
  CHECK(index.Listed("lone.txt", EntityType::kOrg) ==
        V{"vmq energy=VMQ Energy Corp"});
  const V bbc = index.Listed("bbc.txt", EntityType::kOrg);
  CHECK(bbc.size() == 1);
  if (!bbc.empty()) CHECK(bbc.front().starts_with("bbc="));
}

TEST_CASE("a firm named like a person is the firm the corpus mostly names") {
  TestIndex index;
  index.Add("a.txt", "Kestrel Dunmore Group Inc said sales rose.");
  index.Add("b.txt", "Kestrel Dunmore Group Inc cut prices.");
  index.Add("c.txt", "Shares of Kestrel Dunmore Group Inc fell.");
  index.Add("lone.txt", "Prices fell, Kestrel Dunmore said on Monday.");
  // A person whom one organisation is named after stays a person.
  index.Add("p1.txt", "Prices fell, Peter Marlowe said on Monday.");
  index.Add("p2.txt", "Peter Marlowe was there on Monday.");
  index.Add("p3.txt", "The Peter Marlowe Foundation Inc gave money.");
  index.aliases().Resolve();
  CHECK(index.People("lone.txt").empty());
  CHECK(index.Listed("lone.txt", EntityType::kOrg) ==
        V{"kestrel dunmore group=Kestrel Dunmore Group Inc"});
  CHECK(index.People("p1.txt") == V{"peter marlowe=Peter Marlowe"});
  // Without the firm's articles, the name is a person's again.
  for (const char* id : {"a.txt", "b.txt", "c.txt"}) index.Remove(id);
  index.aliases().Resolve();
  CHECK(index.People("lone.txt") == V{"kestrel dunmore=Kestrel Dunmore"});
  CHECK(index.Listed("lone.txt", EntityType::kOrg).empty());
}

TEST_CASE("initials leave out connectors and need two to five words") {
  CHECK(Initials("international business machines") == "ibm");
  CHECK(Initials("american telephone and telegraph") == "att");
  CHECK(Initials("bank of england") == "be");
  CHECK(Initials("texaco").empty());
  CHECK(Initials("a b c d e f").empty());
  CHECK(Initials("3m minnesota").empty());
}

TEST_CASE("a government named by its leader is no rival for his name") {
  TestIndex index;
  index.Add("full.txt", "Ronald Reagan spoke. Then Reagan left.");
  for (int i = 0; i < 3; ++i) {
    index.Add("adm" + std::to_string(i) + ".txt",
              "Officials of the Reagan Administration met on Monday.");
  }
  index.Add("lone.txt", "Critics said Reagan was wrong.");
  index.aliases().Resolve();
  CHECK(index.People("lone.txt") == V{"ronald reagan=Ronald Reagan"});
  CHECK(index.Listed("lone.txt", EntityType::kOrg).empty());
}

TEST_CASE("a title keeps a lone name a person's, whatever the majority") {
  TestIndex index;
  index.Add("a.txt", "Velmora Motor Co said car sales rose.");
  index.Add("b.txt", "Velmora Motor Co cut prices.");
  index.Add("titled.txt", "Former President Velmora spoke on Monday.");
  index.aliases().Resolve();
  CHECK(index.People("titled.txt") == V{"velmora=Velmora"});
  CHECK(index.Listed("titled.txt", EntityType::kOrg).empty());
}

TEST_CASE("one sighting does not give a full name every lone use") {
  TestIndex index;
  index.Add("full.txt", "He will recommend Joe Velmor. Velmor agreed.");
  for (int i = 0; i < 11; ++i) {
    index.Add("lone" + std::to_string(i) + ".txt",
              "Analysts said Velmor was selling bonds.");
  }
  CHECK_FALSE(ResolveAlias(index.db(), EntityType::kPerson, "velmor"));
  CHECK(index.aliases().Resolve() == 0);
  CHECK(index.People("lone0.txt").empty());
  // Two sightings are a tenth of eleven lone uses: enough.
  index.Add("full2.txt", "He met Joe Velmor. Velmor left.");
  CHECK(ResolveAlias(index.db(), EntityType::kPerson, "velmor"));
}

TEST_CASE("a build that stops before resolving leaves its names to the next") {
  TestIndex index;
  index.Add("full.txt", "Ronald Reagan spoke. Then Reagan left.");
  index.Add("short.txt", "Critics said Reagan was wrong.");
  index.aliases().Save();
  // Saved, the names are in the metadata, which a new writer reads: the
  // next build (nothing new of its own) sees the same ones, and still
  // resolves them.
  CorpusAliases next(index.db());
  CHECK(!next.Pending().empty());
  CHECK(next.Pending() == index.aliases().Pending());
  CHECK(next.Resolve() == 1);
  CHECK(index.People("short.txt") == V{"ronald reagan=Ronald Reagan"});
  CHECK(index.db().metadata_keys_begin("gazette.") ==
        index.db().metadata_keys_end("gazette."));
}

TEST_CASE(
    "articles written resolved by a running guess end as Resolve() alone "
    "leaves them, and it changes only those the guess got wrong") {
  const std::vector<std::pair<std::string, std::string>> articles = {
      // Named alone before anyone names him in full: the guess cannot know.
      {"early.txt", "Critics said Reagan was wrong."},
      {"full.txt", "Ronald Reagan spoke. Then Reagan left."},
      // Guessed right.
      {"titled.txt", "President Reagan vetoed the bill."},
      {"farouk1.txt", "Minister Farouk al-Sharaa spoke. al-Sharaa sat."},
      // Guessed Farouk; the corpus ends up saying Ahmed.
      {"short.txt", "Officials said al-Sharaa would travel."},
      {"ahmed1.txt", "President Ahmed al-Sharaa met him. al-Sharaa left."},
      {"ahmed2.txt", "President Ahmed al-Sharaa spoke. al-Sharaa sat."},
      {"later.txt", "Envoys asked al-Sharaa about the talks."},
  };
  TestIndex plain;
  RunningAliasTable guess;
  TestIndex guessed(&guess);
  for (const auto& [id, body] : articles) {
    plain.Add(id, body);
    guessed.Add(id, body);
  }
  // Before Resolve(), guessed articles already hold full names.
  CHECK(guessed.People("titled.txt") == V{"ronald reagan=Ronald Reagan"});
  CHECK(guessed.People("short.txt") == V{"farouk al-sharaa=Farouk al-Sharaa"});
  CHECK(guessed.People("early.txt").empty());

  CHECK(plain.aliases().Resolve() == 4);
  CHECK(guessed.aliases().Resolve() == 2);  // early.txt, short.txt
  CHECK(guessed.People("short.txt") == V{"ahmed al-sharaa=Ahmed al-Sharaa"});
  CHECK(testing::DescribeDifferences(guessed.Dump(), plain.Dump()) == "");
}

TEST_CASE("the table of several databases searched as one is their sum") {
  TestIndex a;
  TestIndex b;
  a.Add("farouk.txt", "Minister Farouk al-Sharaa spoke. al-Sharaa sat.");
  a.Add("short.txt", "Officials said al-Sharaa would travel.");
  b.Add("ahmed1.txt", "President Ahmed al-Sharaa met him. al-Sharaa left.");
  b.Add("ahmed2.txt", "President Ahmed al-Sharaa spoke. al-Sharaa sat.");
  const std::string al_sharaa =
      schema::EntityTerm(EntityType::kPerson, "al-sharaa");
  // Alone, a says Farouk.
  CHECK(LookUpAliases(a.db(), {al_sharaa}).at(al_sharaa)->full_key ==
        "farouk al-sharaa");
  Xapian::Database both;
  both.add_database(a.db());
  both.add_database(b.db());
  const AliasTable table = LookUpAliases(both, a.aliases().Pending());
  REQUIRE(table.count(al_sharaa));
  CHECK(table.at(al_sharaa)->full_key == "ahmed al-sharaa");
  CHECK(a.aliases().Resolve(table) == 1);
  CHECK(a.People("short.txt") == V{"ahmed al-sharaa=Ahmed al-Sharaa"});
}

}  // namespace
}  // namespace gazette
