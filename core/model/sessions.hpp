#pragma once

#include "core/model.hpp"

#include <algorithm>
#include <utility>

namespace yishi {

struct Session {
  long id = 0;
  std::string ref; // S2026-001
  Council council;
  DateTime starts_at;
  Mode mode = Mode::offline;
  std::string venue;
  SessionStatus status = SessionStatus::planned;
  std::string closed_at;
  std::vector<Council> joint; // the group councils of a joint meeting
  bool invitees_vote = false;
  bool is_joint() const { return !joint.empty(); }
};

struct AttendanceEntry {
  Person person;
  std::optional<bool> present; // nothing: not recorded
  bool invitee = false;        // invited to speak; votes only when the session says so
  bool votes = true;
};

struct Remark {
  std::string speaker;
  bool on_record = true; // false for a guest not on the village's books
  std::string text;
  std::string at;
};

struct Ballot {
  std::string person;
  Choice choice = Choice::yes;
};

struct Recusal {
  std::string person;
  std::string reason;
};

/// One household visited in a door-to-door session (上门议事).
struct Visit {
  std::string household;
  Date visited_on;
  std::string visitor;
  std::string opinion;
  std::optional<Choice> choice;
};

/// Paper ballots: issued = for + against + abstain + blank + spoiled.
struct VoteRecord {
  VoteMethod method = VoteMethod::count;
  long members = 0;
  long present = 0;
  Tally tally;
  std::string quorum_rule;
  std::string majority_rule;
  VoteResult result = VoteResult::defeated;
  VoteResult computed = VoteResult::defeated; // what the rule gave; differs only with an override
  std::string override_reason;
  std::optional<SecretBallots> secret;
  std::vector<Ballot> ballots;
  std::string at;
  /// When this vote corrects one recorded in error: what was first recorded, and why it was corrected.
  std::string corrects;   // "赞成6，反对5，弃权0"
  std::string correction_reason;
};

struct MotionRecord {
  long id = 0;
  std::string text;
  std::vector<std::string> authorises; // matter types the villagers' meeting authorises the representatives to decide
  std::string mover;
  std::string seconder;
  std::string responsible;
  Date deadline;
  std::string status; // open, carried, defeated
  std::optional<VoteRecord> vote;
};

struct ItemRecord {
  long id = 0;
  int position = 0;
  Proposal proposal;
  std::vector<Remark> remarks;
  std::vector<MotionRecord> motions;
  std::vector<Recusal> recusals;
  std::vector<Visit> visits;
};

/// The sign-in of a statutory meeting (村民会议, 村民小组会议): adults present, households represented.
struct Headcount {
  long adults = 0;
  std::optional<long> households;
  std::string counted_by;
  std::string at;
};

/// An attendance recorded in error and recorded again while the session was open (更正): a member's first mark,
/// or a sign-in's first counts, and why.
struct AttendanceFix {
  std::string person;              // empty for a sign-in
  std::optional<bool> was_present; // a member's first mark
  std::optional<long> old_adults;  // a sign-in's first counts
  std::optional<long> old_households;
  std::string reason;
};

/// Everything recorded of one session.
struct SessionRecord {
  Session session;
  std::vector<AttendanceEntry> roster;
  std::vector<ItemRecord> items;
  /// A body with no roster: its eligible adults and households (from the groups it covers), and the sign-in.
  bool by_headcount = false;
  long eligible_adults = 0;
  long eligible_households = 0;
  std::optional<Headcount> headcount;
  std::vector<AttendanceFix> fixes; // oldest first
  /// Who votes: the members (and the invitees, where the session lets them vote); at a sign-in, the adults.
  long members() const {
    if (by_headcount) {
      return eligible_adults;
    }
    return std::count_if(roster.begin(), roster.end(), [](const AttendanceEntry& a) { return a.votes; });
  }
  /// The figures a quorum is counted on.
  Attendance attendance() const {
    if (by_headcount) {
      return Attendance{eligible_adults, present(), eligible_households,
                        headcount ? headcount->households.value_or(0) : 0};
    }
    return Attendance{members(), present(), 0, 0};
  }
  /// One council's members in this session and how many of them are present.
  std::pair<long, long> attendance_of(const Council& council) const {
    long members = 0;
    long present = 0;
    for (const auto& a : roster) {
      if (council.has_member(a.person.id)) {
        ++members;
        present += a.present.value_or(false) ? 1 : 0;
      }
    }
    return {members, present};
  }
  long present() const {
    if (by_headcount) {
      return headcount ? headcount->adults : 0;
    }
    return std::count_if(roster.begin(), roster.end(),
                         [](const AttendanceEntry& a) { return a.votes && a.present.value_or(false); });
  }
  bool attendance_recorded() const {
    if (by_headcount) {
      return headcount.has_value();
    }
    return std::any_of(roster.begin(), roster.end(), [](const AttendanceEntry& a) { return a.present.has_value(); });
  }
};

} // namespace yishi
