#include "text.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

namespace yishi {

namespace {

// One character of UTF-8 at `s` (n > 0 bytes left): its length, or 0 when the bytes start no valid
// character. The rules are utf8proc_iterate's (no overlong forms, no surrogates, nothing past
// U+10FFFF), decoded here so that the scanners of every imported field need no call a character.
size_t decode_utf8(const unsigned char* s, size_t n, char32_t& cp) {
  const unsigned c = s[0];
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  auto follows = [&](size_t i) { return i < n && (s[i] & 0xC0) == 0x80; };
  if (c < 0xC2 || c > 0xF4) {
    return 0;
  }
  if (c < 0xE0) {
    if (!follows(1)) {
      return 0;
    }
    cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  }
  if (c < 0xF0) {
    if (!follows(1) || !follows(2) || (c == 0xED && s[1] > 0x9F) || (c == 0xE0 && s[1] < 0xA0)) {
      return 0;
    }
    cp = ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return 3;
  }
  if (!follows(1) || !follows(2) || !follows(3) || (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F)) {
    return 0;
  }
  cp = ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  return 4;
}

} // namespace

char32_t char_at(std::string_view text, size_t at, size_t& length) {
  char32_t cp = 0;
  length = decode_utf8(reinterpret_cast<const unsigned char*>(text.data()) + at, text.size() - at, cp);
  if (length == 0) {
    length = 1;
    return U'\uFFFD';
  }
  return cp;
}

size_t count_chars(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) {
    n += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

namespace {

// Calls fn(codepoint, byte_offset, byte_length) for each character; invalid bytes count
// as one replacement character of width 1.
template <typename Fn> void each_char(std::string_view text, Fn&& fn) {
  size_t at = 0;
  while (at < text.size()) {
    size_t n = 0;
    auto cp = static_cast<utf8proc_int32_t>(char_at(text, at, n));
    if (!fn(cp, at, n)) {
      return;
    }
    at += n;
  }
}

int char_width(utf8proc_int32_t cp) {
  int w = utf8proc_charwidth(cp);
  return w < 0 ? 0 : w;
}

} // namespace

bool is_space(char32_t cp) {
  switch (cp) {
  case U' ':
  case U'\t':
  case U'\r':
  case U'\n':
  case U'\v':
  case U'\f':
  case U'\u0085':
  case U'\u00A0':
  case U'\u1680':
  case U'\u2028':
  case U'\u2029':
  case U'\u202F':
  case U'\u205F':
  case U'\u3000':
  case U'\uFEFF':
  case U'\u200B':
    return true;
  default:
    return cp >= U'\u2000' && cp <= U'\u200A';
  }
}

std::string trim(std::string_view text) {
  // Forward to the first character that is no space, then back from the end: a byte that is not a
  // continuation byte always starts a character, so the last one is found without reading the rest.
  size_t first = 0;
  while (first < text.size()) {
    size_t n = 0;
    if (!is_space(char_at(text, first, n))) {
      break;
    }
    first += n;
  }
  size_t last = text.size();
  while (last > first) {
    size_t start = last - 1;
    while (start > first && last - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
      --start;
    }
    size_t n = 0;
    char32_t cp = char_at(text, start, n);
    if (start + n != last) {
      break; // the last byte is a stray continuation byte: no space
    }
    if (!is_space(cp)) {
      break;
    }
    last = start;
  }
  return std::string(text.substr(first, last - first));
}

bool is_control(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

std::optional<ControlChar> find_control(std::string_view text, bool line_breaks) {
  std::optional<ControlChar> found;
  size_t index = 0;
  each_char(text, [&](utf8proc_int32_t cp, size_t, size_t) {
    ++index;
    auto c = static_cast<char32_t>(cp);
    bool allowed = line_breaks && (c == U'\n' || c == U'\t' || c == U'\r');
    if (is_control(c) && !allowed) {
      found = ControlChar{c, index};
      return false;
    }
    return true;
  });
  return found;
}

std::string escape_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  each_char(text, [&](utf8proc_int32_t cp, size_t at, size_t n) {
    auto c = static_cast<char32_t>(cp);
    if (c != U'\n' && c != U'\t' && is_control(c)) {
      out += c < 0x100 ? fmt::format("\\x{:02x}", static_cast<unsigned>(c))
                       : fmt::format("<U+{:04X}>", static_cast<unsigned>(c));
    } else {
      out.append(text.substr(at, n));
    }
    return true;
  });
  return out;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    auto end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

std::vector<std::string> split_list(std::string_view text) {
  std::string normal;
  for (size_t i = 0; i < text.size();) {
    if (text.substr(i, 3) == "，" || text.substr(i, 3) == "、") {
      normal += ',';
      i += 3;
    } else {
      normal += text[i++];
    }
  }
  std::vector<std::string> parts;
  for (const auto& piece : split(normal, ',')) {
    if (auto t = trim(piece); !t.empty()) {
      parts.push_back(std::move(t));
    }
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      out += separator;
    }
    out += parts[i];
  }
  return out;
}

TypedText check_typed_text(std::string_view value, size_t max_chars, bool long_text) {
  if (!is_valid_utf8(value)) {
    return {TypedText::Fault::not_text};
  }
  if (auto c = find_control(value, long_text)) {
    return {TypedText::Fault::control, *c};
  }
  if (count_chars(value) > max_chars) {
    return {TypedText::Fault::too_long};
  }
  return {};
}

bool is_valid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t at = 0;
  while (at < text.size()) {
    char32_t cp = 0;
    size_t n = decode_utf8(bytes + at, text.size() - at, cp);
    if (n == 0) {
      return false;
    }
    at += n;
  }
  return true;
}

TextScan scan_text(std::string_view text, bool line_breaks) {
  TextScan out;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t index = 0; // characters so far
  size_t first_index = 0;
  bool any = false;
  for (size_t at = 0; at < text.size();) {
    char32_t c = 0;
    size_t n = decode_utf8(bytes + at, text.size() - at, c);
    if (n == 0) {
      out.valid = false;
      return out;
    }
    ++index;
    if (!out.control && is_control(c) && !(line_breaks && (c == U'\n' || c == U'\t' || c == U'\r'))) {
      out.control = ControlChar{c, index};
    }
    if (!is_space(c)) {
      if (!any) {
        any = true;
        out.first = at;
        first_index = index;
      }
      out.last = at + n;
      out.chars = index - first_index + 1;
    }
    at += n;
  }
  return out;
}

int display_width(std::string_view text) {
  int width = 0;
  each_char(text, [&](utf8proc_int32_t cp, size_t, size_t) {
    width += char_width(cp);
    return true;
  });
  return width;
}

std::string fit_width(std::string_view text, int width) {
  if (display_width(text) <= width) {
    return std::string(text);
  }
  std::string out;
  int used = 0;
  const int room = width - 1; // one column for the ellipsis
  each_char(text, [&](utf8proc_int32_t cp, size_t at, size_t n) {
    int w = char_width(cp);
    if (used + w > room) {
      return false;
    }
    out.append(text.substr(at, n));
    used += w;
    return true;
  });
  return out + "…";
}

std::string format_share(long part, long whole) {
  if (whole == 0) {
    return "-";
  }
  return fmt::format("{}/{} ({:.0f}%)", part, whole, 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string pad_width(std::string_view text, int width) {
  std::string out(text);
  int w = display_width(text);
  if (w < width) {
    out.append(static_cast<size_t>(width - w), ' ');
  }
  return out;
}

std::string centre_width(std::string_view text, int width) {
  int w = display_width(text);
  if (w >= width) {
    return std::string(text);
  }
  return std::string(static_cast<size_t>((width - w) / 2), ' ') + std::string(text);
}

namespace {
constexpr std::string_view k_end_marks[] = {"。", "！", "？", "；", "，", "、", ".", ";", ","};
}

std::string without_end_mark(std::string_view text) {
  std::string out = trim(text);
  for (bool cut = true; cut;) {
    cut = false;
    for (std::string_view end : k_end_marks) {
      if (out.size() >= end.size() && out.compare(out.size() - end.size(), end.size(), end) == 0) {
        out.resize(out.size() - end.size());
        cut = true;
      }
    }
  }
  return out;
}

std::string as_sentence(std::string_view text) {
  std::string out = trim(text);
  if (out.empty()) {
    return out;
  }
  for (std::string_view end : {"。", "！", "？", "；", "."}) {
    if (out.size() >= end.size() && out.compare(out.size() - end.size(), end.size(), end) == 0) {
      return out;
    }
  }
  return without_end_mark(out) + "。";
}

} // namespace yishi
