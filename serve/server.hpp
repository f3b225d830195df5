#pragma once

// The web front door: `yishi serve`'s server, built as the module libyishi_serve.so. The command line loads it
// (cli/commands/serve.cpp) and hands it what it needs; it knows nothing of the command line.
#include "core/date.hpp"

#include <filesystem>
#include <ostream>
#include <string>

namespace yishi::serve {

struct Options {
  std::string listen = "127.0.0.1:8080";
  bool kiosk = false;
  int per_minute = 10; // submissions from one address in a minute; 0: no limit
};

/// The module's entry (yishi_serve_module): cpp-httplib, with OpenSSL's TLS and Brotli under it, whose start-up
/// alone took 5 ms, load only when `yishi serve` runs. The module takes the rest of yishi from the executable
/// that loads it; `yishi completion modules` loads every module and says whether each found all it takes.
struct Module {
  /// Serves the village at `db` on options.listen until SIGTERM or SIGINT, writing its notes ("serving … at",
  /// "stopped") to `notes`, each after `note_prefix`; throws Error when it cannot listen.
  void (*serve)(const std::filesystem::path& db, const Clock& clock, const Options& options, std::ostream& notes,
                const std::string& note_prefix);
};

} // namespace yishi::serve
