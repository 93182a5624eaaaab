// Scores Gazette's entity finder on annotated documents: exact span and
// type match for PER/LOC/ORG, per type and overall, and extraction speed.
// Usage: ner_eval [--errors] [--repeat N] [--model FILE | --no-model]
//                 [--unresolved] FILE.jsonl...
//        ner_eval --text FILE   (print the mentions and entities of a text)
//        ner_eval --articles FILE...  (the entities the indexer finds in
//                 corpus articles)
//        Any of them with --model FILE or --no-model.
//        ner_eval --train OUT.tsv [--epochs N] [--header LINE]... FILE.jsonl...
//                 (train the tagger: bench/ner_train.h)
// FILE.jsonl is what bench/ner_data.py writes: one document per line,
// {"id", "text", "spans": [[BEGIN, END, TYPE]...]} with byte offsets.
// Run through bench/ner-eval, which converts the data and builds this tool.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common/entities/alias_merger.h"
#include "common/entities/entity_extractor.h"
#include "common/entities/firm_names.h"
#include "common/entities/gazetteer.h"
#include "common/entities/mention_review.h"
#include "common/entities/name_finder.h"
#include "common/entities/name_tagger.h"
#include "common/entities/name_tokenizer.h"
#include "ner_docs.h"
#include "ner_train.h"

