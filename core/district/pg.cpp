#include "pg.hpp"

#include "core/storage/history.hpp"

#include <cstdlib>
#include <dlfcn.h>
#include <libpq-fe.h>
#include <regex>

namespace yishi::district {
namespace {

// libpq's functions, looked up once in libpq.so.5.
#define YISHI_PQ_FUNCTIONS(X)                                                                                          \
  X(PQconnectdb)                                                                                                       \
  X(PQstatus)                                                                                                          \
  X(PQerrorMessage)                                                                                                    \
  X(PQfinish)                                                                                                          \
  X(PQexec)                                                                                                            \
  X(PQexecParams)                                                                                                      \
  X(PQresultStatus)                                                                                                    \
  X(PQresultErrorMessage)                                                                                              \
  X(PQresultErrorField)                                                                                                \
  X(PQntuples)                                                                                                         \
  X(PQnfields)                                                                                                         \
  X(PQgetvalue)                                                                                                        \
  X(PQgetlength)                                                                                                       \
  X(PQgetisnull)                                                                                                       \
  X(PQclear)                                                                                                           \
  X(PQputCopyData)                                                                                                     \
  X(PQputCopyEnd)                                                                                                      \
  X(PQgetResult)                                                                                                       \
  X(PQsetNoticeProcessor)

struct Libpq {
#define YISHI_PQ_MEMBER(name) decltype(&::name) name = nullptr;
  YISHI_PQ_FUNCTIONS(YISHI_PQ_MEMBER)
#undef YISHI_PQ_MEMBER
};

const Libpq& pq() {
  static const Libpq lib = [] {
    void* handle = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      throw Error(_f("cannot load libpq, PostgreSQL's client library ({})", ::dlerror()),
                  _("install it: apt-get install libpq5"));
    }
    Libpq l;
    auto find = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(handle, name));
      if (fn == nullptr) {
        throw Error(_f("libpq.so.5 has no {}", name), _("install PostgreSQL's libpq5 from Debian 12 or later"));
      }
    };
#define YISHI_PQ_FIND(name) find(l.name, #name);
    YISHI_PQ_FUNCTIONS(YISHI_PQ_FIND)
#undef YISHI_PQ_FIND
    return l;
  }();
  return lib;
}

PGresult* res(const std::shared_ptr<void>& r) {
  return static_cast<PGresult*>(r.get());
}

std::string trimmed(const char* text) {
  std::string s = text == nullptr ? "" : text;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
    s.pop_back();
  }
  return s;
}

// The connection string without its password, for messages.
std::string without_password(const std::string& uri) {
  static const std::regex in_uri(R"(^(postgres(?:ql)?://[^:/@]*):[^@]*@)");
  static const std::regex in_words(R"(password\s*=\s*('[^']*'|\S+))");
  return std::regex_replace(std::regex_replace(uri, in_uri, "$1:***@"), in_words, "password=***");
}

void ignore_notice(void*, const char*) {}

} // namespace

PgResult::PgResult(void* result) : m_result(result, [](void* r) { pq().PQclear(static_cast<PGresult*>(r)); }) {}

int PgResult::rows() const {
  return m_result ? pq().PQntuples(res(m_result)) : 0;
}
int PgResult::columns() const {
  return m_result ? pq().PQnfields(res(m_result)) : 0;
}
bool PgResult::null(int row, int column) const {
  return pq().PQgetisnull(res(m_result), row, column) != 0;
}
std::string PgResult::text(int row, int column) const {
  const auto& l = pq();
  return std::string(l.PQgetvalue(res(m_result), row, column),
                     static_cast<size_t>(l.PQgetlength(res(m_result), row, column)));
}
long PgResult::integer(int row, int column) const {
  return null(row, column) ? 0 : std::stol(text(row, column));
}
std::optional<double> PgResult::real(int row, int column) const {
  if (null(row, column)) {
    return std::nullopt;
  }
  return std::stod(text(row, column));
}
std::string PgResult::bytes(int row, int column) const {
  std::string t = text(row, column);
  return t.size() >= 2 && t[0] == '\\' && t[1] == 'x' ? storage::from_hex(std::string_view(t).substr(2)) : t;
}

