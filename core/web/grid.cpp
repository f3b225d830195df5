#include "grid.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/rules/lifecycle.hpp"
#include "core/rules/mask.hpp"
#include "core/storage/history.hpp"
#include "core/text.hpp"
#include "core/web/receipts.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <sodium.h>

namespace yishi::web {
namespace {

void ready() {
  static const bool initialised = sodium_init() >= 0;
  if (!initialised) {
    throw Error(_("libsodium could not start"), _("nothing was changed; please report this"));
  }
}

GridWorker read_worker(SQLite::Statement& q) {
  GridWorker w{q.getColumn(0).getInt64(),  q.getColumn(1).getString(),   q.getColumn(2).getString(),
               q.getColumn(3).getString(), q.getColumn(4).getInt() != 0, std::nullopt};
  if (!q.getColumn(5).isNull()) {
    w.person_id = q.getColumn(5).getInt64();
  }
  return w;
}

constexpr const char* k_select = "SELECT w.id, w.name, coalesce(g.name, ''), w.added_on, "
                                 "coalesce(c.password, '') <> '', w.person_id FROM grid_worker w "
                                 "LEFT JOIN village_group g ON g.id = w.group_id "
                                 "LEFT JOIN auth_credential c ON c.grid_worker_id = w.id ";

std::string session_key(const std::string& token) {
  return storage::sha256_hex("yishi grid session " + token);
}

} // namespace

std::string hash_secret(const std::string& secret) {
  ready();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw Error(_("the password could not be hashed (out of memory)"), _("nothing was changed; try again"));
  }
  return out;
}

bool secret_matches(const std::string& hash, const std::string& secret) {
  ready();
  return !hash.empty() && crypto_pwhash_str_verify(hash.c_str(), secret.data(), secret.size()) == 0;
}

std::optional<GridWorker> GridStore::find(const std::string& name) const {
  SQLite::Statement q(m_db, std::string(k_select) + "WHERE w.name = ? AND w.removed_on IS NULL");
  q.bind(1, trim(name));
  if (!q.executeStep()) {
    return std::nullopt;
  }
  return read_worker(q);
}

GridWorker GridStore::get(const std::string& name) const {
  if (auto w = find(name)) {
    return *w;
  }
  throw NotFound(_f("no grid worker named '{}'", name), _("list them with: yishi grid list"));
}

std::pair<GridWorker, std::string> GridStore::add(const std::string& name, const std::string& group) {
  std::string who = check_text(name, "name", 50, true);
  if (find(who)) {
    throw DataError(_f("{} is already a grid worker", who), _f("a new first-login code: yishi grid reset {}", who));
  }
  SQLite::Statement insert(m_db, "INSERT INTO grid_worker (name, group_id, person_id, added_on) VALUES (?, ?, ?, ?)");
  insert.bind(1, who);
  VillageStore village(m_db);
  if (!group.empty()) {
    insert.bind(2, static_cast<int64_t>(village.group(group).id));
  }
  try {
    if (auto person = village.find_person(who)) {
      insert.bind(3, static_cast<int64_t>(person->id));
    }
  } catch (const DataError&) {
    // two people of that name: the account is not tied to either
  }
  insert.bind(4, format_iso(m_clock.today()));
  insert.exec();
  const long id = m_db.getLastInsertRowid();
  std::string code = new_tracking_code();
  SQLite::Statement credential(m_db, "INSERT INTO auth_credential (grid_worker_id, one_time) VALUES (?, ?)");
  credential.bind(1, static_cast<int64_t>(id));
  credential.bind(2, hash_secret(code));
  credential.exec();
  return {get(who), code};
}

std::string GridStore::reset(const std::string& name) {
  GridWorker w = get(name);
  std::string code = new_tracking_code();
  SQLite::Statement q(m_db, "INSERT OR REPLACE INTO auth_credential (grid_worker_id, one_time, password) "
                            "VALUES (?, ?, '')");
  q.bind(1, static_cast<int64_t>(w.id));
  q.bind(2, hash_secret(code));
  q.exec();
  SQLite::Statement end(m_db, "DELETE FROM auth_session WHERE grid_worker_id = ?");
  end.bind(1, static_cast<int64_t>(w.id));
  end.exec();
  return code;
}

GridWorker GridStore::remove(const std::string& name) {
  GridWorker w = get(name);
  SQLite::Statement q(m_db, "UPDATE grid_worker SET removed_on = ? WHERE id = ?");
  q.bind(1, format_iso(m_clock.today()));
  q.bind(2, static_cast<int64_t>(w.id));
  q.exec();
  for (const char* sql :
       {"DELETE FROM auth_session WHERE grid_worker_id = ?", "DELETE FROM auth_credential WHERE grid_worker_id = ?"}) {
    SQLite::Statement d(m_db, sql);
    d.bind(1, static_cast<int64_t>(w.id));
    d.exec();
  }
  return w;
}

