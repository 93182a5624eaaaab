#include "common/entities/gazetteer.h"

#include <algorithm>
#include <charconv>

#include "common/base/fold.h"
#include "common/entities/builtin_data.h"
#include "common/entities/name_tokenizer.h"

namespace gazette {
namespace {

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(sep, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

int KindRank(EntryKind kind) { return static_cast<int>(kind); }

// Curated names first, then countries (and their demonyms: "German" is
// Germany's before it is a German district's), regions and cities, larger
// places first.
bool Better(const PhraseMatch& a, const PhraseMatch& b) {
  if (a.entry->kind != b.entry->kind)
    return KindRank(a.entry->kind) < KindRank(b.entry->kind);
  if (a.derived != b.derived) return !a.derived;
  return a.entry->weight > b.entry->weight;
}

struct ClassName {
  std::string_view name;
  uint32_t bit;
};
constexpr ClassName kClassNames[] = {
    {"title", kTitleWord},
    {"titlemod", kTitleModifier},
    {"orgword", kOrgWord},
    {"placeword", kPlaceWord},
    {"firstname", kFirstName},
    {"notname", kNotName},
    {"orgconnector", kOrgConnector},
    {"nameconnector", kNameConnector},
    {"placenoun", kPlaceNoun},
    {"eventword", kEventWord},
    {"month", kMonth},
    {"common", kCommonWord},
    {"orgstart", kOrgStart},
    {"generic", kGenericWord},
    {"dealword", kDealWord},
};

}  // namespace

std::string TokenKey(std::string_view token_text, bool abbreviation) {
  std::string key = FoldName(token_text);
  if (abbreviation) std::erase(key, '.');
  return key;
}

std::string PhraseKey(std::string_view name) {
  std::string key;
  std::vector<NameToken> tokens = TokenizeNames(name);
  // "Ariz." is "Ariz" and a full stop in running text: the name is "Ariz".
  if (tokens.size() > 1 && tokens.back().punct == '.') tokens.pop_back();
  for (const NameToken& t : tokens) {
    if (!key.empty()) key += ' ';
    key += t.is_word() ? TokenKey(t.text(name), t.abbreviation)
                       : std::string(1, t.punct);
  }
  return key;
}

Gazetteer::Gazetteer() = default;
Gazetteer::~Gazetteer() = default;

void Gazetteer::AddName(std::string_view name, const GazetteerEntry* entry,
                        bool derived) {
  const std::string key = PhraseKey(name);
  if (key.empty()) return;
  auto& matches = names_[key];
  for (const PhraseMatch& m : matches) {
    if (m.entry == entry) return;
  }
  const PhraseMatch match{entry, derived};
  matches.insert(
      std::upper_bound(matches.begin(), matches.end(), match, Better), match);
  const size_t space = key.find(' ');
  tokens_[key.substr(0, space)].starts_name = true;
  max_name_tokens_ = std::max<size_t>(
      max_name_tokens_, 1 + std::count(key.begin(), key.end(), ' '));
}

std::vector<std::string> Gazetteer::Load(std::string_view text,
                                         std::string_view source) {
  std::vector<std::string> problems;
  size_t line_number = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string where =
        std::string(source) + ":" + std::to_string(line_number);
    const std::vector<std::string_view> fields = Split(line, '\t');
    std::string problem;
    if (fields.size() < 3 || fields[1].empty()) {
      problem = "expected TYPE, NAME and KIND separated by tabs";
    } else if (fields[0] == "alias" || fields[0] == "implies") {
      problem = LoadPending(fields, where);
    } else if (fields[0] == "abbrev") {
      problem = LoadAbbreviation(fields);
    } else if (fields[0] == "word") {
      problem = LoadWords(fields);
    } else {
      problem = LoadEntry(fields);
    }
    if (!problem.empty()) problems.push_back(where + ": " + problem);
  }
  ApplyPending();
  return problems;
}

std::string Gazetteer::LoadPending(const std::vector<std::string_view>& fields,
                                   const std::string& where) {
  const auto type = ParseEntityType(fields[1]);
  if (!type || fields.size() < 4 || fields[2].empty() || fields[3].empty()) {
    return "expected " + std::string(fields[0]) +
           ", TYPE, NAME and names separated by tabs";
  }
  Pending& p = pending_.emplace_back();
  p.where = where;
  p.implies = fields[0] == "implies";
  p.type = *type;
  p.name = std::string(fields[2]);
  for (std::string_view alias : Split(fields[3], '|')) {
    if (!alias.empty()) p.aliases.emplace_back(alias);
  }
  if (fields.size() > 4) {
    for (std::string_view form : Split(fields[4], '|')) {
      if (!form.empty()) p.derived.emplace_back(form);
    }
  }
  return "";
}

std::string Gazetteer::LoadAbbreviation(
    const std::vector<std::string_view>& fields) {
  const std::string key = PhraseKey(fields[1]);
  if (key.empty() || PhraseKey(fields[2]).empty())
    return "expected an abbreviation and the name it stands for";
  abbreviations_[key] = PhraseKey(fields[2]);
  return "";
}

std::string Gazetteer::LoadWords(const std::vector<std::string_view>& fields) {
  uint32_t classes = 0;
  for (std::string_view cls : Split(fields[2], ',')) {
    const auto it =
        std::find_if(std::begin(kClassNames), std::end(kClassNames),
                     [&](const ClassName& c) { return c.name == cls; });
    if (it == std::end(kClassNames))
      return "unknown word class '" + std::string(cls) + "'";
    classes |= it->bit;
  }
  for (std::string_view word : Split(fields[1], ' ')) {
    if (!word.empty()) tokens_[TokenKey(word, true)].classes |= classes;
  }
  return "";
}

std::string Gazetteer::LoadEntry(const std::vector<std::string_view>& fields) {
  const auto type = ParseEntityType(fields[0]);
  if (!type) {
    return "unknown type '" + std::string(fields[0]) +
           "' (valid: person, place, org, group, word, alias, implies, "
           "abbrev)";
  }
  auto entry = std::make_unique<GazetteerEntry>();
  entry->type = *type;
  entry->name = std::string(fields[1]);
  if (fields[2] == "curated") {
    entry->kind = EntryKind::kCurated;
  } else if (fields[2] == "country") {
    entry->kind = EntryKind::kCountry;
  } else if (fields[2] == "admin1") {
    entry->kind = EntryKind::kRegion;
  } else if (fields[2] == "city") {
    entry->kind = EntryKind::kCity;
  } else {
    return "unknown kind '" + std::string(fields[2]) +
           "' (valid: curated, country, admin1, city)";
  }
  if (fields.size() > 3 && !fields[3].empty()) {
    const auto [end, ec] = std::from_chars(
        fields[3].data(), fields[3].data() + fields[3].size(), entry->weight);
    if (ec != std::errc() || end != fields[3].data() + fields[3].size())
      return "weight '" + std::string(fields[3]) + "' is not a number";
  }
  if (fields.size() > 4 && !fields[4].empty()) {
    for (std::string_view alias : Split(fields[4], '|')) {
      if (!alias.empty()) entry->aliases.emplace_back(alias);
    }
  }
  const GazetteerEntry* e = entry.get();
  entries_.push_back(std::move(entry));
  AddName(e->name, e, false);
  for (const std::string& alias : e->aliases) AddName(alias, e, false);
  if (fields.size() > 5 && !fields[5].empty()) {
    for (std::string_view form : Split(fields[5], '|')) {
      if (!form.empty()) AddName(form, e, true);
    }
  }
  return "";
}

GazetteerEntry* Gazetteer::FindEntry(EntityType type,
                                     std::string_view name) const {
  for (const PhraseMatch& m : Find(PhraseKey(name))) {
    // entries_ owns every entry; names_ hands them out const to readers.
    if (!m.derived && m.entry->type == type && m.entry->name == name)
      return const_cast<GazetteerEntry*>(m.entry);
  }
  return nullptr;
}

void Gazetteer::ApplyPending() {
  std::erase_if(pending_, [&](const Pending& p) {
    GazetteerEntry* entry = FindEntry(p.type, p.name);
    if (entry == nullptr) return false;
    if (p.implies) {
      const GazetteerEntry* implied = FindEntry(p.type, p.aliases.front());
      if (implied == nullptr) return false;
      entry->implies = implied;
      return true;
    }
    for (const std::string& alias : p.aliases) {
      entry->aliases.push_back(alias);
      AddName(alias, entry, false);
    }
    for (const std::string& form : p.derived) AddName(form, entry, true);
    return true;
  });
}

std::vector<std::string> Gazetteer::unapplied() const {
  std::vector<std::string> out;
  for (const Pending& p : pending_) {
    out.push_back(
        p.where + ": no " + std::string(EntityTypeName(p.type)) + " named " +
        (p.implies && FindEntry(p.type, p.name) ? p.aliases.front() : p.name));
  }
  return out;
}

std::span<const PhraseMatch> Gazetteer::Find(std::string_view key) const {
  const auto* found = names_.Find(key);
  if (found == nullptr) return {};
  return *found;
}

Gazetteer::TokenInfo Gazetteer::Token(std::string_view token_key) const {
  const TokenInfo* info = tokens_.Find(token_key);
  return info ? *info : TokenInfo{};
}

bool Gazetteer::StartsName(std::string_view token_key) const {
  return Token(token_key).starts_name;
}

uint32_t Gazetteer::WordClasses(std::string_view token_key) const {
  return Token(token_key).classes;
}

std::string_view Gazetteer::Expansion(std::string_view abbreviation_key) const {
  const std::string* found = abbreviations_.Find(abbreviation_key);
  return found ? std::string_view(*found) : std::string_view();
}

const Gazetteer& Gazetteer::BuiltIn() {
  static const Gazetteer* const built_in = [] {
    auto* g = new Gazetteer;
    for (const DataFile& file : BuiltInDataFiles()) {
      if (file.name == kNerModelFile) continue;
      // The built-in files are checked by tests; a bad line is skipped.
      (void)g->Load(file.content, file.name);
    }
    return g;
  }();
  return *built_in;
}

}  // namespace gazette
