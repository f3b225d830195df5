#pragma once

#include "core/documents/sheet.hpp"
#include "core/model/sessions.hpp"

#include <map>

namespace yishi {

/// The minutes (会议纪要) of a session as a document in Chinese: council, mode and venue, the roster
/// with present, absent, recused and invited, the attendance ratio, the agenda, remarks by speaker,
/// each motion with mover and seconder, each vote with its rule, figures and named ballots, the
/// rulings, and a signature block. Marked draft until the session is closed.
/// `rulings` holds the rulings made at this session, and `recommended` the recommendations it sent up
/// (a body that may not decide the matter), by proposal id.
SheetContent session_minutes(const SessionRecord& record, const std::map<long, Ruling>& rulings,
                             const std::map<long, Recommendation>& recommended);

} // namespace yishi
