#pragma once

#include <string>
#include <vector>

namespace yishi {

/// What looking for one of yishi's modules found: its entry point, or why not and where it looked.
struct ModuleLookup {
  void* entry = nullptr;
  std::string why;                 // the loader's last complaint, if any
  std::vector<std::string> places; // every place looked in, in order
  std::string loaded_from;         // the place it was loaded from, when it was
};

/// Yishi's modules, by name: the PDF typesetter, the web server, the workbook reader and writer.
inline constexpr const char* k_module_names[] = {"pdf", "serve", "xlsx"};

/// Loads yishi's module `name` (libyishi_NAME.so: the PDF typesetter, the web server, the workbook reader and
/// writer) and finds its entry point yishi_NAME_module. Parts of yishi that bring many libraries of their own
/// (Pango and Cairo; cpp-httplib and OpenSSL's TLS; libzip, expat and libxlsxwriter) live in modules, so that a command that needs none of them does not load them. Looked
/// for at $YISHI_NAME_MODULE, then where yishi is installed (LIBDIR/yishi beside the executable's prefix),
/// then in the build tree (dlopen gives the same handle to a second look). A module takes the rest of yishi from the
/// executable that loads it. The caller says what is missing in its own words (the entry is null).
ModuleLookup find_module(const std::string& name);

/// find_module's entry point, or an Error naming the module (`what`: "PDF typesetter", translated), why it
/// would not load, the variable that names another and every place looked in.
void* load_module(const std::string& name, const std::string& what);

} // namespace yishi
