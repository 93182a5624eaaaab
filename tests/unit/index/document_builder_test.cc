#include "common/index/document_builder.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/corpus/article_reader.h"
#include "common/index/schema.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

std::set<std::string> Terms(const Xapian::Document& doc) {
  return {doc.termlist_begin(), doc.termlist_end()};
}

Article SeedLikeArticle() {
  ReadResult read = ReadArticle(
      " date 2025-05-28 Opposition forces, led by the\u201CHayat Tahrir "
      "al-Sham\u201D "
      "(HTS) group, said\u201Cwe will\u201D hold talks on the Golan Heights.",
      "seed.txt", "/corpus");
  REQUIRE(read.article);
  return *read.article;
}

TEST_CASE("document builder writes every schema field and they read back") {
  Article doc = SeedLikeArticle();
  doc.source = "Agence France-Presse";
  doc.url = "https://example.org/seed";
  const std::vector<Entity> entities = {
      {EntityType::kPerson, "Ahmed al-Sharaa", {"al-Sharaa"}, false},
      {EntityType::kPlace, "Golan Heights", {}, false},
  };
  const SourceRecord source{"/corpus", "seed.txt", "", 10, 20, 30, ""};
  DocumentBuilder builder;

  testing::TempDir dir;
  {
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
    db.replace_document(schema::IdTerm(doc.id),
                        builder.Build(doc, entities, source));
    db.commit();
  }
  Xapian::Database db(dir / "db");
  REQUIRE(db.get_doccount() == 1);
  const Xapian::Document stored = db.get_document(1);
  const std::set<std::string> terms = Terms(stored);
  for (const std::string term :
       {"Qseed.txt", "D20250528", "M202505", "Y2025", "XPahmed al-sharaa",
        "XPal-sharaa", "XLgolan heights", "Ztalk", "talks", "golan",
        "Sopposition", "Sforces", "ZSforc", "XSagence france-presse"}) {
    CAPTURE(term);
    CHECK(terms.count(term) == 1);
  }
  CHECK(stored.get_value(schema::kDateSlot) == "20250528");
  CHECK(DecodeSource(stored.get_value(schema::kSourceSlot)) == source);
  const auto listed = DecodeEntityList(stored.get_value(schema::kEntitySlot));
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].key == "ahmed al-sharaa");
  CHECK(listed[0].name == "Ahmed al-Sharaa");
  const Article back = DecodeArticleData(stored.get_data()).value();
  CHECK(back.body == doc.body);
  CHECK(back.date == doc.date);
  CHECK(back.source == "Agence France-Presse");
  CHECK(back.url == "https://example.org/seed");
}

TEST_CASE("curly quotes glued to words tokenise as separate words") {
  DocumentBuilder builder;
  const Xapian::Document xdoc = builder.Build(SeedLikeArticle(), {}, {});
  const std::set<std::string> terms = Terms(xdoc);
  for (const std::string term :
       {"hayat", "Zhayat", "the", "sham", "said", "we", "will"}) {
    CAPTURE(term);
    CHECK(terms.count(term) == 1);
  }
  for (const auto& term : terms) {
    CAPTURE(term);
    CHECK(term.find("\u201C") == std::string::npos);
    CHECK(term.find("\u201D") == std::string::npos);
  }
}

TEST_CASE(
    "a stored article's text terms made again are those Build() gave it, "
    "with the same frequencies") {
  DocumentBuilder builder;
  const Xapian::Document built = builder.Build(SeedLikeArticle(), {}, {});
  const Xapian::Document again = DocumentBuilder().TextTerms(built);
  std::map<std::string, Xapian::termcount> text;
  for (auto t = again.termlist_begin(); t != again.termlist_end(); ++t)
    text[*t] = t.get_wdf();
  REQUIRE(text.count("Zhayat") == 1);
  size_t boolean = 0;
  for (auto t = built.termlist_begin(); t != built.termlist_end(); ++t) {
    CAPTURE(*t);
    if (t.get_wdf() == 0) {
      ++boolean;  // the id, date and source terms: not text
      CHECK(text.count(*t) == 0);
    } else {
      CHECK(text[*t] == t.get_wdf());
    }
  }
  CHECK(boolean > 0);
  CHECK(text.size() + boolean == built.termlist_count());
  // A document whose data does not decode has no terms.
  Xapian::Document damaged;
  damaged.set_data("not an article");
  CHECK(builder.TextTerms(damaged).termlist_count() == 0);
}

