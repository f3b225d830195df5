// yishi person: the village's people kept up after init: added, corrected, moved to another group, gone.
#include "commands.hpp"

#include "core/records/village.hpp"
#include "core/rules/mask.hpp"
#include "core/text.hpp"

#include <algorithm>

namespace yishi::cli {
namespace {

// A villager as the terminal shows them: phone and ID number masked (the record keeps them whole).
void print_person(Context& ctx, const Person& p) {
  ctx.out << _f("{} (no. {}): {}, {}{}{}{}\n", p.name, p.id, p.group_name.empty() ? _("no group") : p.group_name,
                label(p.gender), p.party_member ? _(", Party member") : "",
                p.phone.empty() ? std::string() : _f(", phone {}", mask_phone(p.phone)),
                p.id_number.empty() ? std::string() : _f(", ID {}", mask_id_number(p.id_number)));
}

void print_left(Context& ctx, const std::string& name, const std::vector<std::string>& councils, const std::string& from) {
  for (const auto& c : councils) {
    ctx.out << _f("  {} leaves {} from {}.\n", name, c, from);
  }
  if (!councils.empty()) {
    ctx.out << _("Next: yishi council check (the councils' make-up without them)\n");
  }
}

} // namespace

void register_person(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "person", _("The village's people: add, correct, move to another group, gone"));
  group->footer(_("Each change keeps the old details, the new ones and the reason in the history. Phone and ID "
                  "numbers are private: masked wherever they are shown."));

  struct AddOptions {
    std::string name, group, gender, phone, id_number, from, reason;
    bool party = false;
  };
  auto* add_cmd = group->add_subcommand("add", _("Add a villager to the roll (born, married in, moved in)"));
  auto a = std::make_shared<AddOptions>();
  add_cmd->add_option("name", a->name, _("The person's name"))->required();
  add_cmd->add_option("--group", a->group, _("The village group"))->required();
  add_cmd->add_option("--gender", a->gender, _("male or female (男, 女)"))->required();
  add_cmd->add_flag("--party", a->party, _("A Party member"));
  add_cmd->add_option("--phone", a->phone, _("Phone (private: masked wherever shown)"));
  add_cmd->add_option("--id-number", a->id_number, _("Resident ID number (private: masked wherever shown)"));
  add_cmd->add_option("--from", a->from, _("From this day (default today)"));
  add_cmd->add_option("--reason", a->reason, _("Why (moved in, married in, ...)"));
  add_cmd->callback([&dispatch, a] {
    dispatch.select(Access::write, [a](Context& ctx) {
      Date from = a->from.empty() ? ctx.clock.today() : date_option(ctx, a->from, "date");
      Person p = VillageStore(ctx.db()).add_person(NewPerson{a->name, a->group, a->phone, a->id_number},
                                                   enum_option<Gender>(a->gender, "gender"), a->party, from, a->reason);
      ctx.out << _("Added: ");
      print_person(ctx, p);
    });
  });

  struct EditOptions {
    std::string who, reason;
    std::optional<std::string> name, phone, id_number, gender, party;
  };
  auto* edit_cmd = group->add_subcommand("edit", _("Correct a villager's name, phone, ID number, gender or Party membership"));
  auto e = std::make_shared<EditOptions>();
  edit_cmd->add_option("person", e->who, _("The person, by name or number"))->required();
  edit_cmd->add_option("--name", e->name, _("The corrected name"));
  edit_cmd->add_option("--phone", e->phone, _("The new phone"));
  edit_cmd->add_option("--id-number", e->id_number, _("The corrected ID number"));
  edit_cmd->add_option("--gender", e->gender, _("male or female (男, 女)"));
  edit_cmd->add_option("--party", e->party, _("yes or no: a Party member"));
  edit_cmd->add_option("--reason", e->reason, _("Why (changed phone, a typing mistake, joined the Party, ...)"))
      ->required();
  edit_cmd->callback([&dispatch, e] {
    dispatch.select(Access::write, [e](Context& ctx) {
      PersonEdit edit;
      edit.name = e->name;
      edit.phone = e->phone;
      edit.id_number = e->id_number;
      if (e->gender) {
        edit.gender = enum_option<Gender>(*e->gender, "gender");
      }
      if (e->party) {
        const std::string v = trim(*e->party);
        if (v != "yes" && v != "no" && v != "是" && v != "否") {
          throw UsageError(_f("--party takes yes or no, not '{}'", v));
        }
        edit.party_member = v == "yes" || v == "是";
      }
      Person p = VillageStore(ctx.db()).edit_person(e->who, edit, ctx.clock.today(), e->reason);
      ctx.out << _("Corrected: ");
      print_person(ctx, p);
    });
  });

