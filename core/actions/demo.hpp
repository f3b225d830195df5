#pragma once

#include <filesystem>
#include <ostream>

namespace yishi {

class Clock;

/// The main job: builds a fresh database for the sample village in `dir` (dir/yishi.db) and
/// takes the Xinyi group's road proposal through collection, discussion, vote, ruling and
/// all three notices, saying what it does at each step. Leaves the notice sheets (text, HTML and
/// PDF) in `dir`. The story is dated so that it ends on `clock`'s today.
void run_demo(const std::filesystem::path& dir, const Clock& clock, std::ostream& out);

} // namespace yishi
