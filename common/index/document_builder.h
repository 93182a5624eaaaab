// Turns an analysed article into the Xapian document the schema describes.
#ifndef GAZETTE_COMMON_INDEX_DOCUMENT_BUILDER_H_
#define GAZETTE_COMMON_INDEX_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include <vector>

#include "common/corpus/article.h"
#include "common/entities/entity.h"
#include "common/index/stored_fields.h"

namespace gazette {

// Holds a TermGenerator, so one builder per thread.
class DocumentBuilder {
 public:
  DocumentBuilder();

  // Terms: Q id; stemmed body and title words with positions, title words
  // also under S; D/M/Y date terms; entity keys and alias keys under their
  // type's prefix, one-word person names also under XU, the corpus alias
  // table's sightings under XA; the facet name terms (XN). Values: date,
  // entity list, facet fields, source, sort key. Data: the article.
  Xapian::Document Build(const Article& article,
                         const std::vector<Entity>& entities,
                         const SourceRecord& source);

  // The terms of the article's text alone, as Build() gives them (words and
  // stems with their frequencies, title words also under S): what a search
  // makes again from a stored article where a remote shard would send its
  // term list one message per term.
  Xapian::Document TextTerms(const Article& article);
  // TextTerms() of a document's stored article; an empty document if its
  // data does not decode.
  Xapian::Document TextTerms(const Xapian::Document& stored);

 private:
  Xapian::TermGenerator generator_;
};

// The entity list as stored for facets: keys by EntityKey, one record per
// type and key (the first entity's name; derived only if all were),
// unresolved ones left out.
std::vector<ArticleEntity> ToStoredEntities(
    const std::vector<Entity>& entities);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_DOCUMENT_BUILDER_H_
