#include "modules.hpp"

#include <cctype>
#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>

namespace yishi {

ModuleLookup find_module(const std::string& name) {
  ModuleLookup found;
  const std::string file = "libyishi_" + name + ".so";
  std::string variable = "YISHI_";
  for (char c : name) {
    variable += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  variable += "_MODULE";
  if (const char* given = std::getenv(variable.c_str()); given != nullptr && *given != '\0') {
    found.places.emplace_back(given);
  }
  std::error_code ec;
  // Installed: LIBDIR/yishi beside the prefix the executable is in (/usr/bin/yishi → /usr/lib/.../yishi).
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    found.places.push_back((exe.parent_path().parent_path() / YISHI_MODULE_LIBDIR / "yishi" / file).string());
  }
  if (const std::string built = YISHI_MODULE_BUILD_DIR; !built.empty()) { // empty in a build for the package
    found.places.push_back((std::filesystem::path(built) / file).string());
  }
  const std::string symbol = "yishi_" + name + "_module";
  for (const auto& place : found.places) {
    if (!std::filesystem::exists(place, ec)) {
      continue;
    }
    void* handle = ::dlopen(place.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      found.why = ::dlerror();
      continue;
    }
    if (void* entry = ::dlsym(handle, symbol.c_str())) {
      found.entry = entry;
      return found;
    }
    found.why = place + ": no " + symbol;
  }
  return found;
}

} // namespace yishi
