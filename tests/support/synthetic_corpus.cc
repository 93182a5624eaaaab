#include "tests/support/synthetic_corpus.h"

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "tests/support/test_support.h"

namespace gazette::testing {
namespace {

constexpr std::array<const char*, 24> kSyllables = {
    "ka",  "lo", "mi",  "ter", "san", "vo",  "rex", "dul",
    "pa",  "ni", "gor", "ba",  "zen", "tu",  "fi",  "lam",
    "dro", "se", "qua", "mor", "el",  "vin", "ost", "ru"};
constexpr std::array<const char*, 30> kCommon = {
    "the",       "of",        "and",    "to",       "in",         "a",
    "said",      "talks",     "talked", "talking",  "government", "minister",
    "ministers", "official",  "week",   "market",   "prices",     "rose",
    "fell",      "agreement", "border", "election", "votes",      "court",
    "ruled",     "on",        "with",   "after",    "before",     "report"};
constexpr std::array<const char*, 12> kFirstNames = {
    "Anna",   "Omar", "Lena",  "Carlos", "Sofia", "Kwame",
    "Mirela", "Yuki", "Tomas", "Ines",   "Farid", "Olga"};
constexpr std::array<const char*, 12> kSurnames = {
    "Varga", "Haddad", "Petrov", "Mendes", "Rossi",  "Mensah",
    "Dobre", "Tanaka", "Novak",  "Duarte", "Karimi", "Lindqvist"};
constexpr std::array<const char*, 10> kTitles = {
    "President", "Prime Minister", "Minister", "General",    "Senator",
    "Governor",  "Judge",          "Mayor",    "Chancellor", "Ambassador"};
// People the synthetic news keeps coming back to, named in full in some
// articles and by surname alone in others, so the corpus alias table has
// work: a surname shared by a frequent and a rare full name (whose majority
// can change with the corpus), and one full name spelt with and without its
// accent (one key, two display forms).
struct Notable {
  const char* full;
  const char* surname;
  unsigned weight;  // relative frequency
};
constexpr std::array<Notable, 5> kNotables = {{
    {"Ingrid Okafor", "Okafor", 4},
    {"Ravi Castellano", "Castellano", 3},
    {"Lucia Castellano", "Castellano", 2},
    {"José Albescu", "Albescu", 2},
    {"Jose Albescu", "Albescu", 1},
}};
// Organisations defined with their acronym in some articles and named by
// the acronym alone in others.
constexpr std::array<std::array<const char*, 2>, 3> kAgencies = {{
    {"Northern Grain Board", "NGB"},
    {"Coastal Rail Authority", "CRA"},
    {"Central Rail Agency", "CRA"},
}};
constexpr std::array<const char*, 12> kPlaces = {
    "Syria", "France", "Brazil", "Kenya",   "Japan",   "Peru",
    "Chad",  "Norway", "Ghana",  "Vietnam", "Morocco", "Chile"};

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // Uniform enough for test data, and the same on every platform (unlike
  // std::uniform_int_distribution).
  uint64_t Below(uint64_t n) { return engine_() % n; }
  bool Chance(unsigned percent) { return Below(100) < percent; }
  template <typename Array>
  const char* Pick(const Array& a) {
    return a[Below(a.size())];
  }

