#include "common/entities/alias_merger.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

#include "common/base/fold.h"
#include "common/entities/entity_key.h"
#include "common/entities/name_keys.h"

namespace gazette {
namespace {

// The matching key of a surface form: folded, without the dots of
// abbreviations ("U.S." and "US" are one key).
std::string SurfaceKey(std::string_view surface) {
  return EntityKey(EntityType::kPerson, surface);
}

// A name as shown: a line break or a run of spaces inside it ("Matt\n
// Aizawa" in wrapped text) becomes one space.
std::string CollapseSpaces(std::string_view surface) {
  std::string out;
  out.reserve(surface.size());
  bool space = false;
  for (const char c : surface) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// A name written in capitals, in title case: "RED BANK" -> "Red Bank",
// "RIO DE JANEIRO" -> "Rio de Janeiro", "BRISTOL-MYERS" -> "Bristol-Myers";
// a short word that is not an ordinary one, or one without a vowel, stays
// an acronym: "CMS ENERGY CORP" -> "CMS Energy Corp", "N.J." -> "N.J.".
std::string TitleCase(std::string_view name) {
  static constexpr std::string_view kConnectors[] = {
      "of", "and", "the", "for", "de", "da", "del", "du", "la",
      "le", "van", "von", "al",  "on", "in", "at",  "to"};
  static constexpr std::string_view kShortWords[] = {
      "new", "oil", "air", "gas",  "sea",  "bay",  "co",
      "inc", "ltd", "plc", "st",   "mt",   "ft",   "san",
      "los", "las", "big", "one",  "two",  "old",  "red",
      "sun", "car", "art", "gold", "bank", "corp", "bancorp"};
  std::string out(name);
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find(' ', start);
    if (end == std::string::npos) end = out.size();
    std::string lower;
    size_t letters = 0;
    bool vowel = false, has_lower = false;
    for (size_t k = start; k < end; ++k) {
      const char c = out[k];
      has_lower |= c >= 'a' && c <= 'z';
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
        ++letters;
        lower += static_cast<char>(c | 0x20);
        vowel |=
            std::string_view("aeiouy").find(c | 0x20) != std::string_view::npos;
      }
    }
    const auto in = [&](const auto& list) {
      return std::find(std::begin(list), std::end(list), lower) !=
             std::end(list);
    };
    const bool acronym =
        !in(kShortWords) && !in(kConnectors) && (letters <= 3 || !vowel);
    if (!has_lower && !acronym) {
      const bool connector = start > 0 && in(kConnectors);
      bool upper_next = !connector;
      for (size_t k = start; k < end; ++k) {
        char& c = out[k];
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!letter) {
          // "Bristol-Myers", "O'Neill"; not "Moody'S".
          upper_next = c == '-' || (c == '\'' && k == start + 1);
          continue;
        }
        c = upper_next ? static_cast<char>(c & ~0x20)
                       : static_cast<char>(c | 0x20);
        upper_next = false;
      }
    }
    start = end + 1;
  }
  return out;
}

struct Draft {
  EntityType type = EntityType::kPerson;
  Evidence evidence = Evidence::kShape;
  const GazetteerEntry* entry = nullptr;
  bool derived = true;
  // Only lone words no full name claimed: an unresolved entity.
  bool unresolved = true;
  size_t first_mention = 0;
  // Surface forms in order of first use.
  struct Form {
    std::string text;
    size_t words = 0;
    bool capitals = false;  // Mention::capitals
  };
  std::vector<Form> forms;
  std::vector<std::string> titled_forms;
};

bool DefinesAcronym(std::string_view full, std::string_view acronym) {
  // The acronym's first letter is the first letter of the name's first
  // word, a particle aside: "Hayat Tahrir al-Sham" (HTS).
  const std::string key = SurfaceKey(full);
  const std::string acr = SurfaceKey(acronym);
  if (acr.empty() || key.empty()) return false;
  return WithoutParticle(key)[0] == acr[0] && acr.size() <= 8;
}

