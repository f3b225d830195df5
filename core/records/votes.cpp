// SessionStore's votes: reads the session, its roster and the matter, calls the rules (core/rules/vote: the
// way of voting, the tally's checks, quorum and majority), writes the vote, and sends the matter where a
// carried vote sends it: a ruling of a body that may decide it, or that body's
// recommendation to the one that may (小事不出组，大事不出村; the bodies the law names).
#include "sessions.hpp"

#include "core/error.hpp"
#include "core/records/proposals.hpp"
#include "core/records/village.hpp"
#include "core/rules/routing.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <set>
#include <vector>

namespace yishi {

VoteResultSummary SessionStore::vote(std::string_view ref, std::string_view proposal, const VoteInput& in) {
  Session s = meeting_session(ref);
  Proposal p;
  long item = item_id(s, proposal, p);
  SQLite::Statement mq(m_db, "SELECT id, text, responsible, deadline FROM motion "
                             "WHERE agenda_item_id = ? AND status = 'open'");
  mq.bind(1, static_cast<int64_t>(item));
  if (!mq.executeStep()) {
    throw RuleViolation(_f("no motion on {} awaits a vote", p.ref),
                        _("put the handling opinion first with: yishi session motion"));
  }
  long motion_id = mq.getColumn(0).getInt64();
  std::string motion_text = mq.getColumn(1).getString();
  std::string responsible = mq.getColumn(2).getString();
  std::string deadline = mq.getColumn(3).getString();

  const VoteMethod method = choose_vote_method(in.counted.has_value(), !in.ballots.empty(), in.secret.has_value(),
                                               in.households);
  if (in.override_result && trim(in.override_reason).empty()) {
    throw UsageError(_("an override needs a written reason"), _("give it with --override-reason"));
  }

  SessionRecord rec = record(ref);
  VillageStore village(m_db);
  const auto types = village.matter_types();
  std::set<long> recused;
  SQLite::Statement rq(m_db, "SELECT person_id FROM recusal WHERE agenda_item_id = ?");
  rq.bind(1, static_cast<int64_t>(item));
  while (rq.executeStep()) {
    recused.insert(rq.getColumn(0).getInt64());
  }
  auto votes = [&](const AttendanceEntry& a) { return a.votes && recused.count(a.person.id) == 0; };

  VoteResultSummary out;
  out.council_name = s.council.name;
  out.record.method = method;
  out.rule = rule_for(s.council.rule, p, types);
  if (method == VoteMethod::households) {
    // Door-to-door (上门议事): the households in scope, those reached, and their votes.
    out.rule = rule_for(village.vote_rule("household_consultation"), p, types);
    long households = 0;
    for (const auto& g : village.groups()) {
      households += (s.council.tier == Tier::village || g.id == s.council.group_id) ? g.households : 0;
    }
    const ItemRecord* visited = nullptr;
    for (const auto& it : rec.items) {
      visited = it.id == item ? &it : visited;
    }
    out.record.members = households;
    out.record.present = static_cast<long>(visited->visits.size());
    for (const auto& v : visited->visits) {
      if (v.choice) {
        add_vote(out.record.tally, *v.choice);
      }
    }
    Outcome reached = decide(out.rule, households, out.record.present, Tally{});
    if (!reached.quorum_met) {
      throw RuleViolation(_f("too few households reached for the vote on {}: {} of {}; the rule needs {} ({})", p.ref,
                             out.record.present, households, out.rule.quorum.describe(), reached.quorum_needed),
                          _("log more visits with: yishi session visit"));
    }
  } else if (rec.by_headcount) {
    // 村民会议, 村民小组会议: the sign-in against the adults and households; either basis suffices.
    if (!rec.attendance_recorded()) {
      throw RuleViolation(_f("no sign-in is recorded for session {}", s.ref),
                          _f("count it first: yishi session attend {} --headcount N --households N", s.ref));
    }
    out.record.members = rec.members();
    out.record.present = rec.present();
    out.by_headcount = true;
    Outcome q = decide(out.rule, rec.attendance(), Tally{});
    if (!q.quorum_met) {
      throw RuleViolation(_f("no quorum for the vote on {}: {}", p.ref, describe_quorum(out.rule, q)),
                          _("count the sign-in again when more have come, or close the session and meet again"));
    }
  } else {
    if (!rec.attendance_recorded()) {
      throw RuleViolation(_f("no attendance is recorded for session {}", s.ref),
                          _("record it first with: yishi session attend"));
    }
    for (const auto& a : rec.roster) {
      out.record.members += votes(a) ? 1 : 0;
      out.record.present += votes(a) && a.present.value_or(false) ? 1 : 0;
    }
    // Quorum: in a joint meeting each council's own (村组联席会议); otherwise the council's.
    std::vector<const Council*> councils{&s.council};
    for (const auto& c : s.joint) {
      councils.push_back(&c);
    }
    for (const Council* c : councils) {
      long members = 0;
      long present = 0;
      for (const auto& a : rec.roster) {
        if (c->has_member(a.person.id) && votes(a)) {
          ++members;
          present += a.present.value_or(false) ? 1 : 0;
        }
      }
      VoteRule quorum_rule = s.is_joint() ? c->rule : out.rule;
      Outcome q = decide(quorum_rule, members, present, Tally{});
      if (!q.quorum_met) {
        throw RuleViolation(
            s.is_joint()
                ? _f("no quorum for the vote on {}: in {}, {}", p.ref, c->name, describe_quorum(quorum_rule, q))
                : _f("no quorum for the vote on {}: {}", p.ref, describe_quorum(quorum_rule, q)),
            _("record more attendance with: yishi session attend, or close the session and meet again"));
      }
    }
  }

  std::vector<long> voter_ids; // the named ballots' voters, in the order of out.record.ballots
  if (method == VoteMethod::count) {
    out.record.tally = *in.counted;
    check_counted_tally(out.record.tally, out.record.present);
  } else if (method == VoteMethod::secret) {
    out.record.tally = secret_tally(*in.secret, out.record.present);
    out.record.secret = *in.secret;
  } else if (method == VoteMethod::roll_call) {
    for (const auto& b : in.ballots) {
      Person voter = village.person(b.person);
      auto entry = std::find_if(rec.roster.begin(), rec.roster.end(),
                                [&](const AttendanceEntry& a) { return a.person.id == voter.id; });
      if (entry == rec.roster.end() || !entry->votes) {
        throw RuleViolation(_f("{} {} is not a member of {}", _("voter"), voter.name, s.council.name),
                            _("see the roster with: yishi session show"));
      }
      if (recused.count(voter.id) != 0) {
        throw RuleViolation(_f("{} has recused themselves from {} and cannot vote on it", voter.name, p.ref));
      }
      if (!entry->present.value_or(false)) {
        throw RuleViolation(_f("{} is not recorded as present and cannot vote", voter.name));
      }
      if (std::find(voter_ids.begin(), voter_ids.end(), voter.id) != voter_ids.end()) {
        throw DataError(_f("{} has two ballots", voter.name));
      }
      voter_ids.push_back(voter.id);
      add_vote(out.record.tally, b.choice);
      out.record.ballots.push_back(Ballot{voter.name, b.choice});
    }
  }
  out.outcome = counted_outcome(out.rule, out.record.members, out.record.present, out.record.tally);
  out.record.computed = out.outcome.carried ? VoteResult::carried : VoteResult::defeated;
  out.record.result = recorded_result(out.record.computed, in.override_result);
  if (in.override_result) {
    out.record.override_reason = check_text(in.override_reason, "reason", 500, true);
  }
  out.record.quorum_rule = out.rule.quorum.text();
  out.record.majority_rule = out.rule.majority.text();
  out.record.at = format_iso(m_clock.now());
  bool carried = out.record.result == VoteResult::carried;

  // 小事不出组，大事不出村: a group council's carried vote beyond its competence is its recommendation,
  // and the matter goes up with it; it is no ruling.
  std::optional<std::string> beyond;
  if (carried && s.council.tier == Tier::group && s.council.kind == CouncilKind::council) {
    beyond = beyond_group_competence(p, village.routing(), types);
    if (beyond) {
      out.goes_to = village.village_council();
    }
  }
  // What the law reserves is decided by the body it names: any other body's carried vote on it is
  // that body's recommendation (on the 四议两公开 path, at the deciding fourth step).
  bool deciding_step = p.path != Path::four_step || p.step + 1 >= 4;
  if (carried && !beyond && deciding_step) {
    beyond = not_the_deciding_body(s.council, p, types, authorised_types());
    if (beyond) {
      out.goes_to = village.deciding_body(village.matter_type(p.matter_type), p.group_id);
    }
  }

  SQLite::Statement vq(m_db, "INSERT INTO vote (motion_id, method, members, present, yes, no, abstain, issued, blank, "
                             "spoiled, quorum_rule, majority_rule, computed, result, override_reason, at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  vq.bind(1, static_cast<int64_t>(motion_id));
  vq.bind(2, std::string(code(out.record.method)));
  vq.bind(3, static_cast<int64_t>(out.record.members));
  vq.bind(4, static_cast<int64_t>(out.record.present));
  vq.bind(5, static_cast<int64_t>(out.record.tally.yes));
  vq.bind(6, static_cast<int64_t>(out.record.tally.no));
  vq.bind(7, static_cast<int64_t>(out.record.tally.abstain));
  if (out.record.secret) {
    vq.bind(8, static_cast<int64_t>(out.record.secret->issued));
    vq.bind(9, static_cast<int64_t>(out.record.secret->blank));
    vq.bind(10, static_cast<int64_t>(out.record.secret->spoiled));
  } else {
    vq.bind(8);
    vq.bind(9);
    vq.bind(10);
  }
  vq.bind(11, out.record.quorum_rule);
  vq.bind(12, out.record.majority_rule);
  vq.bind(13, std::string(code(out.record.computed)));
  vq.bind(14, std::string(code(out.record.result)));
  if (out.record.override_reason.empty()) {
    vq.bind(15);
  } else {
    vq.bind(15, out.record.override_reason);
  }
  vq.bind(16, out.record.at);
  vq.exec();
  long vote_id = m_db.getLastInsertRowid();
  for (size_t i = 0; i < out.record.ballots.size(); ++i) {
    SQLite::Statement bq(m_db, "INSERT INTO ballot (vote_id, person_id, choice) VALUES (?, ?, ?)");
    bq.bind(1, static_cast<int64_t>(vote_id));
    bq.bind(2, static_cast<int64_t>(voter_ids[i]));
    bq.bind(3, std::string(code(out.record.ballots[i].choice)));
    bq.exec();
  }
  SQLite::Statement upd(m_db, "UPDATE motion SET status = ? WHERE id = ?");
  upd.bind(1, std::string(code(out.record.result)));
  upd.bind(2, static_cast<int64_t>(motion_id));
  upd.exec();

  ProposalStore proposals(m_db, m_clock);
  if (!carried) {
    out.proposal = proposals.apply(p, Action::defeat, s.ref);
    return out;
  }
  if (beyond) {
    proposals.add_recommendation(p, s.council.id, s.id, motion_text, responsible, date_from_iso(deadline), *beyond);
    out.proposal = proposals.apply(p, Action::escalate, s.ref);
    out.escalated = true;
    return out;
  }
  if (p.path == Path::four_step) {
    Proposal stepped = proposals.record_step(p, s.id, out.record.members, out.record.present);
    if (stepped.step < 4) {
      out.proposal = proposals.apply(stepped, Action::advance, s.ref);
      return out;
    }
    p = stepped;
  } else if (s.council.tier == Tier::group && village.routing().review_group_rulings) {
    // Every group ruling goes to the village council for review (审核把关) before it is final.
    proposals.add_recommendation(p, s.council.id, s.id, motion_text, responsible, date_from_iso(deadline),
                                 _("review of group rulings"));
    out.proposal = proposals.apply(p, Action::escalate, s.ref);
    out.for_review = true;
    return out;
  }
  // A group matter that went up is decided by the village council's carried vote on the group's
  // recommendation (审核把关): the ruling keeps who recommended it and who approved it.
  auto recommendations = proposals.recommendations(p.id);
  bool approval = p.tier == Tier::group && s.council.tier == Tier::village && s.council.kind == CouncilKind::council &&
                  !recommendations.empty();
  SQLite::Statement ruling(m_db, "INSERT INTO ruling (proposal_id, motion_id, council_id, text, responsible, "
                                 "deadline, ruled_on, approved_by, recommendation_id) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ruling.bind(1, static_cast<int64_t>(p.id));
  ruling.bind(2, static_cast<int64_t>(motion_id));
  ruling.bind(3, static_cast<int64_t>(approval ? recommendations.back().council_id : s.council.id));
  ruling.bind(4, motion_text);
  ruling.bind(5, responsible);
  ruling.bind(6, deadline);
  ruling.bind(7, format_iso(m_clock.today()));
  if (approval) {
    ruling.bind(8, static_cast<int64_t>(s.council.id));
    ruling.bind(9, static_cast<int64_t>(recommendations.back().id));
    proposals.record_review(p, recommendations.back().id, s.council.id, ReviewDecision::approve, "");
  } else {
    ruling.bind(8);
    // A statutory meeting's ruling keeps the recommendation it was made on.
    if (recommendations.empty()) {
      ruling.bind(9);
    } else {
      ruling.bind(9, static_cast<int64_t>(recommendations.back().id));
    }
  }
  ruling.exec();
  out.proposal = proposals.apply(p, approval ? Action::approve : Action::carry, s.ref);
  return out;
}

bool SessionStore::undo_vote(const Session& s, const Proposal& p, long item, std::string_view why) {
  SQLite::Statement last(m_db, "SELECT m.id, v.id, v.method, v.present, v.yes, v.no, v.abstain, v.result "
                               "FROM motion m JOIN vote v ON v.motion_id = m.id WHERE m.agenda_item_id = ? "
                               "ORDER BY m.id DESC LIMIT 1");
  last.bind(1, static_cast<int64_t>(item));
  if (!last.executeStep()) {
    return false;
  }
  const long motion_id = last.getColumn(0).getInt64();
  const long vote_id = last.getColumn(1).getInt64();
  // What the vote did must be all that happened since: a notice drafted from it, or a later step, is put right
  // first (or the vote held again at a new session).
  SQLite::Statement after(m_db, "SELECT printf('N%d-%03d', n.year, n.number) FROM notice n WHERE n.proposal_id = ? "
                                "AND (n.stage = 'process' AND n.session_id = ? OR n.stage = 'result') "
                                "AND NOT EXISTS (SELECT 1 FROM notice_discard d WHERE d.notice_id = n.id)");
  after.bind(1, static_cast<int64_t>(p.id));
  after.bind(2, static_cast<int64_t>(s.id));
  if (after.executeStep()) {
    throw RuleViolation(_f("notice {} was drafted from the vote on {}: the vote cannot be corrected under it",
                           after.getColumn(0).getString(), p.ref),
                        _f("discard the draft first (yishi notice discard {} --reason ...); a posted notice is "
                           "corrected in public",
                           after.getColumn(0).getString()));
  }
  auto events = ProposalStore(m_db, m_clock).history(p.id);
  const bool last_was_this_vote = !events.empty() && events.back().note == s.ref &&
                                  (events.back().action == Action::carry || events.back().action == Action::defeat ||
                                   events.back().action == Action::escalate);
  if (!last_was_this_vote) {
    throw RuleViolation(_f("proposal {} has moved on since the vote at {}: its vote is not corrected here", p.ref,
                           s.ref),
                        _("hold the vote again at a new session"));
  }
  SQLite::Statement keep(m_db, "INSERT INTO vote_correction (motion_id, old_method, old_present, old_yes, old_no, "
                               "old_abstain, old_result, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  keep.bind(1, static_cast<int64_t>(motion_id));
  keep.bind(2, last.getColumn(2).getString());
  keep.bind(3, last.getColumn(3).getInt64());
  keep.bind(4, last.getColumn(4).getInt64());
  keep.bind(5, last.getColumn(5).getInt64());
  keep.bind(6, last.getColumn(6).getInt64());
  keep.bind(7, last.getColumn(7).getString());
  keep.bind(8, std::string(why));
  keep.bind(9, format_iso(m_clock.now()));
  keep.exec();
  // Undone: the ruling or the recommendation the vote made, the vote and its ballots (the history keeps each
  // row as it was), and the matter back before the vote.
  auto run = [&](const char* sql, long id) {
    SQLite::Statement q(m_db, sql);
    q.bind(1, static_cast<int64_t>(id));
    q.exec();
  };
  run("DELETE FROM ruling WHERE motion_id = ?", motion_id);
  SQLite::Statement rec(m_db, "SELECT max(id) FROM recommendation WHERE proposal_id = ? AND session_id = ?");
  rec.bind(1, static_cast<int64_t>(p.id));
  rec.bind(2, static_cast<int64_t>(s.id));
  if (rec.executeStep() && !rec.getColumn(0).isNull() && p.status == Status::escalated) {
    run("DELETE FROM recommendation WHERE id = ?", rec.getColumn(0).getInt64());
  }
  run("DELETE FROM ballot WHERE vote_id = ?", vote_id);
  run("DELETE FROM vote WHERE id = ?", vote_id);
  run("UPDATE motion SET status = 'open' WHERE id = ?", motion_id);
  ProposalStore(m_db, m_clock).apply(p, Action::correct_vote, s.ref);
  return true;
}

VoteResultSummary SessionStore::correct_vote(std::string_view ref, std::string_view proposal, const VoteInput& in,
                                             std::string_view reason) {
  Session s = meeting_session(ref);
  Proposal p;
  long item = item_id(s, proposal, p);
  const std::string why = check_text(reason, "reason", 500, true);
  if (!undo_vote(s, p, item, why)) {
    throw RuleViolation(_f("no vote on {} is recorded at {}: there is nothing to correct", p.ref, s.ref),
                        _("record the vote: yishi session vote"));
  }
  return vote(s.ref, p.ref, in);
}

VoteResultSummary SessionStore::approve(std::string_view ref, std::string_view proposal_ref, const VoteInput& input,
                                        const ReviewInput& review) {
  Session s = meeting_session(ref);
  if (s.council.tier != Tier::village || s.council.kind != CouncilKind::council) {
    throw RuleViolation(
        _f("session {} is of {}; the village council approves a group's recommendation", s.ref, s.council.name),
        _f("plan it at the village council: yishi session plan --council village --agenda {}", proposal_ref));
  }
  Proposal p;
  long item = item_id(s, proposal_ref, p);
  ProposalStore proposals(m_db, m_clock);
  auto recommendations = proposals.recommendations(p.id);
  if (p.tier != Tier::group || recommendations.empty()) {
    throw RuleViolation(_f("proposal {} carries no group recommendation to approve", p.ref),
                        _("put the village council's own motion and vote: yishi session motion, yishi session vote"));
  }
  SQLite::Statement open(m_db, "SELECT count(*) FROM motion WHERE agenda_item_id = ? AND status = 'open'");
  open.bind(1, static_cast<int64_t>(item));
  open.executeStep();
  if (open.getColumn(0).getInt() == 0) {
    // The motion put to the village council is the group's recommendation.
    const Recommendation& rec = recommendations.back();
    std::optional<Date> deadline = review.deadline ? review.deadline : rec.deadline;
    std::string responsible = review.responsible.empty() ? rec.responsible : review.responsible;
    if (trim(responsible).empty() || !deadline) {
      throw UsageError(_("the recommendation names no one responsible or no deadline"),
                       _("give them with --responsible and --deadline"));
    }
    motion(s.ref, p.ref, NewMotion{rec.text, responsible, *deadline, "", "", {}});
  }
  return vote(s.ref, p.ref, input);
}

} // namespace yishi