std::vector<GridWorker> GridStore::list() const {
  SQLite::Statement q(m_db, std::string(k_select) + "WHERE w.removed_on IS NULL ORDER BY w.name");
  std::vector<GridWorker> out;
  while (q.executeStep()) {
    out.push_back(read_worker(q));
  }
  return out;
}

Login GridStore::login(const std::string& name, const std::string& secret) const {
  auto w = find(name);
  if (!w) {
    (void)secret_matches(hash_secret("timing"), secret); // as slow as a real check: names are not probed
    return {};
  }
  SQLite::Statement q(m_db, "SELECT one_time, password FROM auth_credential WHERE grid_worker_id = ?");
  q.bind(1, static_cast<int64_t>(w->id));
  if (!q.executeStep()) {
    return {};
  }
  if (secret_matches(q.getColumn(1).getString(), secret)) {
    return {LoginOutcome::ok, w};
  }
  if (secret_matches(q.getColumn(0).getString(), secret)) {
    return {LoginOutcome::choose_password, w};
  }
  return {};
}

void GridStore::set_password(long worker_id, const std::string& password) {
  if (count_chars(password) < 8) {
    throw DataError(_("a password needs at least 8 characters"));
  }
  if (count_chars(password) > 200 || !is_valid_utf8(password)) {
    throw DataError(_("a password is at most 200 characters of text"));
  }
  SQLite::Statement q(m_db, "UPDATE auth_credential SET password = ?, one_time = '' WHERE grid_worker_id = ?");
  q.bind(1, hash_secret(password));
  q.bind(2, static_cast<int64_t>(worker_id));
  q.exec();
}

std::string GridStore::open_session(long worker_id) {
  const std::string token = random_hex(24);
  DateTime now = m_clock.now();
  SQLite::Statement old(m_db, "DELETE FROM auth_session WHERE expires_at < ?");
  old.bind(1, format_iso(now));
  old.exec();
  SQLite::Statement q(m_db, "INSERT INTO auth_session (token, grid_worker_id, expires_at) VALUES (?, ?, "
                            "strftime('%Y-%m-%dT%H:%M:%S', ?, '+12 hours'))");
  q.bind(1, session_key(token));
  q.bind(2, static_cast<int64_t>(worker_id));
  q.bind(3, format_iso(now));
  q.exec();
  return token;
}

std::optional<GridWorker> GridStore::session(const std::string& token) const {
  if (token.size() != 48) {
    return std::nullopt;
  }
  SQLite::Statement q(m_db, std::string(k_select) + "JOIN auth_session s ON s.grid_worker_id = w.id "
                                                    "WHERE s.token = ? AND s.expires_at > ? AND w.removed_on IS NULL");
  q.bind(1, session_key(token));
  q.bind(2, format_iso(m_clock.now()));
  if (!q.executeStep()) {
    return std::nullopt;
  }
  return read_worker(q);
}

void GridStore::close_session(const std::string& token) {
  SQLite::Statement q(m_db, "DELETE FROM auth_session WHERE token = ?");
  q.bind(1, session_key(token));
  q.exec();
}

std::vector<RaisedMatter> GridStore::raised_by(long worker_id) const {
  SQLite::Statement q(m_db, "SELECT p.year, p.seq, p.title, p.status, r.code FROM receipt r "
                            "JOIN proposal p ON p.id = r.proposal_id WHERE r.grid_worker_id = ? "
                            "ORDER BY p.year DESC, p.seq DESC LIMIT 200");
  q.bind(1, static_cast<int64_t>(worker_id));
  std::vector<RaisedMatter> out;
  while (q.executeStep()) {
    out.push_back(
        {proposal_ref(q.getColumn(0).getInt(), q.getColumn(1).getInt()), mask_personal(q.getColumn(2).getString()),
         std::string(label(parse_enum<Status>(q.getColumn(3).getString(), "status"))), q.getColumn(4).getString()});
  }
  return out;
}

std::vector<VisitRound> GridStore::rounds(const GridWorker& worker) const {
  std::vector<VisitRound> out;
  if (!worker.person_id) {
    return out;
  }
  SessionStore sessions(m_db, m_clock);
  for (const Session& s : sessions.list()) {
    if (s.mode != Mode::door_to_door || s.status == SessionStatus::closed) {
      continue;
    }
    SessionRecord record = sessions.record(s.ref);
    bool member = std::any_of(record.roster.begin(), record.roster.end(),
                              [&](const AttendanceEntry& a) { return a.person.id == *worker.person_id; });
    if (!member) {
      continue;
    }
    VisitRound round{s.ref, s.council.name, format_minutes(s.starts_at), {}};
    for (const ItemRecord& item : record.items) {
      round.items.emplace_back(item.proposal.ref, mask_personal(item.proposal.title));
    }
    out.push_back(std::move(round));
  }
  return out;
}

} // namespace yishi::web
