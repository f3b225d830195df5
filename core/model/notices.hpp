#pragma once

#include "core/model.hpp"
#include "core/model/conventions.hpp"
#include "core/model/implementation.hpp"
#include "core/model/sessions.hpp"

#include <algorithm>

namespace yishi {

enum class NoticeState { draft, posted, expired, superseded, set_aside, discarded };
inline constexpr auto k_notice_states = std::to_array<EnumName<NoticeState>>({
    {NoticeState::draft, "draft", "草稿"},
    {NoticeState::posted, "posted", "公示中"},
    {NoticeState::expired, "expired", "已期满"},
    {NoticeState::superseded, "superseded", "已更正"},
    {NoticeState::set_aside, "set-aside", "已撤销"},
    {NoticeState::discarded, "discarded", "作废"},
});
template <> constexpr auto enum_names<NoticeState>() {
  return std::span{k_notice_states};
}

/// Where a notice is posted.
enum class Place { village_board, group_boards, wechat };
inline constexpr auto k_places = std::to_array<EnumName<Place>>({
    {Place::village_board, "village-board", "村务公开栏"},
    {Place::group_boards, "group-boards", "各村民小组公开栏"},
    {Place::wechat, "wechat", "村民微信群"},
});
template <> constexpr auto enum_names<Place>() {
  return std::span{k_places};
}

struct Notice {
  long id = 0;
  int year = 0;
  int number = 0;
  std::string ref;    // N2026-003: the record's own number, given when drafted
  std::string serial; // 老寨村议公〔2026〕3号: the 文号, given when posted (a draft's reads 〔2026〕  号)
  std::string proposal_ref;
  Stage stage = Stage::plan;
  std::string title;
  std::string body; // masked when drafted: the stored public text holds no personal numbers
  Date drafted_on;
  std::optional<Date> posted_on;
  int days = 0;
  bool working_days = false;
  std::optional<Date> ends_on; // last day on the board
  std::vector<Place> places;
  std::string posted_by;
  std::string supersedes;           // ref of the notice this correction corrects
  std::string superseded_by;        // ref of the posted correction that corrects this one
  std::string fingerprint;          // printed on the sheet once posted
  std::string chain_head;           // the history's head when it was posted
  std::optional<Date> set_aside_on; // a result notice whose ruling an upheld objection set aside
  std::optional<Date> discarded_on; // a draft never posted, voided (作废) and kept
  std::string discard_reason;

  /// The serial once posted (文号), else nothing: a draft has none yet.
  std::string issued_serial() const { return posted_on ? serial : std::string(); }
  /// Computed from the dates, never stored: a notice expires by the calendar.
  NoticeState state(Date today) const {
    if (discarded_on) {
      return NoticeState::discarded;
    }
    if (!posted_on) {
      return NoticeState::draft;
    }
    if (!superseded_by.empty()) {
      return NoticeState::superseded;
    }
    if (set_aside_on) {
      return NoticeState::set_aside;
    }
    return today > *ends_on ? NoticeState::expired : NoticeState::posted;
  }
};

/// A villager's objection (异议) to a posted notice.
struct Objection {
  long id = 0;
  std::string ref; // O2026-001
  std::string notice_ref;
  std::string notice_serial; // as printed: 老寨村议公〔2026〕3号
  std::string proposal_ref;
  std::string objector;
  std::string objector_phone; // private
  Date made_on;
  std::string text;
  std::optional<bool> upheld; // nothing: open
  std::string answer_reason;
  std::optional<Date> answered_on;
};

/// What a stage's notice says, gathered from the records and checked: the notice is worded
/// from these values alone.
struct NoticeFacts {
  Stage stage = Stage::plan;
  VillageInfo village;
  Proposal proposal;
  SessionRecord session; // the latest session that had the proposal on its agenda
  std::optional<Ruling> ruling;
  std::optional<std::pair<Convention, ConventionVersion>> convention; // the convention stage's
  std::string text;                                                   // the secretary's summary (implementation)
  std::optional<Implementation> implementation;                       // drawn on when `text` is empty
  std::vector<Objection> answered;                                    // the objection-answer stage's
  std::vector<Recommendation> recommendations;                        // lineage: who recommended what, with which tally
};

/// A correction (更正公示) of a posted notice: the reason and the corrected text.
struct CorrectionFacts {
  Notice corrected;
  long proposal_id = 0;
  std::string reason;
  std::string text;
};

} // namespace yishi
