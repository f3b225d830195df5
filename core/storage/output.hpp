#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace yishi::storage {

/// Who may read a file yishi writes. A file with phones or ID numbers whole (a private export, a
/// rejects file) is `personal`: mode 0600 whatever the umask, as the database and its backups are.
enum class Privacy { shared, personal };

/// A stream buffer over a file descriptor that keeps the first write error (errno) instead of
/// dropping bytes: `error()` tells whether every byte reached the descriptor.
class FdBuffer final : public std::streambuf {
public:
  explicit FdBuffer(int fd);
  ~FdBuffer() override = default;
  FdBuffer(const FdBuffer&) = delete;
  FdBuffer& operator=(const FdBuffer&) = delete;
  /// 0 while every write succeeded, else the errno of the first that failed.
  int error() const { return m_error; }

protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

private:
  bool drain();
  bool write_all(const char* data, size_t size);
  int m_fd;
  int m_error = 0;
  std::string m_buffer;
};

/// A file made whole or not at all: written at NAME.partial-PID beside `target`, then synced,
/// closed and renamed over `target` by commit(). Every write, the sync and the close are checked; a
/// failure throws Error "cannot write TARGET: CAUSE" (No space left on device, say). Destroyed
/// without commit(), it removes what it wrote and leaves `target` as it was.
class OutputFile {
public:
  OutputFile(std::filesystem::path target, Privacy privacy);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream() { return m_stream; }
  const std::filesystem::path& target() const { return m_target; }
  /// Puts the finished file in its place; after it the file at `target` is whole and on disk.
  void commit();

private:
  [[noreturn]] void fail(int error) const;
  std::filesystem::path m_target;
  std::filesystem::path m_staging;
  int m_fd = -1;
  std::unique_ptr<FdBuffer> m_buffer;
  std::ostream m_stream;
  bool m_committed = false;
};

/// Writes a file through `write`, whole or not at all (an OutputFile).
void write_file(const std::filesystem::path& target, Privacy privacy, const std::function<void(std::ostream&)>& write);

/// Writes `text` to standard output, every byte, or throws Error naming the cause.
void write_stdout(std::string_view text);

/// Standard output as a checked stream, for output too large to hold (a county's export): write to
/// `stream()`, then finish(), which throws Error when a byte did not get out.
class StdoutStream {
public:
  StdoutStream();
  std::ostream& stream() { return m_stream; }
  void finish();

private:
  FdBuffer m_buffer;
  std::ostream m_stream;
};

/// The message for a failed write to standard output.
std::string stdout_failure(int error);

} // namespace yishi::storage
