#include "common/serve/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/base/printable.h"
#include "common/serve/web_assets.h"
#include "gazette/error.h"
#include "gazette/searcher.h"

namespace gazette {
namespace {

// A thread serves one connection at a time, for as long as it is kept
// alive: threads beyond max_clients take more connections and answer 503
// quickly when every searcher is busy, so a burst is refused rather than
// queued behind idle connections.
constexpr unsigned kSpareThreads = 32;
// An idle kept-alive connection holds its thread this long.
constexpr time_t kKeepAliveSeconds = 2;

// The page's script and styles come only from this server; nothing inline
// runs, nothing is fetched from elsewhere, no other site may frame it.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

// One searcher and article store per request answered at once.
struct Worker {
  explicit Worker(const std::string& db_path)
      : searcher(db_path), articles(db_path) {}
  Searcher searcher;
  ArticleStore articles;
};

class WorkerPool {
 public:
  WorkerPool(const std::string& db_path, unsigned size) {
    for (unsigned i = 0; i < size; ++i)
      free_.push_back(std::make_unique<Worker>(db_path));
  }
  std::unique_ptr<Worker> TryTake() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return nullptr;
    auto worker = std::move(free_.back());
    free_.pop_back();
    return worker;
  }
  void Give(std::unique_ptr<Worker> worker) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(worker));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> free_;
};

void Send(const ApiResponse& answer, httplib::Response& res) {
  res.status = answer.status;
  res.set_content(answer.body, answer.content_type.c_str());
}

std::string_view ErrorKindForStatus(int status) {
  switch (status) {
    case 404:
      return "not_found";
    case 405:
      return "method";
    case 413:
    case 414:
    case 431:
      return "too_large";
    case 503:
      return "busy";
    default:
      return status < 500 ? "request" : "server";
  }
}

// The request's start, for the access log: handler and logger run on the
// same thread. Unset for a request refused before routing (a URI too long).
thread_local std::optional<std::chrono::steady_clock::time_point> request_start;

std::string OrDash(const std::string& text, size_t max_bytes) {
  return text.empty() ? "-" : Printable(text, max_bytes);
}

}  // namespace

std::optional<ListenAddress> ParseListenAddress(std::string_view text) {
  ListenAddress address;
  std::string_view port = text;
  const size_t colon = text.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
      host = host.substr(1, host.size() - 2);
    if (host.empty()) return std::nullopt;
    address.host = std::string(host);
    port = text.substr(colon + 1);
  }
  if (port.empty() || port.size() > 5) return std::nullopt;
  int number = 0;
  for (const char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    number = number * 10 + (c - '0');
  }
  if (number > 65535) return std::nullopt;
  address.port = number;
  return address;
}

struct Server::Impl {
  Impl(const ServeOptions& opts, std::ostream& log_stream)
      : options(opts), log(log_stream), pool(opts.db_path, opts.max_clients) {}

  void Route();
  void Log(const httplib::Request& req, const httplib::Response& res);
  // Runs answer(worker) with a free worker, or answers 503.
  template <typename Answer>
  void WithWorker(httplib::Response& res, Answer answer);

  ServeOptions options;
  std::ostream& log;
  std::mutex log_mutex;
  WorkerPool pool;
  httplib::Server http;
  int port = 0;
  std::atomic<bool> run_started{false};
  std::atomic<bool> stopped{false};
};

template <typename Answer>
void Server::Impl::WithWorker(httplib::Response& res, Answer answer) {
  std::unique_ptr<Worker> worker = pool.TryTake();
  if (!worker) {
    res.set_header("Retry-After", "1");
    Send(
        ErrorResponse(503, "busy",
                      "the server is answering as many requests as it "
                      "may (--serve-clients " +
                          std::to_string(options.max_clients) + "); try again"),
        res);
    return;
  }
  try {
    Send(answer(*worker), res);
  } catch (...) {
    pool.Give(std::move(worker));
    throw;
  }
  pool.Give(std::move(worker));
}