 private:
  std::mt19937_64 engine_;
};

std::string PseudoWord(Rng& rng) {
  std::string w;
  const uint64_t n = 1 + rng.Below(3);
  for (uint64_t i = 0; i < n; ++i) w += rng.Pick(kSyllables);
  return w;
}

std::string Sentence(Rng& rng) {
  std::string s;
  const uint64_t words = 5 + rng.Below(15);
  for (uint64_t i = 0; i < words; ++i) {
    if (!s.empty()) s += ' ';
    if (rng.Chance(8)) {
      s += std::string(rng.Pick(kTitles)) + " " + rng.Pick(kFirstNames) + " " +
           rng.Pick(kSurnames);
    } else if (rng.Chance(6)) {
      s += std::string("in ") + rng.Pick(kPlaces);
    } else if (rng.Chance(3)) {
      s += rng.Pick(kSurnames);  // a person named by surname alone
    } else if (rng.Chance(3)) {
      unsigned pick = static_cast<unsigned>(rng.Below(12));
      const Notable* notable = kNotables.data();
      while (pick >= notable->weight) pick -= (notable++)->weight;
      if (rng.Chance(40)) {
        s += std::string(rng.Pick(kTitles)) + " " + notable->full;
      } else {
        s += notable->surname;
      }
    } else if (rng.Chance(2)) {
      const auto& agency = kAgencies[rng.Below(kAgencies.size())];
      if (rng.Chance(40)) {
        s += std::string("the ") + agency[0] + " (" + agency[1] + ")";
      } else {
        s += std::string("the ") + agency[1];
      }
    } else {
      s += rng.Chance(55) ? PseudoWord(rng) : rng.Pick(kCommon);
    }
  }
  if (s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s + ".";
}

}  // namespace

std::string SyntheticArticle(uint64_t seed, uint64_t number, unsigned version) {
  Rng rng(seed * 1000003u + number * 7919u + version);
  char date[32];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d",
                static_cast<int>(1990 + rng.Below(36)),
                static_cast<int>(1 + rng.Below(12)),
                static_cast<int>(1 + rng.Below(28)));
  std::string body;
  const uint64_t sentences = 3 + rng.Below(25);
  const uint64_t marker_at = rng.Below(sentences);
  for (uint64_t i = 0; i < sentences; ++i) {
    if (!body.empty()) body += rng.Chance(20) ? "\n\n" : " ";
    body += Sentence(rng);
    if (i == marker_at)
      body += std::string(" The ") + kSyntheticMarker + " said.";
  }
  std::string text;
  const uint64_t style = rng.Below(10);
  if (style < 5) {
    text = std::string("date: ") + date + "\ntitle: " + Sentence(rng) +
           "\nsource: Synthetic Wire\n\n" + body + "\n";
  } else if (style < 9) {
    text = std::string("date ") + date + " " + body + "\n";
  } else {
    text = body + "\n";  // undated
  }
  if (rng.Chance(5)) {
    std::string crlf;
    for (char c : text) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    text = std::move(crlf);
  }
  return text;
}

std::string SyntheticJsonLine(uint64_t seed, uint64_t number, bool with_id) {
  Rng rng(seed * 1000033u + number * 104729u);
  nlohmann::json line = nlohmann::json::object();
  if (with_id) line["id"] = "n" + std::to_string(number);
  if (!rng.Chance(10)) {
    char date[32];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d",
                  static_cast<int>(1990 + rng.Below(36)),
                  static_cast<int>(1 + rng.Below(12)),
                  static_cast<int>(1 + rng.Below(28)));
    line["date"] = date;
  }
  if (rng.Chance(60)) line["title"] = Sentence(rng);
  std::string body = Sentence(rng) + " The " + kSyntheticMarker + " said.";
  for (uint64_t i = rng.Below(6); i > 0; --i) body += " " + Sentence(rng);
  line["body"] = body;
  if (rng.Chance(20)) line["source"] = "Synthetic Feed";
  return line.dump();
}

std::string SyntheticId(uint64_t number) {
  char id[48];
  std::snprintf(id, sizeof id, "%02llu/a%05llu.txt",
                static_cast<unsigned long long>(number / 50),
                static_cast<unsigned long long>(number));
  return id;
}

std::vector<std::string> WriteSyntheticCorpus(const std::string& dir,
                                              uint64_t count, uint64_t seed) {
  std::vector<std::string> ids;
  for (uint64_t i = 0; i < count; ++i) {
    ids.push_back(SyntheticId(i));
    WriteFile(dir + "/" + ids.back(), SyntheticArticle(seed, i));
  }
  return ids;
}

}  // namespace gazette::testing
