#include "common/entities/firm_names.h"

#include <algorithm>
#include <set>
#include <string>

namespace gazette {
namespace {

// Jobs of the markets, whose holders are quoted with their firm's name.
constexpr std::string_view kMarketJobs[] = {
    "analyst", "analysts", "economist", "economists", "strategist",
    "strategists", "trader", "traders", "dealer", "dealers", "broker",
    "brokers", "brokerage", "arbitrageur", "arbitrageurs",
    // "Salomon Brothers and L.F. Rothschild co-managed the deal."
    "co-managed", "co-manages", "co-manage", "underwrote", "underwrites"};
// "brokerage house Dean Witter", "securities firm Drexel Burnham".
constexpr std::string_view kFirmKinds[] = {"brokerage", "securities",
                                           "investment", "banking"};
constexpr std::string_view kFirmNouns[] = {"firm", "house", "bank"};
// "the British Townsend Thorensen company": nouns that a firm's name
// qualifies and a person's does not.
constexpr std::string_view kCompanyNouns[] = {
    "company", "firm", "group", "concern", "subsidiary", "chain", "unit"};

template <size_t N>
bool OneOf(std::string_view word, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

class Firms {
 public:
  Firms(std::string_view text, std::span<const NameToken> tokens,
        std::vector<Mention>& mentions)
      : text_(text), tokens_(tokens), mentions_(mentions) {}

  void Run() {
    std::set<std::string> firms;
    for (size_t i = 0; i < mentions_.size(); ++i) {
      const Mention& m = mentions_[i];
      if (Candidate(m) && (JobAfter(m) || JobBefore(m) || OfAfterPerson(i) ||
                           OpensOrg(m) || OwnsNothing(m))) {
        firms.insert(Key(m.first_token, m.end_token));
      }
    }
    if (firms.empty()) return;
    for (Mention& m : mentions_) {
      if (!Candidate(m) || !firms.contains(Key(m.first_token, m.end_token)))
        continue;
      m.type = EntityType::kOrg;
      m.evidence = Evidence::kKeyword;
      m.rule = "firm";
    }
  }

 private:
  // A person's name of two words or more that only its shape or a first
  // name made one.
  static bool Candidate(const Mention& m) {
    return m.type == EntityType::kPerson && !m.derived && !m.tentative &&
           m.end_token - m.first_token >= 2 &&
           (m.evidence == Evidence::kShape ||
            std::string_view(m.rule) == "firstname-words");
  }

  // The word at token i in lower case, or "" when i is no word.
  std::string Lower(size_t i) const {
    if (i >= tokens_.size() || !tokens_[i].is_word()) return "";
    std::string word(tokens_[i].text(text_));
    for (char& c : word) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return word;
  }

  // Only lower-case words count as the words around a name.
  std::string LowerWord(size_t i) const {
    if (i >= tokens_.size() || tokens_[i].shape != TokenShape::kLower)
      return "";
    return std::string(tokens_[i].text(text_));
  }

  // The words of tokens [a, b) folded, without dots: one key per name.
  std::string Key(size_t a, size_t b) const {
    std::string key;
    for (size_t i = a; i < b; ++i) {
      if (!tokens_[i].is_word()) continue;
      if (!key.empty()) key += ' ';
      for (char c : Lower(i)) {
        if (c != '.') key += c;
      }
    }
    return key;
  }

  bool JobAfter(const Mention& m) const {
    const std::string after = LowerWord(m.end_token);
    return OneOf(after, kMarketJobs) || (!tokens_[m.end_token - 1].possessive &&
                                         OneOf(after, kCompanyNouns));
  }

  // "Burger King, Arby's and Tony Roma's, had a loss": a possessive that
  // owns nothing names a shop or a restaurant.
  bool OwnsNothing(const Mention& m) const {
    if (!tokens_[m.end_token - 1].possessive) return false;
    if (m.end_token >= tokens_.size()) return true;
    const NameToken& t = tokens_[m.end_token];
    if (t.shape == TokenShape::kPunct)
      return t.punct == ',' || t.punct == '.' || t.punct == ';' ||
             t.punct == ')';
    const std::string after = LowerWord(m.end_token);
    return after == "and" || after == "or";
  }

  bool JobBefore(const Mention& m) const {
    const size_t a = m.first_token;
    if (a < 2) return false;
    const std::string before = LowerWord(a - 1);
    const std::string job = LowerWord(a - 2);
    if ((before == "at" || before == "with" || before == "for" ||
         before == "from") &&
        OneOf(job, kMarketJobs))
      return true;
    if (before == "brokerage" || before == "brokers") return true;
    return OneOf(before, kFirmNouns) && OneOf(job, kFirmKinds);
  }

  // "Jane Doe of Shearson Lehman", "Jane Doe, of Shearson Lehman".
  bool OfAfterPerson(size_t i) const {
    const Mention& m = mentions_[i];
    if (i == 0 || m.first_token < 2 || LowerWord(m.first_token - 1) != "of")
      return false;
    const Mention& before = mentions_[i - 1];
    if (before.type != EntityType::kPerson || before.tentative) return false;
    size_t gap = m.first_token - 1;
    if (gap > 0 && tokens_[gap - 1].shape == TokenShape::kPunct &&
        tokens_[gap - 1].punct == ',')
      --gap;
    return before.end_token == gap;
  }

  // "Dean Witter" of "Dean Witter Reynolds Inc" in the same article.
  bool OpensOrg(const Mention& m) const {
    const std::string key = Key(m.first_token, m.end_token);
    const size_t words = m.end_token - m.first_token;
    for (const Mention& o : mentions_) {
      if (o.type != EntityType::kOrg || o.end_token - o.first_token <= words)
        continue;
      if (Key(o.first_token, o.first_token + words) == key) return true;
    }
    return false;
  }

  std::string_view text_;
  std::span<const NameToken> tokens_;
  std::vector<Mention>& mentions_;
};

}  // namespace

void RetypeFirms(std::string_view text, std::span<const NameToken> tokens,
                 std::vector<Mention>& mentions) {
  Firms(text, tokens, mentions).Run();
}

}  // namespace gazette
