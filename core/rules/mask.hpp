#pragma once

#include <string>
#include <string_view>

namespace yishi {

/// Masks a mobile phone number as 138****5678 (prefix +86 and separators dropped).
/// Text that is not a mobile number keeps its first 3 and last 4 digits only.
std::string mask_phone(std::string_view phone);

/// Masks a resident ID number as 610114********1234 (15-digit: 610114******123).
std::string mask_id_number(std::string_view id_number);

/// Masks every mobile phone number and resident ID number found in running text.
/// The one place where public output is made safe: notices and public exports go through it.
std::string mask_personal(std::string_view text);

/// True when the text is an 11-digit mainland mobile number (+86, spaces, dashes allowed).
bool is_mobile_phone(std::string_view text);

/// True when the text may be a phone number: a mobile number, or digits with dashes and spaces (a
/// landline such as 029-86861234).
bool is_phone_number(std::string_view text);

/// True when the text is an 18-digit (last may be X) or 15-digit resident ID number.
bool is_id_number(std::string_view text);

} // namespace yishi
