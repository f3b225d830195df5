#pragma once

// Grid workers (网格员): accounts the secretary makes with `yishi grid add`, who log in to `yishi serve` on
// their phones and raise matters on villagers' behalf. Passwords and one-time codes are kept only as
// libsodium crypto_pwhash_str hashes (Argon2id), and sessions only as SHA-256 of their tokens.

#include "core/date.hpp"

#include <SQLiteCpp/Database.h>
#include <optional>
#include <string>
#include <vector>

namespace yishi::web {

struct GridWorker {
  long id = 0;
  std::string name;
  std::string group; // empty: the whole village
  std::string added_on;
  bool has_password = false;
  std::optional<long> person_id; // on record: then a council they sit on may send them on door-to-door visits
};

/// A door-to-door session (上门议事) a grid worker visits households for: one of its council's members.
struct VisitRound {
  std::string session; // S2026-004
  std::string council;
  std::string starts_at;
  std::vector<std::pair<std::string, std::string>> items; // ref, title (masked)
};

/// A matter a grid worker raised, as their list shows it.
struct RaisedMatter {
  std::string ref;
  std::string title; // masked
  std::string status;
  std::string code;
};

enum class LoginOutcome { ok, choose_password, refused };

struct Login {
  LoginOutcome outcome = LoginOutcome::refused;
  std::optional<GridWorker> worker;
};

class GridStore {
public:
  GridStore(SQLite::Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

  /// A new account and its one-time code for the first login (printed once, kept only hashed).
  std::pair<GridWorker, std::string> add(const std::string& name, const std::string& group);
  /// A new one-time code (a forgotten password): the old password and sessions end.
  std::string reset(const std::string& name);
  /// Ends the account: it can no longer log in; what it raised keeps its name.
  GridWorker remove(const std::string& name);
  std::vector<GridWorker> list() const;
  GridWorker get(const std::string& name) const;

  /// Checks a name and a password or one-time code. A one-time code asks for a password next.
  Login login(const std::string& name, const std::string& secret) const;
  /// The worker's password (at least 8 characters); the one-time code is used up.
  void set_password(long worker_id, const std::string& password);

  /// A session for 12 hours: the token for the cookie (only its hash is stored).
  std::string open_session(long worker_id);
  std::optional<GridWorker> session(const std::string& token) const;
  void close_session(const std::string& token);

  std::vector<RaisedMatter> raised_by(long worker_id) const;
  /// The door-to-door sessions, not yet closed, of the councils the worker is a member of.
  std::vector<VisitRound> rounds(const GridWorker& worker) const;

private:
  std::optional<GridWorker> find(const std::string& name) const;
  SQLite::Database& m_db;
  const Clock& m_clock;
};

/// A libsodium Argon2id hash of a secret, and its check.
std::string hash_secret(const std::string& secret);
bool secret_matches(const std::string& hash, const std::string& secret);

} // namespace yishi::web
