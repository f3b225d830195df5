#include "commands.hpp"

#include "core/render/table.hpp"
#include "core/storage/maintenance.hpp"

namespace yishi::cli {

namespace {

// The time in a file's name: 20260307T093000 for a kept database, 20260307-093000 for a backup.
std::string stamp(const DateTime& now, char between) {
  return fmt::format("{:04}{:02}{:02}{}{:02}{:02}{:02}", static_cast<int>(now.date.year()),
                     static_cast<unsigned>(now.date.month()), static_cast<unsigned>(now.date.day()), between,
                     now.hour, now.minute, now.second);
}

} // namespace

void register_maintenance(CLI::App& app, Dispatch& dispatch) {
  auto* backup =
      app.add_subcommand("backup", _("Copy the database safely, even while others write (SQLite online backup)"));
  struct BackupOptions {
    std::string file, into;
    std::optional<int> keep;
  };
  auto b = std::make_shared<BackupOptions>();
  backup->add_option("file", b->file, _("The new backup file (an existing file is never overwritten)"));
  backup->add_option("--into", b->into,
                     _("A folder of backups: each named after the database and the time, never refused because "
                       "an earlier one exists"));
  backup->add_option("--keep", b->keep, _("With --into: keep the newest N backups, remove the older ones"));
  backup->footer(_("The daily backup (the yishi-backup.timer the package installs) runs\n"
                   "  yishi backup --into /var/lib/yishi/backups --keep 30"));
  backup->callback([&dispatch, b] {
    dispatch.select(Access::read, [b](Context& ctx) {
      if (b->file.empty() == b->into.empty()) {
        throw UsageError(_("name the backup file, or the folder of backups with --into"),
                         _("such as: yishi backup village-2026-03-01.db, or yishi backup --into backups --keep 30"));
      }
      if (b->keep && (b->into.empty() || *b->keep < 1)) {
        throw UsageError(_("--keep goes with --into, and keeps 1 or more"),
                         _("such as: yishi backup --into backups --keep 30"));
      }
      if (!b->file.empty()) {
        storage::backup_to(ctx.db(), b->file);
        ctx.out << _f("Backed up {} to {} (integrity check: ok).\n", ctx.db_path.string(), b->file);
        return;
      }
      auto r = storage::backup_into(ctx.db(), ctx.db_path, b->into, stamp(ctx.clock.now(), '-'), b->keep);
      ctx.out << _f("Backed up {} to {} (integrity check: ok).\n", ctx.db_path.string(), r.file.string());
      for (const auto& gone : r.removed) {
        ctx.out << _f("Removed the old backup {} (keeping the newest {}).\n", gone.string(), *b->keep);
      }
    });
  });

  auto* restore =
      app.add_subcommand("restore", _("Replace the database with a backup that verifies; the old one is kept"));
  auto from = std::make_shared<std::string>();
  restore->add_option("file", *from, _("The backup to restore"))->required();
  restore->callback([&dispatch, from] {
    dispatch.select(Access::none, [from](Context& ctx) {
      std::string kept = storage::restore_from(*from, ctx.db_path, stamp(ctx.clock.now(), 'T'));
      ctx.out << _f("Restored {} from {} (its history verifies).\n", ctx.db_path.string(), *from);
      if (!kept.empty()) {
        ctx.out << _f("The database it replaced is kept as {}.\n", kept);
      }
    });
  });

  auto* doctor =
      app.add_subcommand("doctor", _("Check the database: integrity, references, schema, journal, file mode"));
  doctor->footer(_("Exit code 3 when a check fails; each failed check says what to do."));
  doctor->callback([&dispatch] {
    // Opened by the doctor itself: a damaged file still gets its report.
    dispatch.select(Access::none, [](Context& ctx) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(ctx.db_path, ec)) {
        throw NotFound(_f("no village database at {}", ctx.db_path.string()),
                       _("name the database with --db, or create one with: yishi init --config village.toml"));
      }
      auto findings = storage::examine_file(ctx.db_path);
      Table t({_("Check"), _("Result"), _("Detail")});
      long failed = 0;
      for (const auto& f : findings) {
        t.add_row({f.check, f.ok ? _("ok") : _("FAILED"), f.detail});
        failed += f.ok ? 0 : 1;
      }
      t.render(ctx.out);
      for (const auto& f : findings) {
        if (!f.ok) {
          ctx.out << _f("{}: {}\n", f.check, f.advice);
        }
      }
      if (failed > 0) {
        ctx.err << error_prefix() << _f("{} check(s) failed", failed) << '\n';
        ctx.exit_code = static_cast<int>(ExitCode::finding);
      }
    });
  });
}

} // namespace yishi::cli
