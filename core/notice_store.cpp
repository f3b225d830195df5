#include "notice_store.hpp"

#include "convention_store.hpp"
#include "error.hpp"
#include "mask.hpp"
#include "proposal_store.hpp"
#include "session_store.hpp"
#include "text.hpp"
#include "village_store.hpp"

#include <SQLiteCpp/Statement.h>

namespace yishi {
namespace {

using kainjow::mustache::data;

data flag(bool value) {
  return data(value ? data::type::bool_true : data::type::bool_false);
}

constexpr const char* k_select =
    "SELECT n.id, n.year, n.number, p.year, p.seq, n.stage, n.title, n.body, n.drafted_on, n.posted_on, "
    "COALESCE(n.days, 0), n.ends_on, v.serial_prefix FROM notice n JOIN proposal p ON p.id = n.proposal_id "
    "JOIN village v ON v.id = 1 ";

Notice read(SQLite::Statement& q) {
  Notice n;
  n.id = q.getColumn(0).getInt64();
  n.year = q.getColumn(1).getInt();
  n.number = q.getColumn(2).getInt();
  n.ref = fmt::format("N{}-{:03}", n.year, n.number);
  n.serial = fmt::format("{}〔{}〕{}号", q.getColumn(12).getString(), n.year, n.number);
  n.proposal_ref = proposal_ref(q.getColumn(3).getInt(), q.getColumn(4).getInt());
  n.stage = parse_enum<Stage>(q.getColumn(5).getString(), "stage");
  n.title = q.getColumn(6).getString();
  n.body = q.getColumn(7).getString();
  n.drafted_on = date_from_iso(q.getColumn(8).getString());
  if (!q.getColumn(9).isNull()) {
    n.posted_on = date_from_iso(q.getColumn(9).getString());
  }
  n.days = q.getColumn(10).getInt();
  if (!q.getColumn(11).isNull()) {
    n.ends_on = date_from_iso(q.getColumn(11).getString());
  }
  return n;
}

std::string vote_sentence(const VoteRecord& v) {
  auto rule = parse_threshold(v.majority_rule, "majority", Basis::present);
  return fmt::format("应到{}人，实到{}人；赞成{}票，反对{}票，弃权{}票。表决规则：{}同意；表决结果：{}。", v.members,
                     v.present, v.tally.yes, v.tally.no, v.tally.abstain, rule.describe_zh(), zh(v.result));
}

data session_data(const SessionRecord& rec, long proposal_id) {
  const Session& s = rec.session;
  data d;
  d.set("ref", s.ref);
  d.set("council", s.council.name);
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
      rd.set("text", r.text);
      remarks.push_back(rd);
    }
    d.set("remarks", remarks);
    d.set("has_remarks", flag(!item.remarks.empty()));
    data motions{data::type::list};
    for (const auto& m : item.motions) {
      data md;
      md.set("text", m.text);
      md.set("mover", m.mover);
      md.set("seconder", m.seconder);
      md.set("has_mover", flag(!m.mover.empty()));
      md.set("responsible", m.responsible);
      md.set("deadline", format_zh(m.deadline));
      md.set("voted", flag(m.vote.has_value()));
      if (m.vote) {
        md.set("vote", vote_sentence(*m.vote));
        md.set("carried", flag(m.vote->result == VoteResult::carried));
      }
      motions.push_back(md);
    }
    d.set("motions", motions);
  }
  return d;
}

} // namespace

NoticeState Notice::state(Date today) const {
  if (!posted_on) {
    return NoticeState::draft;
  }
  return today > *ends_on ? NoticeState::expired : NoticeState::posted;
}