TEST_CASE("an id too long for a Xapian term still gives a distinct term") {
  const std::string a(400, 'a');
  const std::string b = std::string(399, 'a') + "b";
  CHECK(schema::IdTerm(a).size() <= schema::kMaxTermBytes);
  CHECK(schema::IdTerm(a) != schema::IdTerm(b));
  CHECK(schema::IdTerm("short.txt") == "Qshort.txt");
}

TEST_CASE("a person's surname is a term of the full name's article") {
  std::vector<Entity> entities(3);
  entities[0] = {EntityType::kPerson, "Mikhail Gorbachev", {}, false, false};
  entities[1] = {EntityType::kPerson, "Ahmed al-Sharaa", {}, false, false};
  entities[2] = {EntityType::kOrg, "Texaco Inc", {}, false, false};
  Article doc;
  doc.id = "a.txt";
  DocumentBuilder builder;
  const std::set<std::string> terms =
      Terms(builder.Build(doc, entities, SourceRecord{}));
  for (const char* key : {"mikhail gorbachev", "gorbachev", "ahmed al-sharaa",
                          "al-sharaa", "sharaa"}) {
    CAPTURE(key);
    CHECK(terms.count(schema::EntityTerm(EntityType::kPerson, key)) == 1);
  }
  // Not of an organisation: --org inc finds nothing.
  CHECK(terms.count(schema::EntityTerm(EntityType::kOrg, "inc")) == 0);
}

}  // namespace
}  // namespace gazette

namespace gazette {
namespace {

TEST_CASE("the stored entity list has one record per type and key") {
  std::vector<Entity> entities(4);
  entities[0] = {EntityType::kOrg, "Boeing Co", {}, false, false};
  entities[1] = {EntityType::kOrg, "BOEING", {}, false, false};
  entities[2] = {EntityType::kPlace, "Syria", {}, true, false};
  entities[3] = {EntityType::kPlace, "Syria", {"Syrian"}, false, false};
  const std::vector<ArticleEntity> stored = ToStoredEntities(entities);
  REQUIRE(stored.size() == 2);
  CHECK(stored[0] ==
        ArticleEntity{EntityType::kOrg, "boeing", "Boeing Co", false});
  // Named as well as implied: not derived.
  CHECK(stored[1] ==
        ArticleEntity{EntityType::kPlace, "syria", "Syria", false});
}

TEST_CASE("a person's surname is a term of the full name's article") {
  std::vector<Entity> entities(3);
  entities[0] = {EntityType::kPerson, "Mikhail Gorbachev", {}, false, false};
  entities[1] = {EntityType::kPerson, "Ahmed al-Sharaa", {}, false, false};
  entities[2] = {EntityType::kOrg, "Texaco Inc", {}, false, false};
  Article doc;
  doc.id = "a.txt";
  DocumentBuilder builder;
  const std::set<std::string> terms =
      Terms(builder.Build(doc, entities, SourceRecord{}));
  for (const char* key : {"mikhail gorbachev", "gorbachev", "ahmed al-sharaa",
                          "al-sharaa", "sharaa"}) {
    CAPTURE(key);
    CHECK(terms.count(schema::EntityTerm(EntityType::kPerson, key)) == 1);
  }
  // Not of an organisation: --org inc finds nothing.
  CHECK(terms.count(schema::EntityTerm(EntityType::kOrg, "inc")) == 0);
}

}  // namespace
}  // namespace gazette
