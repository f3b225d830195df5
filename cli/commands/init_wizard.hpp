#pragma once

// `yishi init` at a terminal with no --config: the village is set up by questions, in the interface's
// language. The village's particulars, then the township's roster, then who sits on each council, chosen from
// the roster by name or by the number shown, with the Party and women shares against the village's rules as
// they are chosen. The law's bodies (村民会议, 村民代表会议 when the roster has representatives, 村民小组会议) are
// made without being asked. The answers become a village.toml written beside the database.

#include "core/date.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace yishi::cli {

struct WizardResult {
  std::filesystem::path config; // the village.toml written
  std::string roster;           // the roster file
  bool skip_bad = false;        // its bad rows are left out (the person said so)
};

/// Asks, writes the village.toml beside `db_path`, and returns it; nothing when the person gives up (Ctrl-D),
/// and then nothing was written.
/// `roster`: the file --roster named (not asked for then); `skip_bad`: --skip-bad was given.
std::optional<WizardResult> init_wizard(const std::filesystem::path& db_path, Date today, const std::string& roster,
                                        bool skip_bad);

} // namespace yishi::cli
