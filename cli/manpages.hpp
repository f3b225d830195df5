#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace yishi::cli {

struct ManPage {
  std::string file; // yishi.1, yishi-proposal.1
  std::string text; // roff
};

/// yishi(1) and one page per command group (yishi-proposal(1), ...), from the registered commands (the tree
/// completion walks), in the interface language: every command with its description, options and footer.
std::vector<ManPage> man_pages(const CLI::App& root, const std::string& version);

} // namespace yishi::cli
