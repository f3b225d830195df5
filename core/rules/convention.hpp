#pragma once

#include "core/date.hpp"
#include "core/labels.hpp"

#include <optional>
#include <string>
#include <vector>

namespace yishi {

/// The checkable limits a red-and-white convention (红白喜事公约) may set.
enum class Limit {
  tables,              // 最多桌数
  cost_per_table,      // 每桌标准上限（元）
  gift,                // 礼金上限（元）
  guests,              // 宾客人数上限
  days,                // 办事天数上限
  cigarette_price,     // 香烟单价上限（元/包）
  liquor_price,        // 酒水单价上限（元/瓶）
  wedding_notice_days, // 婚事至少提前申报天数
  funeral_report_days, // 丧事事后报告期限（天）
};
inline constexpr auto k_limits = std::to_array<EnumName<Limit>>({
    {Limit::tables, "tables", "最多桌数"},
    {Limit::cost_per_table, "cost-per-table", "每桌标准上限（元）"},
    {Limit::gift, "gift", "礼金上限（元）"},
    {Limit::guests, "guests", "宾客人数上限"},
    {Limit::days, "days", "办事天数上限"},
    {Limit::cigarette_price, "cigarette-price", "香烟单价上限（元/包）"},
    {Limit::liquor_price, "liquor-price", "酒水单价上限（元/瓶）"},
    {Limit::wedding_notice_days, "wedding-notice-days", "婚事提前申报天数"},
    {Limit::funeral_report_days, "funeral-report-days", "丧事事后报告天数"},
});
template <> constexpr auto enum_names<Limit>() {
  return std::span{k_limits};
}

enum class EventKind { wedding, funeral, other };
inline constexpr auto k_event_kinds = std::to_array<EnumName<EventKind>>({
    {EventKind::wedding, "wedding", "婚事"},
    {EventKind::funeral, "funeral", "丧事"},
    {EventKind::other, "other", "其他"},
});
template <> constexpr auto enum_names<EventKind>() {
  return std::span{k_event_kinds};
}

enum class CouncilAnswer { approved, conditions, advised_against };
inline constexpr auto k_council_answers = std::to_array<EnumName<CouncilAnswer>>({
    {CouncilAnswer::approved, "approved", "同意"},
    {CouncilAnswer::conditions, "approved-with-conditions", "有条件同意"},
    {CouncilAnswer::advised_against, "advised-against", "劝导不办"},
});
template <> constexpr auto enum_names<CouncilAnswer>() {
  return std::span{k_council_answers};
}

/// The adoption path of a convention (村规民约): each step in this order.
enum class AdoptionStep { opinions, draft, township_review, villagers_vote, filed, published };
inline constexpr auto k_adoption_steps = std::to_array<EnumName<AdoptionStep>>({
    {AdoptionStep::opinions, "opinions", "征求意见"},
    {AdoptionStep::draft, "draft", "起草"},
    {AdoptionStep::township_review, "township-review", "乡镇（街道）审核"},
    {AdoptionStep::villagers_vote, "villagers-vote", "村民会议表决"},
    {AdoptionStep::filed, "filed", "备案"},
    {AdoptionStep::published, "published", "公布"},
});
template <> constexpr auto enum_names<AdoptionStep>() {
  return std::span{k_adoption_steps};
}

struct Clause {
  int number = 0;   // 第N条
  std::string text; // the clause as written
  std::optional<Limit> limit;
  long value = 0; // the limit's value
};

struct ConventionVersion {
  long id = 0;
  int version = 1;
  Date effective_on;
  std::string proposal_ref; // the deliberation that adopted it
  std::vector<Clause> clauses;
};

/// The figures of a household's event, planned (when declared) or actual (after the event).
struct EventFigures {
  std::optional<long> tables, guests, cost_per_table, gift, days, cigarette_price, liquor_price;
  std::optional<long> value(Limit limit) const;
};

struct Breach {
  Clause clause;
  long value = 0; // what the household declared (or spent)
};

/// Every clause whose limit the figures exceed. Pure.
std::vector<Breach> check_figures(const EventFigures& figures, const ConventionVersion& version);

/// A wedding declared fewer days ahead than required, or a funeral reported later than allowed:
/// the clause broken, or nothing. Pure.
std::optional<Clause> check_timing(EventKind kind, Date event_on, Date declared_on, const ConventionVersion& version);

/// The version in force on `day`: the latest whose effective date is not after it. Pure.
const ConventionVersion* version_in_force(const std::vector<ConventionVersion>& versions, Date day);

/// The cost of an event: tables times the cost per table (0 when either is unknown).
long event_cost(const EventFigures& figures);

/// How a clause reads on a notice, in Chinese: free text as written, limits spelled out.
std::string clause_text_zh(const Clause& clause);

} // namespace yishi
