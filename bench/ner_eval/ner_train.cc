#include "ner_train.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <unordered_map>

#include "common/entities/alias_merger.h"
#include "common/entities/firm_names.h"
#include "common/entities/gazetteer.h"
#include "common/entities/name_finder.h"
#include "common/entities/name_tagger.h"
#include "common/entities/name_tokenizer.h"
#include "ner_docs.h"

namespace gazette {
namespace {

// One training document as the tagger reads it.
struct Example {
  std::string text;
  std::vector<NameToken> tokens;
  std::vector<uint16_t> codes;
  std::vector<uint8_t> fixed;
  std::vector<std::vector<uint64_t>> features;
  std::vector<uint8_t> gold;
};

// Gold labels per token: a token inside a span takes its type, B on the
// first. A span's edges need not fall on tokens; tokens it covers count.
std::vector<uint8_t> GoldLabels(const std::vector<NameToken>& tokens,
                                const std::vector<Span>& gold) {
  std::vector<uint8_t> labels(tokens.size(), kTagO);
  constexpr EntityType kTypeOf[] = {EntityType::kPerson, EntityType::kPlace,
                                    EntityType::kOrg};
  for (const Span& s : gold) {
    bool first = true;
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].begin < s.begin || tokens[i].end > s.end) continue;
      const uint8_t b = BeginLabel(kTypeOf[s.type]);
      labels[i] = first ? b : static_cast<uint8_t>(b + 1);
      first = false;
    }
  }
  return labels;
}

Example Prepare(const Doc& doc, const Gazetteer& gazetteer) {
  Example e;
  e.text = doc.text;
  e.tokens = TokenizeNames(e.text);
  std::vector<Mention> found =
      FindNameMentions(e.text, e.tokens, gazetteer, false);
  RetypeFirms(e.text, e.tokens, found);
  std::vector<Mention> merged = found;
  MergeMentions(e.text, e.tokens, merged);
  e.codes = RuleCodes(e.tokens, found, merged);
  e.fixed = FixedLabels(e.tokens.size(), merged);
  e.features = AllTokenFeatures({e.text, e.tokens, e.codes}, gazetteer);
  e.gold = GoldLabels(e.tokens, doc.gold);
  return e;
}

using Weights = NameTagger::Weights;

class Perceptron {
 public:
  uint8_t Best(const std::vector<uint64_t>& features, uint8_t prev) const {
    Weights score{};
    for (const uint64_t f : features) {
      const auto it = entries_.find(f);
      if (it == entries_.end()) continue;
      for (int l = 0; l < kTagLabels; ++l) score[l] += it->second.w[l];
    }
    return BestLabel(score, prev);
  }

  void Update(const std::vector<uint64_t>& features, uint8_t label,
              float delta) {
    for (const uint64_t f : features) {
      Entry& e = entries_[f];
      e.total[label] +=
          static_cast<double>(clock_ - e.stamp[label]) * e.w[label];
      e.stamp[label] = clock_;
      e.w[label] += delta;
    }
  }

  void Tick() { ++clock_; }

  // The averaged weights of every feature.
  std::vector<std::pair<uint64_t, Weights>> Averaged() const {
    std::vector<std::pair<uint64_t, Weights>> out;
    out.reserve(entries_.size());
    for (const auto& [f, e] : entries_) {
      Weights avg{};
      for (int l = 0; l < kTagLabels; ++l) {
        const double total =
            e.total[l] + static_cast<double>(clock_ - e.stamp[l]) * e.w[l];
        avg[l] = static_cast<float>(total / std::max<int64_t>(clock_, 1));
      }
      out.emplace_back(f, avg);
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
  }

 private:
  struct Entry {
    Weights w{};
    std::array<double, kTagLabels> total{};
    std::array<int64_t, kTagLabels> stamp{};
  };
  std::unordered_map<uint64_t, Entry> entries_;
  int64_t clock_ = 0;
};

// One pass over the examples in the given order; returns the token error
// rate.
double Epoch(Perceptron& model, const std::vector<Example>& examples,
             const std::vector<size_t>& order) {
  size_t tokens = 0, wrong = 0;
  std::vector<uint64_t> features;
  for (const size_t k : order) {
    const Example& e = examples[k];
    const TaggerInput input{e.text, e.tokens, e.codes};
    uint8_t prev = kTagO, prev2 = kTagO;
    for (size_t i = 0; i < e.tokens.size(); ++i) {
      if (e.fixed[i] != kTagFree) {  // as NameTagger::Tag takes them
        prev2 = prev;
        prev = e.fixed[i];
        continue;
      }
      features = e.features[i];
      LabelFeatures(input, i, prev, prev2, features);
      const uint8_t guess = model.Best(features, prev);
      if (guess != e.gold[i]) {
        model.Update(features, e.gold[i], 1);
        model.Update(features, guess, -1);
        ++wrong;
      }
      model.Tick();
      ++tokens;
      prev2 = prev;
      prev = guess;
    }
  }
  return tokens ? static_cast<double>(wrong) / tokens : 0;
}

}  // namespace

int TrainTagger(const TrainOptions& options) {
  const Gazetteer& gazetteer = Gazetteer::BuiltIn();
  std::vector<Example> examples;
  for (const std::string& path : options.files) {
    const std::vector<Doc> docs = ReadDocs(path);
    for (const Doc& doc : docs) examples.push_back(Prepare(doc, gazetteer));
    std::cerr << "ner_train: " << path << ": " << docs.size() << " documents\n";
  }
  std::vector<size_t> order(examples.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 random(options.seed);
  Perceptron model;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), random);
    const double error = Epoch(model, examples, order);
    std::fprintf(stderr, "ner_train: epoch %d of %d: %.2f%% tokens wrong\n",
                 epoch, options.epochs, 100 * error);
  }
  std::ofstream out(options.out, std::ios::binary);
  if (!out) {
    std::cerr << "ner_train: cannot write " << options.out << "\n";
    return 3;
  }
  for (const std::string& line : options.header) out << "# " << line << "\n";
  size_t kept = 0;
  for (const auto& [feature, w] : model.Averaged()) {
    float largest = 0;
    for (const float x : w) largest = std::max(largest, std::fabs(x));
    if (largest < options.prune) continue;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%llx\t",
                  static_cast<unsigned long long>(feature));
    out << buf;
    bool first = true;
    for (int l = 0; l < kTagLabels; ++l) {
      if (std::fabs(w[l]) < options.prune) continue;
      std::snprintf(buf, sizeof buf, "%s%d:%.3g", first ? "" : ",", l, w[l]);
      out << buf;
      first = false;
    }
    out << "\n";
    ++kept;
  }
  out.close();
  if (!out) {
    std::cerr << "ner_train: cannot write " << options.out << "\n";
    return 3;
  }
  std::cerr << "ner_train: " << kept << " features written to " << options.out
            << "\n";
  return 0;
}

}  // namespace gazette
