#include "commands.hpp"

#include "core/render/table.hpp"
#include "core/storage/maintenance.hpp"

namespace yishi::cli {

void register_maintenance(CLI::App& app, Dispatch& dispatch) {
  auto* backup =
      app.add_subcommand("backup", _("Copy the database safely, even while others write (SQLite online backup)"));
  auto file = std::make_shared<std::string>();
  backup->add_option("file", *file, _("The new backup file (an existing file is never overwritten)"))->required();
  backup->callback([&dispatch, file] {
    dispatch.select(Access::read, [file](Context& ctx) {
      storage::backup_to(ctx.db(), *file);
      ctx.out << _f("Backed up {} to {} (integrity check: ok).\n", ctx.db_path.string(), *file);
    });
  });

  auto* restore =
      app.add_subcommand("restore", _("Replace the database with a backup that verifies; the old one is kept"));
  auto from = std::make_shared<std::string>();
  restore->add_option("file", *from, _("The backup to restore"))->required();
  restore->callback([&dispatch, from] {
    dispatch.select(Access::none, [from](Context& ctx) {
      DateTime now = ctx.clock.now();
      std::string stamp = fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}", static_cast<int>(now.date.year()),
                                      static_cast<unsigned>(now.date.month()), static_cast<unsigned>(now.date.day()),
                                      now.hour, now.minute, now.second);
      std::string kept = storage::restore_from(*from, ctx.db_path, stamp);
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
