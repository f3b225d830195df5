#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace yishi {

std::string trim(std::string_view text);
std::vector<std::string> split(std::string_view text, char separator);
/// Splits on commas (ASCII or the full-width ，and 、), trims, drops empty pieces.
std::vector<std::string> split_list(std::string_view text);
std::string join(const std::vector<std::string>& parts, std::string_view separator);

bool is_valid_utf8(std::string_view text);

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
