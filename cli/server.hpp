#pragma once

#include "command.hpp"

#include <string>

namespace yishi::cli {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  bool kiosk = false;
  int per_minute = 10; // submissions from one address in a minute; 0: no limit
};

/// `yishi serve` answers in a module of its own (libyishi_serve.so, server.cpp: cpp-httplib, with OpenSSL's
/// TLS and Brotli under it, whose start-up alone took 5 ms), loaded by find_module when the command runs, so
/// that every other command starts without them. It takes the rest of yishi from the executable.
struct ServeModule {
  /// Serves ctx's village at options.listen until SIGTERM or SIGINT; throws Error when it cannot listen.
  void (*serve)(Context& ctx, const ServeOptions& options);
};

} // namespace yishi::cli
