#include "mask.hpp"

#include <optional>

namespace yishi {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct Match {
  size_t length;    // bytes of the source text taken
  std::string mask; // what replaces them
};

// An ID number starting at `at`: 17 digits and a digit or X, or 15 digits; not part of a
// longer run of digits or letters.
std::optional<Match> match_id(std::string_view text, size_t at) {
  size_t n = 0;
  while (at + n < text.size() && is_digit(text[at + n])) {
    ++n;
  }
  auto ends_word = [&](size_t len) { return at + len >= text.size() || !is_word(text[at + len]); };
  if (n == 17 && at + 17 < text.size() && (text[at + 17] == 'X' || text[at + 17] == 'x') && ends_word(18)) {
    n = 18;
  } else if (!((n == 18 || n == 15) && ends_word(n))) {
    return std::nullopt;
  }
  std::string_view id = text.substr(at, n);
  size_t keep_tail = n == 18 ? 4 : 3;
  return Match{n, std::string(id.substr(0, 6)) + std::string(n - 6 - keep_tail, '*') +
                      std::string(id.substr(n - keep_tail))};
}

// A mobile number starting at `at`: optional +86 / 86 prefix, then 1[3-9] and 9 more
// digits, with single spaces or dashes allowed between digits.
std::optional<Match> match_phone(std::string_view text, size_t at) {
  size_t i = at;
  if (text.substr(i, 3) == "+86") {
    i += 3;
  } else if (text.substr(i, 2) == "86" && i + 2 < text.size() && (text[i + 2] == ' ' || text[i + 2] == '-')) {
    i += 2;
  }
  if (i != at) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '-')) {
      ++i;
    }
  }
  std::string digits;
  while (i < text.size() && digits.size() < 11) {
    if (is_digit(text[i])) {
      digits += text[i++];
    } else if ((text[i] == ' ' || text[i] == '-') && !digits.empty() && i + 1 < text.size() && is_digit(text[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3' || digits[1] > '9') {
    return std::nullopt;
  }
  if (i < text.size() && is_word(text[i])) {
    return std::nullopt;
  }
  return Match{i - at, digits.substr(0, 3) + "****" + digits.substr(7)};
}

} // namespace

std::string mask_phone(std::string_view phone) {
  if (auto m = match_phone(phone, 0); m && m->length == phone.size()) {
    return m->mask;
  }
  std::string digits;
  for (char c : phone) {
    if (is_digit(c)) {
      digits += c;
    }
  }
  if (digits.size() <= 7) {
    return std::string(digits.size(), '*');
  }
  return digits.substr(0, 3) + std::string(digits.size() - 7, '*') + digits.substr(digits.size() - 4);
}

std::string mask_id_number(std::string_view id_number) {
  if (auto m = match_id(id_number, 0); m && m->length == id_number.size()) {
    return m->mask;
  }
  if (id_number.size() <= 10) {
    return std::string(id_number.size(), '*');
  }
  return std::string(id_number.substr(0, 6)) + std::string(id_number.size() - 10, '*') +
         std::string(id_number.substr(id_number.size() - 4));
}

bool is_mobile_phone(std::string_view text) {
  auto m = match_phone(text, 0);
  return m && m->length == text.size();
}

bool is_phone_number(std::string_view text) {
  return is_mobile_phone(text) || text.find_first_not_of("0123456789- ") == std::string_view::npos;
}

bool is_id_number(std::string_view text) {
  auto m = match_id(text, 0);
  return m && m->length == text.size();
}

std::string mask_personal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    bool at_start = i == 0 || !is_word(text[i - 1]);
    if (at_start && (is_digit(text[i]) || text[i] == '+')) {
      auto m = match_id(text, i);
      if (!m) {
        m = match_phone(text, i);
      }
      if (m) {
        out += m->mask;
        i += m->length;
        continue;
      }
    }
    // Copy the rest of this run of word characters untouched: a number inside a longer
    // run (an account code, a serial) is not a phone number.
    do {
      out += text[i++];
    } while (i < text.size() && is_word(text[i]) && is_word(text[i - 1]));
  }
  return out;
}

} // namespace yishi