// The merging of one article's mentions, phase by phase: MergeMentions
// runs the phases in order.
class Merger {
 public:
  Merger(std::string_view text, std::span<const NameToken> tokens,
         std::vector<Mention>& mentions)
      : text_(text),
        tokens_(tokens),
        mentions_(mentions),
        keys_(mentions.size()),
        words_(mentions.size()),
        draft_of_(mentions.size(), kNone) {
    for (size_t i = 0; i < mentions_.size(); ++i) {
      // An organisation's key is without its legal form: "Eagle Cable Co"
      // and "Eagle Cable" are one.
      keys_[i] = EntityKey(mentions_[i].type, Surface(mentions_[i]));
      words_[i] = 1 + static_cast<size_t>(
                          std::count(keys_[i].begin(), keys_[i].end(), ' '));
    }
  }

  // Acronyms defined in parentheses, right after a name of two words or
  // more: "Hayat Tahrir al-Sham (HTS)", "the \"Ansar Velmora\" (AV)".
  void FindAcronymDefinitions() {
    std::unordered_map<uint32_t, size_t> mention_at;  // by first token
    for (size_t i = 0; i < mentions_.size(); ++i) {
      mention_at[mentions_[i].first_token] = i;
    }
    for (size_t i = 0; i < mentions_.size(); ++i) {
      const Mention& m = mentions_[i];
      if (m.tentative || words_[i] < 2) continue;
      size_t t = m.end_token;
      if (t < tokens_.size() && tokens_[t].punct == '"') ++t;
      if (t + 2 >= tokens_.size() || tokens_[t].punct != '(' ||
          tokens_[t + 1].shape != TokenShape::kUpper ||
          tokens_[t + 2].punct != ')')
        continue;
      const auto it = mention_at.find(static_cast<uint32_t>(t + 1));
      if (it == mention_at.end()) continue;
      if (DefinesAcronym(Surface(m), Surface(mentions_[it->second]))) {
        defined_by_[it->second] = i;
      }
    }
  }

  // An acronym the article uses without defining it, made of the initials
  // of an organisation it names in full: "CIBC" of "Canadian Imperial Bank
  // of Commerce", connectors left out. Not one the gazetteer knows.
  void FindInitialisms() {
    for (size_t i = 0; i < mentions_.size(); ++i) {
      const Mention& a = mentions_[i];
      if (defined_by_.contains(i) || a.type != EntityType::kOrg ||
          words_[i] != 1 || a.entry != nullptr ||
          tokens_[a.first_token].shape != TokenShape::kUpper)
        continue;
      for (size_t j = 0; j < mentions_.size(); ++j) {
        const Mention& full = mentions_[j];
        if (full.type == EntityType::kOrg && !full.tentative &&
            words_[j] >= 2 && Initials(keys_[j]) == keys_[i]) {
          defined_by_[i] = j;
          break;
        }
      }
    }
  }

  // The initials of a key's words, connectors left out: "canadian imperial
  // bank of commerce" -> "cibc"; "" for one word.
  static std::string Initials(std::string_view key) {
    static constexpr std::string_view kConnectors[] = {
        "of", "and", "the", "for", "de", "du", "des", "&"};
    std::string initials;
    while (!key.empty()) {
      const size_t space = key.find(' ');
      const std::string_view word = key.substr(0, space);
      key = space == std::string_view::npos ? "" : key.substr(space + 1);
      if (!word.empty() &&
          std::find(std::begin(kConnectors), std::end(kConnectors), word) ==
              std::end(kConnectors))
        initials += word[0];
    }
    return initials.size() >= 2 ? initials : "";
  }

  // The surnames of the people named in full, with and without their
  // particle ("al-sharaa", "sharaa"), for the short forms to find.
  void FindSurnames() {
    for (size_t i = 0; i < mentions_.size(); ++i) {
      const Mention& m = mentions_[i];
      if (m.tentative || m.type != EntityType::kPerson || words_[i] < 2 ||
          m.entry != nullptr)
        continue;
      const std::string last(LastWord(keys_[i]));
      surname_of_.emplace(last, i);
      surname_of_.emplace(std::string(WithoutParticle(last)), i);
    }
  }

