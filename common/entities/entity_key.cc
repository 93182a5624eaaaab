#include "common/entities/entity_key.h"

#include <algorithm>
#include <array>
#include <vector>

#include "common/base/fold.h"

namespace gazette {
namespace {

// Legal forms that end a company's name without changing which company it
// is.
constexpr std::array<std::string_view, 26> kLegalForms = {
    "inc",  "incorporated", "corp", "corporation", "co",  "cos", "company",
    "ltd",  "limited",      "plc",  "llc",         "llp", "lp",  "sa",
    "ag",   "nv",           "bv",   "spa",         "oy",  "ab",  "asa",
    "gmbh", "kk",           "bhd",  "pty",         "a/s"};

bool LegalForm(std::string_view word) {
  return std::find(kLegalForms.begin(), kLegalForms.end(), word) !=
         kLegalForms.end();
}

std::vector<std::string> Words(const std::string& key) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < key.size()) {
    size_t end = key.find(' ', start);
    if (end == std::string::npos) end = key.size();
    if (end > start) words.push_back(key.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// The folded name without dots and commas ("Goldman, Sachs and Co"), and
// "&" standing alone as "and".
std::string BaseKey(std::string_view name) {
  std::string key = FoldName(name);
  std::erase(key, '.');
  std::erase(key, ',');
  std::string out;
  out.reserve(key.size());
  for (const std::string& word : Words(key)) {
    if (!out.empty()) out += ' ';
    out += word == "&" ? "and" : word;
  }
  return out;
}

std::string OrgKey(const std::string& base) {
  std::vector<std::string> words = Words(base);
  // "Merrill Lynch and Co Inc": the legal forms, then "and Co".
  while (words.size() > 1 && LegalForm(words.back()) &&
         !(words.size() == 2 && words.front() == "the")) {
    words.pop_back();
    if (words.size() > 2 && words.back() == "and") words.pop_back();
  }
  std::string out;
  for (std::string& word : words) {
    if (word == "bros") word = "brothers";
    if (word.ends_with("isation") || word.ends_with("isations"))
      word.replace(word.rfind("isation"), 7, "ization");
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

}  // namespace

std::string EntityKey(EntityType type, std::string_view name) {
  std::string base = BaseKey(name);
  return type == EntityType::kOrg ? OrgKey(base) : base;
}

std::string EntityKeyPrefix(std::string_view typed) {
  std::string key = FoldName(typed);
  std::erase(key, '.');
  std::erase(key, ',');
  return key;
}

}  // namespace gazette
