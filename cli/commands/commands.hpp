#pragma once

#include "../command.hpp"

namespace yishi::cli {

void register_init(CLI::App& app, Dispatch& dispatch);
void register_village(CLI::App& app, Dispatch& dispatch);
void register_council(CLI::App& app, Dispatch& dispatch);
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

/// `yishi` with no command: the home screen (home.cpp).
void select_home(Dispatch& dispatch);

/// Fences every option of every command: numbers exact and in range, text without control characters and
/// within a length (guard.cpp). Called once all commands (and the global options) are registered.
void guard_options(CLI::App& app);

/// Every command, registered in one place.
void register_commands(CLI::App& app, Dispatch& dispatch);

} // namespace yishi::cli
