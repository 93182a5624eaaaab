// Finds the name mentions of one article: capitalised word sequences cut at
// titles, typed by the gazetteer, organisation and place keywords, titles
// and first names; sentence-initial, headline and all-capitals words count
// only with evidence that they are names.
#ifndef GAZETTE_COMMON_ENTITIES_NAME_FINDER_H_
#define GAZETTE_COMMON_ENTITIES_NAME_FINDER_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "common/entities/gazetteer.h"
#include "common/entities/name_tokenizer.h"
#include "common/entities/news_layout.h"
#include "gazette/entity.h"

namespace gazette {

// What a mention's type rests on, weakest first.
enum class Evidence : uint8_t {
  kShape,      // capitalised words with nothing else known: "Eli Cohen"
  kAlias,      // the short form of a name met in the same article
  kTitle,      // a title or a first name: "President ...", "Donald ..."
  kKeyword,    // an organisation or place keyword: "... Ministry"
  kGazetteer,  // a name in the gazetteer
};

struct Mention {
  // Tokens [first_token, end_token) and their bytes [begin, end).
  uint32_t first_token = 0;
  uint32_t end_token = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  // Where the title in front of a person's name starts ("President Donald
  // Trump"); equals `begin` when there is none.
  uint32_t title_begin = 0;
  EntityType type = EntityType::kPerson;
  Evidence evidence = Evidence::kShape;
  // A demonym or group adjective: "Syrian" mentions Syria.
  bool derived = false;
  // A lone capitalised word of unknown type ("Trump" with no title): kept
  // only when it is the short form of a name found in the article.
  bool tentative = false;
  // A tentative word that reads as a name on its own: capitalised
  // mid-sentence, no ordinary word. Unresolved, it becomes an entity marked
  // `unresolved` rather than nothing.
  bool standalone = false;
  // Found on a line in capitals (a headline, a dateline) and written in
  // capitals: its form says nothing of how the name is written.
  bool capitals = false;
  // The gazetteer entry matched, if any.
  const GazetteerEntry* entry = nullptr;
  // Which rule found it, for diagnostics ("title", "orgword"...).
  const char* rule = "";
};

// What is known of the text's layout besides its words (NewsLayout).
struct TextLayout {
  // The first line is a headline.
  bool first_line_is_title = false;
  // A dateline on a line of its own ("RED BANK, N.J., March 11 -") and its
  // place names, which name places whatever the gazetteer knows.
  ByteRange dateline;
  std::vector<ByteRange> dateline_places;
  // Where ticker symbols stood in the headline (the extractor blanks them):
  // the words before one, back to the line's start or a '/', ':' or '-',
  // name a company ("ALLIANCE FEDERAL CORP <ALFL.O> HIKES DIVIDEND").
  std::vector<uint32_t> headline_tickers;
};

// Returns the mentions in text order. `tokens` is TokenizeNames(text).
// Lines that are mostly capitals (wire headlines, tables) and, when the
// layout says so, a title-case first line are matched only against the
// gazetteer and the names found elsewhere in the text.
std::vector<Mention> FindNameMentions(std::string_view text,
                                      std::span<const NameToken> tokens,
                                      const Gazetteer& gazetteer,
                                      const TextLayout& layout);
// The same with no layout but, maybe, a headline.
std::vector<Mention> FindNameMentions(std::string_view text,
                                      std::span<const NameToken> tokens,
                                      const Gazetteer& gazetteer,
                                      bool first_line_is_title);

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_NAME_FINDER_H_
