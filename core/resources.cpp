#include "resources.hpp"

#include "core/error.hpp"

#include <cstdlib>
#include <fmt/format.h>

namespace yishi {

std::filesystem::path resource_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* home = std::getenv("YISHI_HOME"); home != nullptr && *home != '\0') {
    return home;
  }
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "yishi";
    if (fs::is_directory(installed / "templates", ec)) {
      return installed;
    }
  }
  fs::path source = YISHI_SOURCE_DIR; // empty in a build for the package
  if (!source.empty() && fs::is_directory(source / "templates", ec)) {
    return source;
  }
  throw Error(_("cannot find yishi's templates and data"),
              _f("set YISHI_HOME to the folder holding templates/ (looked beside {} and in {})", exe.string(),
                 source.string()));
}

} // namespace yishi
