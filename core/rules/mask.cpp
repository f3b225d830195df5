// Personal numbers in running text. The text is read as runs of digit groups: digits (ASCII or
// full-width) with one separator between groups. A run is then taken apart, group by group from the
// left, into the numbers it holds (an ID number, a mobile, a landline); what is none of them is copied
// as it was. A number never ends inside a group, so a date's or a serial's digits stay whole.
#include "mask.hpp"

#include "core/text.hpp"

#include <array>
#include <optional>

namespace yishi {
namespace {

// The digit a code point writes ('0'..'9'), or 0.
char digit_of(char32_t cp) {
  if (cp >= U'0' && cp <= U'9') {
    return static_cast<char>(cp);
  }
  if (cp >= U'０' && cp <= U'９') {
    return static_cast<char>('0' + (cp - U'０'));
  }
  return 0;
}

bool is_separator(char32_t cp) {
  switch (cp) {
  case U' ':
  case U'\u3000':
  case U'\u00A0':
  case U'-':
  case U'－':
  case U'.':
  case U'．':
  case U'·':
  case U'・':
  case U'\u2010':
  case U'\u2011':
  case U'\u2012':
  case U'\u2013':
    return true;
  default:
    return false;
  }
}

bool is_check_letter(char32_t cp) {
  return cp == U'X' || cp == U'x' || cp == U'Ｘ' || cp == U'ｘ';
}

// A group of digits in the text: its bytes and its digits (ASCII). An ID number's X closes a group.
struct Group {
  size_t begin;
  size_t end;
  std::string digits;
  bool plus = false;  // written right after '+' (a country code)
  bool paren = false; // written in parentheses (an area code)
};

// The run of groups starting at the digit (or '+', '(') at `at`, and where the run ends.
std::vector<Group> read_run(std::string_view text, size_t at, size_t& run_end) {
  std::vector<Group> groups;
  size_t i = at;
  while (i < text.size()) {
    size_t len = 0;
    Group g{i, i, {}};
    size_t start = i;
    char32_t cp = char_at(text, i, len);
    if ((cp == U'+' || cp == U'＋') && groups.empty()) {
      g.plus = true;
      i += len;
    } else if ((cp == U'(' || cp == U'（') && groups.empty()) {
      g.paren = true;
      i += len;
    }
    while (i < text.size()) {
      char32_t d = char_at(text, i, len);
      if (char c = digit_of(d); c != 0) {
        g.digits += c;
        i += len;
      } else if (is_check_letter(d) && (g.digits.size() == 17 || g.digits.size() == 4 || g.digits.size() == 3)) {
        g.digits += 'X'; // only an ID number's last group ends in X; read_run's caller checks
        i += len;
        break;
      } else {
        break;
      }
    }
    if (g.digits.empty()) {
      i = start;
      break;
    }
    g.begin = start;
    g.end = i;
    if (g.paren) {
      char32_t close = i < text.size() ? char_at(text, i, len) : 0;
      if (close != U')' && close != U'）') {
        // An opening parenthesis without its close is not an area code: the run starts after it.
        g.paren = false;
        g.begin = start + (text[start] == '(' ? 1 : 3);
      } else {
        i += len;
        g.end = i;
      }
    }
    groups.push_back(g);
    run_end = g.end;
    if (g.digits.back() == 'X') {
      break;
    }
    // One separator (or none, after a closing parenthesis) and then a digit continue the run.
    size_t next = i;
    if (next < text.size()) {
      char32_t s = char_at(text, next, len);
      if (is_separator(s)) {
        next += len;
      } else if (!g.paren) {
        break;
      }
    }
    if (next >= text.size() || digit_of(char_at(text, next, len)) == 0) {
      break;
    }
    i = next;
  }
  if (groups.empty()) {
    run_end = at;
  }
  return groups;
}

bool is_mobile_digits(std::string_view d) {
  return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

bool is_id_digits(std::string_view d) {
  if (d.size() == 18) {
    return d[0] >= '1' && d[0] <= '8' && d.substr(0, 17).find('X') == std::string_view::npos;
  }
  return d.size() == 15 && d[0] >= '1' && d[0] <= '8' && d.find('X') == std::string_view::npos;
}

// The length of the area code of a landline's digits (010, 02x: 3; else 4).
size_t area_length(std::string_view d) {
  return d.size() > 1 && (d[1] == '1' || d[1] == '2') ? 3 : 4;
}

bool is_landline_digits(std::string_view d) {
  if (d.size() < 10 || d.size() > 12 || d[0] != '0' || d[1] == '0') {
    return false;
  }
  size_t local = d.size() - area_length(d);
  return (local == 7 || local == 8) && d[area_length(d)] != '0' && d[area_length(d)] != '1';
}

std::string stars(size_t n) {
  return std::string(n, '*');
}

enum class Kind { id, mobile, landline, local };

std::string mask_of(Kind kind, std::string_view d) {
  switch (kind) {
  case Kind::id:
    return std::string(d.substr(0, 6)) + stars(d.size() - 6 - (d.size() == 18 ? 4 : 3)) +
           std::string(d.substr(d.size() - (d.size() == 18 ? 4 : 3)));
  case Kind::mobile:
    return std::string(d.substr(0, 3)) + "****" + std::string(d.substr(7));
  case Kind::landline: { // the area code and the local number's last 3 or 4 digits: 4 digits hidden
    size_t area = area_length(d);
    return std::string(d.substr(0, area)) + "-" + stars(4) + std::string(d.substr(area + 4));
  }
  case Kind::local:
    return stars(4) + std::string(d.substr(4));
  }
  return {};
}

struct Found {
  size_t groups; // how many groups of the run the number takes
  Kind kind;
  std::string digits; // without a country prefix
};

// The number that the groups from `first` on begin with, taking whole groups only. Groups of a
// number written in parts must look like it: an ID number's first part has 6 digits, a mobile's 3
// or 7 (138 1234 5678, 1381234 5678), a landline's area code 3 or 4.
std::optional<Found> number_at(const std::vector<Group>& groups, size_t first, bool after_phone_word) {
  std::optional<Found> best;
  std::string digits;
  for (size_t n = 1; first + n <= groups.size() && digits.size() < 22; ++n) {
    const Group& g = groups[first + n - 1];
    if (n > 1 && (g.plus || g.paren)) {
      break;
    }
    digits += g.digits;
    const std::string& head = groups[first].digits;
    bool one = n == 1;
    if (digits.find('X') != std::string::npos && digits.back() != 'X') {
      break;
    }
    // A country prefix: +86, 86 or 0086, alone or glued to the number.
    std::string rest = digits;
    size_t prefix_length = 0;
    for (std::string_view prefix : {"0086", "86"}) {
      if (rest.size() == 11 + prefix.size() && rest.compare(0, prefix.size(), prefix) == 0 &&
          is_mobile_digits(std::string_view(rest).substr(prefix.size()))) {
        rest = rest.substr(prefix.size());
        prefix_length = prefix.size();
        break;
      }
    }
    const bool prefixed = prefix_length > 0;
    // The number's first group, for its shape: the group after a prefix written alone, or the first
    // group less a prefix glued to it.
    size_t lead = prefixed && head.size() == prefix_length ? 1 : 0;
    size_t number_head =
        lead == 1 ? (first + 1 < groups.size() ? groups[first + 1].digits.size() : 0) : head.size() - prefix_length;
    size_t parts = n - lead;
    if (is_id_digits(rest) && !prefixed && (one || head.size() == 6)) {
      best = Found{n, Kind::id, rest};
    } else if (is_mobile_digits(rest) && (parts == 1 || number_head == 3 || number_head == 7)) {
      best = Found{n, Kind::mobile, rest};
    } else if (!prefixed && is_landline_digits(rest) &&
               (one || head.size() == area_length(rest) || (groups[first].paren && head.size() >= 3))) {
      best = Found{n, Kind::landline, rest};
    } else if (!prefixed && after_phone_word && (rest.size() == 7 || rest.size() == 8) && rest[0] != '0' &&
               (one || head.size() == 4 || head.size() == 3)) {
      best = Found{n, Kind::local, rest};
    }
  }
  return best;
}

// Whether the text just before `at` names a phone (电话, 手机, 座机, 联系方式, TEL…), so that a bare
// local number after it is one.
bool after_phone_word(std::string_view text, size_t at) {
  size_t end = at;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == ':')) {
    --end;
  }
  std::string_view before = text.substr(0, end);
  for (std::string_view colon : {"：", "\u3000"}) {
    if (before.size() >= colon.size() && before.substr(before.size() - colon.size()) == colon) {
      before.remove_suffix(colon.size());
    }
  }
  static constexpr std::array<std::string_view, 11> words = {"电话", "手机", "座机",     "联系方式", "号码", "tel",
                                                             "Tel",  "TEL",  "电话号码", "联系电话", "Phone"};
  for (auto w : words) {
    if (before.size() >= w.size() && before.substr(before.size() - w.size()) == w) {
      return true;
    }
  }
  return false;
}

std::string digits_of(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t len = 0;
    if (char c = digit_of(char_at(text, i, len)); c != 0) {
      out += c;
    }
    i += len;
  }
  return out;
}

