// yishi import (people, proposals, ballots, a whole village) and yishi export.
#include "commands.hpp"

#include "core/io/export.hpp"
#include "core/io/import.hpp"
#include "core/io/ledger.hpp"
#include "core/render/json.hpp"
#include "core/storage/database.hpp"
#include "core/storage/output.hpp"

#include <chrono>
#include <unistd.h>

namespace yishi::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string encoding;
  std::string format;
  std::string sheet;
  std::string rejects;
  bool dry_run = false;
  bool skip_bad = false;
  bool json = false;
};

// rows, rows a second and the time left, redrawn on one line of a terminal's stderr.
class ProgressBar {
public:
  explicit ProgressBar(std::ostream& err) : m_err(err), m_start(std::chrono::steady_clock::now()) {}
  ~ProgressBar() { clear(); }

  /// Takes the bar off its line (for a message, or at the end); the next update draws it again.
  void clear() {
    if (m_drawn) {
      m_err << "\r\033[K" << std::flush;
      m_drawn = false;
    }
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(long rows, std::uintmax_t done, std::uintmax_t total) {
    auto now = std::chrono::steady_clock::now();
    if (m_drawn && done < total && now - m_last < std::chrono::milliseconds(200)) { // the last one is drawn
      return;
    }
    m_last = now;
    m_drawn = true;
    double seconds = std::chrono::duration<double>(now - m_start).count();
    double share = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
    constexpr int width = 30;
    int filled = static_cast<int>(share * width);
    std::string bar =
        std::string(static_cast<size_t>(filled), '#') + std::string(static_cast<size_t>(width - filled), '.');
    double rate = seconds > 0 ? static_cast<double>(rows) / seconds : 0.0;
    double left = share > 0 ? seconds * (1.0 - share) / share : 0.0;
    m_err << "\r\033[K"
          << _f("[{}] {:3.0f}%  {} rows  {:.0f} rows/s  {:.0f} s left", bar, share * 100, rows, rate, left)
          << std::flush;
  }

private:
  std::ostream& m_err;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last;
  bool m_drawn = false;
};

Json report_json(const ImportReport& r, const std::vector<ImportProblem>& problems, bool written, bool dry_run) {
  Json list = Json::array();
  for (const auto& p : problems) {
    list.push_back(Json{{"line", p.line}, {"column", p.column}, {"reason", p.reason}});
  }
  return Json{{"file", r.file},
              {"format", r.format},
              {"encoding", r.encoding},
              {"rows", r.rows},
              {"added", r.added},
              {"already", r.already},
              {"rejected", r.rejected},
              {"problems", list},
              {"problems_total", r.problems},
              {"rejects_file", r.rejects_file.string()},
              {"dry_run", dry_run},
              {"written", written}};
}

void import_records(Context& ctx, ImportKind kind, const ImportArgs& a) {
  ImportOptions options;
  options.file = a.file;
  options.encoding = a.encoding; // import_file reads the name (canonical_encoding)
  options.format = a.format;
  options.sheet = a.sheet;
  options.skip_bad = a.skip_bad;
  options.rejects = a.rejects;

  constexpr size_t kept_for_json = 1000;
  std::vector<ImportProblem> problems;
  std::string name = std::filesystem::path(a.file).filename().string();
  ImportHooks hooks;
  std::unique_ptr<ProgressBar> bar;
  hooks.problem = [&](const ImportProblem& p) {
    if (a.json) {
      if (problems.size() < kept_for_json) {
        problems.push_back(p);
      }
      return;
    }
    if (bar) { // the problem's line would be drawn over (a new bar would also restart its rate)
      bar->clear();
    }
    ctx.err << name << ':' << p.line << ": " << (p.column.empty() ? "" : p.column + ": ") << p.reason << '\n';
  };
  if (isatty(STDERR_FILENO) != 0) {
    bar = std::make_unique<ProgressBar>(ctx.err);
    hooks.progress = [&](long rows, std::uintmax_t done, std::uintmax_t total) {
      if (bar) {
        bar->update(rows, done, total);
      }
    };
  }
  ImportReport r = import_file(ctx.db(), ctx.clock, kind, options, hooks);
  bar.reset();

  bool failed = r.rejected > 0 && !a.skip_bad;
  bool written = !failed && !a.dry_run && r.added > 0;
  ctx.rollback = failed || a.dry_run;
  if (failed) {
    ctx.exit_code = static_cast<int>(ExitCode::error);
  }
  if (a.json) {
    ctx.out << report_json(r, problems, written, a.dry_run).dump(2) << '\n';
    return;
  }
  ctx.out << _f("{}: {} row(s) read ({}, {}).\n", name, r.rows, r.format, r.encoding);
  if (failed) {
    ctx.err << error_prefix()
            << _f("{} of {} row(s) have problems (listed above): nothing was imported", r.rejected, r.rows) << '\n';
    ctx.err << hint_prefix()
            << _("fix those rows and import the file again, or give --skip-bad to import the good rows now") << '\n';
    return;
  }
  if (a.dry_run) {
    ctx.out << _f(
        "Dry run: {} row(s) would be added, {} were imported before, {} have problems. Nothing was written.\n", r.added,
        r.already, r.rejected);
    return;
  }
  if (r.added > 0 && r.first_added == r.last_added) {
    ctx.out << _f("Added {} ({}).\n", r.added, r.first_added);
  } else if (r.added > 1) {
    ctx.out << _f("Added {} ({} to {}).\n", r.added, r.first_added, r.last_added);
  } else {
    ctx.out << _("Added nothing.\n");
  }
  if (r.already > 0) {
    ctx.out << _f("{} row(s) imported before: left as they are.\n", r.already);
  }
  if (r.rejected > 0) {
    ctx.out << _f("{} row(s) rejected: they are in {} with the reason for each; fix them there and import that "
                  "file.\n",
                  r.rejected, r.rejects_file.string());
  }
}

void add_import(CLI::App* group, Dispatch& dispatch, const std::string& name, ImportKind kind,
                const std::string& description) {
  auto* cmd = group->add_subcommand(name, description);
  auto a = std::make_shared<ImportArgs>();
  cmd->add_option("file", a->file, _("The file: .csv, .toml or .jsonl"))->required();
  cmd->add_option("--encoding", a->encoding, _("utf-8 or gbk (gb18030); detected when not given"));
  cmd->add_option("--format", a->format, _("csv, xlsx, toml or jsonl; taken from the file's name when not given"))
      ->check(CLI::IsMember({"csv", "xlsx", "toml", "jsonl"}));
  cmd->add_option("--sheet", a->sheet, _("xlsx: the sheet to read (default: the first)"));
  cmd->add_flag("--dry-run", a->dry_run, _("Check every row and report; write nothing"));
  cmd->add_flag("--skip-bad", a->skip_bad, _("Import the good rows; write the rejected ones to a rejects file"));
  cmd->add_option("--rejects", a->rejects, _("Where --skip-bad writes the rejected rows (default: FILE.rejects.csv)"));
  add_json_flag(cmd, a->json);
  cmd->footer(_f("Columns (English or Chinese names; * required): {}", import_columns(kind)));
  cmd->callback([&dispatch, a, kind] {
    dispatch.select(Access::write, [a, kind](Context& ctx) { import_records(ctx, kind, *a); });
  });
}

} // namespace

