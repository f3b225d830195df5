// yishi grid: the grid workers' (网格员) accounts for yishi serve.
#include "commands.hpp"

#include "core/render/table.hpp"
#include "core/web/grid.hpp"

namespace yishi::cli {
namespace {

void print_code(Context& ctx, const std::string& name, const std::string& code) {
  ctx.out << _f("First-login code for {}: {}\n", name, code);
  ctx.out << _("Give it to them in person: it is shown once, works once, and they choose a password with it at "
               "/grid on yishi serve.\n");
}

} // namespace

void register_grid(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "grid", _("Grid workers (网格员): their accounts for yishi serve"));

  auto* add = group->add_subcommand("add", _("Make a grid worker's account and print its first-login code"));
  struct AddOptions {
    std::string name, group;
  };
  auto a = std::make_shared<AddOptions>();
  add->add_option("name", a->name, _("The grid worker's name"))->required();
  add->add_option("--group", a->group, _("The village group they work in (default: the whole village)"));
  add->callback([&dispatch, a] {
    dispatch.select(Access::write, [a](Context& ctx) {
      auto [worker, code] = web::GridStore(ctx.db(), ctx.clock).add(a->name, a->group);
      ctx.out << _f("Added grid worker {} ({}).\n", worker.name,
                    worker.group.empty() ? _("the whole village") : worker.group);
      print_code(ctx, worker.name, code);
    });
  });

  auto* reset = group->add_subcommand("reset", _("A new first-login code (a forgotten password); sessions end"));
  auto reset_name = std::make_shared<std::string>();
  reset->add_option("name", *reset_name, _("The grid worker's name"))->required();
  reset->callback([&dispatch, reset_name] {
    dispatch.select(Access::write, [reset_name](Context& ctx) {
      web::GridStore grid(ctx.db(), ctx.clock);
      std::string code = grid.reset(*reset_name);
      print_code(ctx, grid.get(*reset_name).name, code);
    });
  });

  auto* remove = group->add_subcommand("remove", _("End a grid worker's account; what they raised keeps their name"));
  auto remove_name = std::make_shared<std::string>();
  remove->add_option("name", *remove_name, _("The grid worker's name"))->required();
  remove->callback([&dispatch, remove_name] {
    dispatch.select(Access::write, [remove_name](Context& ctx) {
      web::GridWorker w = web::GridStore(ctx.db(), ctx.clock).remove(*remove_name);
      ctx.out << _f("Removed grid worker {}: they can no longer log in.\n", w.name);
    });
  });

  auto* list = group->add_subcommand("list", _("List the grid workers"));
  list->callback([&dispatch] {
    dispatch.select(Access::read, [](Context& ctx) {
      auto workers = web::GridStore(ctx.db(), ctx.clock).list();
      if (workers.empty()) {
        ctx.out << _("No grid worker yet. Add one: yishi grid add NAME --group GROUP\n");
        return;
      }
      Table t({_("Name"), _("Group"), _("Added"), _("Logged in")});
      for (const auto& w : workers) {
        t.add_row({w.name, w.group.empty() ? _("the whole village") : w.group, w.added_on,
                   w.has_password ? _("yes") : _("not yet")});
      }
      t.render(ctx.out);
    });
  });
}

} // namespace yishi::cli
