// The web page's files (web/), compiled into the binary so the server
// needs no files at run time and no request can name one on disk.
#ifndef GAZETTE_COMMON_SERVE_WEB_ASSETS_H_
#define GAZETTE_COMMON_SERVE_WEB_ASSETS_H_

#include <span>
#include <string_view>

namespace gazette {

struct WebAsset {
  std::string_view name;  // file name under web/: "index.html"
  std::string_view content;
};

// Defined in a source cmake/embed_web.cmake generates at build time.
std::span<const WebAsset> WebAssets();

// "text/html; charset=utf-8" and so on, by the name's extension.
std::string_view WebContentType(std::string_view name);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SERVE_WEB_ASSETS_H_