bool is_digit_at(std::string_view text, size_t at) {
  size_t len = 0;
  return at < text.size() && digit_of(char_at(text, at, len)) != 0;
}

// The whole text as one number of the kinds given, or nothing.
std::optional<Found> whole_number(std::string_view text) {
  size_t end = 0;
  size_t start = 0;
  while (start < text.size() && text[start] == ' ') {
    ++start;
  }
  auto groups = read_run(text, start, end);
  size_t tail = end;
  while (tail < text.size() && text[tail] == ' ') {
    ++tail;
  }
  if (groups.empty() || tail != text.size()) {
    return std::nullopt;
  }
  auto found = number_at(groups, 0, true);
  if (!found || found->groups != groups.size()) {
    return std::nullopt;
  }
  return found;
}

} // namespace

std::string mask_personal(std::string_view text, const std::vector<std::string>& public_numbers) {
  std::vector<std::string> open;
  for (const auto& n : public_numbers) {
    if (std::string d = digits_of(n); d.size() >= 5) {
      open.push_back(d);
    }
  }
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t len = 0;
    char32_t cp = char_at(text, i, len);
    bool starts =
        digit_of(cp) != 0 || ((cp == U'+' || cp == U'＋' || cp == U'(' || cp == U'（') && is_digit_at(text, i + len));
    if (!starts) {
      out.append(text.substr(i, len));
      i += len;
      continue;
    }
    size_t run_end = i;
    std::vector<Group> groups = read_run(text, i, run_end);
    if (groups.empty()) {
      out.append(text.substr(i, len));
      i += len;
      continue;
    }
    const bool phone_word = after_phone_word(text, i);
    size_t copied = groups.front().begin;
    out.append(text.substr(i, copied - i));
    for (size_t g = 0; g < groups.size();) {
      auto found = number_at(groups, g, phone_word && g == 0);
      if (found) {
        bool is_public = false;
        for (const auto& d : open) {
          is_public = is_public || d == found->digits;
        }
        size_t end = groups[g + found->groups - 1].end;
        if (!is_public) {
          out.append(text.substr(copied, groups[g].begin - copied));
          out += mask_of(found->kind, found->digits);
          copied = end;
        }
        g += found->groups;
      } else {
        ++g;
      }
    }
    out.append(text.substr(copied, run_end - copied));
    i = run_end;
  }
  return out;
}

std::string mask_phone(std::string_view phone) {
  if (auto found = whole_number(phone); found && found->kind != Kind::id) {
    return mask_of(found->kind, found->digits);
  }
  std::string digits = digits_of(phone);
  if (digits.size() <= 7) {
    return stars(digits.size());
  }
  return digits.substr(0, 3) + stars(digits.size() - 7) + digits.substr(digits.size() - 4);
}

std::string mask_id_number(std::string_view id_number) {
  if (auto found = whole_number(id_number); found && found->kind == Kind::id) {
    return mask_of(Kind::id, found->digits);
  }
  if (id_number.size() <= 10) {
    return stars(id_number.size());
  }
  return std::string(id_number.substr(0, 6)) + stars(id_number.size() - 10) +
         std::string(id_number.substr(id_number.size() - 4));
}

bool is_mobile_phone(std::string_view text) {
  auto found = whole_number(text);
  return found && found->kind == Kind::mobile;
}

bool is_phone_number(std::string_view text) {
  auto found = whole_number(text);
  return found && found->kind != Kind::id;
}

bool is_id_number(std::string_view text) {
  auto found = whole_number(text);
  return found && found->kind == Kind::id;
}

} // namespace yishi
