// xapian_floor: the least a Xapian indexer does for a folder of articles in
// Gazette's format, written the way `indexer build` writes a new index. Each
// article's title and body go through a TermGenerator (the English stemmer,
// positions, the title prefix: the text terms Gazette makes) into
// add_document, and nothing else: no entities, no stored text, no values, no
// dates. The *.txt files of the corpus (as `indexer build` lists them) are
// cut into N runs; N threads each write one into a shard, committing every
// 250 documents, and the shards are merged and put in place by the
// indexer's own WritableIndex (common/index/index_database.h).
// bench/run.py times it beside `indexer build` and omindex on Reuters: how much
// of Gazette's time is Xapian's own work, and how fast a Xapian indexer can be
// on this machine at all.
//
// Usage: xapian_floor --db PATH [--jobs N] DIR
// Prints the number of articles indexed. Exits 1 on any error.
#include <xapian.h>

#include <algorithm>
#include <exception>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/corpus/article_reader.h"
#include "common/corpus/corpus_walker.h"
#include "common/index/index_database.h"
#include "common/index/schema.h"

namespace {

constexpr Xapian::doccount kCommitEvery = 250;

// Indexes the articles of files[begin, end) (*.txt; JSON Lines files are
// left out) into db, a shard.
void WriteShard(const std::vector<gazette::CorpusFile>& files, size_t begin,
                size_t end, Xapian::WritableDatabase db) {
  Xapian::TermGenerator generator;
  generator.set_stemmer(gazette::schema::MakeStemmer());
  generator.set_stemming_strategy(gazette::schema::kIndexStemStrategy);
  Xapian::doccount written = 0;
  for (size_t i = begin; i < end; ++i) {
    if (files[i].kind != gazette::CorpusFileKind::kArticle) continue;
    const gazette::Expected<std::string> bytes =
        gazette::ReadFileBytes(files[i].path);
    if (!bytes) throw std::runtime_error(files[i].path + ": " + bytes.error());
    const gazette::ReadResult read =
        gazette::ReadArticle(*bytes, files[i].id, "");
    if (!read.article) continue;
    const gazette::Article& article = *read.article;
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(article.title, 1,
                         std::string(gazette::schema::kTitlePrefix));
    if (article.title_from_header) {
      generator.index_text(article.title);
      generator.increase_termpos();
    }
    generator.index_text(article.body);
    db.add_document(doc);
    if (++written % kCommitEvery == 0) db.commit();
  }
  db.commit();
  db.close();
}

int Run(int argc, char** argv) {
  std::string db_path, dir;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (arg == "--jobs" && i + 1 < argc) {
      jobs = static_cast<unsigned>(std::max(1, std::stoi(argv[++i])));
    } else if (dir.empty() && arg.rfind("--", 0) != 0) {
      dir = arg;
    } else {
      std::cerr << "usage: xapian_floor --db PATH [--jobs N] DIR\n";
      return 1;
    }
  }
  if (db_path.empty() || dir.empty()) {
    std::cerr << "usage: xapian_floor --db PATH [--jobs N] DIR\n";
    return 1;
  }
  const std::vector<gazette::CorpusFile> files =
      gazette::ListCorpus(dir, db_path).files;
  jobs = static_cast<unsigned>(
      std::max<size_t>(1, std::min<size_t>(jobs, files.size())));

  // Shards, their merge and the swap into place, as `indexer build` makes
  // them for a new index.
  gazette::WritableIndex index(db_path, /*rebuild=*/true);
  std::vector<std::exception_ptr> errors(jobs);
  std::vector<std::thread> threads;
  for (unsigned s = 0; s < jobs; ++s) {
    threads.emplace_back([&, s, shard = index.AddShard()] {
      try {
        WriteShard(files, files.size() * s / jobs,
                   files.size() * (s + 1) / jobs, shard);
      } catch (...) {
        errors[s] = std::current_exception();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  Xapian::Compactor compactor;
  index.MergeShards(compactor, [](Xapian::WritableDatabase&) {});
  const Xapian::doccount articles = index.db().get_doccount();
  index.Finish();
  std::cout << articles << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian_floor: " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "xapian_floor: " << e.what() << "\n";
  }
  return 1;
}
