#pragma once

#include <filesystem>

namespace yishi {

/// The folder holding templates/ and data/: $YISHI_HOME when set, else the installed share
/// folder beside the executable (../share/yishi), else the source tree this was built from.
std::filesystem::path resource_dir();

} // namespace yishi
