#include "common/index/shard_stub.h"

#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/base/printable.h"
#include "gazette/error.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;

// The bytes a single-file glass database starts with (its version file's
// magic); no stub starts with them.
constexpr char kSingleFileMagic = '\x0f';

Error BadLine(const std::string& file, size_t line, const std::string& why) {
  return Error(ErrorKind::kIndexCorrupt, "stub '" + Printable(file, 200) +
                                             "', line " + std::to_string(line) +
                                             ": " + why);
}

// "HOST:PORT" or "[IPv6]:PORT".
bool ParseTcp(std::string_view target, StubEntry& entry) {
  const size_t colon = target.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view host = target.substr(0, colon);
  const std::string_view port = target.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] =
      std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value == 0 ||
      value > 65535)
    return false;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  entry.kind = StubEntry::Kind::kTcp;
  entry.host = std::string(host);
  entry.port = value;
  return true;
}

void SyncFd(int fd, const std::string& what) {
  if (fsync(fd) != 0) {
    const int e = errno;
    close(fd);
    throw Error(ErrorKind::kIndexWrite,
                "cannot write '" + what + "' to disk: " + std::strerror(e));
  }
  close(fd);
}

}  // namespace

std::optional<std::string> StubFileOf(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    const std::string stub = (fs::path(path) / kStubName).string();
    if (fs::is_regular_file(stub, ec)) return stub;
    return std::nullopt;
  }
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  char first = 0;
  if (in.get(first) && first == kSingleFileMagic) return std::nullopt;
  return path;
}

std::vector<StubEntry> ReadStub(const std::string& stub_file) {
  std::ifstream in(stub_file);
  if (!in) {
    throw Error(ErrorKind::kIndexMissing, "cannot read stub '" +
                                              Printable(stub_file, 200) +
                                              "': " + std::strerror(errno));
  }
  const fs::path base = fs::path(stub_file).parent_path();
  std::vector<StubEntry> entries;
  size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    StubEntry entry;
    entry.name = line;
    const size_t space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string rest =
        space == std::string::npos ? "" : line.substr(space + 1);
    if ((type == "auto" || type == "glass" || type == "chert") &&
        !rest.empty()) {
      const fs::path p(rest);
      entry.path = p.is_absolute() ? rest : (base / p).string();
    } else if (type == "remote" && !rest.empty() && rest[0] == ':') {
      const size_t args = rest.find(' ');
      entry.kind = StubEntry::Kind::kProgram;
      entry.program = rest.substr(
          1, args == std::string::npos ? std::string::npos : args - 1);
      if (args != std::string::npos) entry.args = rest.substr(args + 1);
      if (entry.program.empty())
        throw BadLine(stub_file, number, "no program after 'remote :'");
    } else if (type == "remote") {
      if (!ParseTcp(rest, entry)) {
        throw BadLine(stub_file, number,
                      "expected 'remote HOST:PORT' or 'remote :PROGRAM ARGS'");
      }
    } else {
      // Xapian does not quote the line either: it might be a secret.
      throw BadLine(stub_file, number,
                    "expected 'auto PATH', 'remote HOST:PORT' or "
                    "'remote :PROGRAM ARGS'");
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string ShardDirName(size_t i) { return "shard-" + std::to_string(i); }

std::optional<size_t> IndexShardCount(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return std::nullopt;
  const std::string stub = (fs::path(path) / kStubName).string();
  if (!fs::is_regular_file(stub, ec)) return std::nullopt;
  const std::vector<StubEntry> entries = ReadStub(stub);
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].name != "auto " + ShardDirName(i)) {
      throw Error(ErrorKind::kIndexCorrupt,
                  "'" + Printable(stub, 200) + "' lists '" +
                      Printable(entries[i].name, 200) + "' where 'auto " +
                      ShardDirName(i) +
                      "' was expected: the indexer writes only the shards "
                      "it made (edit a copy of the stub to search others)");
    }
  }
  if (entries.empty()) {
    throw Error(ErrorKind::kIndexCorrupt,
                "'" + Printable(stub, 200) + "' lists no shards");
  }
  return entries.size();
}

void WriteShardStub(const std::string& dir, size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) text += "auto " + ShardDirName(i) + "\n";
  const std::string stub = (fs::path(dir) / kStubName).string();
  const std::string temp = stub + ".new";
  const int fd =
      open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write(fd, text.data(), text.size()) !=
                    static_cast<ssize_t>(text.size())) {
    const int e = errno;
    if (fd >= 0) close(fd);
    throw Error(ErrorKind::kIndexWrite,
                "cannot write '" + temp + "': " + std::strerror(e));
  }
  SyncFd(fd, temp);
  if (rename(temp.c_str(), stub.c_str()) != 0) {
    throw Error(ErrorKind::kIndexWrite,
                "cannot write '" + stub + "': " + std::strerror(errno));
  }
  const int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) {
    throw Error(ErrorKind::kIndexWrite,
                "cannot write '" + dir + "' to disk: " + std::strerror(errno));
  }
  SyncFd(dir_fd, dir);
}

size_t ShardOf(std::string_view id, size_t count) {
  if (count <= 1) return 0;
  return static_cast<size_t>(XXH3_64bits(id.data(), id.size()) % count);
}

}  // namespace gazette
