// xapian_floor: the least a Xapian indexer does for a folder of articles in
// Gazette's format, written the way `indexer build` writes a new index. Each
// article's title and body go through a TermGenerator (the English stemmer,
// positions, the title prefix: the text terms Gazette makes) into
// add_document, and nothing else: no entities, no stored text, no values, no
// dates. N threads each write a shard of consecutive files, committing every
// 250 documents; the shards are merged at the end by Xapian's compactor.
// bench/run.py times it beside `indexer build` and omindex on Reuters: how much
// of Gazette's time is Xapian's own work, and how fast a Xapian indexer can be
// on this machine at all.
//
// Usage: xapian_floor --db PATH [--jobs N] DIR
// Prints the number of articles indexed. Exits 1 on any error.
#include <xapian.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/article_reader.h"
#include "common/schema.h"

namespace {

namespace fs = std::filesystem;

constexpr Xapian::doccount kCommitEvery = 250;

// Indexes files[begin, end) into a new database at path.
void WriteShard(const std::vector<std::string>& files, size_t begin, size_t end,
                const std::string& path) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE |
                                        Xapian::DB_NO_SYNC |
                                        Xapian::DB_DANGEROUS);
  Xapian::TermGenerator generator;
  generator.set_stemmer(gazette::schema::MakeStemmer());
  generator.set_stemming_strategy(gazette::schema::kIndexStemStrategy);
  for (size_t i = begin; i < end; ++i) {
    std::string error;
    const std::optional<std::string> bytes =
        gazette::ReadFileBytes(files[i], &error);
    if (!bytes) throw std::runtime_error(files[i] + ": " + error);
    const gazette::ReadResult read = gazette::ReadArticle(*bytes, files[i], "");
    if (!read.document) continue;
    const gazette::Document& article = *read.document;
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
    if ((i - begin + 1) % kCommitEvery == 0) db.commit();
  }
  db.commit();
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
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  jobs = static_cast<unsigned>(
      std::max<size_t>(1, std::min<size_t>(jobs, files.size())));

  std::vector<std::string> shards;
  for (unsigned s = 0; s < jobs; ++s)
    shards.push_back(db_path + ".shard" + std::to_string(s));
  std::vector<std::exception_ptr> errors(jobs);
  std::vector<std::thread> threads;
  for (unsigned s = 0; s < jobs; ++s) {
    threads.emplace_back([&, s] {
      try {
        WriteShard(files, files.size() * s / jobs,
                   files.size() * (s + 1) / jobs, shards[s]);
      } catch (...) {
        errors[s] = std::current_exception();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);

  Xapian::Database all;
  for (const auto& shard : shards) all.add_database(Xapian::Database(shard));
  Xapian::Compactor compactor;
  all.compact(db_path, Xapian::DBCOMPACT_MULTIPASS, 0, compactor);
  for (const auto& shard : shards) fs::remove_all(shard);
  std::cout << Xapian::Database(db_path).get_doccount() << "\n";
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
