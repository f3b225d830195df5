#pragma once

#include "core/model/notices.hpp"
#include "core/render/template.hpp"

namespace yishi {

/// A stage's notice worded through its template (`notice/STAGE.mustache`): the title on the
/// first line, then the body. Personal numbers are masked when the draft is stored.
std::string notice_text(const NoticeFacts& facts, const TemplateLoader& templates);

/// A correction notice worded through `notice/correction.mustache`.
std::string correction_text(const CorrectionFacts& facts, const TemplateLoader& templates);

/// What a correction notice says of a session moved (原定…召开的…改于…召开) or called off (…取消), as the board
/// prints it: times written 2026年3月25日19时30分.
std::string rescheduled_wording(const Session& session, const DateTime& old_starts_at);
std::string cancelled_wording(const Session& session, const DateTime& old_starts_at);
/// What a correction notice says of a matter's fields put right: “修路”（编号2026-001）的预算由120000元更正为180000元。
std::string corrected_fields_wording(const std::string& title, const std::string& proposal_ref,
                                     const std::vector<FieldChange>& changes);
/// What was wrong in the notice being corrected, as the correction sheet says it: 议事时间有变（降雨）.
std::string rescheduled_reason(std::string_view reason);
std::string cancelled_reason(std::string_view reason);
std::string corrected_fields_reason(std::string_view reason);

} // namespace yishi
