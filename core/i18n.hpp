#pragma once

#include <fmt/format.h>
#include <string>
#include <string_view>
#include <utility>

namespace yishi {

/// The languages of the interface. Source strings are English; po/zh_CN.po translates them.
enum class Language { en, zh };

/// zh when the first set of LC_ALL, LC_MESSAGES, LANG names a Chinese locale, else en.
Language language_from_environment();

/// Parses "zh" / "en" (and zh_CN, zh-CN, 中文...); throws UsageError otherwise.
Language parse_language(std::string_view text);

/// Sets the interface language for this process and binds the message catalog.
void set_language(Language language);
/// Sets the language of the calling thread only (a server's request), once set_language(zh) has bound
/// the catalog.
void set_thread_language(Language language);
Language language();

/// The translation of `msgid` in the current language (the msgid itself in English).
const char* translate(const char* msgid);

/// Translates a format string, then formats it: _f("no proposal {}", ref).
template <typename... Args> std::string _f(const char* msgid, Args&&... args) {
  return fmt::format(fmt::runtime(translate(msgid)), std::forward<Args>(args)...);
}

/// Where the compiled catalogs (LOCALE/zh_CN/LC_MESSAGES/yishi.mo) are: $YISHI_LOCALEDIR, the
/// installed share/locale beside the executable, or the build tree.
std::string locale_dir();

} // namespace yishi

/// Marks and translates a message: _("Proposals").
#define _(msgid) ::yishi::translate(msgid)
/// Marks a message for the catalog without translating it here (tables of constants).
#define N_(msgid) msgid
