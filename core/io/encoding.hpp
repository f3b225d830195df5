#pragma once

#include <iosfwd>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace yishi {

/// The encodings an import reads: UTF-8, and GB18030 (which contains GBK and GB2312, what Excel and
/// WPS write on a Chinese Windows). Names as people type them: utf-8, utf8, gbk, gb2312, gb18030, cp936.
/// Anything else is a UsageError.
std::string canonical_encoding(std::string_view name);

/// UTF-8 when the opening bytes are valid UTF-8 (a character cut at the end of `head` is allowed);
/// else GB18030 when they read as GB18030; else UTF-8 (a UTF-8 file with some bad bytes).
std::string detect_encoding(std::string_view head);

/// Reads GB18030 from `source` and gives UTF-8. A byte sequence that is not GB18030 throws a
/// DataError naming `name` and the line it is on.
class Gb18030Reader : public std::streambuf {
public:
  Gb18030Reader(std::streambuf* source, std::string name);
  ~Gb18030Reader() override;
  Gb18030Reader(const Gb18030Reader&) = delete;
  Gb18030Reader& operator=(const Gb18030Reader&) = delete;

protected:
  int_type underflow() override;

private:
  std::streambuf* m_source;
  std::string m_name;
  void* m_cd;
  std::vector<char> m_in;
  std::size_t m_in_used = 0;
  std::vector<char> m_out;
  long m_line = 1;
  bool m_eof = false;
};

/// Converts a whole GB18030 text to UTF-8 (for formats read whole, such as TOML).
std::string gb18030_to_utf8(std::string_view text, const std::string& name);

} // namespace yishi
