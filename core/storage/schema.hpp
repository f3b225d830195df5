#pragma once

#include <vector>

namespace yishi::storage {

struct Migration {
  int version;
  const char* statements;
};

/// Every schema step, in order of version.
const std::vector<Migration>& migrations();

} // namespace yishi::storage
