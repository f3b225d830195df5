#pragma once

// A connection to the district's PostgreSQL, through libpq. libpq (and the Kerberos, LDAP and TLS libraries
// under it) is loaded when a district command first connects, not for every command yishi runs.
#include "core/error.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yishi::district {

/// What PostgreSQL refused, with its SQLSTATE ("40001", "23505", ...).
class PgError : public Error {
public:
  PgError(const std::string& message, std::string state, std::string hint = {})
      : Error(message, std::move(hint)), m_state(std::move(state)) {}
  const std::string& state() const noexcept { return m_state; }

private:
  std::string m_state;
};

/// A query's rows, every value as PostgreSQL's text (bytea as \x hex).
class PgResult {
public:
  PgResult() = default;
  explicit PgResult(void* result);
  int rows() const;
  int columns() const;
  bool null(int row, int column) const;
  std::string text(int row, int column) const;
  long integer(int row, int column) const; // 0 for NULL
  std::optional<double> real(int row, int column) const;
  std::string bytes(int row, int column) const; // a bytea's bytes

private:
  std::shared_ptr<void> m_result;
};

/// One connection. Parameters are passed as text (nullopt: NULL); a bytea parameter as pg_bytea(bytes).
class PgConnection {
public:
  /// `uri`: postgresql://... or key=value words. Fails naming the server it tried and why.
  explicit PgConnection(const std::string& uri);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  void exec(const std::string& sql);
  PgResult query(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});

  /// COPY table (columns) FROM STDIN: rows of text values, escaped here.
  class Copy {
  public:
    void row(const std::vector<std::optional<std::string_view>>& values);
    void finish();

  private:
    friend class PgConnection;
    explicit Copy(PgConnection& c) : m_c(c) {}
    void flush();
    PgConnection& m_c;
    std::string m_buffer;
  };
  Copy copy(const std::string& table, const std::string& columns);

  /// The server's name as the user gave it, with no password (for messages).
  const std::string& where() const { return m_where; }

private:
  void* m_conn = nullptr;
  std::string m_where;
};

/// A bytea parameter's text: \x and hex.
std::string pg_bytea(std::string_view bytes);

/// The district's URL: the option, else $YISHI_DISTRICT; neither is a usage error saying so.
std::string district_url(const std::string& option);

} // namespace yishi::district
