#include "modules.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"

#include <cctype>
#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>

namespace yishi {
namespace {

std::string module_file(const std::string& name) {
  return "libyishi_" + name + ".so";
}

// YISHI_NAME_MODULE
std::string module_variable(const std::string& name) {
  std::string variable = "YISHI_";
  for (char c : name) {
    variable += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return variable + "_MODULE";
}

} // namespace

ModuleLookup find_module(const std::string& name) {
  ModuleLookup found;
  const std::string file = module_file(name);
  const std::string variable = module_variable(name);
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
      found.loaded_from = place;
      return found;
    }
    found.why = place + ": no " + symbol;
  }
  return found;
}

void* load_module(const std::string& name, const std::string& what) {
  ModuleLookup found = find_module(name);
  if (found.entry == nullptr) {
    throw Error(_f("cannot load yishi's {}{}", what, found.why.empty() ? std::string() : " (" + found.why + ")"),
                _f("reinstall yishi, or set {} to its {} (looked in: {})", module_variable(name), module_file(name),
                   fmt::join(found.places, ", ")));
  }
  return found.entry;
}

} // namespace yishi
