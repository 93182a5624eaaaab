// Standard output for results: a stream buffer over a file descriptor that
// remembers why a write failed, so a closed pipe (the reader's choice, as
// in `searcher ... | head -1`) can end the program quietly while a full
// disk is reported.
#ifndef GAZETTE_CLI_OUTPUT_STREAM_H_
#define GAZETTE_CLI_OUTPUT_STREAM_H_

#include <array>
#include <ostream>
#include <streambuf>

namespace gazette {

class FdOutputBuffer : public std::streambuf {
 public:
  // Does not take ownership of fd. SIGPIPE must be ignored for a closed
  // pipe to show up as a failed write rather than kill the process.
  explicit FdOutputBuffer(int fd);
  ~FdOutputBuffer() override;
  FdOutputBuffer(const FdOutputBuffer&) = delete;
  FdOutputBuffer& operator=(const FdOutputBuffer&) = delete;

  // True once a write failed because nobody reads the other end any more.
  bool reader_gone() const;
  // Throws Error(kOutput) naming the failure if a write failed for any
  // other reason; a closed pipe is not an error.
  void ThrowIfFailed() const;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  // Writes out the buffer; false (with error_ set) if that failed.
  bool Drain();

  int fd_;
  int error_ = 0;  // errno of the first failed write
  std::array<char, 1 << 16> buffer_;
};

// A std::ostream over its own FdOutputBuffer: the programs' standard
// output.
class FdOutputStream : public std::ostream {
 public:
  explicit FdOutputStream(int fd);
  FdOutputStream(const FdOutputStream&) = delete;
  FdOutputStream& operator=(const FdOutputStream&) = delete;

  bool reader_gone() const { return buffer_.reader_gone(); }
  // Flushes, then throws as FdOutputBuffer::ThrowIfFailed does.
  void ThrowIfFailed();

 private:
  FdOutputBuffer buffer_;
};

}  // namespace gazette

#endif  // GAZETTE_CLI_OUTPUT_STREAM_H_
