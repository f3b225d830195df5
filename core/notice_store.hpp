#pragma once

#include "model.hpp"
#include "render/template.hpp"

#include <SQLiteCpp/Database.h>

namespace yishi {

enum class NoticeState { draft, posted, expired };
inline constexpr auto k_notice_states = std::to_array<EnumName<NoticeState>>({
    {NoticeState::draft, "draft", "草稿"},
    {NoticeState::posted, "posted", "公示中"},
    {NoticeState::expired, "expired", "已期满"},
});
template <> constexpr auto enum_names<NoticeState>() {
  return std::span{k_notice_states};
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
  std::optional<Date> ends_on; // last day on the board

  /// Computed from the dates, never stored: a notice expires by the calendar.
  NoticeState state(Date today) const;
};

enum class SheetFormat { text, html };

/// Notices (公示): drafted from a template for one stage of a proposal, then posted.
class NoticeStore {
public:
  NoticeStore(SQLite::Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

  Notice draft(std::string_view proposal_ref, Stage stage, const TemplateLoader& templates);
  /// Posts a draft on `on` (default today) for `days` calendar days (default: the village's).
  Notice post(std::string_view ref, std::optional<Date> on, std::optional<int> days);
  Notice get(std::string_view ref) const;
  std::vector<Notice> list(std::optional<NoticeState> state, std::string_view proposal_ref = {}) const;

private:
  SQLite::Database& m_db;
  const Clock& m_clock;
};

/// Lays the notice out as a printed sheet. Every personal number is masked; the village's
/// own supervision phone is printed as it is.
std::string render_sheet(const Notice& notice, const VillageInfo& village, const TemplateLoader& templates,
                         SheetFormat format);

} // namespace yishi
