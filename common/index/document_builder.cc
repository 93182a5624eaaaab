#include "common/index/document_builder.h"

#include <algorithm>

#include "common/base/cached_stemmer.h"
#include "common/base/fold.h"
#include "common/entities/entity_key.h"
#include "common/entities/name_keys.h"
#include "common/index/corpus_aliases.h"
#include "common/index/facet_fields.h"
#include "common/index/near_duplicates.h"
#include "common/index/schema.h"

namespace gazette {

DocumentBuilder::DocumentBuilder() {
  generator_.set_stemmer(MakeCachedStemmer(schema::MakeStemmer()));
  generator_.set_stemming_strategy(schema::kIndexStemStrategy);
}

std::vector<ArticleEntity> ToStoredEntities(
    const std::vector<Entity>& entities) {
  std::vector<ArticleEntity> stored;
  stored.reserve(entities.size());
  for (const Entity& e : entities) {
    // Unresolved names are terms only, until CorpusAliases resolves them.
    if (e.unresolved) continue;
    ArticleEntity entity{e.type, EntityKey(e.type, e.name), e.name, e.derived};
    // One record per key, so a facet counts an article once: what its
    // filter finds.
    const auto same =
        std::find_if(stored.begin(), stored.end(), [&](const ArticleEntity& s) {
          return s.type == entity.type && s.key == entity.key;
        });
    if (same == stored.end()) {
      stored.push_back(std::move(entity));
    } else {
      same->derived = same->derived && entity.derived;
    }
  }
  return stored;
}

Xapian::Document DocumentBuilder::TextTerms(const Article& article) {
  Xapian::Document xdoc;
  generator_.set_document(xdoc);
  generator_.set_termpos(0);
  generator_.index_text(article.title, 1, std::string(schema::kTitlePrefix));
  if (article.title_from_header) {
    // A derived title is the body's first sentence: indexing it again would
    // count those words twice.
    generator_.index_text(article.title);
    generator_.increase_termpos();
  }
  generator_.index_text(article.body);
  // Let go of the document: a writer thread takes what Build() makes, and
  // Xapian's reference counts are not atomic, so a worker holding a
  // reference to it (until its next Build) would race with the writer
  // copying and freeing it.
  generator_.set_document(Xapian::Document());
  return xdoc;
}

Xapian::Document DocumentBuilder::TextTerms(const Xapian::Document& stored) {
  const Expected<Article> article = DecodeArticleData(stored.get_data());
  return article ? TextTerms(*article) : Xapian::Document();
}

Xapian::Document DocumentBuilder::Build(const Article& article,
                                        const std::vector<Entity>& entities,
                                        const SourceRecord& source) {
  Xapian::Document xdoc = TextTerms(article);
  xdoc.add_boolean_term(schema::IdTerm(article.id));

  xdoc.add_value(
      schema::kSortSlot,
      schema::SortKey(article.date ? article.date->ToKey() : "", article.id));
  if (article.date) {
    const std::string key = article.date->ToKey();
    xdoc.add_value(schema::kDateSlot, key);
    xdoc.add_boolean_term(std::string(schema::kDayPrefix) + key);
    xdoc.add_boolean_term(std::string(schema::kMonthPrefix) + key.substr(0, 6));
    xdoc.add_boolean_term(std::string(schema::kYearPrefix) + key.substr(0, 4));
  }

  // A title taken from the body is in it already.
  if (const auto fingerprint = ArticleFingerprint(
          article.title_from_header ? article.title : "", article.body))
    xdoc.add_value(schema::kFingerprintSlot, EncodeFingerprint(*fingerprint));

  if (const std::string folded = FoldName(article.source); !folded.empty())
    xdoc.add_boolean_term(schema::SourceTerm(folded));

  for (const Entity& e : entities) {
    const std::string key = EntityKey(e.type, e.name);
    xdoc.add_boolean_term(schema::EntityTerm(e.type, key));
    // A one-word person's name or an organisation's lone acronym may stand
    // for a full name the corpus knows; a person's name of several words
    // may be a firm's the corpus knows ("E.F. Hutton").
    if (e.type == EntityType::kPerson ||
        (e.type == EntityType::kOrg && IsAcronym(e.name))) {
      xdoc.add_boolean_term(ShortNameTerm(e.type, key));
    }
    for (const std::string& alias : e.aliases)
      xdoc.add_boolean_term(
          schema::EntityTerm(e.type, EntityKey(e.type, alias)));
    // A person's surname finds every article that names him in full:
    // --person gorbachev finds "Mikhail Gorbachev" too.
    if (e.type == EntityType::kPerson && key.find(' ') != std::string::npos) {
      const std::string_view last = LastWord(key);
      xdoc.add_boolean_term(schema::EntityTerm(e.type, last));
      xdoc.add_boolean_term(schema::EntityTerm(e.type, WithoutParticle(last)));
    }
  }
  const std::vector<ArticleEntity> stored = ToStoredEntities(entities);
  if (!stored.empty())
    xdoc.add_value(schema::kEntitySlot, EncodeEntityList(stored));
  SyncFacetFields(xdoc);
  AddAliasSightings(xdoc, entities);
  xdoc.add_value(schema::kSourceSlot, EncodeSource(source));
  xdoc.set_data(EncodeArticleData(article));
  return xdoc;
}

}  // namespace gazette