  // Each mention in text order joins an entity: a defined acronym its
  // definition's, a short form the full name's, a lone word the name the
  // article already knows; mentions of one gazetteer entry or of one name
  // join each other. A tentative mention that joins nothing is dropped,
  // unless it stands alone as a name (then its entity is unresolved).
  void JoinMentions() {
    for (size_t i = 0; i < mentions_.size(); ++i) {
      size_t d = defined_by_.contains(i) ? JoinDefinition(i) : JoinFullName(i);
      if (d == kNone) d = JoinOrganisation(i);
      if (d == kNone) d = JoinKnownName(i);
      if (d == kNone) {
        if (mentions_[i].tentative && !mentions_[i].standalone) continue;
        d = DraftFor(i);
      }
      draft_of_[i] = d;
      AddToDraft(drafts_[d], i);
    }
  }

  // The definition of an acronym names an organisation: "Hayat Tahrir
  // al-Sham (HTS)" is no person, whatever its shape said; a name a title or
  // a first name vouched for stays a person.
  void TypeAcronymDefinitions() {
    for (const auto& [acr, full] : defined_by_) {
      mentions_[acr].rule = "acronym-defined";
      Draft& draft = drafts_[draft_of_[full]];
      if (draft.evidence == Evidence::kShape && draft.entry == nullptr) {
        draft.type = EntityType::kOrg;
        draft.evidence = Evidence::kKeyword;
      }
    }
  }