void register_transfer(CLI::App& app, Dispatch& dispatch) {
  auto* import_group = add_group(app, "import", _("Import people, proposals or ballots from a file"));
  add_import(import_group, dispatch, "people", ImportKind::people, _("Import the village's people"));
  add_import(import_group, dispatch, "proposals", ImportKind::proposals, _("Import villagers' proposals"));
  add_import(import_group, dispatch, "ballots", ImportKind::ballots,
             _("Import the named ballots of roll-call votes (one row per member)"));

  auto* village_cmd =
      import_group->add_subcommand("village", _("Make a new database from a JSON export (yishi export --format json)"));
  auto file = std::make_shared<std::string>();
  village_cmd->add_option("file", *file, _("The export file (JSON Lines)"))->required();
  village_cmd->callback([&dispatch, file] {
    dispatch.select(Access::create, [file](Context& ctx) {
      long rows = import_village(ctx.db(), *file);
      ctx.out << _f("Made {} from {}: {} records.\n", ctx.db_path.string(), *file, rows);
    });
  });

  struct ExportArgs {
    std::string format = "json";
    std::string output;
    bool include_private = false;
    bool bom = false;
    std::optional<int> year;
  };
  auto e = std::make_shared<ExportArgs>();
  auto* export_cmd = app.add_subcommand("export", _("Export the village's records as JSON or as CSV per table"));
  export_cmd
      ->add_option("--format", e->format,
                   _("json (one file, re-importable), csv (a file per table) or xlsx (the township's ledgers)"))
      ->check(CLI::IsMember({"json", "csv", "xlsx"}))
      ->capture_default_str();
  export_cmd->add_option("--output,-o", e->output, _("json: the file (default: standard output); csv: the folder"));
  export_cmd->add_flag("--include-private", e->include_private,
                       _("Keep phones and ID numbers whole (the export is then not for the public)"));
  export_cmd->add_flag("--bom", e->bom, _("Start each CSV file with a byte order mark, for Excel"));
  export_cmd->add_option("--year", e->year, _("xlsx: one year's records"));
  export_cmd->callback([&dispatch, e] {
    dispatch.select(Access::read, [e](Context& ctx) {
      if (e->format == "xlsx") {
        if (e->output.empty()) {
          throw UsageError(_("--format xlsx writes a workbook: give its name with --output (台账.xlsx)"));
        }
        long rows = write_ledger_xlsx(ctx.db(), e->output, e->year, e->include_private);
        ctx.out << _f("Wrote {} ({} rows on the sheets 议题台账, 议事会议, 表决, 公示, 落实){}.\n", e->output, rows,
                      e->include_private ? _(" (with personal data: not for the public)") : "");
        return;
      }
      if (e->format == "csv") {
        if (e->output.empty()) {
          throw UsageError(_("--format csv writes a file per table: give the folder with --output"));
        }
        auto files = export_csv(ctx.db(), e->output, e->include_private, e->bom);
        ctx.out << _f("Wrote {} files to {}{}.\n", files.size(), e->output,
                      e->include_private ? _(" (with personal data: not for the public)") : "");
        return;
      }
      if (e->output.empty()) {
        // Straight to stdout: a county's export is too large to hold, and a read has nothing to undo.
        storage::StdoutStream out;
        export_json(ctx.db(), out.stream(), e->include_private);
        out.finish();
        return;
      }
      storage::write_file(e->output, e->include_private ? storage::Privacy::personal : storage::Privacy::shared,
                          [&](std::ostream& out) { export_json(ctx.db(), out, e->include_private); });
      ctx.out << _f("Wrote {}{}.\n", e->output,
                    e->include_private ? _(" (with personal data: not for the public)") : "");
    });
  });
}

} // namespace yishi::cli
