#pragma once

#include "core/error.hpp"
#include "core/i18n.hpp"

#include <array>
#include <fmt/format.h>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yishi {

/// One value of a domain enumeration: its code (English, used in data, JSON and options)
/// and its Chinese label (used on notices, and accepted as input).
template <typename E> struct EnumName {
  E value;
  std::string_view code;
  std::string_view zh;
};

enum class Channel { door_to_door, grid_worker, wechat, suggestion_box, council, phone, assigned, kiosk, online };
enum class Tier { group, village };
enum class Mode { offline, online, door_to_door };
enum class Stage { plan, process, result, convention, announcement, implementation, correction, objection_answer };
enum class Gender { male, female };
enum class SheetLayout { plain, red_header, gbt9704 };
enum class Choice { yes, no, abstain };
enum class VoteResult { carried, defeated };
/// How a vote is taken: a counted show of hands, named ballots (roll-call), secret ballots, or the households
/// visited door to door (上门议事).
enum class VoteMethod { count, roll_call, secret, households };
/// A session is held once its attendance (or sign-in) is taken, closed when closed.
enum class SessionStatus { planned, held, closed, cancelled };
/// What kind of body a council is: a deliberation council, or one of the bodies of 四议两公开.
enum class CouncilKind {
  council,
  party_branch,
  two_committees,
  party_members,
  representatives,
  villagers,
  group_meeting
};
/// The body the law names to decide a kind of matter.
enum class DecidingBody { council, villagers, group_meeting };
enum class Path { standard, four_step };
enum class ReviewDecision { approve, send_back, take_up };

inline constexpr auto k_channels = std::to_array<EnumName<Channel>>({
    {Channel::door_to_door, "door-to-door", "上门走访"},
    {Channel::grid_worker, "grid-worker", "网格员"},
    {Channel::wechat, "wechat", "微信群"},
    {Channel::suggestion_box, "suggestion-box", "意见箱"},
    {Channel::council, "council", "议事会"},
    {Channel::phone, "phone", "来电"},
    {Channel::assigned, "assigned", "上级交办"},
    {Channel::kiosk, "kiosk", "智慧屋自助"}, // the self-service hut, through yishi serve --kiosk
    {Channel::online, "online", "网上提交"}, // a villager's phone or PC on the village's network
});
inline constexpr auto k_tiers = std::to_array<EnumName<Tier>>({
    {Tier::group, "group", "组级"},
    {Tier::village, "village", "村级"},
});
inline constexpr auto k_modes = std::to_array<EnumName<Mode>>({
    {Mode::offline, "offline", "线下议事"},
    {Mode::online, "online", "线上议事"},
    {Mode::door_to_door, "door-to-door", "上门议事"},
});
inline constexpr auto k_stages = std::to_array<EnumName<Stage>>({
    {Stage::plan, "plan", "议事方案"},
    {Stage::process, "process", "议事过程"},
    {Stage::result, "result", "处理结果"},
    {Stage::convention, "convention", "村规民约"},
    {Stage::announcement, "announcement", "会议通知"},
    {Stage::implementation, "implementation", "实施结果"},
    {Stage::correction, "correction", "更正"},
    {Stage::objection_answer, "objection-answer", "异议答复"},
});
inline constexpr auto k_genders = std::to_array<EnumName<Gender>>({
    {Gender::male, "male", "男"},
    {Gender::female, "female", "女"},
});
inline constexpr auto k_choices = std::to_array<EnumName<Choice>>({
    {Choice::yes, "for", "赞成"},
    {Choice::no, "against", "反对"},
    {Choice::abstain, "abstain", "弃权"},
});
inline constexpr auto k_vote_results = std::to_array<EnumName<VoteResult>>({
    {VoteResult::carried, "carried", "通过"},
    {VoteResult::defeated, "defeated", "未通过"},
});
inline constexpr auto k_vote_methods = std::to_array<EnumName<VoteMethod>>({
    {VoteMethod::count, "count", "举手表决"},
    {VoteMethod::roll_call, "roll-call", "记名表决"},
    {VoteMethod::secret, "secret", "无记名投票"},
    {VoteMethod::households, "households", "入户征求意见"},
});
inline constexpr auto k_session_statuses = std::to_array<EnumName<SessionStatus>>({
    {SessionStatus::planned, "planned", "已计划"},
    {SessionStatus::held, "held", "已召开"},
    {SessionStatus::closed, "closed", "已结束"},
    {SessionStatus::cancelled, "cancelled", "已取消"},
});

