// A learned second opinion on the rules' name mentions: a greedy averaged
// perceptron that labels each token O, B-TYPE or I-TYPE (person, place,
// organisation), from the words around it, their shapes, the gazetteer's
// word classes and what the rules found there. It is trained by
// scripts/train-tagger.sh (bench/ner_eval/ner_train.cc) on openly licensed
// data only (common/data/NOTICE) and its weights are compiled in like the
// gazetteers.
#ifndef GAZETTE_COMMON_ENTITIES_NAME_TAGGER_H_
#define GAZETTE_COMMON_ENTITIES_NAME_TAGGER_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/entities/gazetteer.h"
#include "common/entities/name_finder.h"
#include "common/entities/name_tokenizer.h"

namespace gazette {

// The labels: 0 is O, then B and I of each type.
enum TagLabel : uint8_t {
  kTagO = 0,
  kTagBPer,
  kTagIPer,
  kTagBLoc,
  kTagILoc,
  kTagBOrg,
  kTagIOrg,
  kTagLabels
};

// The type a B or I label names; its B label; whether `next` may follow
// `prev` (an I only continues its own type).
EntityType TagType(uint8_t label);
uint8_t BeginLabel(EntityType type);
bool TagFollows(uint8_t prev, uint8_t next);

// Per line of the tokens, whether it is mostly in capitals: a wire
// headline, a dateline, a table. The tagger leaves those to the rules.
std::vector<bool> CapitalLines(std::span<const NameToken> tokens);

// What the tagger reads of one text: its tokens and, per token, a code for
// the rules' mention there (RuleCodes).
struct TaggerInput {
  std::string_view text;
  std::span<const NameToken> tokens;
  std::span<const uint16_t> rule_codes;
  // Per token, a label the tagger takes as given, or kTagFree; empty when
  // none is (FixedLabels).
  std::span<const uint8_t> fixed = {};
};

inline constexpr uint8_t kTagFree = 0xff;

// Per token, the label of a name the rules are sure of (a gazetteer, a
// keyword or a title vouched for it: `merged` after MergeMentions), which
// the tagger need not weigh; kTagFree elsewhere.
std::vector<uint8_t> FixedLabels(size_t tokens,
                                 std::span<const Mention> merged);

// Per token, the rules' verdict as a small code: the label of the mention
// that covers it after merging (`merged`), its evidence, and whether the
// finder had marked it tentative (`found`, before merging). Both lists are
// in text order.
std::vector<uint16_t> RuleCodes(std::span<const NameToken> tokens,
                                std::span<const Mention> found,
                                std::span<const Mention> merged);

// Per token, the hashes of its features that do not depend on the labels
// before it.
std::vector<std::vector<uint64_t>> AllTokenFeatures(const TaggerInput& input,
                                                    const Gazetteer& gazetteer);
// Those that do, given the two labels before the token.
void LabelFeatures(const TaggerInput& input, size_t i, uint8_t prev,
                   uint8_t prev2, std::vector<uint64_t>& out);

// A score per label.
using TagWeights = std::array<float, kTagLabels>;

// The label with the highest score among those that may follow `prev`;
// `margin`, when given, receives how sure: its score less the best other
// choice's (O against a name, or a name against O).
uint8_t BestLabel(const TagWeights& score, uint8_t prev,
                  float* margin = nullptr);

class NameTagger {
 public:
  using Weights = TagWeights;

  NameTagger() = default;
  // Reads a model as `ner_eval --train` writes it: '#' comment lines, then one
  // feature per line, "HASH<TAB>LABEL:WEIGHT,..." with HASH in hex. Lines it
  // cannot read are reported in `problems`.
  NameTagger(std::string_view model, std::vector<std::string>* problems);

  // One label per token, chosen left to right, and how sure: the label's
  // score less the best other choice's (O against a name, or a name
  // against O).
  struct Tags {
    std::vector<uint8_t> labels;
    std::vector<float> margins;
  };
  Tags Tag(const TaggerInput& input, const Gazetteer& gazetteer) const;
  // The label with the highest score for these features among those that
  // may follow `prev`, and its margin as above.
  uint8_t Best(std::span<const uint64_t> features, uint8_t prev,
               float* margin = nullptr) const;

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }

  // Adds a feature's weights (training, tests).
  void Set(uint64_t feature, const Weights& weights);

  // The model compiled in (common/data/ner_model.tsv), loaded on first use;
  // empty when the build has none. Safe from several threads.
  static const NameTagger& BuiltIn();

 private:
  const Weights* Find(uint64_t feature) const;
  void Grow();

  // Open addressing, a feature's weights beside its hash so that a lookup
  // is one cache miss; hash 0 marks a free slot (no feature hashes to 0).
  struct Slot {
    uint64_t feature = 0;
    Weights weights{};
  };
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_NAME_TAGGER_H_
