#include "minutes.hpp"

#include "core/rules/routing.hpp"
#include "core/rules/vote.hpp"
#include "core/text.hpp"

namespace yishi {
namespace {

// A vote recorded again while its session was open: what was first recorded, and why (更正).
std::string correction_line(const VoteRecord& v) {
  return fmt::format("更正：本项表决原记录为{}，因{}，已按上述结果重新记录。", v.corrects,
                     without_end_mark(v.correction_reason));
}

// A group meeting (村民小组会议) counts the group's adults and households, not the village's: its rules and its
// sign-in say 本组 where the village's bodies say 本村.
std::string of_body(const Council& council, std::string text) {
  if (council.kind != CouncilKind::group_meeting) {
    return text;
  }
  for (const auto& [village, group] : {std::pair{std::string_view("本村十八周岁以上村民"), std::string_view("本组十八周岁以上村民")},
                                       std::pair{std::string_view("本村户数"), std::string_view("本组户数")}}) {
    for (auto at = text.find(village); at != std::string::npos; at = text.find(village, at + group.size())) {
      text.replace(at, village.size(), group);
    }
  }
  return text;
}

const char* k_numbers[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

std::string ordinal(int n) {
  return n >= 1 && n <= 10 ? k_numbers[n - 1] : std::to_string(n);
}

} // namespace

SheetContent session_minutes(const SessionRecord& r, const std::map<long, Ruling>& rulings,
                             const std::map<long, Recommendation>& recommended) {
  const Session& s = r.session;
  bool final = s.status == SessionStatus::closed;
  SheetContent m;
  m.notice = false;
  m.formal = true;
  // 老寨村村民议事会会议纪要, but 老寨村村民会议纪要 (the body is itself a 会议).
  const bool is_meeting = s.council.name.ends_with("会议");
  m.title = s.council.name + (s.is_joint() ? "村组联席会议纪要" : is_meeting ? "纪要" : "会议纪要");
  m.serial = fmt::format("{}会议（{}）", format_zh(s.starts_at.date), final ? "定稿" : "草稿");
  m.stage_zh = "会议纪要";
  m.draft = !final;
  auto& p = m.paragraphs;
  p.push_back(fmt::format("时间：{}。方式：{}{}。", format_zh(s.starts_at), zh(s.mode),
                          s.venue.empty() ? "" : "，地点：" + s.venue));
  p.push_back(fmt::format("主持人：{}。", s.council.convener_name));
  if (s.is_joint()) {
    std::vector<std::string> names;
    for (const auto& c : s.joint) {
      names.push_back(c.name);
    }
    p.push_back("联席参加：" + join(names, "、") + "。");
  }
  std::vector<std::string> present, absent, unrecorded, invited;
  for (const auto& a : r.roster) {
    if (a.invitee) {
      invited.push_back(a.person.name + (a.present.value_or(false) ? "" : "（未到）"));
      continue;
    }
    (a.present ? (*a.present ? present : absent) : unrecorded).push_back(a.person.name);
  }
  long members = r.members();
  long attended = r.present();
  if (r.by_headcount) {
    // A meeting without a roster is counted at a sign-in: adults, households, and who counted.
    const Headcount h = r.headcount.value_or(Headcount{});
    p.push_back(of_body(s.council, fmt::format("签到：本村十八周岁以上村民{}人，到会{}人，占{}%{}{}。", members, attended,
                            members == 0 ? 0 : (attended * 100 + members / 2) / members,
                            h.households ? fmt::format("；共{}户，到会户代表{}户", r.eligible_households, *h.households)
                                         : std::string(),
                            h.counted_by.empty() ? std::string() : "；计数人：" + h.counted_by)));
  } else {
    p.push_back(fmt::format("应到{}人，实到{}人，到会率{}%。", members, attended,
                            members == 0 ? 0 : (attended * 100 + members / 2) / members));
    p.push_back("出席：" + (present.empty() ? std::string("无") : join(present, "、")) + "。");
  }
  if (!absent.empty()) {
    p.push_back("缺席：" + join(absent, "、") + "。");
  }
  if (!unrecorded.empty()) {
    p.push_back("未登记：" + join(unrecorded, "、") + "。");
  }
  for (const auto& fix : r.fixes) {
    if (fix.was_present) {
      p.push_back(fmt::format("更正：{}原记录为{}，因{}，更正为{}。", fix.person, *fix.was_present ? "出席" : "缺席",
                              without_end_mark(fix.reason), *fix.was_present ? "缺席" : "出席"));
    } else if (fix.old_adults) {
      p.push_back(fmt::format("更正：签到人数原记录为{}人{}，因{}，已按上述人数更正。", *fix.old_adults,
                              fix.old_households ? fmt::format("、户代表{}户", *fix.old_households) : std::string(),
                              without_end_mark(fix.reason)));
    }
  }
  if (!invited.empty()) {
    p.push_back(std::string("列席：") + join(invited, "、") +
                (s.invitees_vote ? "（参加表决）。" : "（不参加表决）。"));
  }
  std::vector<std::string> agenda;
  for (const auto& item : r.items) {
    agenda.push_back(fmt::format("{}、{}（编号{}）", ordinal(item.position), item.proposal.title, item.proposal.ref));
  }
  p.push_back("议程：" + join(agenda, "；") + "。");
  for (const auto& item : r.items) {
    p.push_back(fmt::format("议题{}：{}", ordinal(item.position), item.proposal.title));
    for (const auto& rc : item.recusals) {
      p.push_back(fmt::format("{}申请回避（{}），不参加本议题表决。", rc.person, rc.reason));
    }
    for (const auto& v : item.visits) {
      p.push_back(fmt::format("{}走访{}（{}）：{}{}", v.visitor, v.household, format_zh(v.visited_on),
                              v.opinion.empty() ? "" : v.opinion,
                              v.choice ? fmt::format("（{}）", zh(*v.choice)) : std::string()));
    }
    for (const auto& rm : item.remarks) {
      p.push_back(fmt::format("{}{}发言：{}", rm.speaker, rm.on_record ? "" : "（列席）", as_sentence(rm.text)));
    }
    for (const auto& mo : item.motions) {
      std::string who;
      if (!mo.mover.empty()) {
        who = fmt::format("（{}提出{}）", mo.mover, mo.seconder.empty() ? "" : "，" + mo.seconder + "附议");
      }
      p.push_back(fmt::format("处理意见{}：{}责任人：{}；完成时限：{}。", who, as_sentence(mo.text), mo.responsible,
                              format_zh(mo.deadline)));
      if (!mo.vote) {
        p.push_back("该处理意见未付表决。");
        continue;
      }
      const VoteRecord& v = *mo.vote;
      auto quorum = parse_quorum(v.quorum_rule, "quorum", Basis::members);
      auto majority = parse_threshold(v.majority_rule, "majority", Basis::present);
      std::string figures = fmt::format("{}：应到{}，实到{}；赞成{}，反对{}，弃权{}", method_zh(v.method), v.members,
                                        v.present, v.tally.yes, v.tally.no, v.tally.abstain);
      if (v.secret) {
        figures +=
            fmt::format("；发出选票{}张，空白票{}张，废票{}张", v.secret->issued, v.secret->blank, v.secret->spoiled);
      }
      p.push_back(of_body(s.council, fmt::format("表决（{}）。规则：到会须{}，通过须{}同意。结果：{}。", figures,
                                                 quorum.describe_zh(), majority.describe_zh(), zh(v.result))));
      if (!v.corrects.empty()) {
        p.push_back(correction_line(v));
      }
      if (!v.ballots.empty()) {
        std::vector<std::string> ballots;
        for (const auto& b : v.ballots) {
          ballots.push_back(b.person + std::string(zh(b.choice)));
        }
        p.push_back("记名表决情况：" + join(ballots, "、") + "。");
      }
      if (!v.override_reason.empty()) {
        p.push_back(fmt::format("结果更正：按规则计算为“{}”，经会议确认为“{}”，理由：{}。", zh(v.computed),
                                zh(v.result), v.override_reason));
      }
    }
    if (auto ruling = rulings.find(item.proposal.id); ruling != rulings.end()) {
      p.push_back("形成决议：" + as_sentence(ruling->second.text));
    } else if (recommended.count(item.proposal.id) > 0) {
      // The reason was recorded in the interface's language; the sheet says it in Chinese.
      p.push_back("该事项不属本会决定范围，表决结果作为本会建议，上报有权决定的议事主体决定。");
    } else if (item.proposal.status == Status::escalated) {
      p.push_back("该事项已上报村民议事会审核。");
    }
  }
  m.signatures = {"主持人签名：＿＿＿＿＿＿　　记录人签名：＿＿＿＿＿＿",
                  "参会人员签名：＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿"};
  m.issuing_body = s.council.name;
  m.date = format_zh(s.starts_at.date);
  return m; // masked where every sheet is printed (public_sheet)
}

namespace {

std::string share(long part, long whole) {
  return whole == 0 ? std::string("0%") : fmt::format("{}%", (part * 100 + whole / 2) / whole);
}

} // namespace

SheetContent voting_record(const SessionRecord& r, const std::map<long, std::vector<StepRecord>>& steps) {
  const Session& s = r.session;
  SheetContent d;
  d.notice = false;
  d.formal = true;
  d.title = s.council.name + (s.council.name.ends_with("会议") ? "表决记录" : "会议表决记录");
  d.serial = fmt::format("{}（{}）", s.ref, format_zh(s.starts_at.date));
  d.stage_zh = "表决记录";
  d.draft = s.status != SessionStatus::closed;
  auto& p = d.paragraphs;
  p.push_back(fmt::format("时间：{}。方式：{}{}。主持人：{}。", format_zh(s.starts_at), zh(s.mode),
                          s.venue.empty() ? "" : "，地点：" + s.venue, s.council.convener_name));
  const Attendance a = r.attendance();
  p.push_back(fmt::format("应到{}人，实到{}人，到会率{}。", a.members, a.present, share(a.present, a.members)));
  int n = 0;
  for (const auto& item : r.items) {
    for (const auto& mo : item.motions) {
      if (!mo.vote) {
        continue;
      }
      const VoteRecord& v = *mo.vote;
      p.push_back(fmt::format("表决事项{}：{}（编号{}）。{}", ordinal(++n), item.proposal.title, item.proposal.ref,
                              as_sentence(mo.text)));
      p.push_back(fmt::format("表决方式：{}。应到{}人，实到{}人，到会率{}；赞成{}票，占实到人数{}；反对{}票，占{}；"
                              "弃权{}票，占{}。",
                              method_zh(v.method), v.members, v.present, share(v.present, v.members), v.tally.yes,
                              share(v.tally.yes, v.present), v.tally.no, share(v.tally.no, v.present), v.tally.abstain,
                              share(v.tally.abstain, v.present)));
      if (v.secret) {
        p.push_back(fmt::format("发出选票{}张，收回有效票{}张，空白票{}张，废票{}张。", v.secret->issued,
                                v.tally.yes + v.tally.no + v.tally.abstain, v.secret->blank, v.secret->spoiled));
      }
      auto quorum = parse_quorum(v.quorum_rule, "quorum", Basis::members);
      auto majority = parse_threshold(v.majority_rule, "majority", Basis::present);
      p.push_back(of_body(s.council, fmt::format("规则：到会须{}，通过须{}同意。结果：{}。", quorum.describe_zh(),
                                                 majority.describe_zh(), zh(v.result))));
      if (!v.corrects.empty()) {
        p.push_back(correction_line(v));
      }
    }
    if (auto it = steps.find(item.proposal.id); it != steps.end() && !it->second.empty()) {
      p.push_back(fmt::format("“四议两公开”记录（编号{}）：", item.proposal.ref));
      for (const auto& st : it->second) {
        const auto* step = std::find_if(k_four_steps.begin(), k_four_steps.end(),
                                        [&](const FourStep& f) { return f.number == st.step; });
        p.push_back(fmt::format("第{}步，{}{}：{}（{}），应到{}人，实到{}人，比例{}。", ordinal(st.step),
                                st.council_name, step == k_four_steps.end() ? "" : std::string(step->name_zh),
                                format_zh(st.completed_on), st.session_ref, st.should_attend, st.attended,
                                share(st.attended, st.should_attend)));
      }
    }
  }
  if (n == 0) {
    p.push_back("本次会议未进行表决。");
  }
  d.signatures = {"主持人签名：＿＿＿＿＿＿　　记录人签名：＿＿＿＿＿＿",
                  "计票人签名：＿＿＿＿＿＿　　监票人签名：＿＿＿＿＿＿"};
  d.issuing_body = s.council.name;
  d.date = format_zh(s.starts_at.date);
  return d;
}

} // namespace yishi