namespace gazette {
namespace {

struct Analysis {
  std::vector<Mention> mentions;
  std::vector<Entity> entities;
  // The words of unresolved names (Entity::unresolved): people filters
  // find but facets leave out. Scored only with --unresolved.
  std::vector<Mention> unresolved;
};

// With --unresolved, the lone words of unresolved people count as person
// mentions: what `--person WORD` finds, not what a facet shows.
bool score_unresolved = false;

// Each name-shaped token whose text is an unresolved entity's name.
std::vector<Mention> UnresolvedMentions(const std::string& text,
                                        const std::vector<NameToken>& tokens,
                                        const std::vector<Entity>& entities) {
  std::vector<Mention> out;
  for (const Entity& e : entities) {
    if (!e.unresolved) continue;
    for (uint32_t i = 0; i < tokens.size(); ++i) {
      if (!tokens[i].is_name_shaped() || tokens[i].text(text) != e.name)
        continue;
      Mention m;
      m.first_token = i;
      m.end_token = i + 1;
      m.begin = tokens[i].begin;
      m.end = tokens[i].end;
      m.type = e.type;
      m.rule = "unresolved";
      out.push_back(m);
    }
  }
  return out;
}

// The tagger the extractor consults: the built-in one unless --model or
// --no-model says otherwise.
const NameTagger* tagger = nullptr;
float margin = kReviewMargin;

Analysis Analyze(const std::string& text, const Gazetteer& gazetteer) {
  Analysis a;
  const std::vector<NameToken> tokens = TokenizeNames(text);
  a.mentions = FindNameMentions(text, tokens, gazetteer, false);
  RetypeFirms(text, tokens, a.mentions);  // as the extractor does
  a.entities = ReviewAndMerge(text, tokens, gazetteer,
                              tagger ? *tagger : NameTagger::BuiltIn(), false,
                              a.mentions, margin);
  if (score_unresolved)
    a.unresolved = UnresolvedMentions(text, tokens, a.entities);
  return a;
}

struct Counts {
  size_t tp = 0, fp = 0, fn = 0;
};

void PrintRow(const std::string& file, const std::string& type,
              const Counts& c) {
  const double p = c.tp + c.fp ? 100.0 * c.tp / (c.tp + c.fp) : 0;
  const double r = c.tp + c.fn ? 100.0 * c.tp / (c.tp + c.fn) : 0;
  const double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
  std::printf("%-18s %-4s %6zu %6zu %6zu %9.1f %7.1f %6.1f\n", file.c_str(),
              type.c_str(), c.tp + c.fn, c.tp + c.fp, c.tp, p, r, f);
}

std::string SpanText(const Doc& doc, const Span& s) {
  std::string out = doc.text.substr(s.begin, s.end - s.begin);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

// The span's line, the span in [brackets], for reading an error in place.
std::string InContext(const Doc& doc, const Span& s) {
  const size_t line = doc.text.rfind('\n', s.begin);
  const size_t begin = line == std::string::npos ? 0 : line + 1;
  const size_t end = std::min(doc.text.find('\n', s.end), doc.text.size());
  std::string out = doc.text.substr(begin, s.begin - begin) + "[" +
                    SpanText(doc, s) + "]" +
                    doc.text.substr(s.end, end - s.end);
  if (out.size() > 160) out.resize(160);
  return out;
}

// Sets `tagger`: the built-in one, none, or one read from a file.
void ChooseTagger(const std::string& model_path, bool no_model) {
  static NameTagger loaded;
  tagger = &NameTagger::BuiltIn();
  if (no_model) {
    tagger = &loaded;
  } else if (!model_path.empty()) {
    std::ifstream in(model_path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + model_path);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::vector<std::string> problems;
    loaded = NameTagger(ss.str(), &problems);
    if (!problems.empty()) throw std::runtime_error(problems.front());
    tagger = &loaded;
  }
}

// Prints the entities the indexer's extractor finds in articles as the
// corpus reader gives them ("title: ..." header lines, a blank line, the
// body), one article after another.
int PrintArticles(const std::vector<std::string>& paths) {
  const auto extractor = MakeEntityExtractor(Gazetteer::BuiltIn(), *tagger);
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string line, title, body;
    while (std::getline(in, line) && !line.empty()) {
      if (line.starts_with("title: ")) title = line.substr(7);
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    body = ss.str();
    std::printf("== %s\n", path.c_str());
    for (const Entity& e : extractor->Extract(title, body)) {
      std::printf("%-6s %s%s\n", std::string(EntityTypeName(e.type)).c_str(),
                  e.name.c_str(),
                  e.derived      ? " (derived)"
                  : e.unresolved ? " (unresolved)"
                                 : "");
    }
  }
  return 0;
}

int Score(const std::vector<std::string>& files, bool errors, int repeat) {
  const Gazetteer& gazetteer = Gazetteer::BuiltIn();
  std::printf("%-18s %-4s %6s %6s %6s %9s %7s %6s\n", "set", "type", "gold",
              "found", "right", "precision", "recall", "F1");
  for (const std::string& path : files) {
    const std::vector<Doc> docs = ReadDocs(path);
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (name.ends_with(".jsonl")) name.resize(name.size() - 6);
    Counts by_type[3];
    size_t bytes = 0;
    double best_seconds = 1e30;
    for (int r = 0; r < repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      size_t entities = 0;
      for (const Doc& doc : docs) {
        entities += Analyze(doc.text, gazetteer).entities.size();
      }
      const std::chrono::duration<double> took =
          std::chrono::steady_clock::now() - start;
      best_seconds = std::min(best_seconds, took.count());
      if (entities == SIZE_MAX) std::puts("");  // keep the work observable
    }
    for (const Doc& doc : docs) {
      bytes += doc.text.size();
      const Analysis a = Analyze(doc.text, gazetteer);
      std::vector<Span> predicted;
      std::map<Span, std::string> rule_of;
      std::vector<Mention> scored = a.mentions;
      scored.insert(scored.end(), a.unresolved.begin(), a.unresolved.end());
      for (const Mention& m : scored) {
        const int type = TypeIndex(m.type);
        if (type < 0 || m.derived) continue;  // groups, adjectives: unscored
        predicted.push_back({m.begin, m.end, type});
        rule_of[predicted.back()] = m.rule;
      }
      std::sort(predicted.begin(), predicted.end());
      predicted.erase(std::unique(predicted.begin(), predicted.end()),
                      predicted.end());
      std::vector<Span> gold = doc.gold;
      std::sort(gold.begin(), gold.end());
      for (const Span& p : predicted) {
        const bool hit = std::binary_search(gold.begin(), gold.end(), p);
        ++(hit ? by_type[p.type].tp : by_type[p.type].fp);
        if (errors) {
          std::printf("RULE %s %s %s\n", hit ? "tp" : "fp", kTypes[p.type],
                      rule_of[p].c_str());
        }
        if (!hit && errors) {
          std::printf("FP %s %s [%s]\t%s\n", kTypes[p.type],
                      SpanText(doc, p).c_str(), rule_of[p].c_str(),
                      InContext(doc, p).c_str());
        }
      }
      for (const Span& g : gold) {
        if (!std::binary_search(predicted.begin(), predicted.end(), g)) {
          ++by_type[g.type].fn;
          if (errors) {
            std::printf("FN %s %s\t%s\n", kTypes[g.type],
                        SpanText(doc, g).c_str(), InContext(doc, g).c_str());
          }
        }
      }
    }
    Counts all;
    for (int t = 0; t < 3; ++t) {
      PrintRow(name, kTypes[t], by_type[t]);
      all.tp += by_type[t].tp;
      all.fp += by_type[t].fp;
      all.fn += by_type[t].fn;
    }
    PrintRow(name, "all", all);
    std::printf(
        "%-18s speed: %.2f MB in %.3f s = %.1f MB/s on one thread "
        "(best of %d)\n",
        name.c_str(), bytes / 1e6, best_seconds, bytes / 1e6 / best_seconds,
        repeat);
  }
  return 0;
}

int PrintText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const Analysis a = Analyze(text, Gazetteer::BuiltIn());
  for (const Mention& m : a.mentions) {
    std::printf("%-6s %-10s %-15s %s%s\n",
                std::string(EntityTypeName(m.type)).c_str(),
                m.evidence == Evidence::kGazetteer ? "gazetteer"
                : m.evidence == Evidence::kKeyword ? "keyword"
                : m.evidence == Evidence::kTitle   ? "title"
                : m.evidence == Evidence::kAlias   ? "alias"
                                                   : "shape",
                m.rule, text.substr(m.begin, m.end - m.begin).c_str(),
                m.derived ? " (derived)" : "");
  }
  std::printf("--\n");
  for (const Entity& e : a.entities) {
    std::printf("%-6s %s%s", std::string(EntityTypeName(e.type)).c_str(),
                e.name.c_str(),
                e.derived      ? " (derived)"
                : e.unresolved ? " (unresolved)"
                               : "");
    for (const auto& alias : e.aliases) std::printf(" | %s", alias.c_str());
    std::printf("\n");
  }
  return 0;
}

}  // namespace
}  // namespace gazette