  struct MoveOptions {
    std::string who, group, from, reason;
    bool died = false, moved_away = false;
  };
  auto* move_cmd = group->add_subcommand("move", _("A villager moves to another group from a day"));
  auto m = std::make_shared<MoveOptions>();
  move_cmd->add_option("person", m->who, _("The person, by name or number"))->required();
  move_cmd->add_option("--group", m->group, _("The group they move to"))->required();
  move_cmd->add_option("--from", m->from, _("The first day in the new group"))->required();
  move_cmd->add_option("--reason", m->reason, _("Why (household moved, married, ...)"))->required();
  move_cmd->footer(_("A member of the old group's council leaves it that day."));
  move_cmd->callback([&dispatch, m] {
    dispatch.select(Access::write, [m](Context& ctx) {
      PersonMove r =
          VillageStore(ctx.db()).move_person(m->who, m->group, date_option(ctx, m->from, "date"), m->reason);
      ctx.out << _f("{} is in {} from {}.\n", r.person.name, r.person.group_name, m->from);
      print_left(ctx, r.person.name, r.councils_left, m->from);
    });
  });

  auto* leave_cmd = group->add_subcommand("leave", _("A villager is gone from a day: died, or moved away"));
  auto l = std::make_shared<MoveOptions>();
  leave_cmd->add_option("person", l->who, _("The person, by name or number"))->required();
  leave_cmd->add_option("--from", l->from, _("The day they died or left"))->required();
  leave_cmd->add_flag("--died", l->died, _("They died (去世)"));
  leave_cmd->add_flag("--moved-away", l->moved_away, _("They moved away from the village (迁出)"));
  leave_cmd->add_option("--reason", l->reason, _("What happened, in a few words"))->required();
  leave_cmd->footer(_("They leave every council that day and stay on record for what they did before."));
  leave_cmd->callback([&dispatch, l] {
    dispatch.select(Access::write, [l](Context& ctx) {
      if (l->died == l->moved_away) {
        throw UsageError(_("say how they left: --died or --moved-away"));
      }
      PersonMove r =
          VillageStore(ctx.db()).person_leaves(l->who, l->died, date_option(ctx, l->from, "date"), l->reason);
      ctx.out << (l->died ? _f("{} died on {}; kept on record.\n", r.person.name, l->from)
                          : _f("{} moved away on {}; kept on record.\n", r.person.name, l->from));
      print_left(ctx, r.person.name, r.councils_left, l->from);
    });
  });

  auto* show_cmd = group->add_subcommand("show", _("Show a villager (phone and ID number masked)"));
  auto who = std::make_shared<std::string>();
  show_cmd->add_option("person", *who, _("The person, by name or number"))->required();
  show_cmd->callback([&dispatch, who] {
    dispatch.select(Access::read, [who](Context& ctx) {
      VillageStore village(ctx.db());
      Person p = village.person(*who);
      print_person(ctx, p);
      if (auto gone = village.departure(p.id)) {
        ctx.out << (gone->second == "died" ? _f("  Died on {}.\n", format_iso(gone->first))
                                           : _f("  Moved away on {}.\n", format_iso(gone->first)));
      }
      for (const Council& c : village.councils()) {
        if (c.has_member(p.id)) {
          ctx.out << _f("  Member of {}\n", c.name);
        }
      }
    });
  });
}

} // namespace yishi::cli