  // The entities in order of first mention.
  std::vector<Entity> MakeEntities() {
    std::vector<size_t> order(drafts_.size());
    for (size_t d = 0; d < drafts_.size(); ++d) order[d] = d;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return drafts_[a].first_mention < drafts_[b].first_mention;
    });
    position_.resize(drafts_.size());
    std::vector<Entity> entities;
    entities.reserve(drafts_.size());
    for (const size_t d : order) {
      position_[d] = entities.size();
      entities.push_back(EntityOf(drafts_[d]));
    }
    return entities;
  }

  // A place that implies another (West Germany, Germany) brings it in as
  // derived, after the others, unless the article names it too.
  void AddImplied(std::vector<Entity>& entities) const {
    for (const Draft& draft : drafts_) {
      const GazetteerEntry* implied =
          draft.entry && !draft.unresolved ? draft.entry->implies : nullptr;
      if (implied == nullptr || by_entry_.contains(implied) ||
          std::any_of(entities.begin(), entities.end(), [&](const Entity& e) {
            return e.type == implied->type && e.name == implied->name;
          })) {
        continue;
      }
      Entity& e = entities.emplace_back();
      e.type = implied->type;
      e.name = implied->name;
      e.aliases = implied->aliases;
      e.derived = true;
    }
  }

  // Every mention takes its entity's type, so one name has one type;
  // mentions of unresolved entities go.
  void KeepResolvedMentions(std::vector<size_t>* entity_of) {
    std::vector<Mention> kept;
    std::vector<size_t> kept_entity;
    kept.reserve(mentions_.size());
    for (size_t i = 0; i < mentions_.size(); ++i) {
      if (draft_of_[i] == kNone || drafts_[draft_of_[i]].unresolved) continue;
      Mention m = mentions_[i];
      m.type = drafts_[draft_of_[i]].type;
      m.tentative = false;
      kept.push_back(m);
      kept_entity.push_back(position_[draft_of_[i]]);
    }
    mentions_ = std::move(kept);
    if (entity_of) *entity_of = std::move(kept_entity);
  }

 private:
  static constexpr size_t kNone = SIZE_MAX;

  std::string_view Surface(const Mention& m) const {
    return text_.substr(m.begin, m.end - m.begin);
  }

  // The draft of mention i's own name: one per gazetteer entry, else one
  // per key; an entry's name and a name of the same key are one ("Boeing"
  // in the gazetteer, "Boeing Co" in the text).
  size_t DraftFor(size_t i) {
    const Mention& m = mentions_[i];
    if (m.entry) {
      if (const auto it = by_entry_.find(m.entry); it != by_entry_.end())
        return it->second;
      const std::string key = EntityKey(m.entry->type, m.entry->name);
      const auto it = by_key_.find(key);
      size_t d = drafts_.size();
      if (it != by_key_.end() && drafts_[it->second].type == m.entry->type &&
          drafts_[it->second].entry == nullptr) {
        d = it->second;
        drafts_[d].entry = m.entry;
      } else {
        drafts_.emplace_back().entry = m.entry;
        by_key_.emplace(key, d);
      }
      by_entry_.emplace(m.entry, d);
      return d;
    }
    const auto [it, added] = by_key_.emplace(keys_[i], drafts_.size());
    if (added) drafts_.emplace_back();
    // A team named by its town ("NEW YORK 72 53") where the article names
    // the town as a place too ("NEW YORK AT LOS ANGELES"): two entities.
    if (!added && m.type == EntityType::kOrg &&
        m.evidence >= Evidence::kKeyword &&
        drafts_[it->second].type == EntityType::kPlace) {
      const auto [team, new_team] =
          org_named_for_place_.emplace(keys_[i], drafts_.size());
      if (new_team) drafts_.emplace_back();
      return team->second;
    }
    return it->second;
  }

  // A defined acronym joins the entity of its definition; its later uses
  // join it by key.
  size_t JoinDefinition(size_t i) {
    const size_t d = draft_of_[defined_by_.at(i)];
    if (d != kNone && !mentions_[i].entry) by_key_.emplace(keys_[i], d);
    return d;
  }

  // A short form of a person's name: "Trump", "al-Sharaa", "Sharaa". Only
  // a lone word that a title or its shape alone vouched for, or that the
  // gazetteer knows only as a place ("Clinton"), not as a curated name.
  size_t JoinFullName(size_t i) {
    Mention& m = mentions_[i];
    if (words_[i] != 1 || m.derived ||
        !(m.evidence <= Evidence::kTitle ||
          (m.entry && m.entry->kind != EntryKind::kCurated))) {
      return kNone;
    }
    auto it = surname_of_.find(keys_[i]);
    if (it == surname_of_.end())
      it = surname_of_.find(std::string(WithoutParticle(keys_[i])));
    if (it == surname_of_.end() || it->second == i) return kNone;
    const size_t d = DraftFor(it->second);
    m.type = EntityType::kPerson;
    m.evidence = std::max(m.evidence, Evidence::kAlias);
    m.tentative = false;
    m.rule = "surname";
    return d;
  }

  // "Eagle Cable" after "Eagle Cable Co": the organisation, shortened; or
  // "Salomon" after "Salomon Brothers Inc": a lone word that no person of
  // the article claims, the first word of an organisation's name.
  size_t JoinOrganisation(size_t i) {
    Mention& m = mentions_[i];
    if (m.type != EntityType::kPerson || m.evidence != Evidence::kShape ||
        (words_[i] < 2 && !m.tentative)) {
      return kNone;
    }
    for (size_t j = 0; j < mentions_.size(); ++j) {
      if (mentions_[j].type == EntityType::kOrg && !mentions_[j].tentative &&
          keys_[j].size() > keys_[i].size() && keys_[j].starts_with(keys_[i]) &&
          keys_[j][keys_[i].size()] == ' ') {
        const size_t d = DraftFor(j);
        m.type = EntityType::kOrg;
        m.tentative = false;
        m.rule = "org-short-form";
        return d;
      }
    }
    return kNone;
  }

  // A lone word the article already knows as a name, or an acronym it
  // defined.
  size_t JoinKnownName(size_t i) {
    Mention& m = mentions_[i];
    if (!m.tentative) return kNone;
    const auto known = by_key_.find(keys_[i]);
    if (known == by_key_.end()) return kNone;
    m.type = drafts_[known->second].type;
    m.tentative = drafts_[known->second].unresolved;
    return known->second;
  }

  // The entity takes the type of its best-vouched mention, the first of
  // equals.
  void AddToDraft(Draft& draft, size_t i) {
    const Mention& m = mentions_[i];
    if (draft.forms.empty()) {
      draft.first_mention = i;
      draft.type = m.type;
      draft.evidence = m.evidence;
    } else if (m.evidence > draft.evidence) {
      draft.type = m.type;
      draft.evidence = m.evidence;
    }
    draft.derived = draft.derived && m.derived;
    draft.unresolved = draft.unresolved && m.tentative;
    const std::string surface = CollapseSpaces(Surface(m));
    if (std::none_of(draft.forms.begin(), draft.forms.end(),
                     [&](const auto& f) { return f.text == surface; })) {
      draft.forms.push_back({surface, words_[i], m.capitals});
    }
    if (m.title_begin < m.begin) {
      draft.titled_forms.push_back(
          CollapseSpaces(text_.substr(m.title_begin, m.end - m.title_begin)));
    }
  }

  // The fullest form (most words, first seen) of those written in running
  // text; else of those in capitals (a headline's, a dateline's), as the
  // gazetteer writes it or in title case: "WASHINGTON" is "Washington".
  static std::string DisplayForm(const Draft& draft) {
    const auto fuller = [](const Draft::Form& a, const Draft::Form& b) {
      return a.capitals != b.capitals ? a.capitals : a.words < b.words;
    };
    const Draft::Form& best =
        *std::max_element(draft.forms.begin(), draft.forms.end(), fuller);
    if (!best.capitals) return best.text;
    if (draft.entry && EntityKey(draft.type, draft.entry->name) ==
                           EntityKey(draft.type, best.text)) {
      return draft.entry->name;
    }
    return TitleCase(best.text);
  }

  static Entity EntityOf(const Draft& draft) {
    Entity e;
    e.type = draft.type;
    e.derived = draft.derived;
    e.unresolved = draft.unresolved;
    // A gazetteer name is shown as the gazetteer writes it ("Calif." is
    // California), except a city's, whose main name may be in the local
    // spelling ("Ḩamāh").
    const bool canonical = draft.entry && draft.entry->kind != EntryKind::kCity;
    if (canonical || (draft.entry && draft.derived)) {
      e.name = draft.entry->name;
    } else {
      e.name = DisplayForm(draft);
    }
    std::vector<std::string> folded{EntityKey(e.type, e.name)};
    const auto add_alias = [&](const std::string& alias) {
      std::string key = EntityKey(e.type, alias);
      if (key.empty() ||
          std::find(folded.begin(), folded.end(), key) != folded.end())
        return;
      folded.push_back(std::move(key));
      e.aliases.push_back(alias);
    };
    for (const auto& form : draft.forms) add_alias(form.text);
    for (const auto& form : draft.titled_forms) add_alias(form);
    if (canonical) {
      for (const std::string& alias : draft.entry->aliases) add_alias(alias);
    }
    return e;
  }

  std::string_view text_;
  std::span<const NameToken> tokens_;
  std::vector<Mention>& mentions_;
  // Per mention: its key, its number of words, the draft it joined.
  std::vector<std::string> keys_;
  std::vector<size_t> words_;
  std::vector<size_t> draft_of_;
  std::unordered_map<size_t, size_t> defined_by_;       // acronym -> definition
  std::unordered_map<std::string, size_t> surname_of_;  // -> full name
  std::vector<Draft> drafts_;
  std::map<const GazetteerEntry*, size_t> by_entry_;
  std::unordered_map<std::string, size_t> by_key_;
  // Organisations whose key is a place's of the article: its teams.
  std::unordered_map<std::string, size_t> org_named_for_place_;
  std::vector<size_t> position_;  // of each draft's entity in the result
};

}  // namespace

std::vector<Entity> MergeMentions(std::string_view text,
                                  std::span<const NameToken> tokens,
                                  std::vector<Mention>& mentions,
                                  std::vector<size_t>* entity_of) {
  Merger merger(text, tokens, mentions);
  merger.FindAcronymDefinitions();
  merger.FindInitialisms();
  merger.FindSurnames();
  merger.JoinMentions();
  merger.TypeAcronymDefinitions();
  std::vector<Entity> entities = merger.MakeEntities();
  merger.KeepResolvedMentions(entity_of);
  merger.AddImplied(entities);
  return entities;
}

}  // namespace gazette
