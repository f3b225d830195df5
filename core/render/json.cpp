#include "json.hpp"

namespace yishi {

Json to_json(const Proposal& p, bool include_private) {
  Json j;
  j["ref"] = p.ref;
  j["title"] = p.title;
  j["description"] = p.description;
  j["group"] = p.group_name.empty() ? Json(nullptr) : Json(p.group_name);
  j["tier"] = code(p.tier);
  j["channel"] = code(p.channel);
  j["proposer"] = p.proposer_name;
  j["proposer_on_record"] = p.proposer_id.has_value();
  if (include_private) {
    j["proposer_phone"] = p.proposer_phone;
  }
  j["submitted_on"] = format_iso(p.submitted_on);
  j["status"] = code(p.status);
  j["budget"] = p.budget ? Json(*p.budget) : Json(nullptr);
  j["matter_type"] = p.matter_type.empty() ? Json(nullptr) : Json(p.matter_type);
  j["other_groups"] = p.other_groups;
  j["path"] = code(p.path);
  j["step"] = p.step;
  j["merged_into"] = p.merged_into.empty() ? Json(nullptr) : Json(p.merged_into);
  return j;
}

Json to_json(const ProposalEvent& e) {
  return Json{{"at", e.at},
              {"action", code(e.action)},
              {"from", e.from ? Json(code(*e.from)) : Json(nullptr)},
              {"to", code(e.to)},
              {"note", e.note}};
}

Json to_json(const Ruling& r) {
  return Json{{"approved_by", r.approved_by.empty() ? Json(nullptr) : Json(r.approved_by)},
              {"council", r.council_name},
              {"session", r.session_ref},
              {"text", r.text},
              {"responsible", r.responsible},
              {"deadline", format_iso(r.deadline)},
              {"ruled_on", format_iso(r.ruled_on)}};
}

Json to_json(const Session& s) {
  return Json{{"ref", s.ref},
              {"council", s.council.name},
              {"council_key", s.council.key},
              {"starts_at", format_iso(s.starts_at)},
              {"mode", code(s.mode)},
              {"venue", s.venue},
              {"status", code(s.status)}};
}

Json to_json(const SessionRecord& r) {
  Json j = to_json(r.session);
  Json joint = Json::array();
  for (const auto& c : r.session.joint) {
    joint.push_back(c.key);
  }
  j["joint"] = joint;
  j["members"] = r.members();
  j["present"] = r.present();
  Json roster = Json::array();
  for (const auto& a : r.roster) {
    roster.push_back(Json{{"name", a.person.name},
                          {"present", a.present ? Json(*a.present) : Json(nullptr)},
                          {"invitee", a.invitee},
                          {"votes", a.votes}});
  }
  j["roster"] = roster;
  Json items = Json::array();
  for (const auto& item : r.items) {
    Json ij{{"proposal", item.proposal.ref}, {"title", item.proposal.title}, {"status", code(item.proposal.status)}};
    Json remarks = Json::array();
    for (const auto& rm : item.remarks) {
      remarks.push_back(Json{{"speaker", rm.speaker}, {"on_record", rm.on_record}, {"text", rm.text}, {"at", rm.at}});
    }
    ij["remarks"] = remarks;
    Json recusals = Json::array();
    for (const auto& rc : item.recusals) {
      recusals.push_back(Json{{"name", rc.person}, {"reason", rc.reason}});
    }
    ij["recusals"] = recusals;
    Json visits = Json::array();
    for (const auto& v : item.visits) {
      visits.push_back(Json{{"household", v.household},
                            {"visited_on", format_iso(v.visited_on)},
                            {"visitor", v.visitor},
                            {"opinion", v.opinion},
                            {"vote", v.choice ? Json(code(*v.choice)) : Json(nullptr)}});
    }
    ij["visits"] = visits;
    Json motions = Json::array();
    for (const auto& m : item.motions) {
      Json mj{{"text", m.text},
              {"mover", m.mover},
              {"seconder", m.seconder},
              {"responsible", m.responsible},
              {"deadline", format_iso(m.deadline)},
              {"status", m.status}};
      if (m.vote) {
        const auto& v = *m.vote;
        Json ballots = Json::array();
        for (const auto& b : v.ballots) {
          ballots.push_back(Json{{"name", b.person}, {"choice", code(b.choice)}});
        }
        mj["vote"] = Json{{"method", code(v.method)},
                          {"members", v.members},
                          {"present", v.present},
                          {"for", v.tally.yes},
                          {"against", v.tally.no},
                          {"abstain", v.tally.abstain},
                          {"quorum_rule", v.quorum_rule},
                          {"majority_rule", v.majority_rule},
                          {"result", code(v.result)},
                          {"computed", code(v.computed)},
                          {"override_reason", v.override_reason.empty() ? Json(nullptr) : Json(v.override_reason)},
                          {"issued", v.secret ? Json(v.secret->issued) : Json(nullptr)},
                          {"blank", v.secret ? Json(v.secret->blank) : Json(nullptr)},
                          {"spoiled", v.secret ? Json(v.secret->spoiled) : Json(nullptr)},
                          {"ballots", ballots},
                          {"at", v.at}};
      }
      motions.push_back(mj);
    }
    ij["motions"] = motions;
    items.push_back(ij);
  }
  j["agenda"] = items;
  return j;
}

Json to_json(const Notice& n, Date today) {
  return Json{{"ref", n.ref},
              {"serial", n.issued_serial()},
              {"proposal", n.proposal_ref},
              {"stage", code(n.stage)},
              {"state", code(n.state(today))},
              {"title", n.title},
              {"body", n.body},
              {"drafted_on", format_iso(n.drafted_on)},
              {"posted_on", n.posted_on ? Json(format_iso(*n.posted_on)) : Json(nullptr)},
              {"days", n.posted_on ? Json(n.days) : Json(nullptr)},
              {"ends_on", n.ends_on ? Json(format_iso(*n.ends_on)) : Json(nullptr)},
              {"working_days", n.working_days},
              {"places",
               [&] {
                 Json places = Json::array();
                 for (auto p : n.places) {
                   places.push_back(code(p));
                 }
                 return places;
               }()},
              {"posted_by", n.posted_by},
              {"supersedes", n.supersedes.empty() ? Json(nullptr) : Json(n.supersedes)},
              {"superseded_by", n.superseded_by.empty() ? Json(nullptr) : Json(n.superseded_by)}};
}

Json to_json(const Council& c) {
  Json members = Json::array();
  for (const auto& m : c.members) {
    members.push_back(m.name);
  }
  return Json{{"key", c.key},
              {"name", c.name},
              {"tier", code(c.tier)},
              {"group", c.group_name.empty() ? Json(nullptr) : Json(c.group_name)},
              {"convener", c.convener_name},
              {"rules", c.rule_kind},
              {"quorum", c.rule.quorum.text()},
              {"majority", c.rule.majority.text()},
              {"kind", code(c.kind)},
              {"members", members}};
}

Json to_json(const VillageInfo& v) {
  return Json{{"name", v.name},
              {"township", v.township},
              {"code", v.code.empty() ? Json(nullptr) : Json(v.code)},
              {"township_code", v.township_code.empty() ? Json(nullptr) : Json(v.township_code)},
              {"issuing_body", v.issuing_body},
              {"supervision_phone", v.supervision_phone},
              {"feedback", v.feedback},
              {"serial_prefix", v.serial_prefix},
              {"posting_days", v.posting_days},
              {"print", Json{{"notices", code(v.notice_layout)},
                             {"formal", code(v.announcement_layout)},
                             {"red_header", v.red_header.empty() ? v.issuing_body : v.red_header}}}};
}

} // namespace yishi
