// `searcher --serve`: the HTTP API of common/serve/http_api.h and the web
// page of web/ over cpp-httplib, with a cap on requests answered at once,
// one access-log line per request, and a stop that lets requests in flight
// finish. Read-only: it opens the index for reading and serves no file.
#ifndef GAZETTE_COMMON_SERVE_SERVER_H_
#define GAZETTE_COMMON_SERVE_SERVER_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "common/serve/http_api.h"
#include "gazette/search_request.h"

namespace gazette {

struct ListenAddress {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
};

// "8080", "0.0.0.0:8080", "[::1]:8080"; nullopt unless the port is a
// number from 0 to 65535 and the host, if given, is not empty.
std::optional<ListenAddress> ParseListenAddress(std::string_view text);

struct ServeOptions {
  std::string db_path;
  ListenAddress address;
  // Requests answered at once, each with its own Searcher; one more is
  // answered 503 at once rather than queued.
  unsigned max_clients = 4;
  ServeLimits limits;
  // What a search request leaves out (the command line's options).
  SearchRequest defaults;
};

class Server {
 public:
  // Opens max_clients searchers over the index and binds the address.
  // Writes the access log to `log`, which must outlive the server. Throws
  // Error: kIndexMissing, kIndexCorrupt, kUsage when the address cannot be
  // bound (in use, not an address of this machine).
  Server(const ServeOptions& options, std::ostream& log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The port bound (the one chosen, when asked for port 0).
  int port() const;

  // Answers requests until Stop(); returns once the requests in flight
  // are answered.
  void Run();

  // Makes Run() return; safe from any thread, also before Run().
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_SERVE_SERVER_H_