inline constexpr auto k_council_kinds = std::to_array<EnumName<CouncilKind>>({
    {CouncilKind::council, "council", "议事会"},
    {CouncilKind::party_branch, "party-branch", "村党支部"},
    {CouncilKind::two_committees, "two-committees", "村两委联席会议"},
    {CouncilKind::party_members, "party-members", "党员大会"},
    {CouncilKind::representatives, "representatives", "村民代表会议"},
    {CouncilKind::villagers, "villagers", "村民会议"},
    {CouncilKind::group_meeting, "group-meeting", "村民小组会议"},
});
inline constexpr auto k_deciding_bodies = std::to_array<EnumName<DecidingBody>>({
    {DecidingBody::council, "council", "议事会"},
    {DecidingBody::villagers, "villagers", "村民会议"},
    {DecidingBody::group_meeting, "group-meeting", "村民小组会议"},
});
inline constexpr auto k_paths = std::to_array<EnumName<Path>>({
    {Path::standard, "standard", "一般程序"},
    {Path::four_step, "four-step", "四议两公开"},
});
/// How a printed sheet is laid out: plain (a 公示 as most boards carry it), under a red header (红头: the
/// issuing body in red over a red rule), or close to GB/T 9704-2012 (党政机关公文格式) for formal 公告.
inline constexpr auto k_sheet_layouts = std::to_array<EnumName<SheetLayout>>({
    {SheetLayout::plain, "plain", "普通"},
    {SheetLayout::red_header, "red-header", "红头"},
    {SheetLayout::gbt9704, "gbt9704", "公文格式"},
});
inline constexpr auto k_review_decisions = std::to_array<EnumName<ReviewDecision>>({
    {ReviewDecision::approve, "approve", "审核通过"},
    {ReviewDecision::send_back, "send-back", "退回小组再议"},
    {ReviewDecision::take_up, "take-up", "提交村级议事"},
});

template <typename E> constexpr auto enum_names();
template <> constexpr auto enum_names<Channel>() {
  return std::span{k_channels};
}
template <> constexpr auto enum_names<Tier>() {
  return std::span{k_tiers};
}
template <> constexpr auto enum_names<Mode>() {
  return std::span{k_modes};
}
template <> constexpr auto enum_names<SheetLayout>() {
  return std::span{k_sheet_layouts};
}
template <> constexpr auto enum_names<Stage>() {
  return std::span{k_stages};
}
template <> constexpr auto enum_names<Gender>() {
  return std::span{k_genders};
}
template <> constexpr auto enum_names<Choice>() {
  return std::span{k_choices};
}
template <> constexpr auto enum_names<VoteResult>() {
  return std::span{k_vote_results};
}
template <> constexpr auto enum_names<VoteMethod>() {
  return std::span{k_vote_methods};
}
template <> constexpr auto enum_names<SessionStatus>() {
  return std::span{k_session_statuses};
}
template <> constexpr auto enum_names<CouncilKind>() {
  return std::span{k_council_kinds};
}
template <> constexpr auto enum_names<DecidingBody>() {
  return std::span{k_deciding_bodies};
}
template <> constexpr auto enum_names<Path>() {
  return std::span{k_paths};
}
template <> constexpr auto enum_names<ReviewDecision>() {
  return std::span{k_review_decisions};
}

