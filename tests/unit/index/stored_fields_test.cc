#include "common/index/stored_fields.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace gazette {
namespace {

TEST_CASE("entity lists round trip, separators in names are neutralised") {
  const std::vector<ArticleEntity> in = {
      {EntityType::kPerson, "ahmed al-sharaa", "Ahmed al-Sharaa", false},
      {EntityType::kPlace, "syria", "Syria", true},
      {EntityType::kOrg, "hts", "H\x1fTS", false},
      {EntityType::kGroup, "druze", "Druze", false},
  };
  std::vector<ArticleEntity> out = DecodeEntityList(EncodeEntityList(in));
  REQUIRE(out.size() == 4);
  CHECK(out[0] == in[0]);
  CHECK(out[1] == in[1]);
  CHECK(out[2].name == "H TS");
  CHECK(out[3] == in[3]);
  CHECK(DecodeEntityList("garbage\x1e\x1e").empty());
}

TEST_CASE("source records round trip and reject malformed values") {
  const SourceRecord s{"/news", "2025/a b.txt",      "",
                       1234,    1700000000123456789, 0xdeadbeefcafef00dULL,
                       ""};
  CHECK(DecodeSource(EncodeSource(s)) == s);
  const SourceRecord line{"/news", "feed.jsonl#17", "feed.jsonl", 99, 5, 7, ""};
  CHECK(DecodeSource(EncodeSource(line)) == line);
  CHECK(line.FilePath() == "feed.jsonl");
  CHECK(s.FilePath() == "2025/a b.txt");
  CHECK(s.RelativePath() == "2025/a b.txt");
  // A labelled root's articles: the label is kept, and taken off the path.
  const SourceRecord labelled{"/b/news", "news-2/a.txt", "", 1, 2, 3, "news-2"};
  CHECK(DecodeSource(EncodeSource(labelled)) == labelled);
  CHECK(labelled.RelativePath() == "a.txt");
  const SourceRecord labelled_line{
      "/b/news", "news-2/f.jsonl#k", "news-2/f.jsonl", 1, 2, 3, "news-2"};
  CHECK(DecodeSource(EncodeSource(labelled_line)) == labelled_line);
  CHECK(labelled_line.FilePath() == "news-2/f.jsonl");
  CHECK(labelled_line.RelativePath() == "f.jsonl");
  CHECK_FALSE(
      DecodeSource("/news\x1f"
                   "a.txt\x1fx\x1f"
                   "1\x1f"
                   "00"));
  CHECK_FALSE(
      DecodeSource("too\x1f"
                   "few"));
}

TEST_CASE("article data round trips every field") {
  Article d;
  d.id = "a.txt";
  d.root = "/news";
  d.date = Date{2025, 5, 28};
  d.title = "Talks";
  d.title_from_header = true;
  d.source = "Reuters";
  d.url = "https://example.org/a";
  d.body = "Body \u201Cquoted\u201D.";
  const Article back = DecodeArticleData(EncodeArticleData(d)).value();
  CHECK(back.id == d.id);
  CHECK(back.root == d.root);
  CHECK(back.date == d.date);
  CHECK(back.title == d.title);
  CHECK(back.title_from_header);
  CHECK(back.source == d.source);
  CHECK(back.url == d.url);
  CHECK(back.body == d.body);
  CHECK_FALSE(DecodeArticleData("not msgpack").ok());
  const std::string encoded = EncodeArticleData(d);
  CHECK_FALSE(DecodeArticleData(encoded.substr(0, encoded.size() - 3)).ok());
  CHECK_FALSE(DecodeArticleData(encoded + "x").ok());
}

TEST_CASE(
    "article data is the MessagePack of the article's JSON object, byte for "
    "byte") {
  // Written directly; indexes written before, through nlohmann's JSON tree,
  // hold the same bytes.
  for (size_t size : {0, 31, 32, 255, 256, 65535, 65536}) {
    for (const bool full : {false, true}) {
      CAPTURE(size);
      CAPTURE(full);
      Article d;
      d.id = "dir/a.txt";
      d.root = "/news";
      d.title = "Talks \u201Cresume\u201D";
      d.body = std::string(size, 'b');
      if (full) {
        d.date = Date{2025, 5, 28};
        d.title_from_header = true;
        d.source = std::string(40, 's');
        d.url = "https://example.org/a";
      }
      nlohmann::json j = {
          {"v", 1},           {"id", d.id},         {"root", d.root},
          {"title", d.title}, {"source", d.source}, {"url", d.url},
          {"body", d.body}};
      if (d.date) j["date"] = d.date->ToKey();
      if (d.title_from_header) j["title_header"] = true;
      const std::vector<std::uint8_t> want = nlohmann::json::to_msgpack(j);
      CHECK(EncodeArticleData(d) == std::string(want.begin(), want.end()));
    }
  }
}

TEST_CASE("article data keeps bodies of every length byte for byte") {
  // MessagePack stores strings of up to 31, 255, 65535 and more bytes
  // differently.
  for (size_t size : {0, 31, 32, 255, 256, 65535, 65536, 200000}) {
    CAPTURE(size);
    Article d;
    d.id = "a.txt";
    d.body = std::string(size, 'x');
    if (size > 0) d.body[size - 1] = '\xff';
    const Article back = DecodeArticleData(EncodeArticleData(d)).value();
    CHECK(back.body == d.body);
    CHECK_FALSE(back.date);
    CHECK_FALSE(back.title_from_header);
  }
}

}  // namespace
}  // namespace gazette
