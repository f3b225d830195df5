#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yishi {

/// Cuts white space from both ends, Unicode's too: U+3000 (the ideographic space), NBSP, the zero-width
/// space and the BOM. A value of white space only is empty.
std::string trim(std::string_view text);

/// True for a character that must not stand in a name, a title or a ref: C0 controls, DEL, C1 controls
/// and the bidirectional marks and overrides (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C).
bool is_control(char32_t cp);

/// The first control character of the text (is_control), with its place (1-based, in characters);
/// `line_breaks` allows line feed, carriage return and tab (long text).
struct ControlChar {
  char32_t code;
  size_t index;
};
std::optional<ControlChar> find_control(std::string_view text, bool line_breaks);

/// The one check of a typed value at every door (the command line's options, the web forms): valid UTF-8, no
/// control character (line feed, carriage return and tab only in long text), at most `max_chars` characters.
/// Each door words the fault its own way.
struct TypedText {
  enum class Fault { none, not_text, control, too_long } fault = Fault::none;
  ControlChar control{}; // with Fault::control
};
TypedText check_typed_text(std::string_view value, size_t max_chars, bool long_text);

/// The text with every control character but line feed and tab written out visibly (\x1b, <U+202E>),
/// for a terminal: stored text can never move the cursor, retitle the window or reorder a line.
std::string escape_for_terminal(std::string_view text);
std::vector<std::string> split(std::string_view text, char separator);
/// Splits on commas (ASCII or the full-width ，and 、), trims, drops empty pieces.
std::vector<std::string> split_list(std::string_view text);
std::string join(const std::vector<std::string>& parts, std::string_view separator);

/// Chinese text typed by people, as a sentence in printed wording: a full stop (。) added unless it already
/// ends in one (。！？； or .), and without its own end mark where the sheet's wording goes on after it.
std::string as_sentence(std::string_view text);
std::string without_end_mark(std::string_view text);

bool is_valid_utf8(std::string_view text);

/// What the checks of a typed field need, in one pass: whether the text is valid UTF-8 (when not, the rest
/// is unset), its first control character as find_control finds it, and where it lies without the white
/// space trim() cuts, with how many characters that holds.
struct TextScan {
  bool valid = true;
  std::optional<ControlChar> control;
  size_t first = 0; // the trimmed text: bytes [first, last)
  size_t last = 0;
  size_t chars = 0; // characters in the trimmed text
};
TextScan scan_text(std::string_view text, bool line_breaks);

/// Characters (code points) in UTF-8 text: what a length limit counts.
size_t count_chars(std::string_view text);

/// The character at byte `at` of UTF-8 text, and in `length` how many bytes it takes; a byte that
/// starts no valid character is U+FFFD, one byte long. For scanners that look ahead (masking).
char32_t char_at(std::string_view text, size_t at, size_t& length);

/// Columns the text takes on a terminal: a Chinese character takes two.
int display_width(std::string_view text);

/// Cuts the text to at most `width` columns, ending in … when cut; never splits a character.
std::string fit_width(std::string_view text, int width);

/// "9/15 (60%)"; "-" when there is nothing to take a share of.
std::string format_share(long part, long whole);

/// Pads with spaces on the right up to `width` columns.
std::string pad_width(std::string_view text, int width);

/// Centres the text in `width` columns (left-biased), padding on the left only.
std::string centre_width(std::string_view text, int width);

} // namespace yishi
