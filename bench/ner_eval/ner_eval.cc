// Scores Gazette's entity finder on annotated documents: exact span and
// type match for PER/LOC/ORG, per type and overall, and extraction speed.
// Usage: ner_eval [--errors] [--repeat N] FILE.jsonl...
//        ner_eval --text FILE   (print the mentions and entities of a text)
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
#include "common/entities/firm_names.h"
#include "common/entities/gazetteer.h"
#include "common/entities/name_finder.h"
#include "common/entities/name_tokenizer.h"

namespace gazette {
namespace {

// Types scored, and what Gazette calls them; other types (MISC) are not
// scored.
constexpr const char* kTypes[] = {"PER", "LOC", "ORG"};

int TypeIndex(std::string_view name) {
  for (int i = 0; i < 3; ++i) {
    if (name == kTypes[i]) return i;
  }
  return -1;
}

int TypeIndex(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return 0;
    case EntityType::kPlace:
      return 1;
    case EntityType::kOrg:
      return 2;
    case EntityType::kGroup:
      return -1;
  }
  return -1;
}

struct Span {
  size_t begin = 0;  // bytes [begin, end) of the text
  size_t end = 0;
  int type = -1;
  auto operator<=>(const Span&) const = default;
};

struct Doc {
  std::string text;
  std::vector<Span> gold;  // scored types only
};

std::vector<Doc> ReadDocs(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Doc> docs;
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("text") || !j.contains("spans")) {
      throw std::runtime_error(path + ":" + std::to_string(number) +
                               ": not a document");
    }
    Doc& doc = docs.emplace_back();
    doc.text = j["text"].get<std::string>();
    for (const auto& s : j["spans"]) {
      const int type = TypeIndex(s[2].get<std::string>());
      if (type < 0) continue;
      doc.gold.push_back({s[0].get<size_t>(), s[1].get<size_t>(), type});
    }
  }
  return docs;
}

struct Analysis {
  std::vector<Mention> mentions;
  std::vector<Entity> entities;
};

Analysis Analyze(const std::string& text, const Gazetteer& gazetteer) {
  Analysis a;
  const std::vector<NameToken> tokens = TokenizeNames(text);
  a.mentions = FindNameMentions(text, tokens, gazetteer, false);
  RetypeFirms(text, tokens, a.mentions);  // as the extractor does
  a.entities = MergeMentions(text, tokens, a.mentions);
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
      for (const Mention& m : a.mentions) {
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
    std::printf("%-6s %-10s %s%s\n",
                std::string(EntityTypeName(m.type)).c_str(),
                m.evidence == Evidence::kGazetteer ? "gazetteer"
                : m.evidence == Evidence::kKeyword ? "keyword"
                : m.evidence == Evidence::kTitle   ? "title"
                : m.evidence == Evidence::kAlias   ? "alias"
                                                   : "shape",
                text.substr(m.begin, m.end - m.begin).c_str(),
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

int main(int argc, char** argv) {
  std::vector<std::string> files;
  bool errors = false;
  int repeat = 3;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--errors") {
        errors = true;
      } else if (arg == "--repeat" && i + 1 < argc) {
        repeat = std::max(1, std::atoi(argv[++i]));
      } else if (arg == "--text" && i + 1 < argc) {
        return gazette::PrintText(argv[++i]);
      } else if (arg.starts_with("-")) {
        std::cerr << "ner_eval: unknown option '" << arg << "'\n";
        return 2;
      } else {
        files.push_back(arg);
      }
    }
    if (files.empty()) {
      std::cerr << "usage: ner_eval [--errors] [--repeat N] FILE.jsonl...\n";
      return 2;
    }
    return gazette::Score(files, errors, repeat);
  } catch (const std::exception& e) {
    std::cerr << "ner_eval: " << e.what() << "\n";
    return 3;
  }
}
