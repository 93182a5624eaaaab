// Fuzzes the article reader: any bytes, as an article file and as a line of
// a JSON Lines file. Each must give a document of valid UTF-8 or a reason
// to skip it, never crash, hang or throw, and a file must read the same
// with CRLF line ends as with LF.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/corpus/article_reader.h"
#include "common/corpus/jsonl_reader.h"
#include "fuzz/fuzz_check.h"

using gazette::fuzz::Check;
using gazette::fuzz::CheckMessage;
using gazette::fuzz::IsUtf8;

namespace {

// DeriveTitle's default bound, plus the "…" it may add.
constexpr size_t kMaxDerivedTitleBytes = 120 + 3;

void CheckRead(const gazette::ReadResult& read) {
  Check(read.article.has_value() != read.skip_reason.has_value(),
        "exactly one of document and skip reason");
  if (read.skip_reason) CheckMessage(*read.skip_reason, "skip reason");
  for (const auto& warning : read.warnings) CheckMessage(warning, "warning");
  if (!read.article) return;
  const gazette::Article& doc = *read.article;
  for (const std::string* text :
       {&doc.body, &doc.title, &doc.source, &doc.url}) {
    Check(IsUtf8(*text), "document text is not UTF-8");
    Check(text->find('\r') == std::string::npos, "CR left in the text");
  }
  Check(!doc.body.empty() || !doc.title.empty(), "no text at all");
  if (!doc.title_from_header) {
    Check(doc.title.size() <= kMaxDerivedTitleBytes, "derived title too long");
  }
  if (doc.date) {
    Check(gazette::IsValidDate(doc.date->year, doc.date->month, doc.date->day),
          "impossible date kept");
  }
}

bool SameArticle(const gazette::Article& a, const gazette::Article& b) {
  return a.date == b.date && a.title == b.title &&
         a.title_from_header == b.title_from_header && a.source == b.source &&
         a.url == b.url && a.body == b.body;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const gazette::ReadResult read =
      gazette::ReadArticle(bytes, "fuzz.txt", "/corpus");
  CheckRead(read);

  // Windows line ends change nothing (UTF-16 files aside: their bytes are
  // not lines).
  const bool utf16 =
      bytes.starts_with("\xff\xfe") || bytes.starts_with("\xfe\xff");
  if (!utf16 && bytes.find('\r') == std::string_view::npos &&
      bytes.find('\n') != std::string_view::npos) {
    std::string crlf;
    for (char c : bytes) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    const gazette::ReadResult read_crlf =
        gazette::ReadArticle(crlf, "fuzz.txt", "/corpus");
    Check(read.article.has_value() == read_crlf.article.has_value(),
          "CRLF changes whether the file is skipped");
    if (read.article) {
      Check(SameArticle(*read.article, *read_crlf.article),
            "CRLF changes the document");
    }
  }

  if (bytes.find('\n') == std::string_view::npos) {
    const gazette::JsonLineResult line =
        gazette::ReadJsonLine(bytes, "feed.jsonl", 7, "/corpus");
    Check(line.id.starts_with("feed.jsonl#"), "id outside its file");
    CheckRead(line.read);
    if (line.read.article) {
      Check(line.read.article->id == line.id, "document id differs");
    }
  }
  return 0;
}
