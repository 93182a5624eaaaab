// The default entity extractor: read the wire furniture for what it is,
// tokenise, find name mentions with the built-in gazetteer, let the tagger
// review them, merge aliases.
#include <algorithm>
#include <string>

#include "common/entities/alias_merger.h"
#include "common/entities/entity_extractor.h"
#include "common/entities/firm_names.h"
#include "common/entities/gazetteer.h"
#include "common/entities/mention_review.h"
#include "common/entities/name_finder.h"
#include "common/entities/name_tagger.h"
#include "common/entities/name_tokenizer.h"
#include "common/entities/news_layout.h"

namespace gazette {
namespace {

// Appends text[from, to) to out with the tickers in it blanked: "<HOV>" is
// markup, not a name, but the spaces keep the words around it apart.
void AppendBlankingTickers(std::string& out, std::string_view text,
                           const std::vector<ByteRange>& tickers, size_t from,
                           size_t to) {
  for (const ByteRange& t : tickers) {
    if (t.begin < from || t.end > to) continue;
    out.append(text.substr(from, t.begin - from));
    out.append(t.end - t.begin, ' ');
    from = t.end;
  }
  out.append(text.substr(from, to - from));
}

class GazetteerEntityExtractor : public EntityExtractor {
 public:
  GazetteerEntityExtractor(const Gazetteer& gazetteer, const NameTagger& tagger)
      : gazetteer_(gazetteer), tagger_(tagger) {}

  std::vector<Entity> Extract(std::string_view title,
                              std::string_view body) const override {
    // The title is the first line, so a title in title case is read as a
    // headline; a title that is the body's first sentence is read twice,
    // which changes nothing once aliases are merged. The byline and the
    // sign-off are left out, the dateline is a line of its own.
    const NewsLayout news = FindNewsLayout(body);
    TextLayout layout;
    layout.first_line_is_title = !title.empty();
    std::string text;
    text.reserve(title.size() + 4 + body.size());
    const std::vector<ByteRange> title_tickers = FindTickers(title);
    for (const ByteRange& t : title_tickers)
      layout.headline_tickers.push_back(t.begin);
    AppendBlankingTickers(text, title, title_tickers, 0, title.size());
    text += "\n\n";  // a paragraph of its own, even in wrapped text
    size_t from = news.byline.empty() ? 0 : news.byline.end;
    if (!news.dateline.empty()) {
      const uint32_t shift =
          static_cast<uint32_t>(text.size()) - news.dateline.begin;
      layout.dateline = {news.dateline.begin + shift,
                         news.dateline.end + shift};
      for (const ByteRange& p : news.dateline_places)
        layout.dateline_places.push_back({p.begin + shift, p.end + shift});
      text.append(body.substr(news.dateline.begin,
                              news.dateline.end - news.dateline.begin));
      text += "\n\n";
      from = news.dateline.end;
    }
    AppendBlankingTickers(text, body, news.tickers, from,
                          std::max<size_t>(from, news.sign_off.begin));
    const std::vector<NameToken> tokens = TokenizeNames(text);
    std::vector<Mention> mentions =
        FindNameMentions(text, tokens, gazetteer_, layout);
    RetypeFirms(text, tokens, mentions);
    return ReviewAndMerge(text, tokens, gazetteer_, tagger_,
                          layout.first_line_is_title, mentions);
  }

 private:
  const Gazetteer& gazetteer_;
  const NameTagger& tagger_;
};

}  // namespace

std::unique_ptr<EntityExtractor> MakeDefaultEntityExtractor() {
  return MakeEntityExtractor(Gazetteer::BuiltIn(), NameTagger::BuiltIn());
}

std::unique_ptr<EntityExtractor> MakeEntityExtractor(const Gazetteer& gazetteer,
                                                     const NameTagger& tagger) {
  return std::make_unique<GazetteerEntityExtractor>(gazetteer, tagger);
}

}  // namespace gazette
