#pragma once

// One unit of work: the only way a change reaches a village's records and their history. Every door (the
// command line, the web server, the demo) writes through a Write; nothing else attaches the history's
// triggers or chains its entries.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <string>

namespace yishi::storage {

/// Who a change is recorded as, and when.
struct Author {
  std::string operator_name; ///< --as, $YISHI_OPERATOR or the worker's name; "" for the village's operator
  std::string fallback;      ///< named when neither the above nor the village names anyone (the login name)
  std::string at;            ///< the time the change is recorded at, ISO 8601
};

/// One write: the history's triggers attached to the connection, a transaction taken at once (BEGIN
/// IMMEDIATE), and on commit() the command's entries chained as one batch before the commit. Destroyed
/// without commit(), every change is rolled back and the history holds none of it.
class Write {
public:
  Write(SQLite::Database& db, const Author& author);
  Write(const Write&) = delete;
  Write& operator=(const Write&) = delete;
  SQLite::Database& db() { return m_db; }
  void commit();

private:
  SQLite::Database& m_db;
  SQLite::Transaction m_tx;
};

/// One read: every query of a command sees one state of the records (a deferred transaction, never
/// committed, as nothing is written).
class Read {
public:
  explicit Read(SQLite::Database& db);
  Read(const Read&) = delete;
  Read& operator=(const Read&) = delete;
  SQLite::Database& db() { return m_db; }

private:
  SQLite::Database& m_db;
  SQLite::Transaction m_tx;
};

} // namespace yishi::storage
