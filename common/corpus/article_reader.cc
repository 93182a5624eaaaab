#include "common/corpus/article_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/base/text_decoder.h"
#include "common/corpus/article_parser.h"

namespace gazette {

ReadResult ReadArticle(std::string_view bytes, std::string id,
                       std::string root) {
  ReadResult result;
  DecodedText decoded = DecodeArticleBytes(bytes);
  result.warnings = std::move(decoded.warnings);
  if (decoded.skip_reason) {
    result.skip_reason = std::move(decoded.skip_reason);
    return result;
  }
  ParsedArticle parsed = ParseArticle(decoded.text);
  if (parsed.body.empty() && parsed.title.empty()) {
    result.skip_reason = bytes.empty() ? "empty file" : "no article text";
    return result;
  }
  result.warnings.insert(result.warnings.end(), parsed.warnings.begin(),
                         parsed.warnings.end());
  Article article;
  article.id = std::move(id);
  article.root = std::move(root);
  article.date = parsed.date;
  article.title_from_header = !parsed.title.empty();
  article.title = article.title_from_header ? std::move(parsed.title)
                                            : DeriveTitle(parsed.body);
  article.source = std::move(parsed.source);
  article.url = std::move(parsed.url);
  article.body = std::move(parsed.body);
  result.article = std::move(article);
  return result;
}

Expected<std::string> ReadFileBytes(const std::string& path) {
  // O_NONBLOCK: a FIFO that appeared since the walk must not hang us.
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return Unexpected{std::string("cannot open: ") + std::strerror(errno)};
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return Unexpected{"not a regular file"};
  }
  std::string bytes;
  bytes.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int read_errno = errno;
      close(fd);
      return Unexpected{std::string("cannot read: ") +
                        std::strerror(read_errno)};
    }
    bytes.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return bytes;
}

}  // namespace gazette