PgConnection::PgConnection(const std::string& uri) : m_where(without_password(uri)) {
  const auto& l = pq();
  m_conn = l.PQconnectdb(uri.c_str());
  if (m_conn == nullptr || l.PQstatus(static_cast<PGconn*>(m_conn)) != CONNECTION_OK) {
    std::string why = m_conn == nullptr ? "out of memory" : trimmed(l.PQerrorMessage(static_cast<PGconn*>(m_conn)));
    if (m_conn != nullptr) {
      l.PQfinish(static_cast<PGconn*>(m_conn));
    }
    m_conn = nullptr;
    throw Error(_f("cannot reach the district's database {}: {}", m_where, why),
                _("check the URL (--to/--from or $YISHI_DISTRICT), and that the server is up"));
  }
  l.PQsetNoticeProcessor(static_cast<PGconn*>(m_conn), ignore_notice, nullptr);
  exec("SET client_encoding = 'UTF8'");
}

PgConnection::~PgConnection() {
  if (m_conn != nullptr) {
    pq().PQfinish(static_cast<PGconn*>(m_conn));
  }
}

namespace {

PgResult checked(void* conn, PGresult* r, const std::string& where) {
  const auto& l = pq();
  PgResult out(r);
  const auto status = r == nullptr ? PGRES_FATAL_ERROR : l.PQresultStatus(r);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN) {
    return out;
  }
  std::string message =
      r == nullptr ? trimmed(l.PQerrorMessage(static_cast<PGconn*>(conn))) : trimmed(l.PQresultErrorMessage(r));
  const char* state = r == nullptr ? nullptr : l.PQresultErrorField(r, PG_DIAG_SQLSTATE);
  throw PgError(_f("the district's database {} refused: {}", where, message), state == nullptr ? "" : state);
}

} // namespace

void PgConnection::exec(const std::string& sql) {
  checked(m_conn, pq().PQexec(static_cast<PGconn*>(m_conn), sql.c_str()), m_where);
}

PgResult PgConnection::query(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) {
    values.push_back(p ? p->c_str() : nullptr);
  }
  return checked(m_conn,
                 pq().PQexecParams(static_cast<PGconn*>(m_conn), sql.c_str(), static_cast<int>(values.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0),
                 m_where);
}

PgConnection::Copy PgConnection::copy(const std::string& table, const std::string& columns) {
  exec(fmt::format("COPY {} ({}) FROM STDIN", table, columns));
  return Copy(*this);
}

void PgConnection::Copy::row(const std::vector<std::optional<std::string_view>>& values) {
  bool first = true;
  for (const auto& v : values) {
    if (!first) {
      m_buffer += '\t';
    }
    first = false;
    if (!v) {
      m_buffer += "\\N";
      continue;
    }
    for (char c : *v) {
      switch (c) {
      case '\\':
        m_buffer += "\\\\";
        break;
      case '\t':
        m_buffer += "\\t";
        break;
      case '\n':
        m_buffer += "\\n";
        break;
      case '\r':
        m_buffer += "\\r";
        break;
      default:
        m_buffer += c;
      }
    }
  }
  m_buffer += '\n';
  if (m_buffer.size() > (1U << 20)) {
    flush();
  }
}

void PgConnection::Copy::flush() {
  if (!m_buffer.empty() &&
      pq().PQputCopyData(static_cast<PGconn*>(m_c.m_conn), m_buffer.data(), static_cast<int>(m_buffer.size())) != 1) {
    throw PgError(_f("the district's database {} refused: {}", m_c.m_where,
                     trimmed(pq().PQerrorMessage(static_cast<PGconn*>(m_c.m_conn)))),
                  "");
  }
  m_buffer.clear();
}

void PgConnection::Copy::finish() {
  flush();
  const auto& l = pq();
  auto* conn = static_cast<PGconn*>(m_c.m_conn);
  if (l.PQputCopyEnd(conn, nullptr) != 1) {
    throw PgError(_f("the district's database {} refused: {}", m_c.m_where, trimmed(l.PQerrorMessage(conn))), "");
  }
  while (PGresult* r = l.PQgetResult(conn)) {
    checked(conn, r, m_c.m_where);
  }
}

std::string pg_bytea(std::string_view bytes) {
  return "\\x" + storage::to_hex(bytes);
}

std::string district_url(const std::string& option) {
  if (!option.empty()) {
    return option;
  }
  if (const char* env = std::getenv("YISHI_DISTRICT"); env != nullptr && *env != '\0') {
    return env;
  }
  throw UsageError(_("no district database named"),
                   _("give its URL, e.g. --to postgresql:///district?host=/run/postgresql, or set $YISHI_DISTRICT"));
}

} // namespace yishi::district
