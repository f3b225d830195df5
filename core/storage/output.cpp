#include "output.hpp"

#include "core/error.hpp"
#include "core/storage/database.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace yishi::storage {

namespace {

constexpr size_t k_buffer_size = 64 * 1024;

std::string cause(int error) {
  return std::strerror(error);
}

} // namespace

FdBuffer::FdBuffer(int fd) : m_fd(fd) {
  m_buffer.reserve(k_buffer_size);
}

bool FdBuffer::write_all(const char* data, size_t size) {
  while (size > 0 && m_error == 0) {
    ssize_t n = ::write(m_fd, data, size);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      m_error = errno;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return m_error == 0;
}

bool FdBuffer::drain() {
  bool ok = write_all(m_buffer.data(), m_buffer.size());
  m_buffer.clear();
  return ok;
}

FdBuffer::int_type FdBuffer::overflow(int_type ch) {
  if (m_error != 0) {
    return traits_type::eof();
  }
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    m_buffer.push_back(traits_type::to_char_type(ch));
  }
  if (m_buffer.size() >= k_buffer_size && !drain()) {
    return traits_type::eof();
  }
  return traits_type::not_eof(ch);
}

std::streamsize FdBuffer::xsputn(const char* s, std::streamsize n) {
  if (m_error != 0) {
    return 0;
  }
  m_buffer.append(s, static_cast<size_t>(n));
  if (m_buffer.size() >= k_buffer_size && !drain()) {
    return 0;
  }
  return n;
}

int FdBuffer::sync() {
  return drain() ? 0 : -1;
}

OutputFile::OutputFile(std::filesystem::path target, Privacy privacy)
    : m_target(std::move(target)), m_staging(m_target.string() + fmt::format(".partial-{}", ::getpid())),
      m_stream(nullptr) {
  std::error_code ec;
  if (std::filesystem::is_directory(m_target, ec)) {
    throw Error(_f("cannot write {}: {}", m_target.string(), cause(EISDIR)), _("name a file, not a folder"));
  }
  if (::access(folder_of(m_target).c_str(), W_OK | X_OK) != 0) {
    throw Error(_f("cannot write {}: {}", m_target.string(), cause(errno)));
  }
  ::unlink(m_staging.c_str()); // left by a killed process that had our pid
  const mode_t mode = privacy == Privacy::personal ? 0600 : 0666;
  m_fd = ::open(m_staging.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode);
  if (m_fd < 0) {
    throw Error(_f("cannot write {}: {}", m_target.string(), cause(errno)));
  }
  if (privacy == Privacy::personal && ::fchmod(m_fd, 0600) != 0) {
    int error = errno;
    ::close(m_fd);
    ::unlink(m_staging.c_str());
    throw Error(_f("cannot write {}: {}", m_target.string(), cause(error)));
  }
  m_buffer = std::make_unique<FdBuffer>(m_fd);
  m_stream.rdbuf(m_buffer.get());
}

OutputFile::~OutputFile() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
  if (!m_committed) {
    ::unlink(m_staging.c_str());
  }
}

void OutputFile::fail(int error) const {
  throw Error(_f("cannot write {}: {}", m_target.string(), cause(error)),
              _("nothing was written there; free some space or choose another place, then run the command again"));
}

void OutputFile::commit() {
  m_stream.flush();
  if (m_buffer->error() != 0) {
    fail(m_buffer->error());
  }
  if (!m_stream) {
    fail(EIO);
  }
  if (::fsync(m_fd) != 0) {
    fail(errno);
  }
  int fd = m_fd;
  m_fd = -1;
  if (::close(fd) != 0) {
    fail(errno);
  }
  replace_file(m_staging, m_target);
  m_committed = true;
}

void write_file(const std::filesystem::path& target, Privacy privacy, const std::function<void(std::ostream&)>& write) {
  OutputFile file(target, privacy);
  write(file.stream());
  file.commit();
}

std::string stdout_failure(int error) {
  return _f("cannot write to standard output: {}", cause(error));
}

void write_stdout(std::string_view text) {
  StdoutStream out;
  out.stream() << text;
  out.finish();
}

StdoutStream::StdoutStream() : m_buffer(STDOUT_FILENO), m_stream(&m_buffer) {}

void StdoutStream::finish() {
  m_stream.flush();
  if (m_buffer.error() != 0) {
    throw Error(stdout_failure(m_buffer.error()), _("free some space or write elsewhere, then run the command again"));
  }
  // A pipe or terminal has nothing to sync; a file (yishi ... > out.json) must reach the disk whole.
  if (::fsync(STDOUT_FILENO) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP) {
    throw Error(stdout_failure(errno), _("free some space or write elsewhere, then run the command again"));
  }
}

} // namespace yishi::storage
