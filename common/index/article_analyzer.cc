#include "common/index/article_analyzer.h"

#include <xxhash.h>

#include <string_view>

#include "common/index/xapian_error.h"

namespace gazette {

IndexJobResult ArticleAnalyzer::Run(const IndexJob& job) {
  try {
    return job.file.kind == CorpusFileKind::kJsonLines ? RunJsonLines(job)
                                                       : RunArticle(job);
  } catch (...) {
    // One bad article must not take the build down.
    return Failed(job, std::string("internal error: ") +
                           CurrentExceptionAsError().what());
  }
}

IndexJobResult ArticleAnalyzer::Failed(const IndexJob& job,
                                       std::string reason) {
  IndexJobResult result;
  result.unreadable = std::move(reason);
  (void)job;
  return result;
}

IndexJobResult ArticleAnalyzer::RunArticle(const IndexJob& job) {
  IndexJobResult result;
  Expected<std::string> bytes = ReadFileBytes(job.file.path);
  if (!bytes) {
    result.unreadable = bytes.error();
    return result;
  }
  ArticleOutcome& out = result.outcomes.emplace_back();
  out.id = job.file.id;
  out.where = job.file.path;
  out.indexed = job.indexed;
  SourceRecord source{job.root,
                      job.file.id,
                      "",
                      bytes->size(),
                      job.file.mtime_ns,
                      XXH3_64bits(bytes->data(), bytes->size()),
                      job.label};
  if (job.indexed && SameContent(indexed_[*job.indexed], source)) {
    out.touched = std::move(source);
    return result;
  }
  ReadResult read = ReadArticle(*bytes, job.file.id, job.root);
  std::string().swap(*bytes);  // the file's bytes are not needed now
  Finish(read, source, out);
  return result;
}

IndexJobResult ArticleAnalyzer::RunJsonLines(const IndexJob& job) {
  IndexJobResult result;
  const Expected<std::string> bytes =
      ReadFileRange(job.file.path, job.chunk.offset, job.chunk.length);
  if (!bytes) {
    result.unreadable = bytes.error();
    return result;
  }
  std::string_view rest = *bytes;
  for (size_t line = job.chunk.first_line; !rest.empty(); ++line) {
    const size_t nl = rest.find('\n');
    const std::string_view text = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    if (IsBlankLine(text)) continue;
    JsonLineResult parsed = ReadJsonLine(text, job.file.id, line, job.root);
    ArticleOutcome& out = result.outcomes.emplace_back();
    out.id = std::move(parsed.id);
    out.where = job.file.path + ":" + std::to_string(line);
    out.line = line;
    SourceRecord source{
        job.root,          out.id,
        job.file.id,       job.file.size,
        job.file.mtime_ns, XXH3_64bits(text.data(), text.size()),
        job.label};
    out.indexed = indexed_.FindId(out.id);
    if (out.indexed && parsed.read.article &&
        SameContent(indexed_[*out.indexed], source)) {
      out.warnings = std::move(parsed.read.warnings);
      out.touched = std::move(source);
      continue;
    }
    Finish(parsed.read, source, out);
  }
  return result;
}

void ArticleAnalyzer::Finish(ReadResult& read, const SourceRecord& source,
                             ArticleOutcome& out) {
  out.warnings = std::move(read.warnings);
  if (!read.article) {
    out.skip_reason = std::move(read.skip_reason);
    return;
  }
  const Article& article = *read.article;
  const std::vector<Entity> entities = extractor_.Extract(
      article.title_from_header ? std::string_view(article.title)
                                : std::string_view(),
      article.body);
  out.document = builder_.Build(article, entities, source);
}

}  // namespace gazette
