#pragma once

#include "core/rules/calendar.hpp"
#include "core/model.hpp"
#include "core/render/template.hpp"

#include <algorithm>
#include <SQLiteCpp/Database.h>

namespace yishi {

enum class NoticeState { draft, posted, expired, superseded };
inline constexpr auto k_notice_states = std::to_array<EnumName<NoticeState>>({
    {NoticeState::draft, "draft", "草稿"},
    {NoticeState::posted, "posted", "公示中"},
    {NoticeState::expired, "expired", "已期满"},
    {NoticeState::superseded, "superseded", "已更正"},
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
  std::string ref;    // N2026-003
  std::string serial; // 老寨村议公〔2026〕3号
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
  std::string supersedes;    // ref of the notice this correction corrects
  std::string superseded_by; // ref of the posted correction that corrects this one
  std::string fingerprint;   // printed on the sheet once posted
  std::string chain_head;    // the history's head when it was posted

  /// Computed from the dates, never stored: a notice expires by the calendar.
  NoticeState state(Date today) const;
};

struct PostInput {
  std::optional<Date> on;
  std::optional<int> days;
  const HolidayCalendar* working_days = nullptr; // count working days by this calendar
  std::vector<Place> places;
  std::string posted_by;
};

/// A villager's objection (异议) to a posted notice.
struct Objection {
  long id = 0;
  std::string ref; // O2026-001
  std::string notice_ref;
  std::string proposal_ref;
  std::string objector;
  std::string objector_phone; // private
  Date made_on;
  std::string text;
  std::optional<bool> upheld; // nothing: open
  std::string answer_reason;
  std::optional<Date> answered_on;
};

enum class SheetFormat { text, html };

/// Notices (公示): drafted from a template for one stage of a proposal, then posted.
class NoticeStore {
public:
  NoticeStore(SQLite::Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

  /// Drafts the notice of one stage; `text` is the implementation summary for that stage.
  Notice draft(std::string_view proposal_ref, Stage stage, const TemplateLoader& templates, std::string_view text = {});
  /// A correction (更正公示): a new notice that supersedes a posted one once it is posted itself.
  Notice correct(std::string_view ref, std::string_view reason, std::string_view text, const TemplateLoader& templates);
  /// Posts a draft on `on` (default today) for `days` (default: the village's), calendar or working days.
  Notice post(std::string_view ref, const PostInput& input);
  Notice get(std::string_view ref) const;
  /// Notices in a state; with `due_within`, only those posted and ending within that many days.
  std::vector<Notice> list(std::optional<NoticeState> state, std::string_view proposal_ref = {},
                           std::optional<int> due_within = {}) const;
  /// The notices posted on one day, in number order.
  std::vector<Notice> posted_on(Date day) const;

  /// Records an objection; accepted only while the notice is up.
  Objection object(std::string_view notice_ref, std::string_view objector, std::string_view phone,
                   std::string_view text, std::optional<Date> on);
  /// Upheld sends the matter back to deliberation (a ruling is set aside); dismissed needs a reason.
  Objection answer(std::string_view objection_ref, bool upheld, std::string_view reason);
  Objection objection(std::string_view ref) const;
  /// The objections to a proposal's notices (all, or the open ones).
  std::vector<Objection> objections(std::optional<long> proposal_id, bool open_only) const;

private:
  SQLite::Database& m_db;
  const Clock& m_clock;
};

/// A stacked bar chart: one bar a label, one colour a series.
struct ChartSeries {
  std::string name;
  double red = 0, green = 0, blue = 0;
  std::vector<long> values; // one a label
};
struct Chart {
  std::vector<std::string> labels;
  std::vector<ChartSeries> series;
  bool empty() const { return labels.empty() || series.empty(); }
  /// The tallest bar (the sum of a label's values), at least 1: the top of the value axis.
  long tallest() const {
    long top = 1;
    for (size_t i = 0; i < labels.size(); ++i) {
      long total = 0;
      for (const auto& s : series) {
        total += s.values[i];
      }
      top = std::max(top, total);
    }
    return top;
  }
};

/// The chart as SVG, for HTML.
std::string chart_to_svg(const Chart& chart);

/// The short fingerprint printed on a posted sheet: its content and the chain head when it was posted.
std::string notice_fingerprint(const Notice& notice, const std::string& chain_head);

/// A sheet's content, every field but the village's own phone already masked.
struct SheetContent {
  std::string title;
  std::string serial;
  std::string stage_zh;
  std::vector<std::string> paragraphs;
  bool draft = false;
  std::string period; // 2026年3月5日至2026年3月11日（7天）
  std::string places;
  std::string fingerprint; // 核验码
  std::string feedback;
  std::string supervision_phone; // the office's number, printed as it is
  std::string issuing_body;
  std::string date;
  std::string supersedes; // the serial this notice corrects
  std::string superseded_by;
  bool notice = true; // a notice carries the feedback channel and the supervision phone; minutes do not
  std::vector<std::string> signatures; // lines left for signatures (minutes)
  Chart chart;                         // reports: drawn after the paragraphs
};
SheetContent sheet_content(const Notice& notice, const VillageInfo& village, std::string_view supersedes_serial = {},
                           std::string_view superseded_by_serial = {});

/// The templates for a village: its own folder first (village.toml's templates), then the shipped ones.
FolderLoader village_templates(const VillageInfo& village);

/// Lays any sheet out as text or HTML through the sheet templates.
std::string render_document(const SheetContent& sheet, const TemplateLoader& templates, SheetFormat format);

/// Lays the notice out as a printed sheet. Every personal number is masked; the village's
/// own supervision phone is printed as it is.
std::string render_sheet(const Notice& notice, const VillageInfo& village, const TemplateLoader& templates,
                         SheetFormat format);

} // namespace yishi
