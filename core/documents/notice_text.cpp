#include "notice_text.hpp"

#include "core/rules/convention.hpp"
#include "core/rules/mask.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <map>

namespace yishi {
namespace {

// 老寨村村民议事会 meets as 老寨村村民议事会会议; 老寨村村民会议 is a meeting already.
std::string meeting_name(const Session& s) {
  return s.council.name.ends_with("会议") ? s.council.name : s.council.name + "会议";
}

using kainjow::mustache::data;

data flag(bool value) {
  return data(value ? data::type::bool_true : data::type::bool_false);
}

// The vote as the process notice says it after its attendance: the figures once (应到/实到 only where the
// vote's differ from the session's, as after a recusal).
std::string vote_sentence(const VoteRecord& v, long members, long present) {
  auto rule = parse_threshold(v.majority_rule, "majority", Basis::present);
  std::string attendance =
      v.members == members && v.present == present ? "" : fmt::format("应到{}人，实到{}人；", v.members, v.present);
  return fmt::format("{}赞成{}票，反对{}票，弃权{}票。表决规则：{}同意；表决结果：{}。", attendance, v.tally.yes,
                     v.tally.no, v.tally.abstain, rule.describe_zh(), zh(v.result));
}

data session_data(const SessionRecord& rec, long proposal_id, const std::vector<Recommendation>& recommendations) {
  const Session& s = rec.session;
  data d;
  d.set("ref", s.ref);
  d.set("council", s.council.name);
  // The meeting of the body: 老寨村村民议事会会议, but 老寨村村民会议 (the body is itself a 会议).
  d.set("meeting", meeting_name(s));
  d.set("convener", s.council.convener_name);
  d.set("mode", std::string(zh(s.mode)));
  d.set("venue", s.venue);
  d.set("has_venue", flag(!s.venue.empty()));
  d.set("starts_at", format_zh(s.starts_at));
  d.set("members", std::to_string(rec.members()));
  d.set("present", std::to_string(rec.present()));
  d.set("absent", std::to_string(rec.members() - rec.present()));
  std::vector<std::string> names;
  for (const auto& m : rec.roster) {
    names.push_back(m.person.name);
  }
  d.set("member_names", join(names, "、"));
  for (const auto& item : rec.items) {
    if (item.proposal.id != proposal_id) {
      continue;
    }
    data remarks{data::type::list};
    for (const auto& r : item.remarks) {
      data rd;
      rd.set("speaker", r.speaker);
      rd.set("text", as_sentence(r.text));
      remarks.push_back(rd);
    }
    d.set("remarks", remarks);
    d.set("has_remarks", flag(!item.remarks.empty()));
    data motions{data::type::list};
    for (const auto& m : item.motions) {
      data md;
      md.set("text", as_sentence(m.text));
      md.set("mover", m.mover);
      md.set("seconder", m.seconder);
      md.set("has_mover", flag(!m.mover.empty()));
      md.set("responsible", m.responsible);
      md.set("deadline", format_zh(m.deadline));
      md.set("voted", flag(m.vote.has_value()));
      if (m.vote) {
        md.set("vote", vote_sentence(*m.vote, rec.members(), rec.present()));
        md.set("carried", flag(m.vote->result == VoteResult::carried));
      }
      // A carried vote of a body that may not decide the matter is that body's recommendation.
      bool recommended = m.vote && m.vote->result == VoteResult::carried &&
                         std::any_of(recommendations.begin(), recommendations.end(),
                                     [&](const Recommendation& r) { return r.session_ref == s.ref; });
      md.set("recommended", flag(recommended));
      motions.push_back(md);
    }
    d.set("motions", motions);
  }
  return d;
}

} // namespace

std::string notice_text(const NoticeFacts& f, const TemplateLoader& templates) {
  const Proposal& p = f.proposal;
  data ctx;
  ctx.set("village", f.village.name);
  ctx.set("township", f.village.township);
  ctx.set("issuing_body", f.village.issuing_body);
  data pd;
  pd.set("ref", p.ref);
  pd.set("title", p.title);
  pd.set("description", as_sentence(p.description));
  pd.set("has_description", flag(!p.description.empty()));
  pd.set("group", p.group_name);
  pd.set("has_group", flag(!p.group_name.empty()));
  pd.set("tier", std::string(zh(p.tier)));
  pd.set("channel", std::string(zh(p.channel)));
  pd.set("proposer", p.proposer_name);
  pd.set("proposer_phone", p.proposer_phone.empty() ? std::string() : mask_phone(p.proposer_phone));
  pd.set("has_proposer_phone", flag(!p.proposer_phone.empty()));
  pd.set("submitted_on", format_zh(p.submitted_on));
  ctx.set("proposal", pd);
  ctx.set("session", session_data(f.session, p.id, f.recommendations));
  data lineage{data::type::list};
  for (const auto& r : f.recommendations) {
    data rd;
    rd.set("council", r.council_name);
    rd.set("made_on", format_zh(r.made_on));
    rd.set("text", without_end_mark(r.text)); // the tally and the full stop follow
    rd.set("voted", flag(r.tally.has_value()));
    if (r.tally) {
      rd.set("yes", std::to_string(r.tally->yes));
      rd.set("no", std::to_string(r.tally->no));
      rd.set("abstain", std::to_string(r.tally->abstain));
    }
    lineage.push_back(rd);
  }
  ctx.set("recommendations", lineage);
  if (f.convention) {
    const auto& [convention, version] = *f.convention;
    data cd;
    cd.set("title", convention.title);
    cd.set("version", std::to_string(version.version));
    cd.set("effective_on", format_zh(version.effective_on));
    data clauses{data::type::list};
    for (const auto& c : version.clauses) {
      data cl;
      cl.set("number", std::to_string(c.number));
      cl.set("text", clause_text_zh(c));
      clauses.push_back(cl);
    }
    cd.set("clauses", clauses);
    ctx.set("convention", cd);
  }
  if (f.stage == Stage::result && f.ruling) {
    data rd;
    rd.set("text", as_sentence(f.ruling->text));
    // Who decided: the approving council where a recommendation was approved.
    rd.set("council", f.ruling->approved_by.empty() ? f.ruling->council_name : f.ruling->approved_by);
    rd.set("responsible", f.ruling->responsible);
    rd.set("deadline", format_zh(f.ruling->deadline));
    rd.set("ruled_on", format_zh(f.ruling->ruled_on));
    ctx.set("ruling", rd);
  }
  if (f.stage == Stage::implementation && f.ruling) {
    data im;
    im.set("text", as_sentence(f.ruling->text));
    im.set("responsible", f.ruling->responsible);
    im.set("deadline", format_zh(f.ruling->deadline));
    std::string summary = f.text;
    if (summary.empty() && f.implementation) {
      const Implementation& record = *f.implementation;
      if (record.completed_on) {
        summary = fmt::format("已于{}完成。{}", format_zh(*record.completed_on), as_sentence(record.evidence));
        if (record.satisfaction) {
          summary += fmt::format("经征求村民意见，满意{}户，基本满意{}户，不满意{}户。", record.satisfaction->satisfied,
                                 record.satisfaction->basically, record.satisfaction->unsatisfied);
        }
      } else if (!record.progress.empty()) {
        summary = fmt::format("截至{}，完成{}%。{}", format_zh(record.progress.back().reported_on),
                              record.progress.back().percent, as_sentence(record.progress.back().note));
      }
    }
    im.set("summary", as_sentence(summary));
    ctx.set("implementation", im);
  }
  if (f.stage == Stage::objection_answer) {
    data list{data::type::list};
    for (const auto& o : f.answered) {
      data od;
      od.set("made_on", format_zh(o.made_on));
      od.set("notice", o.notice_serial);
      od.set("text", without_end_mark(o.text));
      od.set("answer", *o.upheld ? std::string("异议成立，该事项重新议事") : std::string("异议不成立"));
      od.set("reason", without_end_mark(o.answer_reason));
      list.push_back(od);
    }
    ctx.set("objections", list);
  }
  return render_template(templates, fmt::format("notice/{}.mustache", code(f.stage)), ctx, Escape::none);
}

std::string correction_text(const CorrectionFacts& f, const TemplateLoader& templates) {
  const Notice& old = f.corrected;
  data ctx;
  ctx.set("old_title", old.title);
  ctx.set("old_serial", old.serial);
  ctx.set("old_posted_on", format_zh(*old.posted_on));
  ctx.set("reason", without_end_mark(f.reason));
  data paragraphs{data::type::list};
  for (const auto& line : split(f.text, '\n')) {
    if (auto t = trim(line); !t.empty()) {
      paragraphs.push_back(data("text", t));
    }
  }
  ctx.set("paragraphs", paragraphs);
  return render_template(templates, "notice/correction.mustache", ctx, Escape::none);
}

} // namespace yishi

