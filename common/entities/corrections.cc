#include "common/entities/corrections.h"

#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "common/base/printable.h"
#include "common/base/text_decoder.h"
#include "common/base/utf8.h"
#include "common/entities/entity_key.h"
#include "gazette/error.h"

namespace gazette {
namespace {

enum class Kind { kMerge, kRename, kType, kHide };

// One line of the file, as written.
struct Rule {
  size_t line = 0;
  Kind kind = Kind::kMerge;
  EntityType type = EntityType::kPerson;
  std::string name;
  std::string key;
  EntityType to_type = EntityType::kPerson;
  std::string to_name;  // empty for hide
};

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Runs of spaces and tabs as one space.
std::string OneSpaced(std::string_view s) {
  std::string out;
  for (char c : Trim(s)) {
    if (IsSpace(c)) {
      if (out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// The next word of s (up to a space or tab), taken off it.
std::string_view NextWord(std::string_view& s) {
  s = Trim(s);
  size_t end = 0;
  while (end < s.size() && !IsSpace(s[end])) ++end;
  std::string_view word = s.substr(0, end);
  s.remove_prefix(end);
  return word;
}

std::optional<Kind> ParseKind(std::string_view word) {
  if (word == "merge") return Kind::kMerge;
  if (word == "rename") return Kind::kRename;
  if (word == "type") return Kind::kType;
  if (word == "hide") return Kind::kHide;
  return std::nullopt;
}

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kMerge:
      return "merge";
    case Kind::kRename:
      return "rename";
    case Kind::kType:
      return "type";
    case Kind::kHide:
      return "hide";
  }
  return "";
}

class Parser {
 public:
  explicit Parser(std::string_view where) : where_(where) {}

  // The rule on this line, or nullopt for a blank line or a comment.
  std::optional<Rule> Line(size_t number, std::string_view text) {
    number_ = number;
    entry_ = text;
    size_t repairs = 0;
    RepairUtf8(text, &repairs);
    if (repairs > 0) Fail("not UTF-8 text");
    std::string_view rest = Trim(text);
    if (rest.empty() || rest.front() == '#') return std::nullopt;
    Rule rule;
    rule.line = number;
    const std::string_view kind_word = NextWord(rest);
    const auto kind = ParseKind(kind_word);
    if (!kind) {
      Fail("unknown correction '" + std::string(kind_word) +
           "' (valid: merge, rename, type, hide)");
    }
    rule.kind = *kind;
    rule.type = Type(NextWord(rest));
    const size_t eq = rest.find('=');
    if (rule.kind == Kind::kHide) {
      if (eq != std::string_view::npos)
        Fail("hide takes a name and no '= ...'");
      rule.name = Name(rest);
    } else {
      if (eq == std::string_view::npos)
        Fail(std::string(KindName(rule.kind)) +
             " needs '= " + (rule.kind == Kind::kType ? "TYPE'" : "NEW NAME'"));
      if (rest.find('=', eq + 1) != std::string_view::npos)
        Fail("more than one '='");
      rule.name = Name(rest.substr(0, eq));
      Target(rule, rest.substr(eq + 1));
    }
    rule.key = EntityKey(rule.type, rule.name);
    if (rule.key.empty()) Fail("'" + rule.name + "' has no letter or digit");
    return rule;
  }

  [[noreturn]] void Fail(const std::string& message) const {
    throw Error(ErrorKind::kUsage,
                std::string(where_) + ":" + std::to_string(number_) + ": " +
                    message + " in '" + Printable(entry_, 200) + "'");
  }

  void SetLine(size_t number, std::string_view text) {
    number_ = number;
    entry_ = text;
  }

 private:
  EntityType Type(std::string_view word) const {
    if (word.empty()) Fail("missing the type (person, place, org or group)");
    const auto type = ParseEntityType(word);
    if (!type) {
      Fail("unknown type '" + std::string(word) +
           "' (valid: person, place, org, group)");
    }
    return *type;
  }

  std::string Name(std::string_view text) const {
    std::string name = OneSpaced(text);
    if (name.empty()) Fail("missing the name");
    return name;
  }

  void Target(Rule& rule, std::string_view text) const {
    if (rule.kind == Kind::kType) {
      const std::string_view word = Trim(text);
      rule.to_type = Type(word);
      if (rule.to_type == rule.type)
        Fail("the name is of type " + std::string(word) + " already");
      rule.to_name = rule.name;
      return;
    }
    rule.to_type = rule.type;
    rule.to_name = OneSpaced(text);
    if (rule.to_name.empty()) Fail("missing the new name after '='");
    if (EntityKey(rule.to_type, rule.to_name).empty())
      Fail("'" + rule.to_name + "' has no letter or digit");
  }

  std::string_view where_;
  size_t number_ = 0;
  std::string_view entry_;
};

// Adds name to e's aliases unless it is its name or one of them already.
void AddAlias(Entity& e, const std::string& name) {
  if (name == e.name) return;
  if (std::find(e.aliases.begin(), e.aliases.end(), name) != e.aliases.end())
    return;
  e.aliases.push_back(name);
}

}  // namespace

Corrections Corrections::Parse(std::string_view text, std::string_view where) {
  Parser parser(where);
  const std::vector<std::string_view> lines = SplitLines(text);
  std::vector<Rule> rules;
  std::map<Key, size_t> by_key;  // position in rules
  for (size_t i = 0; i < lines.size(); ++i) {
    std::optional<Rule> rule = parser.Line(i + 1, lines[i]);
    if (!rule) continue;
    const auto [it, fresh] =
        by_key.emplace(Key{rule->type, rule->key}, rules.size());
    if (!fresh) {
      parser.Fail("'" + rule->name + "' is corrected on line " +
                  std::to_string(rules[it->second].line) + " already");
    }
    rules.push_back(std::move(*rule));
  }
  // Each rule's target, followed through the rules that apply to it in
  // turn (merge A = B, then type B = org): a chain that comes back to a
  // name it passed is refused.
  Corrections out;
  for (const Rule& rule : rules) {
    Target target{rule.kind == Kind::kHide, rule.to_type, rule.to_name};
    std::set<size_t> seen = {by_key.at(Key{rule.type, rule.key})};
    while (!target.hide) {
      const Key key{target.type, EntityKey(target.type, target.name)};
      const auto next = by_key.find(key);
      if (next == by_key.end()) break;
      const Rule& then = rules[next->second];
      // A rename that keeps its key ends the chain (WASHINGTON =
      // Washington).
      const bool last = then.kind != Kind::kHide && then.to_type == then.type &&
                        EntityKey(then.to_type, then.to_name) == then.key;
      if (!last && !seen.insert(next->second).second) {
        parser.SetLine(rule.line, lines[rule.line - 1]);
        parser.Fail("leads back to '" + target.name + "' (through line " +
                    std::to_string(then.line) + ")");
      }
      target = {then.kind == Kind::kHide, then.to_type, then.to_name};
      if (last) break;
    }
    if (!target.hide) {
      out.merged_names_[Key{target.type, EntityKey(target.type, target.name)}]
          .push_back(rule.name);
    }
    out.rules_.emplace(Key{rule.type, rule.key}, std::move(target));
  }
  return out;
}

Corrections Corrections::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::kUsage, "corrections file '" + Printable(path) +
                                       "': cannot read it (" +
                                       std::strerror(errno) + ")");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw Error(ErrorKind::kUsage,
                "corrections file '" + Printable(path) + "': cannot read it");
  }
  return Parse(text.str(), path);
}

