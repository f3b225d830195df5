#include "notices.hpp"

#include "core/error.hpp"
#include "core/records/conventions.hpp"
#include "core/records/implementation.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/resources.hpp"
#include "core/rules/mask.hpp"
#include "core/storage/database.hpp"
#include "core/storage/history.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <charconv>

namespace yishi {
namespace {

std::optional<int> whole_number(std::string_view digits) {
  int value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return ec == std::errc{} && end == digits.data() + digits.size() && value > 0 ? std::optional<int>(value)
                                                                                 : std::nullopt;
}

} // namespace

std::string notice_ref(int year, int number) {
  return fmt::format("N{}-{:03}", year, number);
}

namespace {

std::string objection_ref(int year, int seq) {
  return fmt::format("O{}-{:03}", year, seq);
}

constexpr const char* k_select =
    "SELECT n.id, n.year, n.number, p.year, p.seq, n.stage, n.title, n.body, n.drafted_on, n.posted_on, "
    "COALESCE(n.days, 0), n.ends_on, v.serial_prefix, n.working_days, n.places, n.posted_by, "
    "COALESCE(o.year || '-' || printf('%03d', o.number), ''), "
    "(SELECT c.year || '-' || printf('%03d', c.number) FROM notice c WHERE c.supersedes = n.id "
    " AND c.posted_on IS NOT NULL ORDER BY c.id LIMIT 1), COALESCE(n.fingerprint, ''), COALESCE(n.chain_head, ''), "
    "n.set_aside_on, ns.year, ns.number, d.at, COALESCE(d.reason, '') "
    "FROM notice n JOIN proposal p ON p.id = n.proposal_id JOIN village v ON v.id = 1 "
    "LEFT JOIN notice o ON o.id = n.supersedes LEFT JOIN notice_serial ns ON ns.notice_id = n.id "
    "LEFT JOIN notice_discard d ON d.notice_id = n.id ";

// The 文号 as printed: 老寨村议公〔2026〕3号; a draft has none yet, and its sheet leaves the number blank.
std::string serial_text(const std::string& prefix, int year, std::optional<int> number) {
  return number ? fmt::format("{}〔{}〕{}号", prefix, year, *number) : fmt::format("{}〔{}〕　号", prefix, year);
}

Notice read(SQLite::Statement& q) {
  Notice n;
  n.id = q.getColumn(0).getInt64();
  n.year = q.getColumn(1).getInt();
  n.number = q.getColumn(2).getInt();
  n.ref = notice_ref(n.year, n.number);
  n.serial = q.getColumn(21).isNull() ? serial_text(q.getColumn(12).getString(), n.year, std::nullopt)
                                      : serial_text(q.getColumn(12).getString(), q.getColumn(21).getInt(),
                                                    q.getColumn(22).getInt());
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
  if (!q.getColumn(20).isNull()) {
    n.set_aside_on = date_from_iso(q.getColumn(20).getString());
  }
  if (!q.getColumn(23).isNull()) {
    n.discarded_on = date_from_iso(q.getColumn(23).getString());
    n.discard_reason = q.getColumn(24).getString();
  }
  return n;
}

constexpr const char* k_objection_select =
    "SELECT o.id, o.year, o.seq, n.year, n.number, p.year, p.seq, o.objector, o.objector_phone, o.made_on, o.text, "
    "o.answer, o.answer_reason, o.answered_on, v.serial_prefix, ns.year, ns.number FROM objection o "
    "JOIN notice n ON n.id = o.notice_id JOIN notice_serial ns ON ns.notice_id = n.id "
    "JOIN proposal p ON p.id = n.proposal_id JOIN village v ON v.id = 1 ";

Objection read_objection(SQLite::Statement& q) {
  Objection o;
  o.id = q.getColumn(0).getInt64();
  o.ref = objection_ref(q.getColumn(1).getInt(), q.getColumn(2).getInt());
  o.notice_ref = notice_ref(q.getColumn(3).getInt(), q.getColumn(4).getInt());
  o.notice_serial = serial_text(q.getColumn(14).getString(), q.getColumn(15).getInt(), q.getColumn(16).getInt());
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

} // namespace

std::string notice_fingerprint(const Notice& n, const std::string& chain_head, int groups) {
  std::string digest = storage::sha256_hex(fmt::format("{}\n{}\n{}\n{}\n{}\n{}", n.serial, n.title, n.body,
                                                       n.posted_on ? format_iso(*n.posted_on) : "",
                                                       n.ends_on ? format_iso(*n.ends_on) : "", chain_head));
  std::string code;
  for (int g = 0; g < groups; ++g) {
    if (g > 0) {
      code += '-';
    }
    for (char c : digest.substr(static_cast<size_t>(4 * g), 4)) {
      code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return code;
}

int fingerprint_groups(std::string_view code) {
  return static_cast<int>(std::count(code.begin(), code.end(), '-')) + 1;
}

NoticeFacts NoticeStore::facts(std::string_view ref, Stage stage, std::string_view text,
                               std::string_view session_ref) const {
  ProposalStore proposals(m_db, m_clock);
  SessionStore sessions(m_db, m_clock);
  NoticeFacts f;
  f.stage = stage;
  f.proposal = proposals.get(ref);
  const Proposal& p = f.proposal;
  f.village = VillageStore(m_db).info();
  if (stage == Stage::correction) {
    throw UsageError(_("a correction is drafted with: yishi notice correct NOTICE --reason ... --text ..."));
  }
  auto held = sessions.sessions_of(p.id);
  std::erase_if(held, [](const Session& s) { return s.status == SessionStatus::cancelled; }); // never met
  if (held.empty()) {
    throw RuleViolation(_f("proposal {} is not on any session's agenda; a {} notice needs one", p.ref, label(stage)),
                        _f("plan one with: yishi session plan --agenda {}", p.ref));
  }
  // Each session that takes the matter up has its own plan and process notices: the one named, else the
  // matter's latest session (for the process, the latest at which it was voted on).
  const bool per_session = stage == Stage::plan || stage == Stage::process;
  if (!session_ref.empty()) {
    Session named = sessions.get(session_ref);
    if (std::none_of(held.begin(), held.end(), [&](const Session& s) { return s.id == named.id; })) {
      throw RuleViolation(_f("proposal {} is not on the agenda of {}", p.ref, named.ref),
                          _f("its sessions: yishi proposal show {}", p.ref));
    }
    f.session = sessions.record(named.ref);
  } else {
    f.session = sessions.record(held.back().ref);
    for (auto s = held.rbegin(); stage == Stage::process && s != held.rend(); ++s) {
      SessionRecord r = sessions.record(s->ref);
      bool voted = std::any_of(r.items.begin(), r.items.end(), [&](const ItemRecord& item) {
        return item.proposal.id == p.id &&
               std::any_of(item.motions.begin(), item.motions.end(), [](const MotionRecord& m) { return m.vote; });
      });
      if (voted) {
        f.session = std::move(r);
        break;
      }
    }
  }
  // One notice a stage (a plan and a process notice a session), unless the earlier one was corrected.
  SQLite::Statement existing(m_db, "SELECT n.year, n.number FROM notice n WHERE n.proposal_id = ? AND n.stage = ? "
                                   "AND (? = 0 OR n.session_id IS NULL OR n.session_id = ?) "
                                   "AND NOT EXISTS (SELECT 1 FROM notice c WHERE c.supersedes = n.id) "
                                   "AND NOT EXISTS (SELECT 1 FROM notice_discard d WHERE d.notice_id = n.id)");
  existing.bind(1, static_cast<int64_t>(p.id));
  existing.bind(2, std::string(code(stage)));
  existing.bind(3, per_session ? 1 : 0);
  existing.bind(4, static_cast<int64_t>(f.session.session.id));
  if (stage != Stage::objection_answer && existing.executeStep()) {
    const std::string notice_ref =
        yishi::notice_ref(existing.getColumn(0).getInt(), existing.getColumn(1).getInt());
    throw RuleViolation(
        per_session ? _f("proposal {} already has its {} notice for {}: {}", p.ref, label(stage), f.session.session.ref,
                         notice_ref)
                    : _f("proposal {} already has its {} notice: {}", p.ref, label(stage), notice_ref),
        _f("see it with: yishi notice show {0}; to change it once posted: yishi notice correct {0}", notice_ref));
  }
  // The plan (议事方案) is posted before its meeting: once the meeting's time has passed, the process and result
  // notices say what happened.
  if (stage == Stage::plan && f.session.session.starts_at <= m_clock.now()) {
    throw RuleViolation(_f("session {} met at {}: its plan notice was due before it", f.session.session.ref,
                           format_minutes(f.session.session.starts_at)),
                        _("post what happened instead: the process notice after the vote, then the result"));
  }
  if (stage == Stage::process) {
    bool voted = false;
    for (const auto& item : f.session.items) {
      for (const auto& m : item.motions) {
        voted = voted || (item.proposal.id == p.id && m.vote.has_value());
      }
    }
    if (!voted) {
      throw RuleViolation(_f("proposal {} has no vote recorded at {}; the process notice follows the vote", p.ref,
                             f.session.session.ref),
                          _("record it with: yishi session vote"));
    }
  }
  f.recommendations = proposals.recommendations(p.id);
  if (stage == Stage::convention) {
    f.convention = ConventionStore(m_db, m_clock).adopted_by(p.id);
    if (!f.convention) {
      throw RuleViolation(_f("proposal {} adopted no convention; a convention notice needs one", p.ref),
                          _("record it with: yishi convention add --proposal"));
    }
  }
  if (stage == Stage::result) {
    f.ruling = proposals.ruling(p.id);
    if (!f.ruling) {
      throw RuleViolation(
          _f("proposal {} is '{}' and has no ruling; the result notice needs one", p.ref, label(p.status)));
    }
  }
  if (stage == Stage::implementation) {
    f.ruling = proposals.ruling(p.id);
    if (!f.ruling) {
      throw RuleViolation(
          _f("proposal {} has no ruling; the implementation notice reports on carrying one out", p.ref));
    }
    f.text = check_text(text, "text", 2000, false);
    if (f.text.empty()) {
      // Drawn from the implementation record when the secretary gives no text.
      f.implementation = ImplementationStore(m_db, m_clock).get(p.ref);
      if (!f.implementation->completed_on && f.implementation->progress.empty()) {
        throw RuleViolation(_f("nothing is recorded yet of carrying out the ruling on {}", p.ref),
                            _("record progress (yishi progress add) or give --text"));
      }
    }
  } else if (!trim(text).empty()) {
    throw UsageError(_("--text goes with --stage implementation"));
  }
  if (stage == Stage::objection_answer) {
    for (const auto& o : objections(p.id, false)) {
      if (o.upheld) {
        f.answered.push_back(o);
      }
    }
    if (f.answered.empty()) {
      throw RuleViolation(_f("no objection to the notices of {} has been answered yet", p.ref));
    }
  }
  return f;
}

CorrectionFacts NoticeStore::correction_facts(std::string_view ref, std::string_view reason,
                                              std::string_view text) const {
  CorrectionFacts f;
  f.corrected = get(ref);
  const Notice& old = f.corrected;
  if (!old.posted_on) {
    throw RuleViolation(_f("notice {} is a draft; a correction is for a posted notice", old.ref),
                        _("a draft is not yet public: check it with yishi notice print before posting"));
  }
  if (!old.superseded_by.empty()) {
    throw RuleViolation(_f("notice {} was corrected already by {}", old.ref, old.superseded_by));
  }
  SQLite::Statement pending(m_db, "SELECT year, number FROM notice n WHERE supersedes = ? AND posted_on IS NULL "
                                  "AND NOT EXISTS (SELECT 1 FROM notice_discard d WHERE d.notice_id = n.id)");
  pending.bind(1, static_cast<int64_t>(old.id));
  if (pending.executeStep()) {
    throw RuleViolation(_f("a correction of {} is drafted already: N{}-{:03}", old.ref, pending.getColumn(0).getInt(),
                           pending.getColumn(1).getInt()),
                        _("post it with: yishi notice post"));
  }
  f.reason = check_text(reason, "reason", 500, true);
  f.text = check_text(text, "text", 5000, true);
  f.proposal_id = ProposalStore(m_db, m_clock).get(old.proposal_ref).id;
  return f;
}

// Stores a worded notice, numbered in the village's sequence for the year.
Notice NoticeStore::add_draft(long proposal_id, Stage stage, std::string_view worded, std::optional<long> supersedes,
                              std::optional<long> session_id) {
  std::string text = mask_personal(worded);
  auto newline = text.find('\n');
  std::string title = trim(text.substr(0, newline));
  std::string body = newline == std::string::npos ? "" : trim(text.substr(newline + 1));
  if (title.empty()) {
    throw DataError(_f("template notice/{}.mustache gave an empty title (its first line)", code(stage)));
  }
  Date today = m_clock.today();
  int year = static_cast<int>(today.year());
  int number = storage::next_in_year(m_db, "notice", "number", year);
  SQLite::Statement q(m_db,
                      "INSERT INTO notice (year, number, proposal_id, stage, title, body, drafted_on, supersedes, "
                      "session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (session_id) {
    q.bind(9, static_cast<int64_t>(*session_id));
  } else {
    q.bind(9);
  }
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
  return get(notice_ref(year, number));
}

Notice NoticeStore::post(std::string_view ref, const PostInput& in) {
  Notice n = get(ref);
  if (n.discarded_on) {
    throw RuleViolation(_f("notice {} was discarded on {} ({}); a discarded draft is never posted", n.ref,
                           format_iso(*n.discarded_on), n.discard_reason),
                        _("draft the notice again: yishi notice draft"));
  }
  if (n.posted_on) {
    throw RuleViolation(
        _f("notice {} was posted on {}; a posted notice cannot change", n.ref, format_iso(*n.posted_on)),
        _("to change it, post a correction: yishi notice correct"));
  }
  if (n.stage == Stage::plan) {
    if (auto meeting = session_of(n); meeting && meeting->starts_at <= m_clock.now()) {
      throw RuleViolation(_f("notice {} announces session {} at {}, which has passed: a plan notice goes up before "
                             "its meeting",
                             n.ref, meeting->ref, format_minutes(meeting->starts_at)),
                          _f("discard it (yishi notice discard {} --reason ...) and post the process notice after "
                             "the vote",
                             n.ref));
    }
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
  // The serial (文号) is given now, the next of the posting year's: the posted series has no holes, whatever
  // drafts were discarded.
  const int serial_year = static_cast<int>(posted.year());
  SQLite::Statement serial(m_db, "INSERT INTO notice_serial (notice_id, year, number) VALUES (?, ?, "
                                 "(SELECT COALESCE(max(number), 0) + 1 FROM notice_serial WHERE year = ?))");
  serial.bind(1, static_cast<int64_t>(n.id));
  serial.bind(2, serial_year);
  serial.bind(3, serial_year);
  serial.exec();
  // A correction notice that puts a matter's fields right in public makes them so now.
  if (n.stage == Stage::correction) {
    ProposalStore(m_db, m_clock).apply_corrections_of(n.id);
  }
  // The sheet carries a fingerprint of its content and of the history as it stood when posted (64 bits,
  // in four groups of four), so a paper sheet can be checked against the database.
  std::string head = storage::chain_head(m_db);
  Notice posted_notice = get(n.ref);
  SQLite::Statement f(m_db, "UPDATE notice SET chain_head = ?, fingerprint = ? WHERE id = ?");
  f.bind(1, head);
  f.bind(2, notice_fingerprint(posted_notice, head));
  f.bind(3, static_cast<int64_t>(n.id));
  f.exec();
  return get(n.ref);
}

Notice NoticeStore::discard(std::string_view ref, std::string_view reason) {
  Notice n = get(ref);
  if (n.discarded_on) {
    throw RuleViolation(_f("notice {} was discarded already on {}", n.ref, format_iso(*n.discarded_on)));
  }
  if (n.posted_on) {
    throw RuleViolation(_f("notice {} was posted on {}; a posted notice is corrected in public, not discarded", n.ref,
                           format_iso(*n.posted_on)),
                        _f("post a correction: yishi notice correct {} --reason ... --text ...", n.ref));
  }
  SQLite::Statement q(m_db, "INSERT INTO notice_discard (notice_id, reason, at) VALUES (?, ?, ?)");
  q.bind(1, static_cast<int64_t>(n.id));
  q.bind(2, check_text(reason, "reason", 500, true));
  q.bind(3, format_iso(m_clock.today()));
  q.exec();
  return get(n.ref);
}

std::optional<NoticedSession> NoticeStore::session_of(const Notice& notice) const {
  SQLite::Statement q(m_db, "SELECT s.year, s.seq, s.starts_at FROM notice n JOIN session s ON s.id = n.session_id "
                            "WHERE n.id = ?");
  q.bind(1, static_cast<int64_t>(notice.id));
  if (!q.executeStep()) {
    return std::nullopt;
  }
  return NoticedSession{session_ref(q.getColumn(0).getInt(), q.getColumn(1).getInt()),
                        parse_date_time(q.getColumn(2).getString(), m_clock.today(), "stored time")};
}

Notice NoticeStore::get(std::string_view ref_in) const {
  std::string ref(ref_in);
  // 老寨村议公〔2026〕3号 as printed (the serial, given when posted), or N2026-003 / 2026-3 as typed.
  if (auto open = ref.find("〔"); open != std::string::npos) {
    auto close = ref.find("〕", open);
    auto end = ref.find("号", close == std::string::npos ? open : close);
    if (close != std::string::npos && end != std::string::npos) {
      const auto year = whole_number(ref.substr(open + 3, close - open - 3));
      const auto number = whole_number(trim(ref.substr(close + 3, end - close - 3)));
      SQLite::Statement by_serial(m_db, "SELECT n.year, n.number FROM notice_serial s JOIN notice n ON n.id = "
                                        "s.notice_id WHERE s.year = ? AND s.number = ?");
      by_serial.bind(1, year.value_or(0));
      by_serial.bind(2, number.value_or(0));
      if (!year || !number || !by_serial.executeStep()) {
        throw NotFound(_f("no notice was posted as {}", ref), _("list them with: yishi notice list"));
      }
      ref = notice_ref(by_serial.getColumn(0).getInt(), by_serial.getColumn(1).getInt());
    }
  }
  static constexpr RefKind kind{'N', N_("'{}' is not a notice number"), N_("notice numbers look like N2026-003"),
                                N_("no notice {}"), N_("list them with: yishi notice list")};
  return find_by_ref<Notice>(ref, kind, static_cast<int>(m_clock.today().year()),
                             row_by_year_seq<Notice>(m_db, std::string(k_select) + "WHERE n.year = ? AND n.number = ?",
                                                     [&](SQLite::Statement& q) { return read(q); }));
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
      // Its posted result notice no longer stands: marked set-aside, on the board list too.
      SQLite::Statement notice(m_db, "UPDATE notice SET set_aside_on = ? WHERE proposal_id = ? AND stage = 'result' "
                                     "AND posted_on IS NOT NULL AND set_aside_on IS NULL");
      notice.bind(1, format_iso(m_clock.today()));
      notice.bind(2, static_cast<int64_t>(p.id));
      notice.exec();
    }
    if (next_status(p.status, Action::uphold)) {
      proposals.apply(p, Action::uphold, o.ref);
    }
  }
  return objection(ref);
}

Objection NoticeStore::objection(std::string_view ref) const {
  static constexpr RefKind kind{'O', N_("'{}' is not an objection number"), N_("objection numbers look like O2026-001"),
                                N_("no objection {}"), N_("list them with: yishi notice objections")};
  return find_by_ref<Objection>(
      ref, kind, static_cast<int>(m_clock.today().year()),
      row_by_year_seq<Objection>(m_db, std::string(k_objection_select) + "WHERE o.year = ? AND o.seq = ?",
                                 [&](SQLite::Statement& q) { return read_objection(q); }));
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

} // namespace yishi