namespace {

// A weight or margin option: a finite number from 0 to 1e6, nothing after.
bool ParseWeight(const char* text, float& out) {
  char* end = nullptr;
  const float value = std::strtof(text, &end);
  if (end == text || *end != '\0' || !(value >= 0 && value <= 1e6f))
    return false;
  out = value;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  bool errors = false;
  int repeat = 3;
  std::string model;
  bool no_model = false;
  gazette::TrainOptions train;
  std::string text;
  bool articles = false;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--model" && i + 1 < argc) {
        model = argv[++i];
      } else if (arg == "--margin" && i + 1 < argc) {
        if (!ParseWeight(argv[++i], gazette::margin)) {
          std::cerr << "ner_eval: --margin must be a number from 0 to 1e6, "
                       "got '"
                    << argv[i] << "'\n";
          return 2;
        }
      } else if (arg == "--unresolved") {
        gazette::score_unresolved = true;
      } else if (arg == "--no-model") {
        no_model = true;
      } else if (arg == "--train" && i + 1 < argc) {
        train.out = argv[++i];
      } else if (arg == "--epochs" && i + 1 < argc) {
        train.epochs = std::atoi(argv[++i]);
        if (train.epochs < 1 || train.epochs > 100) {
          std::cerr << "ner_eval: --epochs must be 1 to 100\n";
          return 2;
        }
      } else if (arg == "--prune" && i + 1 < argc) {
        if (!ParseWeight(argv[++i], train.prune)) {
          std::cerr << "ner_eval: --prune must be a number from 0 to 1e6, "
                       "got '"
                    << argv[i] << "'\n";
          return 2;
        }
      } else if (arg == "--header" && i + 1 < argc) {
        train.header.push_back(argv[++i]);
      } else if (arg == "--errors") {
        errors = true;
      } else if (arg == "--repeat" && i + 1 < argc) {
        repeat = std::atoi(argv[++i]);
        if (repeat < 1 || repeat > 1000) {
          std::cerr << "ner_eval: --repeat must be 1 to 1000\n";
          return 2;
        }
      } else if (arg == "--text" && i + 1 < argc) {
        text = argv[++i];
      } else if (arg == "--articles") {
        articles = true;
      } else if (arg.starts_with("-")) {
        std::cerr << "ner_eval: unknown option '" << arg << "'\n";
        return 2;
      } else {
        files.push_back(arg);
      }
    }
    gazette::ChooseTagger(model, no_model);
    if (!text.empty()) return gazette::PrintText(text);
    if (articles) return gazette::PrintArticles(files);
    if (files.empty()) {
      std::cerr << "usage: ner_eval [--errors] [--repeat N] [--model FILE | "
                   "--no-model] [--unresolved] FILE.jsonl...\n"
                   "       ner_eval --train OUT.tsv [--epochs N] "
                   "[--header LINE]... FILE.jsonl...\n";
      return 2;
    }
    if (!train.out.empty()) {
      train.files = files;
      return gazette::TrainTagger(train);
    }
    return gazette::Score(files, errors, repeat);
  } catch (const std::exception& e) {
    std::cerr << "ner_eval: " << e.what() << "\n";
    return 3;
  }
}
