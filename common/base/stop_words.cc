#include "common/base/stop_words.h"

#include <algorithm>
#include <array>

namespace gazette {
namespace {

// Articles, pronouns, auxiliary and modal verbs, prepositions, conjunctions
// and the commonest adverbs; sorted, for binary search. Content words that
// are merely frequent (say, "year", "new") are left to BM25's idf.
constexpr std::array<std::string_view, 154> kWords = {
    "a",       "about",  "above",    "after",      "again",   "against",
    "all",     "also",   "am",       "among",      "an",      "and",
    "any",     "are",    "as",       "at",         "be",      "because",
    "been",    "before", "being",    "below",      "between", "both",
    "but",     "by",     "can",      "could",      "did",     "do",
    "does",    "doing",  "down",     "during",     "each",    "either",
    "else",    "ever",   "every",    "few",        "for",     "from",
    "further", "had",    "has",      "have",       "having",  "he",
    "her",     "here",   "hers",     "herself",    "him",     "himself",
    "his",     "how",    "however",  "i",          "if",      "in",
    "into",    "is",     "it",       "its",        "itself",  "just",
    "may",     "me",     "might",    "more",       "most",    "much",
    "must",    "my",     "myself",   "neither",    "no",      "nor",
    "not",     "now",    "of",       "off",        "often",   "on",
    "once",    "only",   "onto",     "or",         "other",   "ought",
    "our",     "ours",   "out",      "over",       "own",     "per",
    "rather",  "same",   "shall",    "she",        "should",  "since",
    "so",      "some",   "such",     "than",       "that",    "the",
    "their",   "theirs", "them",     "then",       "there",   "these",
    "they",    "this",   "those",    "though",     "through", "thus",
    "to",      "too",    "toward",   "towards",    "under",   "until",
    "up",      "upon",   "us",       "very",       "was",     "we",
    "were",    "what",   "when",     "where",      "whether", "which",
    "while",   "who",    "whom",     "whose",      "why",     "will",
    "with",    "within", "without",  "would",      "yet",     "you",
    "your",    "yours",  "yourself", "yourselves",
};
static_assert(std::is_sorted(kWords.begin(), kWords.end()));

}  // namespace

bool IsStopWord(std::string_view word) {
  return std::binary_search(kWords.begin(), kWords.end(), word);
}

}  // namespace gazette
