#include "notices.hpp"

#include "core/records/conventions.hpp"
#include "core/error.hpp"
#include "core/records/implementation.hpp"
#include "core/rules/mask.hpp"
#include "core/records/proposals.hpp"
#include "core/resources.hpp"
#include "core/records/sessions.hpp"
#include "core/storage/database.hpp"
#include "core/storage/history.hpp"
#include "core/text.hpp"
#include "core/records/village.hpp"

#include <SQLiteCpp/Statement.h>

namespace yishi {
namespace {

using kainjow::mustache::data;

data flag(bool value) {
  return data(value ? data::type::bool_true : data::type::bool_false);
}

std::string notice_ref(int year, int number) {
  return fmt::format("N{}-{:03}", year, number);
}

std::string objection_ref(int year, int seq) {
  return fmt::format("O{}-{:03}", year, seq);
}

constexpr const char* k_select =
    "SELECT n.id, n.year, n.number, p.year, p.seq, n.stage, n.title, n.body, n.drafted_on, n.posted_on, "
    "COALESCE(n.days, 0), n.ends_on, v.serial_prefix, n.working_days, n.places, n.posted_by, "
    "COALESCE(o.year || '-' || printf('%03d', o.number), ''), "
    "(SELECT c.year || '-' || printf('%03d', c.number) FROM notice c WHERE c.supersedes = n.id "
    " AND c.posted_on IS NOT NULL ORDER BY c.id LIMIT 1), COALESCE(n.fingerprint, ''), COALESCE(n.chain_head, '') "
    "FROM notice n JOIN proposal p ON p.id = n.proposal_id JOIN village v ON v.id = 1 "
    "LEFT JOIN notice o ON o.id = n.supersedes ";

Notice read(SQLite::Statement& q) {
  Notice n;
  n.id = q.getColumn(0).getInt64();
  n.year = q.getColumn(1).getInt();
  n.number = q.getColumn(2).getInt();
  n.ref = notice_ref(n.year, n.number);
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
  n.working_days = q.getColumn(13).getInt() != 0;
  for (const auto& p : split_list(q.getColumn(14).getString())) {
    n.places.push_back(parse_enum<Place>(p, "place"));
  }
  n.posted_by = q.getColumn(15).getString();
  if (auto s = q.getColumn(16).getString(); !s.empty()) {
    n.supersedes = "N" + s;
  }
  if (!q.getColumn(17).isNull()) {
    n.superseded_by = "N" + q.getColumn(17).getString();
  }
  n.fingerprint = q.getColumn(18).getString();
  n.chain_head = q.getColumn(19).getString();
  return n;
}

constexpr const char* k_objection_select =
    "SELECT o.id, o.year, o.seq, n.year, n.number, p.year, p.seq, o.objector, o.objector_phone, o.made_on, o.text, "
    "o.answer, o.answer_reason, o.answered_on FROM objection o JOIN notice n ON n.id = o.notice_id "
    "JOIN proposal p ON p.id = n.proposal_id ";

Objection read_objection(SQLite::Statement& q) {
  Objection o;
  o.id = q.getColumn(0).getInt64();
  o.ref = objection_ref(q.getColumn(1).getInt(), q.getColumn(2).getInt());
  o.notice_ref = notice_ref(q.getColumn(3).getInt(), q.getColumn(4).getInt());
  o.proposal_ref = proposal_ref(q.getColumn(5).getInt(), q.getColumn(6).getInt());
  o.objector = q.getColumn(7).getString();
  o.objector_phone = q.getColumn(8).getString();
  o.made_on = date_from_iso(q.getColumn(9).getString());
  o.text = q.getColumn(10).getString();
  if (!q.getColumn(11).isNull()) {
    o.upheld = q.getColumn(11).getString() == "upheld";
  }
  o.answer_reason = q.getColumn(12).getString();
  if (!q.getColumn(13).isNull()) {
    o.answered_on = date_from_iso(q.getColumn(13).getString());
  }
  return o;
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

// Inserts a drafted notice, numbered in the village's sequence for the year.
Notice insert_notice(SQLite::Database& db, const Clock& clock, long proposal_id, Stage stage, std::string_view rendered,
                     std::optional<long> supersedes, NoticeStore& store) {
  std::string text = mask_personal(rendered);
  auto newline = text.find('\n');
  std::string title = trim(text.substr(0, newline));
  std::string body = newline == std::string::npos ? "" : trim(text.substr(newline + 1));
  if (title.empty()) {
    throw DataError(_f("template notice/{}.mustache gave an empty title (its first line)", code(stage)));
  }
  Date today = clock.today();
  int year = static_cast<int>(today.year());
  int number = storage::next_in_year(db, "notice", "number", year);
  SQLite::Statement q(db, "INSERT INTO notice (year, number, proposal_id, stage, title, body, drafted_on, supersedes) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, year);
  q.bind(2, number);
  q.bind(3, static_cast<int64_t>(proposal_id));
  q.bind(4, std::string(code(stage)));
  q.bind(5, title);
  q.bind(6, body);
  q.bind(7, format_iso(today));
  if (supersedes) {
    q.bind(8, static_cast<int64_t>(*supersedes));
  } else {
    q.bind(8);
  }
  q.exec();
  return store.get(fmt::format("N{}-{}", year, number));
}

} // namespace

std::string notice_fingerprint(const Notice& n, const std::string& chain_head) {
  std::string digest = storage::sha256_hex(fmt::format("{}\n{}\n{}\n{}\n{}\n{}", n.serial, n.title, n.body,
                                                       n.posted_on ? format_iso(*n.posted_on) : "",
                                                       n.ends_on ? format_iso(*n.ends_on) : "", chain_head));
  std::string upper;
  for (char c : digest.substr(0, 8)) {
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return upper.substr(0, 4) + "-" + upper.substr(4);
}

NoticeState Notice::state(Date today) const {
  if (!posted_on) {
    return NoticeState::draft;
  }
  if (!superseded_by.empty()) {
    return NoticeState::superseded;
  }
  return today > *ends_on ? NoticeState::expired : NoticeState::posted;
}

FolderLoader village_templates(const VillageInfo& village) {
  std::vector<std::filesystem::path> folders;
  if (!village.templates.empty()) {
    folders.emplace_back(village.templates);
  }
  folders.push_back(resource_dir() / "templates");
  return FolderLoader(folders);
}

Notice NoticeStore::draft(std::string_view ref, Stage stage, const TemplateLoader& templates, std::string_view text) {
  ProposalStore proposals(m_db, m_clock);
  SessionStore sessions(m_db, m_clock);
  VillageStore village(m_db);
  Proposal p = proposals.get(ref);
  VillageInfo info = village.info();
  if (stage == Stage::correction) {
    throw UsageError(_("a correction is drafted with: yishi notice correct NOTICE --reason ... --text ..."));
  }
  // One notice a stage, unless the earlier one was corrected.
  SQLite::Statement existing(m_db, "SELECT n.year, n.number FROM notice n WHERE n.proposal_id = ? AND n.stage = ? "
                                   "AND NOT EXISTS (SELECT 1 FROM notice c WHERE c.supersedes = n.id)");
  existing.bind(1, static_cast<int64_t>(p.id));
  existing.bind(2, std::string(code(stage)));
  if (stage != Stage::objection_answer && existing.executeStep()) {
    throw RuleViolation(
        _f("proposal {} already has a {} notice: N{}-{:03}", p.ref, label(stage), existing.getColumn(0).getInt(),
           existing.getColumn(1).getInt()),
        _("see it with: yishi notice show; to change a posted notice, correct it: yishi notice correct"));
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

  if (stage == Stage::implementation) {
    auto ruling = proposals.ruling(p.id);
    if (!ruling) {
      throw RuleViolation(
          _f("proposal {} has no ruling; the implementation notice reports on carrying one out", p.ref));
    }
    data im;
    im.set("text", ruling->text);
    im.set("responsible", ruling->responsible);
    im.set("deadline", format_zh(ruling->deadline));
    std::string summary = check_text(text, "text", 2000, false);
    if (summary.empty()) {
      // Drawn from the implementation record when the secretary gives no text.
      Implementation record = ImplementationStore(m_db, m_clock).get(p.ref);
      if (record.completed_on) {
        summary = fmt::format("已于{}完成。{}", format_zh(*record.completed_on), record.evidence);
        if (record.satisfaction) {
          summary += fmt::format("经征求村民意见，满意{}户，基本满意{}户，不满意{}户。", record.satisfaction->satisfied,
                                 record.satisfaction->basically, record.satisfaction->unsatisfied);
        }
      } else if (!record.progress.empty()) {
        summary = fmt::format("截至{}，完成{}%。{}", format_zh(record.progress.back().reported_on),
                              record.progress.back().percent, record.progress.back().note);
      } else {
        throw RuleViolation(_f("nothing is recorded yet of carrying out the ruling on {}", p.ref),
                            _("record progress (yishi progress add) or give --text"));
      }
    }
    im.set("summary", summary);
    ctx.set("implementation", im);
  } else if (!trim(text).empty()) {
    throw UsageError(_("--text goes with --stage implementation"));
  }
  if (stage == Stage::objection_answer) {
    data list{data::type::list};
    long answered = 0;
    for (const auto& o : objections(p.id, false)) {
      if (!o.upheld) {
        continue;
      }
      data od;
      od.set("made_on", format_zh(o.made_on));
      od.set("notice", o.notice_ref);
      od.set("text", o.text);
      od.set("answer", *o.upheld ? std::string("异议成立，该事项重新议事") : std::string("异议不成立"));
      od.set("reason", o.answer_reason);
      list.push_back(od);
      ++answered;
    }
    if (answered == 0) {
      throw RuleViolation(_f("no objection to the notices of {} has been answered yet", p.ref));
    }
    ctx.set("objections", list);
  }
  std::string rendered = render_template(templates, fmt::format("notice/{}.mustache", code(stage)), ctx, Escape::none);
  return insert_notice(m_db, m_clock, p.id, stage, rendered, std::nullopt, *this);
}

Notice NoticeStore::correct(std::string_view ref, std::string_view reason_in, std::string_view text_in,
                            const TemplateLoader& templates) {
  Notice old = get(ref);
  if (!old.posted_on) {
    throw RuleViolation(_f("notice {} is a draft; a correction is for a posted notice", old.ref),
                        _("a draft is not yet public: check it with yishi notice print before posting"));
  }
  if (!old.superseded_by.empty()) {
    throw RuleViolation(_f("notice {} was corrected already by {}", old.ref, old.superseded_by));
  }
  SQLite::Statement pending(m_db, "SELECT year, number FROM notice WHERE supersedes = ? AND posted_on IS NULL");
  pending.bind(1, static_cast<int64_t>(old.id));
  if (pending.executeStep()) {
    throw RuleViolation(_f("a correction of {} is drafted already: N{}-{:03}", old.ref, pending.getColumn(0).getInt(),
                           pending.getColumn(1).getInt()),
                        _("post it with: yishi notice post"));
  }
  data ctx;
  ctx.set("old_title", old.title);
  ctx.set("old_serial", old.serial);
  ctx.set("old_posted_on", format_zh(*old.posted_on));
  ctx.set("reason", check_text(reason_in, "reason", 500, true));
  data paragraphs{data::type::list};
  for (const auto& line : split(check_text(text_in, "text", 5000, true), '\n')) {
    if (auto t = trim(line); !t.empty()) {
      paragraphs.push_back(data("text", t));
    }
  }
  ctx.set("paragraphs", paragraphs);
  std::string rendered = render_template(templates, "notice/correction.mustache", ctx, Escape::none);
  Proposal p = ProposalStore(m_db, m_clock).get(old.proposal_ref);
  return insert_notice(m_db, m_clock, p.id, Stage::correction, rendered, old.id, *this);
}

Notice NoticeStore::post(std::string_view ref, const PostInput& in) {
  Notice n = get(ref);
  if (n.posted_on) {
    throw RuleViolation(
        _f("notice {} was posted on {}; a posted notice cannot change", n.ref, format_iso(*n.posted_on)),
        _("to change it, post a correction: yishi notice correct"));
  }
  Date posted = in.on.value_or(m_clock.today());
  if (posted > m_clock.today()) {
    throw DataError(_f("posting date {} is in the future", format_iso(posted)),
                    _("record the posting on the day it goes up"));
  }
  if (posted < n.drafted_on) {
    throw DataError(
        _f("posting date {} is before the notice was drafted ({})", format_iso(posted), format_iso(n.drafted_on)));
  }
  int period = in.days.value_or(VillageStore(m_db).info().posting_days);
  if (period < 1 || period > 90) {
    throw DataError(_f("posting period of {} days is out of range", period), _("give 1 to 90 days"));
  }
  Date ends =
      in.working_days != nullptr ? in.working_days->last_working_day(posted, period) : add_days(posted, period - 1);
  std::vector<std::string> places;
  for (auto place : in.places.empty() ? std::vector<Place>{Place::village_board} : in.places) {
    std::string c(code(place));
    if (std::find(places.begin(), places.end(), c) != places.end()) {
      throw DataError(_f("place {} is named twice", c));
    }
    places.push_back(c);
  }
  SQLite::Statement q(m_db, "UPDATE notice SET posted_on = ?, days = ?, working_days = ?, ends_on = ?, places = ?, "
                            "posted_by = ? WHERE id = ? AND posted_on IS NULL");
  q.bind(1, format_iso(posted));
  q.bind(2, period);
  q.bind(3, in.working_days != nullptr ? 1 : 0);
  q.bind(4, format_iso(ends));
  q.bind(5, join(places, ","));
  q.bind(6, check_text(in.posted_by, "posted by", 50, false));
  q.bind(7, static_cast<int64_t>(n.id));
  q.exec();
  // The sheet carries a short fingerprint of its content and of the history as it stood when posted,
  // so a paper sheet can be checked against the database.
  std::string head = storage::chain_head(m_db);
  Notice posted_notice = get(n.ref);
  SQLite::Statement f(m_db, "UPDATE notice SET chain_head = ?, fingerprint = ? WHERE id = ?");
  f.bind(1, head);
  f.bind(2, notice_fingerprint(posted_notice, head));
  f.bind(3, static_cast<int64_t>(n.id));
  f.exec();
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

std::vector<Notice> NoticeStore::list(std::optional<NoticeState> state, std::string_view proposal,
                                      std::optional<int> due_within) const {
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
    if (state && n.state(today) != *state) {
      continue;
    }
    if (due_within && (n.state(today) != NoticeState::posted || days_between(today, *n.ends_on) > *due_within)) {
      continue;
    }
    out.push_back(std::move(n));
  }
  return out;
}

std::vector<Notice> NoticeStore::posted_on(Date day) const {
  SQLite::Statement q(m_db, std::string(k_select) + "WHERE n.posted_on = ? ORDER BY n.year, n.number");
  q.bind(1, format_iso(day));
  std::vector<Notice> out;
  while (q.executeStep()) {
    out.push_back(read(q));
  }
  return out;
}

Objection NoticeStore::object(std::string_view notice_ref, std::string_view objector, std::string_view phone_in,
                              std::string_view text, std::optional<Date> on) {
  Notice n = get(notice_ref);
  Date made = on.value_or(m_clock.today());
  if (made > m_clock.today()) {
    throw DataError(_f("objection date {} is in the future", format_iso(made)));
  }
  if (!n.posted_on) {
    throw RuleViolation(_f("notice {} is not posted yet; objections come while it is up", n.ref));
  }
  if (made < *n.posted_on || made > *n.ends_on) {
    throw RuleViolation(_f("notice {} was up from {} to {}; an objection on {} is outside the posting period", n.ref,
                           format_iso(*n.posted_on), format_iso(*n.ends_on), format_iso(made)),
                        _("a later complaint can be collected as a new proposal: yishi proposal add"));
  }
  std::string phone = trim(phone_in);
  if (!phone.empty() && !is_phone_number(phone)) {
    throw DataError(_f("phone '{}' is not a phone number", phone));
  }
  int year = static_cast<int>(made.year());
  int seq = storage::next_in_year(m_db, "objection", "seq", year);
  SQLite::Statement q(m_db, "INSERT INTO objection (year, seq, notice_id, objector, objector_phone, made_on, text) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, year);
  q.bind(2, seq);
  q.bind(3, static_cast<int64_t>(n.id));
  q.bind(4, check_text(objector, "objector", 50, true));
  q.bind(5, phone);
  q.bind(6, format_iso(made));
  q.bind(7, check_text(text, "objection", 2000, true));
  q.exec();
  return objection(objection_ref(year, seq));
}

Objection NoticeStore::answer(std::string_view ref, bool upheld, std::string_view reason_in) {
  Objection o = objection(ref);
  if (o.upheld) {
    throw RuleViolation(_f("objection {} was answered on {}", o.ref, format_iso(*o.answered_on)));
  }
  std::string reason = check_text(reason_in, "reason", 1000, !upheld);
  SQLite::Statement q(m_db, "UPDATE objection SET answer = ?, answer_reason = ?, answered_on = ? WHERE id = ?");
  q.bind(1, upheld ? "upheld" : "dismissed");
  q.bind(2, reason);
  q.bind(3, format_iso(m_clock.today()));
  q.bind(4, static_cast<int64_t>(o.id));
  q.exec();
  if (upheld) {
    ProposalStore proposals(m_db, m_clock);
    Proposal p = proposals.get(o.proposal_ref);
    if (p.status == Status::ruled) {
      SQLite::Statement aside(m_db,
                              "UPDATE ruling SET set_aside_on = ? WHERE proposal_id = ? AND set_aside_on IS NULL");
      aside.bind(1, format_iso(m_clock.today()));
      aside.bind(2, static_cast<int64_t>(p.id));
      aside.exec();
    }
    if (next_status(p.status, Action::uphold)) {
      proposals.apply(p, Action::uphold, o.ref);
    }
  }
  return objection(ref);
}

Objection NoticeStore::objection(std::string_view ref) const {
  std::string_view rest = ref;
  if (!rest.empty() && (rest.front() == 'O' || rest.front() == 'o')) {
    rest.remove_prefix(1);
  }
  std::pair<int, int> key;
  try {
    key = parse_proposal_ref(rest);
  } catch (const NotFound&) {
    throw NotFound(_f("'{}' is not an objection number", ref), _("objection numbers look like O2026-001"));
  }
  SQLite::Statement q(m_db, std::string(k_objection_select) + "WHERE o.year = ? AND o.seq = ?");
  q.bind(1, key.first);
  q.bind(2, key.second);
  if (!q.executeStep()) {
    throw NotFound(_f("no objection {}", ref), _("list them with: yishi notice objections"));
  }
  return read_objection(q);
}

std::vector<Objection> NoticeStore::objections(std::optional<long> proposal_id, bool open_only) const {
  std::string sql = std::string(k_objection_select) + "WHERE 1 = 1";
  if (proposal_id) {
    sql += " AND n.proposal_id = ?";
  }
  if (open_only) {
    sql += " AND o.answer IS NULL";
  }
  SQLite::Statement q(m_db, sql + " ORDER BY o.year, o.seq");
  if (proposal_id) {
    q.bind(1, static_cast<int64_t>(*proposal_id));
  }
  std::vector<Objection> out;
  while (q.executeStep()) {
    out.push_back(read_objection(q));
  }
  return out;
}

SheetContent sheet_content(const Notice& n, const VillageInfo& village, std::string_view supersedes_serial,
                           std::string_view superseded_by_serial) {
  SheetContent s;
  s.title = mask_personal(n.title);
  s.serial = n.serial;
  s.stage_zh = std::string(zh(n.stage));
  for (const auto& line : split(n.body, '\n')) {
    if (auto t = trim(line); !t.empty()) {
      s.paragraphs.push_back(mask_personal(t));
    }
  }
  s.draft = !n.posted_on;
  if (n.posted_on) {
    s.period = fmt::format("{}至{}（{}{}）", format_zh(*n.posted_on), format_zh(*n.ends_on), n.days,
                           n.working_days ? "个工作日" : "天");
    std::vector<std::string> places;
    for (auto p : n.places) {
      places.emplace_back(zh(p));
    }
    s.places = join(places, "、");
    s.fingerprint = n.fingerprint;
  }
  s.feedback = mask_personal(village.feedback);
  s.supervision_phone = village.supervision_phone;
  s.issuing_body = mask_personal(village.issuing_body);
  s.date = format_zh(n.posted_on.value_or(n.drafted_on));
  s.supersedes = std::string(supersedes_serial);
  s.superseded_by = std::string(superseded_by_serial);
  return s;
}

std::string chart_to_svg(const Chart& c) {
  const int bar = 26;
  const int gap = 12;
  const int height = 180;
  const int left = 34;
  const long top = c.tallest();
  int width = left + static_cast<int>(c.labels.size()) * (bar + gap) + 10;
  auto colour = [](const ChartSeries& s) {
    return fmt::format("#{:02x}{:02x}{:02x}", static_cast<int>(s.red * 255 + 0.5),
                       static_cast<int>(s.green * 255 + 0.5), static_cast<int>(s.blue * 255 + 0.5));
  };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-size=\"10\">", width, height + 60);
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333\"/>", left, height, width, height);
  svg += fmt::format("<text x=\"2\" y=\"14\">{}</text>", top);
  for (size_t m = 0; m < c.labels.size(); ++m) {
    int x = left + static_cast<int>(m) * (bar + gap) + gap / 2;
    double y = height;
    for (const auto& s : c.series) {
      if (s.values[m] == 0) {
        continue;
      }
      double h = static_cast<double>(s.values[m]) * (height - 14) / static_cast<double>(top);
      y -= h;
      svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"><title>{} {} {}"
                         "</title></rect>",
                         x, y, bar, h, colour(s), html_escape(c.labels[m]), html_escape(s.name), s.values[m]);
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x + bar / 2, height + 14,
                       html_escape(c.labels[m]));
  }
  int lx = left;
  int ly = height + 30;
  for (const auto& s : c.series) {
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}"
                       "</text>",
                       lx, ly, colour(s), lx + 13, ly + 9, html_escape(s.name));
    lx += 70;
    if (lx > width - 70) {
      lx = left;
      ly += 14;
    }
  }
  return svg + "</svg>";
}

std::string render_document(const SheetContent& s, const TemplateLoader& templates, SheetFormat format) {
  // The supervision phone is the office's public number: keep it out of the masking pass.
  const std::string phone_slot = "\x01SUPERVISION_PHONE\x01";
  data ctx;
  ctx.set("title", s.title);
  ctx.set("title_centred", centre_width(s.title, 72));
  ctx.set("serial", s.serial);
  ctx.set("serial_right", std::string(static_cast<size_t>(std::max(0, 72 - display_width(s.serial))), ' ') + s.serial);
  data paragraphs{data::type::list};
  for (const auto& p : s.paragraphs) {
    paragraphs.push_back(data("text", p));
  }
  ctx.set("paragraphs", paragraphs);
  ctx.set("draft", flag(s.draft && s.notice));
  if (!s.period.empty()) {
    ctx.set("period", s.period);
  }
  if (!s.places.empty()) {
    ctx.set("places", s.places);
  }
  if (!s.fingerprint.empty()) {
    ctx.set("fingerprint", s.fingerprint);
  }
  ctx.set("feedback", s.feedback);
  ctx.set("has_feedback", flag(s.notice && !s.feedback.empty()));
  ctx.set("supervision_phone", phone_slot);
  ctx.set("has_supervision_phone", flag(s.notice && !s.supervision_phone.empty()));
  ctx.set("issuing_body", s.issuing_body);
  ctx.set("date", s.date);
  ctx.set("date_right", std::string(static_cast<size_t>(std::max(0, 72 - display_width(s.date))), ' ') + s.date);
  ctx.set("issuing_body_right",
          std::string(static_cast<size_t>(std::max(0, 72 - display_width(s.issuing_body))), ' ') + s.issuing_body);
  ctx.set("stage", s.stage_zh);
  ctx.set("seal", flag(s.notice));
  data signatures{data::type::list};
  for (const auto& line : s.signatures) {
    signatures.push_back(data("text", line));
  }
  ctx.set("signatures", signatures);
  ctx.set("has_signatures", flag(!s.signatures.empty()));
  std::string block; // empty, or blank-line-separated signature lines (text sheets)
  for (const auto& line : s.signatures) {
    block += "\n\n　　" + line;
  }
  ctx.set("signature_block", block);
  ctx.set("chart", s.chart.empty() ? std::string() : chart_to_svg(s.chart));
  std::string sheet = mask_personal(
      render_template(templates, format == SheetFormat::html ? "sheet.html.mustache" : "sheet.txt.mustache", ctx,
                      format == SheetFormat::html ? Escape::html : Escape::none));
  if (format == SheetFormat::text) {
    // Sections left out of a sheet leave empty lines behind: keep at most two in a row, end on one newline.
    std::string tidy;
    int newlines = 0;
    for (char c : sheet) {
      newlines = c == '\n' ? newlines + 1 : 0;
      if (newlines <= 3) {
        tidy += c;
      }
    }
    while (tidy.size() > 1 && tidy[tidy.size() - 1] == '\n' && tidy[tidy.size() - 2] == '\n') {
      tidy.pop_back();
    }
    sheet = std::move(tidy);
  }
  std::string phone = format == SheetFormat::html ? html_escape(s.supervision_phone) : s.supervision_phone;
  // html_escape leaves \x01 untouched, so the slot is found in both formats.
  for (auto at = sheet.find(phone_slot); at != std::string::npos; at = sheet.find(phone_slot, at + phone.size())) {
    sheet.replace(at, phone_slot.size(), phone);
  }
  return sheet;
}

std::string render_sheet(const Notice& n, const VillageInfo& village, const TemplateLoader& templates,
                         SheetFormat format) {
  return render_document(sheet_content(n, village), templates, format);
}

} // namespace yishi