template <typename E> std::string_view code(E value) {
  for (const auto& n : enum_names<E>()) {
    if (n.value == value) {
      return n.code;
    }
  }
  return "?";
}

template <typename E> std::string_view zh(E value) {
  for (const auto& n : enum_names<E>()) {
    if (n.value == value) {
      return n.zh;
    }
  }
  return "?";
}

/// What people read: the Chinese label under zh, the code otherwise. Data and JSON use code().
template <typename E> std::string_view label(E value) {
  return language() == Language::zh ? zh(value) : code(value);
}

/// "door-to-door, grid-worker, ..." for help texts and errors.
template <typename E> std::string allowed_codes() {
  std::string out;
  for (const auto& n : enum_names<E>()) {
    out += out.empty() ? "" : ", ";
    out += n.code;
  }
  return out;
}

/// The values people may type, in the interface language (either is accepted).
template <typename E> std::string allowed_values() {
  if (language() == Language::en) {
    return allowed_codes<E>();
  }
  std::string out;
  for (const auto& n : enum_names<E>()) {
    out += out.empty() ? "" : "、";
    out += n.zh;
  }
  return out;
}

/// Enumerations whose Chinese labels may be typed in a longer natural spelling (村民议事会 for 议事会,
/// 上门 for 上门走访): where, the channels, modes, tiers and stages; never votes, results or answers,
/// where 没通过 must not read as 通过.
template <typename E> inline constexpr bool k_natural_spellings = false;
template <> inline constexpr bool k_natural_spellings<Channel> = true;
template <> inline constexpr bool k_natural_spellings<Mode> = true;
template <> inline constexpr bool k_natural_spellings<Tier> = true;
template <> inline constexpr bool k_natural_spellings<Stage> = true;

/// Chinese words people use for a value that neither hold its label nor are held by it: 电话 for 来电.
template <typename E> inline constexpr std::array<std::pair<std::string_view, E>, 0> k_aliases{};
template <>
inline constexpr std::array<std::pair<std::string_view, Channel>, 3> k_aliases<Channel>{{
    {"电话", Channel::phone},
    {"热线", Channel::phone},
    {"打电话", Channel::phone},
}};

/// Accepts the code (in any case, with _ for -) or the Chinese label, and for the enumerations of
/// k_natural_spellings a Chinese spelling that holds one label or is held by one (of at least two
/// characters); two labels it could mean are refused, naming both. Otherwise a DataError naming the field.
template <typename E> E parse_enum(std::string_view text, std::string_view field) {
  std::string folded;
  for (char c : text) {
    folded += c == '_' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  for (const auto& n : enum_names<E>()) {
    if (text == n.code || text == n.zh || folded == n.code) {
      return n.value;
    }
  }
  for (const auto& [word, value] : k_aliases<E>) {
    if (text == word) {
      return value;
    }
  }
  const std::string name = translate(std::string(field).c_str());
  if constexpr (k_natural_spellings<E>) {
    const bool chinese = !text.empty() && static_cast<unsigned char>(text.front()) >= 0x80;
    if (chinese && text.size() >= 6) { // two characters at least
      std::vector<const EnumName<E>*> near;
      for (const auto& n : enum_names<E>()) {
        if (text.find(n.zh) != std::string_view::npos || n.zh.find(text) != std::string_view::npos) {
          near.push_back(&n);
        }
      }
      if (near.size() == 1) {
        return near.front()->value;
      }
      if (near.size() > 1) {
        std::string both;
        for (const auto* n : near) {
          both += both.empty() ? "" : "、";
          both += n->zh;
        }
        throw DataError(_f("{} '{}' could mean {}", name, text, both), _f("use one of: {}", allowed_values<E>()));
      }
    }
  }
  throw DataError(_f("{} '{}' is not known", name, text), _f("use one of: {}", allowed_values<E>()));
}

} // namespace yishi
