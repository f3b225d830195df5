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

/// The voting record of a session (一事一议表决记录), as township inspectors file it: the session, its 应到,
/// 实到 and 到会率, and for each vote the matter, the method, the figures with their share of those present,
/// the rule and the result; for a matter on the 四议两公开 path, its record book: each step's body, date,
/// 应到, 实到 and 比例. Signature lines for 主持人, 记录人, 计票人 and 监票人. `steps` holds the record
/// book of the matters on the path, by proposal id.
SheetContent voting_record(const SessionRecord& record, const std::map<long, std::vector<StepRecord>>& steps);

} // namespace yishi
