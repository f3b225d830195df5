#include "i18n.hpp"

#include "core/error.hpp"

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <libintl.h>

namespace yishi {
namespace {

constexpr const char* k_domain = "yishi";

// Field names that reach messages through parse_enum() and parse_date(): listed here so the
// catalog holds them.
[[maybe_unused]] constexpr const char* k_field_names[] = {
    N_("channel"),   N_("tier"),         N_("mode"),           N_("stage"),         N_("status"),
    N_("state"),     N_("gender"),       N_("choice"),         N_("ballot choice"), N_("submitted date"),
    N_("deadline"),  N_("posting date"), N_("session time"),   N_("date"),          N_("time"),
    N_("title"),     N_("description"),  N_("proposer"),       N_("venue"),         N_("remark"),
    N_("speaker"),   N_("motion text"),  N_("responsible"),    N_("reason"),        N_("note"),
    N_("household"), N_("opinion"),      N_("recommendation"), N_("path"),          N_("override"),
    N_("kind"),      N_("decision")};
// Per thread: yishi serve answers each request in the language it asks for (?lang=en), from its own thread.
thread_local Language g_language = Language::en;

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

} // namespace

Language language_from_environment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') {
      return starts_with(value, "zh") ? Language::zh : Language::en;
    }
  }
  return Language::en;
}

Language parse_language(std::string_view text) {
  if (text == "zh" || starts_with(text, "zh_") || starts_with(text, "zh-") || text == "中文") {
    return Language::zh;
  }
  if (text == "en" || starts_with(text, "en_") || starts_with(text, "en-") || text == "C") {
    return Language::en;
  }
  // The language is not chosen yet, so this one message says it in both.
  throw UsageError("--lang must be zh or en (界面语言须为 zh 或 en), not '" + std::string(text) + "'");
}

std::string locale_dir() {
  namespace fs = std::filesystem;
  if (const char* dir = std::getenv("YISHI_LOCALEDIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "locale";
    if (fs::exists(installed / "zh_CN" / "LC_MESSAGES" / "yishi.mo", ec)) {
      return installed.string();
    }
  }
  return YISHI_BUILD_LOCALEDIR;
}

void set_language(Language language) {
  g_language = language;
  if (language == Language::en) {
    return;
  }
  // gettext ignores LANGUAGE under the "C" locale; C.UTF-8 is always there (glibc 2.35+),
  // so a machine without a generated zh_CN locale still gets the catalog.
  const char* current = std::setlocale(LC_ALL, "");
  if (current == nullptr || std::string_view(current) == "C" || std::string_view(current) == "POSIX") {
    std::setlocale(LC_ALL, "C.UTF-8");
  }
  std::setlocale(LC_NUMERIC, "C"); // numbers are formatted by fmt; keep the C library's neutral
  setenv("LANGUAGE", "zh_CN", 1);
  bindtextdomain(k_domain, locale_dir().c_str());
  bind_textdomain_codeset(k_domain, "UTF-8");
}

void set_thread_language(Language language) {
  g_language = language;
}

Language language() {
  return g_language;
}

const char* translate(const char* msgid) {
  if (g_language == Language::en || msgid == nullptr || *msgid == '\0') {
    return msgid;
  }
  return dgettext(k_domain, msgid);
}

} // namespace yishi
