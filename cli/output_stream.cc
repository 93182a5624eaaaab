#include "cli/output_stream.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "gazette/error.h"

namespace gazette {

FdOutputBuffer::FdOutputBuffer(int fd) : fd_(fd) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

FdOutputBuffer::~FdOutputBuffer() { Drain(); }

bool FdOutputBuffer::reader_gone() const { return error_ == EPIPE; }

void FdOutputBuffer::ThrowIfFailed() const {
  if (error_ == 0 || error_ == EPIPE) return;
  throw Error(ErrorKind::kOutput, "cannot write to standard output: " +
                                      std::string(std::strerror(error_)));
}

bool FdOutputBuffer::Drain() {
  if (error_ != 0) {
    // Once a write failed, later output is dropped rather than retried:
    // the stream is already marked bad for the caller to see.
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return false;
  }
  const char* p = pbase();
  while (p < pptr()) {
    const ssize_t n = write(fd_, p, static_cast<size_t>(pptr() - p));
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      break;
    }
    p += n;
  }
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return error_ == 0;
}

FdOutputBuffer::int_type FdOutputBuffer::overflow(int_type c) {
  if (!Drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

std::streamsize FdOutputBuffer::xsputn(const char* s, std::streamsize n) {
  std::streamsize done = 0;
  while (done < n) {
    if (pptr() == epptr() && !Drain()) return done;
    const std::streamsize room = epptr() - pptr();
    const std::streamsize chunk = std::min(room, n - done);
    std::memcpy(pptr(), s + done, static_cast<size_t>(chunk));
    pbump(static_cast<int>(chunk));
    done += chunk;
  }
  return done;
}

int FdOutputBuffer::sync() { return Drain() ? 0 : -1; }

// The base is given the buffer before the buffer is constructed: it only
// keeps the pointer until the first write.
FdOutputStream::FdOutputStream(int fd) : std::ostream(&buffer_), buffer_(fd) {}

void FdOutputStream::ThrowIfFailed() {
  flush();
  buffer_.ThrowIfFailed();
}

}  // namespace gazette
