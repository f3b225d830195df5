#pragma once

#include "../command.hpp"

#include "core/rules/figures.hpp"
#include "core/storage/history.hpp"

namespace yishi::cli {

void register_init(CLI::App& app, Dispatch& dispatch);
void register_village(CLI::App& app, Dispatch& dispatch);
void register_council(CLI::App& app, Dispatch& dispatch);
void register_person(CLI::App& app, Dispatch& dispatch);
void register_proposal(CLI::App& app, Dispatch& dispatch);
void register_session(CLI::App& app, Dispatch& dispatch);
void register_notice(CLI::App& app, Dispatch& dispatch);
void register_demo(CLI::App& app, Dispatch& dispatch);
void register_progress(CLI::App& app, Dispatch& dispatch);
void register_due(CLI::App& app, Dispatch& dispatch);
void register_report(CLI::App& app, Dispatch& dispatch);
void register_maintenance(CLI::App& app, Dispatch& dispatch);
void register_history(CLI::App& app, Dispatch& dispatch);
void register_convention(CLI::App& app, Dispatch& dispatch);
void register_declare(CLI::App& app, Dispatch& dispatch);
void register_transfer(CLI::App& app, Dispatch& dispatch);
void register_completion(CLI::App& app, Dispatch& dispatch);
void register_home(CLI::App& app, Dispatch& dispatch);
void register_serve(CLI::App& app, Dispatch& dispatch);
void register_grid(CLI::App& app, Dispatch& dispatch);
void register_district(CLI::App& app, Dispatch& dispatch);

/// The figures of one village (or group) as `yishi report` prints them (report.cpp).
void print_report_text(Context& ctx, const ReportFigures& f);
/// Prints verify's findings as a table, with the error and the hint; sets the exit code (history.cpp).
void print_findings(Context& ctx, const std::vector<storage::Tamper>& findings);
/// verify --district URL: the village's file against the heads the district holds (district.cpp).
void verify_district(Context& ctx, const std::string& url);

/// `yishi` with no command: the home screen (home.cpp).
void select_home(Dispatch& dispatch);

/// Fences every option of every command: numbers exact and in range, text without control characters and
/// within a length (guard.cpp). Called once all commands (and the global options) are registered.
void guard_options(CLI::App& app);

/// Every command, registered in one place.
void register_commands(CLI::App& app, Dispatch& dispatch);
/// Only the top-level command `name` (and the others its registration adds): what a command line that
/// names one needs. False, with nothing registered, for a name that is none (or one that lists every
/// command): then register_commands.
bool register_command(CLI::App& app, Dispatch& dispatch, std::string_view name);

} // namespace yishi::cli
