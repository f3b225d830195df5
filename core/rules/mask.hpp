#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace yishi {

/// Masks a phone number as people write it: a mobile as 138****5678 (a +86, 86 or 0086 prefix
/// and separators dropped), a landline as 029-****3456. Text that is neither keeps its first 3 and
/// last 4 digits only.
std::string mask_phone(std::string_view phone);

/// Masks a resident ID number as 610114********1234 (15-digit: 610114******123).
std::string mask_id_number(std::string_view id_number);

/// Masks every phone number and resident ID number found in running text, in every form people
/// write them: ASCII or full-width digits (１３８…), a country prefix (+86, 86, 0086), letters glued
/// before (TEL1517…), separators between digit groups (space, U+3000, NBSP, - . · and their
/// full-width forms), landlines with an area code (029-86123456, (029)86123456, 02986123456), a
/// local number after a word for phone (电话 86123456), ID numbers in groups (610114 19900101 5678)
/// and 15-digit old ID numbers. Dates, amounts, serials and measures are left alone, and so is
/// any number in `public_numbers` (the village's own supervision phone), compared by its digits.
/// The one masking function of every public output: notices, minutes, reports, public exports and
/// the web pages.
std::string mask_personal(std::string_view text, const std::vector<std::string>& public_numbers = {});

/// True when the text is an 11-digit mainland mobile number (+86, spaces, dashes allowed).
bool is_mobile_phone(std::string_view text);

/// True when the text is a phone number: a mobile number, a landline with its area code, or a
/// local number of 7 or 8 digits (separators and a country prefix allowed).
bool is_phone_number(std::string_view text);

/// True when the text is an 18-digit (last may be X) or 15-digit resident ID number.
bool is_id_number(std::string_view text);

} // namespace yishi
