#include "common/entities/alias_merger.h"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

#include "common/base/fold.h"
#include "common/entities/name_keys.h"

namespace gazette {
namespace {

// The matching key of a surface form: folded, without the dots of
// abbreviations ("U.S." and "US" are one key).
std::string SurfaceKey(std::string_view surface) {
  std::string key = FoldName(surface);
  std::erase(key, '.');
  return key;
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

struct Draft {
  EntityType type = EntityType::kPerson;
  Evidence evidence = Evidence::kShape;
  const GazetteerEntry* entry = nullptr;
  bool derived = true;
  // Only lone words no full name claimed: an unresolved entity.
  bool unresolved = true;
  size_t first_mention = 0;
  // Surface forms in order of first use, with their word counts.
  std::vector<std::pair<std::string, size_t>> forms;
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

}  // namespace

std::vector<Entity> MergeMentions(std::string_view text,
                                  std::span<const NameToken> tokens,
                                  std::vector<Mention>& mentions,
                                  std::vector<size_t>* entity_of) {
  const size_t n = mentions.size();
  std::vector<std::string> keys(n);
  std::vector<size_t> words(n);
  for (size_t i = 0; i < n; ++i) {
    const Mention& m = mentions[i];
    keys[i] = SurfaceKey(text.substr(m.begin, m.end - m.begin));
    words[i] = 1 + static_cast<size_t>(
                       std::count(keys[i].begin(), keys[i].end(), ' '));
  }

  // Acronyms defined in parentheses, by the token that starts them.
  std::unordered_map<size_t, size_t> defined_by;  // acronym mention -> full
  std::unordered_map<uint32_t, size_t> mention_at;
  for (size_t i = 0; i < n; ++i) mention_at[mentions[i].first_token] = i;
  for (size_t i = 0; i < n; ++i) {
    const Mention& m = mentions[i];
    if (m.tentative || words[i] < 2) continue;
    size_t t = m.end_token;
    if (t < tokens.size() && tokens[t].punct == '"') ++t;
    if (t + 2 >= tokens.size() || tokens[t].punct != '(' ||
        tokens[t + 1].shape != TokenShape::kUpper || tokens[t + 2].punct != ')')
      continue;
    const auto it = mention_at.find(static_cast<uint32_t>(t + 1));
    if (it == mention_at.end()) continue;
    const Mention& acr = mentions[it->second];
    if (DefinesAcronym(text.substr(m.begin, m.end - m.begin),
                       text.substr(acr.begin, acr.end - acr.begin))) {
      defined_by[it->second] = i;
    }
  }

  // Surnames of the people named in full, for the short forms.
  std::unordered_map<std::string, size_t> surname_of;  // -> mention
  for (size_t i = 0; i < n; ++i) {
    const Mention& m = mentions[i];
    if (m.tentative || m.type != EntityType::kPerson || words[i] < 2 ||
        m.entry != nullptr)
      continue;
    const std::string last(LastWord(keys[i]));
    surname_of.emplace(last, i);
    surname_of.emplace(std::string(WithoutParticle(last)), i);
  }

  std::vector<Draft> drafts;
  std::map<const GazetteerEntry*, size_t> by_entry;
  std::unordered_map<std::string, size_t> by_key;
  std::vector<size_t> draft_of(n, SIZE_MAX);

  const auto draft_for = [&](size_t i) -> size_t {
    const Mention& m = mentions[i];
    if (m.entry) {
      const auto [it, added] = by_entry.emplace(m.entry, drafts.size());
      if (added) drafts.emplace_back().entry = m.entry;
      return it->second;
    }
    const auto [it, added] = by_key.emplace(keys[i], drafts.size());
    if (added) drafts.emplace_back();
    return it->second;
  };

  for (size_t i = 0; i < n; ++i) {
    Mention& m = mentions[i];
    size_t d = SIZE_MAX;
    if (const auto def = defined_by.find(i); def != defined_by.end()) {
      d = draft_of[def->second];
      // Later uses of the acronym join the same entity.
      if (d != SIZE_MAX && !m.entry) by_key.emplace(keys[i], d);
    } else if (words[i] == 1 && !m.derived &&
               (m.evidence <= Evidence::kTitle ||
                (m.entry && m.entry->kind != EntryKind::kCurated))) {
      // A short form: "Trump", "al-Sharaa", "Sharaa".
      auto it = surname_of.find(keys[i]);
      if (it == surname_of.end())
        it = surname_of.find(std::string(WithoutParticle(keys[i])));
      if (it != surname_of.end() && it->second != i) {
        d = draft_for(it->second);
        m.type = EntityType::kPerson;
        m.evidence = std::max(m.evidence, Evidence::kAlias);
        m.tentative = false;
        m.rule = "surname";
      }
    }
    if (d == SIZE_MAX && m.type == EntityType::kPerson &&
        m.evidence == Evidence::kShape && words[i] >= 2) {
      // "Eagle Cable" after "Eagle Cable Co": the organisation, shortened.
      for (size_t j = 0; j < n; ++j) {
        if (mentions[j].type == EntityType::kOrg && !mentions[j].tentative &&
            keys[j].size() > keys[i].size() && keys[j].starts_with(keys[i]) &&
            keys[j][keys[i].size()] == ' ') {
          d = draft_for(j);
          m.type = EntityType::kOrg;
          m.rule = "org-short-form";
          break;
        }
      }
    }
    if (d == SIZE_MAX && m.tentative) {
      // A lone word the article already knows as a name, or an acronym it
      // defined.
      if (const auto known = by_key.find(keys[i]); known != by_key.end()) {
        d = known->second;
        m.type = drafts[d].type;
        m.tentative = drafts[d].unresolved;
      }
    }
    if (d == SIZE_MAX) {
      if (m.tentative && !m.standalone) continue;
      d = draft_for(i);
    }
    draft_of[i] = d;
    Draft& draft = drafts[d];
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
    const std::string surface =
        CollapseSpaces(text.substr(m.begin, m.end - m.begin));
    if (std::none_of(draft.forms.begin(), draft.forms.end(),
                     [&](const auto& f) { return f.first == surface; })) {
      draft.forms.emplace_back(surface, words[i]);
    }
    if (m.title_begin < m.begin) {
      draft.titled_forms.push_back(
          CollapseSpaces(text.substr(m.title_begin, m.end - m.title_begin)));
    }
  }
  // The definition of an acronym names an organisation: "Hayat Tahrir
  // al-Sham (HTS)" is no person, whatever its shape said; a name a title or
  // a first name vouched for stays a person.
  for (const auto& [acr, full] : defined_by) {
    mentions[acr].rule = "acronym-defined";
    Draft& draft = drafts[draft_of[full]];
    if (draft.evidence == Evidence::kShape && draft.entry == nullptr) {
      draft.type = EntityType::kOrg;
      draft.evidence = Evidence::kKeyword;
    }
  }

  // Entities in order of first mention.
  std::vector<size_t> order(drafts.size());
  for (size_t d = 0; d < drafts.size(); ++d) order[d] = d;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return drafts[a].first_mention < drafts[b].first_mention;
  });
  std::vector<size_t> position(drafts.size());
  std::vector<Entity> entities;
  entities.reserve(drafts.size());
  for (const size_t d : order) {
    const Draft& draft = drafts[d];
    position[d] = entities.size();
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
      // The fullest form: most words, first seen.
      const auto best = std::max_element(
          draft.forms.begin(), draft.forms.end(),
          [](const auto& a, const auto& b) { return a.second < b.second; });
      e.name = best->first;
    }
    std::vector<std::string> folded{FoldName(e.name)};
    const auto add_alias = [&](const std::string& alias) {
      std::string key = FoldName(alias);
      if (key.empty() ||
          std::find(folded.begin(), folded.end(), key) != folded.end())
        return;
      folded.push_back(std::move(key));
      e.aliases.push_back(alias);
    };
    for (const auto& form : draft.forms) add_alias(form.first);
    for (const auto& form : draft.titled_forms) add_alias(form);
    if (canonical) {
      for (const std::string& alias : draft.entry->aliases) add_alias(alias);
    }
    entities.push_back(std::move(e));
  }

  // Every mention takes its entity's type; unresolved ones go.
  std::vector<Mention> kept;
  std::vector<size_t> kept_entity;
  kept.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (draft_of[i] == SIZE_MAX || drafts[draft_of[i]].unresolved) continue;
    Mention m = mentions[i];
    m.type = drafts[draft_of[i]].type;
    m.tentative = false;
    kept.push_back(m);
    kept_entity.push_back(position[draft_of[i]]);
  }
  mentions = std::move(kept);
  if (entity_of) *entity_of = std::move(kept_entity);
  return entities;
}

}  // namespace gazette
