#include "common/serve/article_store.h"

#include <xapian.h>

#include "common/index/index_database.h"
#include "common/index/schema.h"
#include "common/index/stored_fields.h"
#include "common/index/xapian_error.h"
#include "gazette/error.h"

namespace gazette {

struct ArticleStore::Impl {
  explicit Impl(const std::string& db_path)
      : path(db_path), db(OpenIndexForReading(db_path)) {}

  // As Searcher does: reopen() compares only revision numbers, so a
  // rebuild's new database (another UUID) is opened afresh.
  void MoveToLatestCommit() {
    const std::string uuid = db.get_uuid();
    db.reopen();
    if (db.get_uuid() != uuid) db = OpenIndexForReading(path);
  }

  std::optional<StoredArticle> FindOnce(const std::string& term);

  std::string path;
  Xapian::Database db;
};

std::optional<StoredArticle> ArticleStore::Impl::FindOnce(
    const std::string& term) {
  MoveToLatestCommit();
  const auto posting = db.postlist_begin(term);
  if (posting == db.postlist_end(term)) return std::nullopt;
  const Xapian::Document doc = db.get_document(*posting);
  Expected<Article> decoded = DecodeArticleData(doc.get_data());
  if (!decoded) {
    throw Error(ErrorKind::kArticleDamaged,
                "article '" + term.substr(schema::kIdPrefix.size()) +
                    "' in index at '" + path +
                    "' cannot be read: " + decoded.error() +
                    "; run `indexer build --rebuild CORPUS_DIR` to repair it");
  }
  Article& article = *decoded;
  StoredArticle stored;
  const auto source = DecodeSource(doc.get_value(schema::kSourceSlot));
  const std::string file = source ? source->RelativePath() : article.id;
  stored.path = article.root.empty() ? file : article.root + "/" + file;
  stored.id = std::move(article.id);
  stored.title = std::move(article.title);
  stored.date = article.date;
  stored.source = std::move(article.source);
  stored.url = std::move(article.url);
  stored.body = std::move(article.body);
  stored.entities = DecodeEntityList(doc.get_value(schema::kEntitySlot));
  return stored;
}

ArticleStore::ArticleStore(const std::string& db_path)
    : impl_(std::make_unique<Impl>(db_path)) {}

ArticleStore::~ArticleStore() = default;

std::optional<StoredArticle> ArticleStore::Find(std::string_view id) {
  const std::string term = schema::IdTerm(id);
  return RetryIndexRead(
      IndexAccess::kRead, impl_->path, [&] { return impl_->FindOnce(term); },
      [] {});
}

}  // namespace gazette