void Server::Impl::Route() {
  http.Get("/api/search",
           [this](const httplib::Request& req, httplib::Response& res) {
             ApiParams params(req.params.begin(), req.params.end());
             WithWorker(res, [&](Worker& w) {
               return SearchFromParams(w.searcher, params, options.defaults,
                                       options.limits);
             });
           });
  http.Post("/api/search",
            [this](const httplib::Request& req, httplib::Response& res) {
              WithWorker(res, [&](Worker& w) {
                return SearchFromBody(w.searcher, req.body, options.defaults,
                                      options.limits);
              });
            });
  http.Post("/api/batch", [this](const httplib::Request& req,
                                 httplib::Response& res) {
    WithWorker(res, [&](Worker& w) {
      return Batch(w.searcher, req.body, options.defaults, options.limits);
    });
  });
  http.Get("/api/article/(.+)", [this](const httplib::Request& req,
                                       httplib::Response& res) {
    const std::string id = req.matches[1];
    WithWorker(res, [&](Worker& w) { return ArticleById(w.articles, id); });
  });
  http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\"}\n", "application/json");
  });
  // The page's files by name: a request never reaches the filesystem.
  http.Get("/([a-z0-9_.-]*)",
           [](const httplib::Request& req, httplib::Response& res) {
             std::string name = req.matches[1];
             if (name.empty()) name = "index.html";
             for (const WebAsset& asset : WebAssets()) {
               if (asset.name != name) continue;
               res.set_content(std::string(asset.content),
                               std::string(WebContentType(name)).c_str());
               return;
             }
             res.status = 404;
           });
  // Any other method, on any path: the server only reads.
  const auto refuse = [](const httplib::Request& req, httplib::Response& res) {
    Send(ErrorResponse(405, "method",
                       "method " + Printable(req.method, 20) +
                           " is not allowed here (GET, or POST for "
                           "/api/search and /api/batch)"),
         res);
  };
  http.Post(".*", refuse);
  http.Put(".*", refuse);
  http.Patch(".*", refuse);
  http.Delete(".*", refuse);
}

void Server::Impl::Log(const httplib::Request& req,
                       const httplib::Response& res) {
  std::string elapsed = "-";
  if (request_start) {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.1fms",
                  std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - *request_start)
                      .count());
    elapsed = ms;
    request_start.reset();
  }
  const std::string line =
      OrDash(req.remote_addr, 100) + " \"" + OrDash(req.method, 20) + " " +
      OrDash(req.target, 2000) + "\" " + std::to_string(res.status) + " " +
      std::to_string(res.body.size()) + " " + elapsed;
  std::lock_guard lock(log_mutex);
  log << line << '\n' << std::flush;
}

Server::Server(const ServeOptions& options, std::ostream& log)
    : impl_(std::make_unique<Impl>(options, log)) {
  httplib::Server& http = impl_->http;
  const unsigned threads = options.max_clients + kSpareThreads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // httplib's default sets SO_REUSEPORT, with which a second server on the
  // same port (perhaps over another index) silently shares its requests.
  // SO_REUSEADDR alone restarts on a port in TIME_WAIT and refuses one in
  // use.
  http.set_socket_options([](socket_t sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // httplib writes a response's head and body separately: with Nagle's
  // algorithm the body waits for the client's delayed ACK, 40 ms a request.
  http.set_tcp_nodelay(true);
  http.set_keep_alive_timeout(kKeepAliveSeconds);
  http.set_payload_max_length(options.limits.max_body_bytes);
  http.set_read_timeout(10, 0);
  http.set_write_timeout(10, 0);
  http.set_default_headers({
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
  });
  http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_start = std::chrono::steady_clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_error_handler(
      [](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        const std::string message =
            res.status == 404 ? "nothing at '" + Printable(req.path, 200) + "'"
                              : "HTTP " + std::to_string(res.status);
        Send(ErrorResponse(res.status, ErrorKindForStatus(res.status), message),
             res);
      });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        Send(ErrorResponse(500, "server", "the request failed"), res);
      });
  http.set_logger(
      [this](const httplib::Request& req, const httplib::Response& res) {
        impl_->Log(req, res);
      });
  impl_->Route();
  const ListenAddress& address = options.address;
  errno = 0;
  impl_->port =
      address.port == 0
          ? http.bind_to_any_port(address.host)
          : (http.bind_to_port(address.host, address.port) ? address.port : -1);
  if (impl_->port <= 0) {
    const int error = errno;
    throw Error(ErrorKind::kUsage,
                "cannot listen on " + address.host + ":" +
                    std::to_string(address.port) +
                    (error != 0 ? std::string(": ") + std::strerror(error)
                                : std::string()));
  }
}

Server::~Server() = default;

int Server::port() const { return impl_->port; }

void Server::Run() {
  impl_->run_started = true;
  if (!impl_->stopped) impl_->http.listen_after_bind();
}

void Server::Stop() {
  impl_->stopped = true;
  // httplib's stop() does nothing until the accept loop runs: wait for it
  // if Run() has begun (a Run() not yet begun sees `stopped`).
  for (int i = 0; i < 500 && impl_->run_started; ++i) {
    if (impl_->http.is_running()) {
      impl_->http.stop();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string_view WebContentType(std::string_view name) {
  const auto ends = [&](std::string_view ext) { return name.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  return "application/octet-stream";
}

}  // namespace gazette
