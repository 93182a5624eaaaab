#include "common/corpus/jsonl_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/base/json_error.h"
#include "common/base/printable.h"
#include "common/corpus/article_parser.h"
#include "gazette/date.h"

namespace gazette {
namespace {

using nlohmann::json;

class Fd {
 public:
  explicit Fd(const std::string& path)
      : fd_(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string Errno(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

// pread that retries on EINTR; returns bytes read, 0 at end, -1 on error.
ssize_t ReadAt(int fd, char* buf, size_t size, uint64_t offset) {
  for (;;) {
    const ssize_t n = pread(fd, buf, size, static_cast<off_t>(offset));
    if (n >= 0 || errno != EINTR) return n;
  }
}

// CRLF and lone CR become LF; NUL (allowed in JSON strings) becomes a space.
std::string CleanText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += c == '\0' ? ' ' : c;
    }
  }
  return out;
}

// An optional string field's text ("" when absent or null), or why it is
// not a string.
Expected<std::string> StringField(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return Unexpected{std::string("\"") + name + "\" is " + it->type_name() +
                      ", not a string"};
  }
  return it->get<std::string>();
}

std::optional<Date> ParseDateField(const std::string& text) {
  if (text.size() < 10) return std::nullopt;
  if (text.size() > 10 && text[10] != 'T' && text[10] != 't' &&
      text[10] != ' ') {
    return std::nullopt;
  }
  return ParseIsoDate(std::string_view(text).substr(0, 10));
}

}  // namespace

bool IsBlankLine(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

Expected<std::vector<LineChunk>> SplitIntoLineChunks(const std::string& path,
                                                     size_t target_bytes) {
  const Fd fd(path);
  if (fd.get() < 0) {
    return Unexpected{Errno("cannot open")};
  }
  std::vector<LineChunk> chunks;
  LineChunk current;
  uint64_t offset = 0;
  size_t line = 1;
  std::string buf(1 << 20, '\0');
  for (;;) {
    const ssize_t n = ReadAt(fd.get(), buf.data(), buf.size(), offset);
    if (n < 0) {
      return Unexpected{Errno("cannot read")};
    }
    if (n == 0) break;
    const char* p = buf.data();
    const char* end = p + n;
    while (const char* nl =
               static_cast<const char*>(std::memchr(p, '\n', end - p))) {
      ++line;
      const uint64_t line_end = offset + static_cast<uint64_t>(nl + 1 - p);
      current.length = line_end - current.offset;
      if (current.length >= target_bytes) {
        chunks.push_back(current);
        current = {line_end, 0, line};
      }
      offset = line_end;
      p = nl + 1;
    }
    offset += static_cast<uint64_t>(end - p);
    current.length = offset - current.offset;
  }
  if (current.length > 0) chunks.push_back(current);
  return chunks;
}

Expected<std::string> ReadFileRange(const std::string& path, uint64_t offset,
                                    uint64_t length) {
  const Fd fd(path);
  if (fd.get() < 0) {
    return Unexpected{Errno("cannot open")};
  }
  std::string bytes(length, '\0');
  uint64_t done = 0;
  while (done < length) {
    const ssize_t n =
        ReadAt(fd.get(), bytes.data() + done, length - done, offset + done);
    if (n < 0) {
      return Unexpected{Errno("cannot read")};
    }
    if (n == 0) {
      return Unexpected{"file shrank while being read"};
    }
    done += static_cast<uint64_t>(n);
  }
  return bytes;
}

JsonLineResult ReadJsonLine(std::string_view line, std::string_view file_id,
                            size_t line_number, const std::string& root) {
  JsonLineResult result;
  const std::string by_line =
      std::string(file_id) + "#" + std::to_string(line_number);
  ReadResult& read = result.read;
  json object;
  try {
    object = json::parse(line);
  } catch (const json::exception& e) {
    // Not only parse_error: a number too large for a double is an
    // out_of_range, which used to escape and make the indexer skip every
    // article of the file's chunk, not just this line.
    result.id = by_line;
    read.skip_reason = "not valid JSON (" + DescribeJsonError(e.what()) + ")";
    return result;
  }
  if (!object.is_object()) {
    result.id = by_line;
    read.skip_reason =
        std::string("a JSON ") + object.type_name() + ", not an object";
    return result;
  }

  result.id = by_line;
  if (const auto it = object.find("id"); it != object.end()) {
    if (it->is_string() && !it->get_ref<const std::string&>().empty()) {
      result.id = std::string(file_id) + "#" + it->get<std::string>();
    } else if (it->is_number_integer()) {
      result.id = std::string(file_id) + "#" + it->dump();
    } else if (!it->is_null()) {
      read.skip_reason = std::string("\"id\" is ") + it->type_name() +
                         ", not a string or an integer";
      return result;
    }
  }

  Article article;
  std::string date;
  for (const auto& [name, field] : {std::pair{"title", &article.title},
                                    {"body", &article.body},
                                    {"date", &date},
                                    {"url", &article.url},
                                    {"source", &article.source}}) {
    Expected<std::string> text = StringField(object, name);
    if (!text) {
      read.skip_reason = text.error();
      return result;
    }
    *field = std::move(text).value();
  }
  // Every field, as an article file's would be: no CR, no NUL.
  article.body = CleanText(article.body);
  article.title = CleanText(article.title);
  article.url = CleanText(article.url);
  article.source = CleanText(article.source);
  if (article.body.find_first_not_of(" \t\n") == std::string::npos &&
      article.title.find_first_not_of(" \t\n") == std::string::npos) {
    read.skip_reason = "no \"body\" or \"title\" text";
    return result;
  }
  if (date.empty()) {
    read.warnings.push_back("no \"date\"; indexed without a date");
  } else if (auto parsed = ParseDateField(date)) {
    article.date = parsed;
  } else {
    read.warnings.push_back("bad \"date\" '" + Printable(date, 40) +
                            "' (expected YYYY-MM-DD); indexed without a date");
  }
  article.id = result.id;
  article.root = root;
  article.title_from_header = !article.title.empty();
  if (!article.title_from_header) article.title = DeriveTitle(article.body);
  read.article = std::move(article);
  return result;
}

}  // namespace gazette
