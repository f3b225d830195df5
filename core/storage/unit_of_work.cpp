#include "core/storage/unit_of_work.hpp"

#include "core/storage/history_internal.hpp"

namespace yishi::storage {

namespace {
// The triggers go on before the transaction starts: attaching them creates TEMP objects, which the
// transaction need not hold.
SQLite::Database& attached(SQLite::Database& db, const Author& author) {
  detail::attach_history(db, author.operator_name, author.fallback, author.at);
  return db;
}
} // namespace

Write::Write(SQLite::Database& db, const Author& author)
    : m_db(attached(db, author)), m_tx(db, SQLite::TransactionBehavior::IMMEDIATE) {}

void Write::commit() {
  detail::chain_history(m_db);
  m_tx.commit();
}

Read::Read(SQLite::Database& db) : m_db(db), m_tx(db, SQLite::TransactionBehavior::DEFERRED) {}

} // namespace yishi::storage
