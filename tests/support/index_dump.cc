#include "tests/support/index_dump.h"

#include <sstream>

#include "common/index/corpus_aliases.h"
#include "common/index/schema.h"

namespace gazette::testing {
namespace {

// A metadata value on one line: newlines and tabs shown, long ones cut.
std::string Shown(const std::string& value) {
  std::string out;
  for (const char c : value) {
    if (out.size() > 160) return out + "...";
    out += c == '\n'   ? std::string("\\n")
           : c == '\t' ? "\\t"
                       : std::string(1, c);
  }
  return out;
}

}  // namespace

IndexedArticle WithoutCorpusAliases(const IndexedArticle& article) {
  IndexedArticle own = article;
  own.values.erase(schema::kFacetSlot);
  own.values.erase(schema::kGroupSlot);
  std::erase_if(own.terms, [](const auto& term) {
    return term.first.starts_with(schema::kFacetNamePrefix);
  });
  const auto it = own.values.find(schema::kOwnEntitySlot);
  if (it == own.values.end()) return own;
  const OwnEntities entities = DecodeOwnEntities(it->second);
  own.values.erase(it);
  if (entities.entities.empty()) {
    own.values.erase(schema::kEntitySlot);
  } else {
    own.values[schema::kEntitySlot] = entities.entities;
  }
  for (const std::string& term : entities.added) own.terms.erase(term);
  return own;
}

IndexDump DumpIndex(const std::string& db_path) {
  const Xapian::Database db(db_path);
  const std::string q = schema::IdTerm("");
  IndexDump dump;
  dump.doccount = db.get_doccount();
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    IndexedArticle article;
    article.data = doc.get_data();
    article.length = db.get_doclength(*it);
    std::vector<std::string> ids;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (term.rfind(q, 0) == 0) ids.push_back(term.substr(q.size()));
      std::vector<Xapian::termpos> positions(t.positionlist_begin(),
                                             t.positionlist_end());
      article.terms[term] = {t.get_wdf(), std::move(positions)};
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      article.values[v.get_valueno()] = *v;
    }
    if (ids.size() != 1) {
      dump.problems.push_back("document " + std::to_string(*it) + " has " +
                              std::to_string(ids.size()) + " id terms");
      continue;
    }
    if (!dump.articles.emplace(ids[0], std::move(article)).second) {
      dump.problems.push_back("id '" + ids[0] + "' is held by two documents");
    }
  }
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    dump.vocabulary[*t] = {t.get_termfreq(), db.get_collection_freq(*t)};
  }
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
    dump.spelling[*w] = w.get_termfreq();
  }
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    dump.metadata[*k] = db.get_metadata(*k);
  }
  return dump;
}

std::string DescribeDifferences(const IndexDump& got, const IndexDump& want,
                                size_t max_lines) {
  std::vector<std::string> lines;
  const auto note = [&](const std::string& line) {
    if (lines.size() < max_lines) lines.push_back(line);
  };
  for (const std::string& p : got.problems) note("problem: " + p);
  if (got.doccount != want.doccount) {
    note("doccount " + std::to_string(got.doccount) + ", want " +
         std::to_string(want.doccount));
  }
  for (const auto& [id, article] : got.articles) {
    const auto it = want.articles.find(id);
    if (it == want.articles.end()) {
      note("extra article '" + id + "' (a ghost?)");
      continue;
    }
    const IndexedArticle& w = it->second;
    if (article.data != w.data) note("'" + id + "': document data differs");
    if (article.values != w.values) note("'" + id + "': values differ");
    if (article.length != w.length) note("'" + id + "': length differs");
    if (article.terms != w.terms) {
      for (const auto& [term, posting] : article.terms) {
        const auto wt = w.terms.find(term);
        if (wt == w.terms.end()) {
          note("'" + id + "': extra term '" + term + "'");
        } else if (wt->second != posting) {
          note("'" + id + "': term '" + term + "' has other wdf or positions");
        }
      }
      for (const auto& [term, posting] : w.terms) {
        if (!article.terms.count(term))
          note("'" + id + "': missing term '" + term + "'");
      }
    }
  }
  for (const auto& [id, article] : want.articles) {
    if (!got.articles.count(id)) note("missing article '" + id + "'");
  }
  if (lines.empty() && got.vocabulary != want.vocabulary) {
    for (const auto& [term, stats] : got.vocabulary) {
      const auto it = want.vocabulary.find(term);
      if (it == want.vocabulary.end() || it->second != stats)
        note("term '" + term + "': index-wide frequencies differ");
    }
    for (const auto& [term, stats] : want.vocabulary) {
      if (!got.vocabulary.count(term)) note("term '" + term + "' is missing");
    }
  }
  for (const auto& [word, freq] : got.spelling) {
    const auto it = want.spelling.find(word);
    if (it == want.spelling.end()) {
      note("extra spelling word '" + word + "'");
    } else if (it->second != freq) {
      note("spelling word '" + word + "' has frequency " +
           std::to_string(freq) + ", want " + std::to_string(it->second));
    }
  }
  for (const auto& [word, freq] : want.spelling) {
    if (!got.spelling.count(word)) note("missing spelling word '" + word + "'");
  }
  for (const auto& [key, value] : got.metadata) {
    const auto it = want.metadata.find(key);
    if (it == want.metadata.end()) {
      note("extra metadata '" + key + "'");
    } else if (it->second != value) {
      note("metadata '" + key + "' is '" + Shown(value) + "', want '" +
           Shown(it->second) + "'");
    }
  }
  for (const auto& [key, value] : want.metadata) {
    if (!got.metadata.count(key)) note("missing metadata '" + key + "'");
  }
  std::ostringstream out;
  for (const auto& line : lines) out << line << '\n';
  return out.str();
}

}  // namespace gazette::testing
