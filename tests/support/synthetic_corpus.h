// Synthetic news articles for the reliability tests: deterministic text in
// Gazette's article format, generated from a seed, never taken from a real
// corpus.
#ifndef GAZETTE_TESTS_SYNTHETIC_CORPUS_H_
#define GAZETTE_TESTS_SYNTHETIC_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace gazette::testing {

// Every synthetic article contains this word once in its body, so a test
// can count all articles with one query.
inline constexpr char kSyntheticMarker[] = "newsroom";

// The text of article `number`; `version` > 0 gives an edited text of the
// same article. The same arguments always give the same bytes. Articles mix
// the header styles of the document format, carry dates (a few have none),
// people (in full and by surname alone, some of them recurring across
// articles so the corpus alias table resolves their surnames), places and
// organisations (defined with their acronym, or by the acronym alone), and
// a few use CRLF line ends.
std::string SyntheticArticle(uint64_t seed, uint64_t number,
                             unsigned version = 0);

// One line of a JSON Lines corpus file (without the newline): an article
// with the marker, a date (usually), a title (often) and, if `with_id`, an
// "id" field ("n" + number); otherwise the line is named by its number.
std::string SyntheticJsonLine(uint64_t seed, uint64_t number, bool with_id);

// The id of article `number` in a corpus written by WriteSyntheticCorpus:
// "NN/aNNNNN.txt", fifty articles to a directory.
std::string SyntheticId(uint64_t number);

// Writes articles 0..count-1 under dir; returns their ids.
std::vector<std::string> WriteSyntheticCorpus(const std::string& dir,
                                              uint64_t count, uint64_t seed);

}  // namespace gazette::testing

#endif  // GAZETTE_TESTS_SYNTHETIC_CORPUS_H_