std::string Corrections::Fingerprint() const {
  if (rules_.empty()) return "";
  std::string canonical;
  for (const auto& [key, target] : rules_) {
    canonical += EntityTypeName(key.first);
    canonical += '\t';
    canonical += key.second;
    canonical += '\t';
    if (target.hide) {
      canonical += "hide";
    } else {
      canonical += EntityTypeName(target.type);
      canonical += '\t';
      canonical += target.name;
    }
    canonical += '\n';
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(
                    XXH3_64bits(canonical.data(), canonical.size())));
  return hex;
}

void Corrections::Apply(std::vector<Entity>& entities) const {
  if (rules_.empty()) return;
  std::vector<Entity> out;
  std::map<Key, size_t> placed;  // position in out
  for (Entity& e : entities) {
    const auto rule = rules_.find(Key{e.type, EntityKey(e.type, e.name)});
    if (rule != rules_.end()) {
      const Target& target = rule->second;
      if (target.hide) continue;
      const std::string old_name = e.name;
      e.type = target.type;
      e.name = target.name;
      AddAlias(e, old_name);
    }
    const auto [at, fresh] =
        placed.emplace(Key{e.type, EntityKey(e.type, e.name)}, out.size());
    if (fresh) {
      out.push_back(std::move(e));
      continue;
    }
    Entity& first = out[at->second];
    AddAlias(first, e.name);
    for (const std::string& alias : e.aliases) AddAlias(first, alias);
    first.derived = first.derived && e.derived;
    first.unresolved = first.unresolved && e.unresolved;
  }
  for (const auto& [key, at] : placed) {
    const auto names = merged_names_.find(key);
    if (names == merged_names_.end()) continue;
    for (const std::string& name : names->second) AddAlias(out[at], name);
  }
  entities = std::move(out);
}

std::vector<Entity> CorrectingExtractor::Extract(std::string_view title,
                                                 std::string_view body) const {
  std::vector<Entity> entities = inner_.Extract(title, body);
  corrections_.Apply(entities);
  return entities;
}

}  // namespace gazette
