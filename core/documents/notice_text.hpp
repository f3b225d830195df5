#pragma once

#include "core/model/notices.hpp"
#include "core/render/template.hpp"

namespace yishi {

/// A stage's notice worded through its template (`notice/STAGE.mustache`): the title on the
/// first line, then the body. Personal numbers are masked when the draft is stored.
std::string notice_text(const NoticeFacts& facts, const TemplateLoader& templates);

/// A correction notice worded through `notice/correction.mustache`.
std::string correction_text(const CorrectionFacts& facts, const TemplateLoader& templates);

} // namespace yishi
