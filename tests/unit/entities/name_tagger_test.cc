// The learned tagger (name_tagger.h) and its review of the rules' mentions
// (mention_review.h): the model file, the label rules, and what the
// extractor gains and refuses with the built-in model.
#include "common/entities/name_tagger.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/entities/builtin_data.h"
#include "common/entities/entity_extractor.h"
#include "common/entities/gazetteer.h"

namespace gazette {
namespace {

using V = std::vector<std::string>;

// "type:name" per entity, '?' marking an unresolved one.
V Names(const EntityExtractor& extractor, const char* title, const char* body) {
  V out;
  for (const Entity& e : extractor.Extract(title, body)) {
    out.push_back(std::string(EntityTypeName(e.type)) + ":" + e.name +
                  (e.unresolved ? "?" : ""));
  }
  return out;
}

bool Has(const V& names, const std::string& name) {
  for (const std::string& n : names) {
    if (n == name) return true;
  }
  return false;
}

TEST_CASE("the built-in tagger model loads whole") {
  std::string_view content;
  for (const DataFile& file : BuiltInDataFiles()) {
    if (file.name == kNerModelFile) content = file.content;
  }
  REQUIRE_FALSE(content.empty());
  std::vector<std::string> problems;
  const NameTagger model(content, &problems);
  CHECK(problems.empty());
  CHECK(model.size() > 10000);
  CHECK(NameTagger::BuiltIn().size() == model.size());
}

TEST_CASE("a model line that cannot be read is reported and skipped") {
  std::vector<std::string> problems;
  const NameTagger model(
      "# a comment\n"
      "1f\t1:2.5,3:-1\n"
      "zz\t1:1\n"   // not a hash
      "2a\t9:1\n"   // no such label
      "3b\t2:1,\n"  // a trailing comma
      "4c\t5:0.25\n",
      &problems);
  CHECK(model.size() == 2);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0] == "ner model line 3: not HASH<TAB>LABEL:WEIGHT,...");
}

TEST_CASE("an inside label only continues a name of its type") {
  CHECK(TagFollows(kTagO, kTagBPer));
  CHECK_FALSE(TagFollows(kTagO, kTagIPer));
  CHECK(TagFollows(kTagBPer, kTagIPer));
  CHECK(TagFollows(kTagIPer, kTagIPer));
  CHECK_FALSE(TagFollows(kTagBLoc, kTagIPer));
  CHECK(TagType(kTagILoc) == EntityType::kPlace);
  CHECK(BeginLabel(EntityType::kOrg) == kTagBOrg);
}

TEST_CASE("the best label is the best one allowed, with its margin") {
  NameTagger model;
  model.Set(7, {0, 1, 5, 0, 0, 0, 0});  // O, B-PER, I-PER...
  model.Set(8, {2, 0, 0, 0, 0, 0, 0});
  const std::vector<uint64_t> features = {7, 99};
  float margin = 0;
  CHECK(model.Best(features, kTagO, &margin) == kTagBPer);
  CHECK(margin == doctest::Approx(1));
  CHECK(model.Best(features, kTagBPer, &margin) == kTagIPer);
  CHECK(margin == doctest::Approx(5));
  const std::vector<uint64_t> o = {8};
  CHECK(model.Best(o, kTagO, &margin) == kTagO);
  CHECK(margin == doctest::Approx(2));
}

TEST_CASE("the tagger types a lone name the rules leave unresolved") {
  const auto with = MakeDefaultEntityExtractor();
  const NameTagger none;
  const auto without = MakeEntityExtractor(Gazetteer::BuiltIn(), none);
  const char* body = "Shares of Petrobras rose after Cargill bought them.";
  CHECK(Has(Names(*without, "", body), "person:Cargill?"));
  CHECK(Has(Names(*with, "", body), "org:Cargill"));
}

TEST_CASE("a word listed with places the gazetteer knows is a place") {
  const auto extractor = MakeDefaultEntityExtractor();
  const V names = Names(*extractor, "",
                        "The bank has offices in Frankfurt, Basle and "
                        "Zurich. Officials in Perth and Fremantle agreed.");
  CHECK(Has(names, "place:Basle"));
  CHECK(Has(names, "place:Fremantle"));
  // A comma alone lists nothing: "Fl" is no town of its own.
  const V born = Names(*extractor, "",
                       "She was born in Fort Lauderdale, Fl but grew up in "
                       "Miami.");
  CHECK_FALSE(Has(born, "place:Fl"));
  // Nor does a firm of partners that has a town's name in it.
  const V firm = Names(*extractor, "",
                       "Spear, Leeds and Kellogg, a New York firm, said so.");
  CHECK_FALSE(Has(firm, "place:Kellogg"));
}

TEST_CASE("the tagger names nothing that only looks like a name") {
  const auto extractor = MakeDefaultEntityExtractor();
  // Labels of a table of figures.
  CHECK(Names(*extractor, "Bank results",
              "Net profit 215,000 vs 4,647,000\n"
              "    Deposits 3.60 billion vs 3.27 billion\n"
              "    Pretax profit 505 mln stg vs 362 mln\n")
            .empty());
  // A first name before a firm's other names.
  const V trust = Names(*extractor, "",
                        "The trust is managed by Alex. Brown and Sons Inc "
                        "and was advised by Paul, Weiss, Rifkind.");
  CHECK_FALSE(Has(trust, "person:Alex"));
  CHECK_FALSE(Has(trust, "person:Paul"));
  // A word that only qualifies a noun is no organisation by that alone.
  CHECK(Has(Names(*extractor, "",
                  "It was a request by the Reagan administration to restore "
                  "funds cut last year."),
            "person:Reagan?"));
  // A headline in capitals is the rules' alone.
  CHECK(Names(*extractor, "", "TARLO SAYS SALES ROSE\n\nSales rose.").empty());
}

}  // namespace
}  // namespace gazette
