#pragma once

#include "core/records/notices.hpp"
#include "core/records/sessions.hpp"

namespace yishi {

/// The minutes (会议纪要) of a session as a document in Chinese: council, mode and venue, the roster
/// with present, absent, recused and invited, the attendance ratio, the agenda, remarks by speaker,
/// each motion with mover and seconder, each vote with its rule, figures and named ballots, the
/// rulings, and a signature block. Marked draft until the session is closed.
SheetContent session_minutes(SQLite::Database& db, const Clock& clock, std::string_view session_ref);

} // namespace yishi