Notice NoticeStore::draft(std::string_view ref, Stage stage, const TemplateLoader& templates) {
  ProposalStore proposals(m_db, m_clock);
  SessionStore sessions(m_db, m_clock);
  VillageStore village(m_db);
  Proposal p = proposals.get(ref);
  VillageInfo info = village.info();

  SQLite::Statement existing(m_db, "SELECT n.year, n.number FROM notice n WHERE n.proposal_id = ? AND n.stage = ?");
  existing.bind(1, static_cast<int64_t>(p.id));
  existing.bind(2, std::string(code(stage)));
  if (existing.executeStep()) {
    throw RuleViolation(_f("proposal {} already has a {} notice: N{}-{:03}", p.ref, label(stage),
                           existing.getColumn(0).getInt(), existing.getColumn(1).getInt()),
                        _("see it with: yishi notice show"));
  }

  data ctx;
  ctx.set("village", info.name);
  ctx.set("township", info.township);
  ctx.set("issuing_body", info.issuing_body);
  data pd;
  pd.set("ref", p.ref);
  pd.set("title", p.title);
  pd.set("description", p.description);
  pd.set("has_description", flag(!p.description.empty()));
  pd.set("group", p.group_name);
  pd.set("has_group", flag(!p.group_name.empty()));
  pd.set("tier", std::string(zh(p.tier)));
  pd.set("channel", std::string(zh(p.channel)));
  pd.set("proposer", p.proposer_name);
  pd.set("proposer_phone", p.proposer_phone);
  pd.set("has_proposer_phone", flag(!p.proposer_phone.empty()));
  pd.set("submitted_on", format_zh(p.submitted_on));
  ctx.set("proposal", pd);

  auto held = sessions.sessions_of(p.id);
  if (held.empty()) {
    throw RuleViolation(_f("proposal {} is not on any session's agenda; a {} notice needs one", p.ref, label(stage)),
                        _f("plan one with: yishi session plan --agenda {}", p.ref));
  }
  SessionRecord rec = sessions.record(held.back().ref);
  ctx.set("session", session_data(rec, p.id));
  if (stage == Stage::process) {
    bool voted = false;
    for (const auto& item : rec.items) {
      for (const auto& m : item.motions) {
        voted = voted || (item.proposal.id == p.id && m.vote.has_value());
      }
    }
    if (!voted) {
      throw RuleViolation(
          _f("proposal {} has no vote recorded at {}; the process notice follows the vote", p.ref, rec.session.ref),
          _("record it with: yishi session vote"));
    }
  }
  if (stage == Stage::convention) {
    auto adopted = ConventionStore(m_db, m_clock).adopted_by(p.id);
    if (!adopted) {
      throw RuleViolation(_f("proposal {} adopted no convention; a convention notice needs one", p.ref),
                          _("record it with: yishi convention add --proposal"));
    }
    data cd;
    cd.set("title", adopted->first.title);
    cd.set("version", std::to_string(adopted->second.version));
    cd.set("effective_on", format_zh(adopted->second.effective_on));
    data clauses{data::type::list};
    for (const auto& c : adopted->second.clauses) {
      data cl;
      cl.set("number", std::to_string(c.number));
      cl.set("text", clause_text_zh(c));
      clauses.push_back(cl);
    }
    cd.set("clauses", clauses);
    ctx.set("convention", cd);
  }
  if (stage == Stage::result) {
    auto ruling = proposals.ruling(p.id);
    if (!ruling) {
      throw RuleViolation(
          _f("proposal {} is '{}' and has no ruling; the result notice needs one", p.ref, label(p.status)));
    }
    data rd;
    rd.set("text", ruling->text);
    rd.set("council", ruling->council_name);
    rd.set("responsible", ruling->responsible);
    rd.set("deadline", format_zh(ruling->deadline));
    rd.set("ruled_on", format_zh(ruling->ruled_on));
    ctx.set("ruling", rd);
  }

  std::string rendered =
      mask_personal(render_template(templates, fmt::format("notice/{}.mustache", code(stage)), ctx, Escape::none));
  auto newline = rendered.find('\n');
  std::string title = trim(rendered.substr(0, newline));
  std::string body = newline == std::string::npos ? "" : trim(rendered.substr(newline + 1));
  if (title.empty()) {
    throw DataError(_f("template notice/{}.mustache gave an empty title (its first line)", code(stage)));
  }

  Date today = m_clock.today();
  int year = static_cast<int>(today.year());
  SQLite::Statement next(m_db, "SELECT COALESCE(MAX(number), 0) + 1 FROM notice WHERE year = ?");
  next.bind(1, year);
  next.executeStep();
  int number = next.getColumn(0).getInt();
  SQLite::Statement q(m_db, "INSERT INTO notice (year, number, proposal_id, stage, title, body, drafted_on) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, year);
  q.bind(2, number);
  q.bind(3, static_cast<int64_t>(p.id));
  q.bind(4, std::string(code(stage)));
  q.bind(5, title);
  q.bind(6, body);
  q.bind(7, format_iso(today));
  q.exec();
  return get(fmt::format("N{}-{}", year, number));
}

Notice NoticeStore::post(std::string_view ref, std::optional<Date> on, std::optional<int> days) {
  Notice n = get(ref);
  if (n.posted_on) {
    throw RuleViolation(
        _f("notice {} was posted on {}; a posted notice cannot change", n.ref, format_iso(*n.posted_on)));
  }
  Date posted = on.value_or(m_clock.today());
  if (posted < n.drafted_on) {
    throw DataError(
        _f("posting date {} is before the notice was drafted ({})", format_iso(posted), format_iso(n.drafted_on)));
  }
  int period = days.value_or(VillageStore(m_db).info().posting_days);
  if (period < 1 || period > 90) {
    throw DataError(_f("posting period of {} days is out of range", period), _("give 1 to 90 days"));
  }
  Date ends = add_days(posted, period - 1);
  SQLite::Statement q(m_db,
                      "UPDATE notice SET posted_on = ?, days = ?, ends_on = ? WHERE id = ? AND posted_on IS NULL");
  q.bind(1, format_iso(posted));
  q.bind(2, period);
  q.bind(3, format_iso(ends));
  q.bind(4, static_cast<int64_t>(n.id));
  q.exec();
  return get(n.ref);
}

Notice NoticeStore::get(std::string_view ref_in) const {
  std::string ref(ref_in);
  int year = 0;
  int number = 0;
  // 老寨村议公〔2026〕3号 as printed, or N2026-003 / 2026-3 as typed.
  if (auto open = ref.find("〔"); open != std::string::npos) {
    auto close = ref.find("〕", open);
    auto end = ref.find("号", close == std::string::npos ? open : close);
    if (close != std::string::npos && end != std::string::npos) {
      ref = "N" + ref.substr(open + 3, close - open - 3) + "-" + ref.substr(close + 3, end - close - 3);
    }
  }
  try {
    std::tie(year, number) =
        parse_session_ref(ref.size() > 0 && (ref[0] == 'N' || ref[0] == 'n') ? ref.substr(1) : ref);
  } catch (const NotFound&) {
    throw NotFound(_f("'{}' is not a notice number", ref_in), _("notice numbers look like N2026-003"));
  }
  SQLite::Statement q(m_db, std::string(k_select) + "WHERE n.year = ? AND n.number = ?");
  q.bind(1, year);
  q.bind(2, number);
  if (!q.executeStep()) {
    throw NotFound(_f("no notice {}", ref_in), _("list them with: yishi notice list"));
  }
  return read(q);
}

std::vector<Notice> NoticeStore::list(std::optional<NoticeState> state, std::string_view proposal) const {
  std::string sql = std::string(k_select);
  std::optional<Proposal> p;
  if (!proposal.empty()) {
    p = ProposalStore(m_db, m_clock).get(proposal);
    sql += "WHERE n.proposal_id = ? ";
  }
  SQLite::Statement q(m_db, sql + "ORDER BY n.year, n.number");
  if (p) {
    q.bind(1, static_cast<int64_t>(p->id));
  }
  std::vector<Notice> out;
  Date today = m_clock.today();
  while (q.executeStep()) {
    Notice n = read(q);
    if (!state || n.state(today) == *state) {
      out.push_back(std::move(n));
    }
  }
  return out;
}

std::string render_sheet(const Notice& n, const VillageInfo& village, const TemplateLoader& templates,
                         SheetFormat format) {
  // The supervision phone is the office's public number: keep it out of the masking pass.
  const std::string phone_slot = "\x01SUPERVISION_PHONE\x01";
  data ctx;
  ctx.set("title", n.title);
  ctx.set("title_centred", centre_width(n.title, 72));
  ctx.set("serial", n.serial);
  ctx.set("serial_right", std::string(static_cast<size_t>(std::max(0, 72 - display_width(n.serial))), ' ') + n.serial);
  data paragraphs{data::type::list};
  for (const auto& line : split(n.body, '\n')) {
    if (auto t = trim(line); !t.empty()) {
      paragraphs.push_back(data("text", t));
    }
  }
  ctx.set("paragraphs", paragraphs);
  ctx.set("draft", flag(!n.posted_on));
  if (n.posted_on) {
    ctx.set("period", fmt::format("{}至{}（{}天）", format_zh(*n.posted_on), format_zh(*n.ends_on), n.days));
  }
  ctx.set("feedback", village.feedback);
  ctx.set("has_feedback", flag(!village.feedback.empty()));
  ctx.set("supervision_phone", phone_slot);
  ctx.set("has_supervision_phone", flag(!village.supervision_phone.empty()));
  ctx.set("issuing_body", village.issuing_body);
  std::string date = format_zh(n.posted_on.value_or(n.drafted_on));
  ctx.set("date", date);
  ctx.set("date_right", std::string(static_cast<size_t>(std::max(0, 72 - display_width(date))), ' ') + date);
  ctx.set("issuing_body_right",
          std::string(static_cast<size_t>(std::max(0, 72 - display_width(village.issuing_body))), ' ') +
              village.issuing_body);
  ctx.set("stage", std::string(zh(n.stage)));
  std::string sheet = mask_personal(
      render_template(templates, format == SheetFormat::html ? "sheet.html.mustache" : "sheet.txt.mustache", ctx,
                      format == SheetFormat::html ? Escape::html : Escape::none));
  std::string phone = format == SheetFormat::html ? html_escape(village.supervision_phone) : village.supervision_phone;
  // html_escape leaves \x01 untouched, so the slot is found in both formats.
  for (auto at = sheet.find(phone_slot); at != std::string::npos; at = sheet.find(phone_slot, at + phone.size())) {
    sheet.replace(at, phone_slot.size(), phone);
  }
  return sheet;
}

} // namespace yishi
