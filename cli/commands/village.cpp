#include "commands.hpp"

#include "core/records/village.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/text.hpp"

namespace yishi::cli {
namespace {

void show(Context& ctx, bool json) {
  VillageStore store(ctx.db());
  VillageInfo v = store.info();
  auto groups = store.groups();
  auto councils = store.councils();
  if (json) {
    Json j = to_json(v);
    Json gj = Json::array();
    for (const auto& g : groups) {
      gj.push_back(Json{{"name", g.name}, {"households", g.households}, {"adults", g.adults}});
    }
    j["groups"] = gj;
    j["people"] = store.count_people();
    Json cj = Json::array();
    for (const auto& c : councils) {
      cj.push_back(to_json(c));
    }
    j["councils"] = cj;
    RoutingRules routing = store.routing();
    j["routing"] =
        Json{{"group_budget_limit", routing.group_budget_limit ? Json(*routing.group_budget_limit) : Json(nullptr)},
             {"escalate_multi_group", routing.escalate_multi_group},
             {"review_group_rulings", routing.review_group_rulings}};
    Json tj = Json::array();
    for (const auto& t : store.matter_types()) {
      tj.push_back(Json{{"key", t.key},
                        {"name", t.name},
                        {"village_only", t.village_only},
                        {"majority", t.majority ? Json(t.majority->text()) : Json(nullptr)}});
    }
    j["matter_types"] = tj;
    ctx.out << j.dump(2) << '\n';
    return;
  }
  ctx.out << _f("{} ({})\n", v.name, v.township);
  if (!v.code.empty()) {
    ctx.out << _f("Division code {} (township {})\n", v.code, v.township_code);
  }
  ctx.out << _f("Notices issued by {}, numbered {}〔year〕N号, posted {} days by default\n", v.issuing_body,
                v.serial_prefix, v.posting_days);
  if (!v.supervision_phone.empty()) {
    ctx.out << _f("Supervision phone: {}\n", v.supervision_phone);
  }
  if (v.notice_layout != SheetLayout::plain || v.announcement_layout != SheetLayout::plain) {
    ctx.out << _f("Printed: notices {}, formal papers {}, under the red header {}\n", label(v.notice_layout),
                  label(v.announcement_layout), v.red_header.empty() ? v.issuing_body : v.red_header);
  }
  ctx.out << _f("People on record: {}\n\nGroups\n", store.count_people());
  Table gt({_("Group"), _("Households"), _("Adults"), _("Council")});
  for (const auto& g : groups) {
    gt.add_row({g.name, std::to_string(g.households), std::to_string(g.adults), store.council_of_group(g.id).key});
  }
  gt.render(ctx.out);
  RoutingRules routing = store.routing();
  ctx.out << _("\nRouting (小事不出组，大事不出村)\n");
  ctx.out << (routing.group_budget_limit
                  ? _f("  Group councils settle matters up to {} yuan\n", *routing.group_budget_limit)
                  : _("  Group councils have no budget limit\n"));
  ctx.out << (routing.escalate_multi_group ? _("  A matter that affects more than one group goes to the village\n")
                                           : _("  A group council may settle a matter shared with other groups\n"));
  if (routing.review_group_rulings) {
    ctx.out << _("  Every group ruling waits for the village council's review\n");
  }
  Table mt({_("Matter type"), _("Name"), _("Village only"), _("Decided by"), _("Majority")});
  for (const auto& t : store.matter_types()) {
    mt.add_row({t.key, t.name, t.village_only ? _("yes") : _("no"), std::string(label(t.decided_by)),
                t.majority ? t.majority->describe() : _("the council's")});
  }
  mt.render(ctx.out);
  ctx.out << _("\nCouncils\n");
  Table ct({_("Key"), _("Council"), _("Convener"), _("Members"), _("Party members"), _("Women"), _("Quorum"),
            _("Majority")});
  for (const auto& c : councils) {
    long party = 0;
    long women = 0;
    for (const auto& m : c.members) {
      party += m.party_member ? 1 : 0;
      women += m.gender == Gender::female ? 1 : 0;
    }
    long n = static_cast<long>(c.members.size());
    ct.add_row({c.key, c.name, c.convener_name, std::to_string(n), format_share(party, n), format_share(women, n),
                c.rule.quorum.describe(), c.rule.majority.describe()});
  }
  ct.render(ctx.out);
}

} // namespace

void register_village(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "village", _("The village, its groups and councils"));
  auto* cmd = group->add_subcommand("show", _("Print the village, its groups and councils"));
  auto json = std::make_shared<bool>(false);
  add_json_flag(cmd, *json);
  cmd->callback([&dispatch, json] { dispatch.select(Access::read, [json](Context& ctx) { show(ctx, *json); }); });

  auto* code_cmd = group->add_subcommand(
      "code", _("Set the village's division code (统计用区划代码), as village.toml's [village] code gives it"));
  struct CodeOptions {
    std::string code, township_code;
  };
  auto c = std::make_shared<CodeOptions>();
  code_cmd->add_option("code", c->code, _("12 digits: the village's statistical division code"))->required();
  code_cmd->add_option("--township-code", c->township_code, _("9 digits: its township's (default: the first nine)"));
  code_cmd->callback([&dispatch, c] {
    dispatch.select(Access::write, [c](Context& ctx) {
      VillageStore store(ctx.db());
      try {
        store.set_code(c->code, c->township_code);
      } catch (const DataError& e) {
        throw UsageError(e.what(), e.hint());
      }
      const VillageInfo v = store.info();
      ctx.out << _f("Village {}: division code {} (township {}).\n", v.name, v.code, v.township_code);
    });
  });
}

} // namespace yishi::cli
