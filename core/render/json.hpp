#pragma once

#include "core/model.hpp"
#include "core/model/notices.hpp"
#include "core/model/sessions.hpp"

#include <nlohmann/json.hpp>

namespace yishi {

using Json = nlohmann::ordered_json;

/// The JSON forms scripts read. Private fields (phones, ID numbers) appear only when
/// `include_private` is set.
Json to_json(const Proposal& p, bool include_private);
Json to_json(const ProposalEvent& e);
Json to_json(const Ruling& r);
Json to_json(const Session& s);
Json to_json(const SessionRecord& r);
Json to_json(const Notice& n, Date today);
Json to_json(const Council& c);
Json to_json(const VillageInfo& v);

} // namespace yishi