namespace yishi {

std::string rescheduled_wording(const Session& session, const DateTime& old_starts_at) {
  return fmt::format("原定于{}召开的{}，改于{}召开{}。", format_zh(old_starts_at), meeting_name(session),
                     format_zh(session.starts_at),
                     session.venue.empty() ? std::string() : "，地点：" + session.venue);
}

std::string cancelled_wording(const Session& session, const DateTime& old_starts_at) {
  return fmt::format("原定于{}召开的{}取消；另行召开时，将再行公示。", format_zh(old_starts_at),
                     meeting_name(session));
}

std::string corrected_fields_wording(const std::string& title, const std::string& proposal_ref,
                                     const std::vector<FieldChange>& changes) {
  static const std::map<std::string, std::string> k_field_zh{
      {"title", "标题"},   {"description", "内容"},   {"budget", "预算"},     {"group", "所属村民小组"},
      {"tier", "层级"},    {"matter_type", "事项类型"}, {"proposer", "提议人"}, {"proposer_phone", "联系电话"}};
  auto shown = [](const FieldChange& c, const std::string& value) -> std::string {
    if (value.empty()) {
      return "（空）";
    }
    if (c.field == "budget") {
      return value + "元";
    }
    if (c.field == "tier") {
      return std::string(zh(parse_enum<Tier>(value, "tier")));
    }
    return "“" + without_end_mark(value) + "”";
  };
  std::vector<std::string> parts;
  for (const auto& c : changes) {
    parts.push_back(fmt::format("{}由{}更正为{}", k_field_zh.at(c.field), shown(c, c.old_value), shown(c, c.new_value)));
  }
  return fmt::format("“{}”（编号{}）的{}。", title, proposal_ref, join(parts, "；"));
}

std::string corrected_fields_reason(std::string_view reason) {
  return fmt::format("议题信息有误（{}）", without_end_mark(trim(reason)));
}

std::string rescheduled_reason(std::string_view reason) {
  return fmt::format("议事时间有变（{}）", without_end_mark(trim(reason)));
}

std::string cancelled_reason(std::string_view reason) {
  return fmt::format("会议已取消（{}）", without_end_mark(trim(reason)));
}

} // namespace yishi
