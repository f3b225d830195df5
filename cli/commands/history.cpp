#include "commands.hpp"

#include "core/records/notices.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/storage/history.hpp"

#include <SQLiteCpp/Statement.h>
#include <cctype>

namespace yishi::cli {
namespace {

void verify(Context& ctx, const std::string& notice, const std::string& fingerprint) {
  if (!notice.empty() || !fingerprint.empty()) {
    if (notice.empty() || fingerprint.empty()) {
      throw UsageError(_("give both --notice and --fingerprint"));
    }
    Notice n = NoticeStore(ctx.db(), ctx.clock).get(notice);
    if (!n.posted_on) {
      throw RuleViolation(_f("notice {} was never posted: it has no fingerprint", n.ref));
    }
    const bool head_known = n.chain_head.empty() || storage::is_chain_hash(ctx.db(), n.chain_head);
    // Recomputed at the length the sheet was posted with: an old sheet's 32-bit code stays checkable.
    std::string now = notice_fingerprint(n, n.chain_head, fingerprint_groups(n.fingerprint));
    // As people type what they read: any case, with or without the dashes (or with spaces).
    auto digits = [](std::string_view code) {
      std::string out;
      for (char c : code) {
        if (std::isxdigit(static_cast<unsigned char>(c)) != 0) {
          out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
      }
      return out;
    };
    std::string given = fingerprint;
    for (auto& c : given) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (digits(given) == digits(now) && now == n.fingerprint && head_known) {
      ctx.out << _f("Notice {} ({}): the sheet's fingerprint {} matches the record.\n", n.ref, n.serial, given);
      return;
    }
    if (!head_known) {
      // The text may be as posted, but the history it was posted under is not in this database.
      ctx.out << _f("Notice {} ({}): the sheet's fingerprint {} cannot be checked here (recorded {}).\n", n.ref,
                    n.serial, given, n.fingerprint);
      ctx.err << error_prefix()
              << _("the history at the notice's posting is not in this database, so the record cannot vouch for it")
              << '\n';
      ctx.err << hint_prefix() << _("check the sheet against the database it was posted from, or a backup of it")
              << '\n';
      ctx.exit_code = static_cast<int>(ExitCode::error);
      return;
    }
    ctx.out << _f(
        "Notice {} ({}): the sheet's fingerprint {} does NOT match the record (recorded {}, recomputed {}).\n", n.ref,
        n.serial, given, n.fingerprint, now);
    ctx.err << error_prefix() << _("the sheet and the record disagree") << '\n';
    ctx.exit_code = static_cast<int>(ExitCode::finding);
    return;
  }
  auto findings = storage::verify_history(ctx.db());
  if (findings.empty()) {
    ctx.out << _f("The history's {} entries are chained and agree with every table.\n",
                  storage::history_size(ctx.db()));
    return;
  }
  print_findings(ctx, findings);
}

} // namespace

void print_findings(Context& ctx, const std::vector<storage::Tamper>& findings) {
  Table t({_("Table"), _("Row"), _("Finding"), _("Detail")});
  t.set_max_width(3, 60);
  for (const auto& f : findings) {
    t.add_row({f.table, std::to_string(f.row), f.what, f.detail});
  }
  t.render(ctx.out);
  ctx.err << error_prefix() << _f("{} record(s) disagree with the history", findings.size()) << '\n';
  ctx.err << hint_prefix() << _("keep this file as evidence; restore the latest backup that verifies") << '\n';
  ctx.exit_code = static_cast<int>(ExitCode::finding);
}

namespace {

void log(Context& ctx, const std::string& proposal, const std::string& session, int limit, bool json) {
  std::optional<long> proposal_id;
  std::optional<long> session_id;
  if (!proposal.empty()) {
    proposal_id = ProposalStore(ctx.db(), ctx.clock).get(proposal).id;
  } else if (!session.empty()) {
    session_id = SessionStore(ctx.db(), ctx.clock).get(session).id;
  }
  const auto entries = storage::history_log(ctx.db(), proposal_id, session_id, limit);
  if (json) {
    Json j = Json::array();
    for (const auto& e : entries) {
      j.push_back(Json{{"id", e.id},
                       {"at", e.at},
                       {"operator", e.operator_name},
                       {"table", e.table},
                       {"op", e.op},
                       {"row", e.row},
                       {"change", e.change},
                       {"hash", e.hash}});
    }
    ctx.out << j.dump(2) << '\n';
    return;
  }
  Table t({_("Entry"), _("When"), _("Who"), _("Table"), _("Change"), _("Row"), _("Content"), _("Hash")});
  t.set_max_width(6, 40);
  for (const auto& e : entries) {
    t.add_row({std::to_string(e.id), e.at, e.operator_name, e.table, e.op, std::to_string(e.row), e.change,
               e.hash.substr(0, 12)});
  }
  t.render(ctx.out);
}

} // namespace

void register_history(CLI::App& app, Dispatch& dispatch) {
  auto* verify_cmd = app.add_subcommand("verify", _("Check the history's chain and that every table agrees with it"));
  struct VerifyOptions {
    std::string notice, fingerprint, district;
  };
  auto v = std::make_shared<VerifyOptions>();
  verify_cmd->add_option("--notice", v->notice, _("Check a printed sheet: the notice's serial or number"));
  verify_cmd->add_option("--fingerprint", v->fingerprint, _("The 核验码 printed on the sheet"));
  verify_cmd->add_option("--district", v->district,
                         _("Also check the history against the heads the district holds (a PostgreSQL URL)"));
  verify_cmd->footer(_("Exit code 3 when a record was changed behind yishi's back, or a sheet does not match, or "
                       "(--district) the history is not the one the village reported."));
  verify_cmd->callback([&dispatch, v] {
    dispatch.select(Access::read, [v](Context& ctx) {
      if (!v->district.empty()) {
        verify_district(ctx, v->district);
        return;
      }
      verify(ctx, v->notice, v->fingerprint);
    });
  });

  auto* log_cmd = app.add_subcommand("log", _("The history of a proposal, a session or the whole village"));
  struct LogOptions {
    std::string proposal, session;
    int limit = 50;
    bool json = false;
  };
  auto l = std::make_shared<LogOptions>();
  log_cmd->add_option("--proposal", l->proposal, _("Only this proposal's records"));
  log_cmd->add_option("--session", l->session, _("Only this session's records"));
  log_cmd->add_option("--limit", l->limit, _("At most this many, the latest"))->capture_default_str();
  add_json_flag(log_cmd, l->json);
  log_cmd->callback([&dispatch, l] {
    dispatch.select(Access::read, [l](Context& ctx) { log(ctx, l->proposal, l->session, l->limit, l->json); });
  });
}

} // namespace yishi::cli
