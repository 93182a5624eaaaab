#include "common/corpus_aliases.h"

#include <algorithm>

#include "common/name_keys.h"
#include "common/schema.h"
#include "common/stored_fields.h"

namespace gazette {
namespace {

std::string MetadataKey(std::string_view short_key) {
  return std::string(schema::kAliasKeyPrefix) +
         schema::EntityTerm(EntityType::kPerson, short_key);
}

// The table's record for one short name: lines "full key TAB name TAB
// count".
struct Sighting {
  std::string name;
  uint64_t count = 0;
};
using Table = std::map<std::string, Sighting>;

Table Parse(std::string_view text) {
  Table table;
  while (!text.empty()) {
    size_t end = text.find('\n');
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    const size_t a = line.find('\t');
    const size_t b = a == std::string_view::npos ? a : line.find('\t', a + 1);
    if (b == std::string_view::npos) continue;  // malformed: ignored
    Sighting& s = table[std::string(line.substr(0, a))];
    s.name = std::string(line.substr(a + 1, b - a - 1));
    s.count +=
        std::strtoull(std::string(line.substr(b + 1)).c_str(), nullptr, 10);
  }
  return table;
}

std::string Format(const Table& table) {
  std::string out;
  for (const auto& [key, s] : table) {
    out += key + '\t' + s.name + '\t' + std::to_string(s.count) + '\n';
  }
  return out;
}

}  // namespace

std::optional<AliasResolution> ResolvePersonAlias(const Xapian::Database& db,
                                                  std::string_view short_key) {
  const Table table = Parse(db.get_metadata(MetadataKey(short_key)));
  uint64_t total = 0;
  const Table::value_type* best = nullptr;
  for (const auto& entry : table) {
    total += entry.second.count;
    if (!best || entry.second.count > best->second.count) best = &entry;
  }
  if (!best || best->second.count * 2 <= total) return std::nullopt;
  return AliasResolution{best->first, best->second.name};
}

void CorpusAliases::Learn(const Xapian::Document& doc) {
  const std::vector<StoredEntity> listed =
      DecodeEntityList(doc.get_value(schema::kEntitySlot));
  const std::string prefix(schema::EntityPrefix(EntityType::kPerson));
  auto it = doc.termlist_begin();
  it.skip_to(prefix);
  for (; it != doc.termlist_end(); ++it) {
    const std::string term = *it;
    if (!term.starts_with(prefix)) break;
    const std::string key = term.substr(prefix.size());
    if (key.empty() || key.find(' ') != std::string::npos) continue;
    for (const StoredEntity& e : listed) {
      if (e.type == EntityType::kPerson && IsShortFormOf(key, e.key)) {
        auto& sighting = learnt_[key][e.key];
        sighting.first = e.name;
        ++sighting.second;
        // Articles that left this name unresolved may now resolve.
        touched_.insert(key);
      }
    }
  }
  const std::string unresolved(schema::kUnresolvedPrefix);
  it = doc.termlist_begin();
  it.skip_to(unresolved);
  for (; it != doc.termlist_end() && (*it).starts_with(unresolved); ++it) {
    touched_.insert((*it).substr(unresolved.size()));
  }
}

void CorpusAliases::Save() {
  for (const auto& [short_key, fulls] : learnt_) {
    const std::string meta_key = MetadataKey(short_key);
    Table table = Parse(db_.get_metadata(meta_key));
    for (const auto& [full_key, sighting] : fulls) {
      Sighting& s = table[full_key];
      s.name = sighting.first;
      s.count += sighting.second;
    }
    db_.set_metadata(meta_key, Format(table));
  }
  learnt_.clear();
}

size_t CorpusAliases::Resolve() {
  Save();
  size_t changed = 0;
  for (const std::string& short_key : touched_) {
    const auto resolution = ResolvePersonAlias(db_, short_key);
    if (!resolution) continue;
    // Exactly the articles that left this name unresolved.
    const std::string term = std::string(schema::kUnresolvedPrefix) + short_key;
    const std::vector<Xapian::docid> ids(db_.postlist_begin(term),
                                         db_.postlist_end(term));
    for (const Xapian::docid id : ids) {
      Xapian::Document doc = db_.get_document(id);
      std::vector<StoredEntity> listed =
          DecodeEntityList(doc.get_value(schema::kEntitySlot));
      const bool named =
          std::any_of(listed.begin(), listed.end(), [&](const StoredEntity& e) {
            return e.type == EntityType::kPerson &&
                   e.key == resolution->full_key;
          });
      // "President Reagan" listed as "Reagan" becomes "Ronald Reagan"; an
      // unresolved name, not listed, is added.
      std::erase_if(listed, [&](const StoredEntity& e) {
        return e.type == EntityType::kPerson && e.key == short_key;
      });
      if (!named) {
        listed.push_back({EntityType::kPerson, resolution->full_key,
                          resolution->name, false});
        doc.add_boolean_term(
            schema::EntityTerm(EntityType::kPerson, resolution->full_key));
      }
      doc.add_value(schema::kEntitySlot, EncodeEntityList(listed));
      doc.remove_term(term);
      db_.replace_document(id, doc);
      ++changed;
    }
  }
  touched_.clear();
  return changed;
}

}  // namespace gazette
