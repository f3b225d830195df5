#pragma once

// The district: every village's history and records in one PostgreSQL database, and the heads each village
// reported, which no village can take back. Schema in core/district/district.cpp (versioned like a village's).
#include "core/district/bundle.hpp"
#include "core/district/pg.hpp"
#include "core/rules/figures.hpp"
#include "core/storage/history.hpp"

#include <SQLiteCpp/Database.h>
#include <optional>
#include <string>
#include <vector>

namespace yishi::district {

/// The district schema's version this yishi writes.
int district_schema_version();
/// Creates the district's schema or brings it to this version (in a transaction of its own, one process at a
/// time); a database of a newer yishi is refused.
void prepare(PgConnection& pg);

/// What taking a push or a bundle did.
struct Taken {
  std::string village; // code
  long first = 0;      // the first entry added (0: none)
  long last = 0;       // the district's head after it
  long entries = 0;    // entries added
  long rows = 0;       // rows written or removed
  std::string head;    // the head's hash (32 bytes)
};

/// A history the district refuses because it does not extend what the village reported before: it is
/// recorded as an incident (its id here) and the error names the village and the first entry that differs.
class HistoryRefused : public RuleViolation {
public:
  HistoryRefused(const std::string& message, std::string hint, long incident)
      : RuleViolation(message, std::move(hint)), m_incident(incident) {}
  long incident() const { return m_incident; }

private:
  long m_incident;
};

/// Sends what the village recorded since the district's head for it, in one transaction of the district's.
/// `source`: who sends it (for the district's push log). Nothing new: Taken::entries is 0 and nothing is written.
Taken push(PgConnection& pg, SQLite::Database& village, const std::string& at, const std::string& source);

/// Takes a bundle file in, with the same checks as a push.
Taken ingest(PgConnection& pg, const Bundle& bundle, const std::string& file);

/// A push or bundle as the village keeps it (history_push).
struct Sent {
  std::string at, kind, target, village;
  long first = 0, last = 0;
  std::string hash; // the last entry's
};
/// Records the push or bundle in the village's own database, for the next bundle.
void note_sent(SQLite::Database& village, const Sent& sent);
/// The entry after which the next bundle starts: the last push or bundle noted (0: none).
long last_sent(SQLite::Database& village);

/// The village's file against the heads the district holds for it: each push's head must be an entry of the
/// village's chain, with that hash. Findings as verify gives them.
std::vector<storage::Tamper> verify_against_district(PgConnection& pg, SQLite::Database& village);

/// One line of the district's report: a village, a township's total, or the district's.
struct ReportLine {
  std::string level; // "village", "township", "district"
  std::string township_code, township, village_code, village;
  ReportFigures figures;
};
/// The report's main query, computed in PostgreSQL: $1 from, $2 to (ISO dates), $3 the day overdue is counted
/// at, $4 a township (name or code, or NULL for all). For bench/district_bench.sh to run through psql.
const std::string& report_query();
/// The session settings the report runs the query under (bench/district_bench.sh gives psql the same).
extern const char* const k_report_settings;
std::vector<ReportLine> district_report(PgConnection& pg, const Period& period, Date today,
                                        const std::string& township);

struct DueRuling {
  std::string township, village, village_code, proposal, title, responsible;
  Date deadline;
  long days_overdue = 0;
};
struct DueNotice {
  std::string township, village, village_code, proposal, serial, title;
  Date ends_on;
};
struct Due {
  std::vector<DueRuling> rulings;
  std::vector<DueNotice> notices;
};
/// Overdue rulings across villages, and posted notices that come down within `within` days.
Due district_due(PgConnection& pg, Date today, int within);

struct VillageStatus {
  std::string code, name, township, township_code;
  std::string last_push; // when (the district's clock)
  std::string last_via;  // push, bundle
  long head = 0;
  std::string head_hash; // 32 bytes
  long pushes = 0, incidents = 0;
  std::optional<long> behind; // entries a bundle given holds beyond the head
};
std::vector<VillageStatus> district_status(PgConnection& pg, const std::vector<Bundle>& bundles);

struct Incident {
  long id = 0;
  std::string at, village, kind, source, detail;
  long entry = 0;
};
std::vector<Incident> district_incidents(PgConnection& pg, const std::string& village);

} // namespace yishi::district
