#include "encoding.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iconv.h>
#include <sstream>

namespace yishi {

std::string canonical_encoding(std::string_view name_in) {
  std::string name(name_in);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name == "utf-8" || name == "utf8") {
    return "utf-8";
  }
  if (name == "gbk" || name == "gb2312" || name == "gb18030" || name == "cp936") {
    return "gb18030";
  }
  throw UsageError(_f("encoding '{}' is not known", name_in), _("use one of: utf-8, gbk, gb18030"));
}

std::string detect_encoding(std::string_view head) {
  // A multi-byte character may be cut by the end of the sample: drop up to three trailing bytes
  // of an unfinished sequence before checking.
  std::size_t end = head.size();
  for (std::size_t back = 1; back <= 3 && back <= head.size(); ++back) {
    auto c = static_cast<unsigned char>(head[head.size() - back]);
    if ((c & 0xC0) == 0xC0) { // a lead byte: the sequence starting here may be cut
      end = head.size() - back;
      break;
    }
    if ((c & 0xC0) != 0x80) {
      break;
    }
  }
  if (is_valid_utf8(head.substr(0, end))) {
    return "utf-8";
  }
  // Not UTF-8: GB18030 if it reads as such; otherwise a UTF-8 file with some bad bytes, which the
  // import then names row by row.
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return "utf-8";
  }
  std::string in(head);
  std::string out(in.size() * 2 + 16, '\0');
  char* ip = in.data();
  std::size_t il = in.size();
  char* op = out.data();
  std::size_t ol = out.size();
  std::size_t r = iconv(cd, &ip, &il, &op, &ol);
  bool gb = r != static_cast<std::size_t>(-1) || errno == EINVAL; // EINVAL: a character cut at the end
  iconv_close(cd);
  return gb ? "gb18030" : "utf-8";
}

namespace {
constexpr std::size_t chunk = 1 << 16;

iconv_t open_gb18030() {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw Error(_("this system cannot convert GB18030 text (iconv has no GB18030)"));
  }
  return cd;
}

[[noreturn]] void not_gb18030(const std::string& name, long line) {
  throw DataError(_f("{}:{}: the bytes here are not GBK/GB18030 text", name, line),
                  _("give the file's encoding with --encoding (utf-8 or gbk), or save it again as UTF-8"));
}
} // namespace

Gb18030Reader::Gb18030Reader(std::streambuf* source, std::string name)
    : m_source(source), m_name(std::move(name)), m_cd(open_gb18030()), m_in(chunk), m_out(chunk * 2) {}

Gb18030Reader::~Gb18030Reader() {
  iconv_close(static_cast<iconv_t>(m_cd));
}

Gb18030Reader::int_type Gb18030Reader::underflow() {
  if (gptr() < egptr()) {
    return traits_type::to_int_type(*gptr());
  }
  while (true) {
    if (!m_eof && m_in_used < m_in.size()) {
      auto got = m_source->sgetn(m_in.data() + m_in_used, static_cast<std::streamsize>(m_in.size() - m_in_used));
      if (got <= 0) {
        m_eof = true;
      }
      m_in_used += static_cast<std::size_t>(std::max<std::streamsize>(got, 0));
    }
    if (m_in_used == 0) {
      return traits_type::eof();
    }
    char* in = m_in.data();
    std::size_t in_left = m_in_used;
    char* out = m_out.data();
    std::size_t out_left = m_out.size();
    std::size_t r = iconv(static_cast<iconv_t>(m_cd), &in, &in_left, &out, &out_left);
    int err = r == static_cast<std::size_t>(-1) ? errno : 0;
    std::size_t produced = m_out.size() - out_left;
    m_line += std::count(m_out.data(), m_out.data() + produced, '\n');
    std::memmove(m_in.data(), in, in_left);
    m_in_used = in_left;
    if (err == EILSEQ || (err == EINVAL && m_eof && produced == 0)) {
      // The line of the bad bytes: the lines converted so far, plus any line breaks before them
      // in this chunk were counted above.
      not_gb18030(m_name, m_line);
    }
    if (produced > 0) {
      setg(m_out.data(), m_out.data(), m_out.data() + produced);
      return traits_type::to_int_type(*gptr());
    }
    if (m_eof && m_in_used == 0) {
      return traits_type::eof();
    }
  }
}

std::string gb18030_to_utf8(std::string_view text, const std::string& name) {
  std::istringstream in{std::string(text)};
  Gb18030Reader reader(in.rdbuf(), name);
  std::string out;
  std::vector<char> buffer(chunk);
  // sgetn on the reader itself: an istream would swallow the reader's DataError into badbit.
  while (auto got = reader.sgetn(buffer.data(), static_cast<std::streamsize>(buffer.size()))) {
    out.append(buffer.data(), static_cast<std::size_t>(got));
  }
  return out;
}

} // namespace yishi
