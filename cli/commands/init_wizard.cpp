#include "init_wizard.hpp"

#include "cli/prompt.hpp"
#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/io/roster.hpp"
#include "core/rules/composition.hpp"
#include "core/rules/division.hpp"
#include "core/rules/mask.hpp"
#include "core/text.hpp"

#include <charconv>
#include <fstream>
#include <functional>
#include <iostream>
#include <set>

namespace yishi::cli {
namespace {

// Ctrl-D at any question: the person gives up, and nothing is written.
struct GaveUp {};

std::string ask(const std::string& question, const std::string& fallback = {}) {
  std::optional<std::string> answer = ask_line(question, fallback);
  if (!answer) {
    throw GaveUp{};
  }
  return *answer;
}

// Asks until `check` takes the answer (it throws an Error saying what is wrong).
std::string ask_until(const std::string& question, const std::string& fallback,
                      const std::function<void(const std::string&)>& check) {
  for (;;) {
    std::string answer = ask(question, fallback);
    try {
      check(answer);
      return answer;
    } catch (const Error& e) {
      std::cerr << e.what() << (e.hint().empty() ? "" : _("; ") + e.hint()) << '\n';
    }
  }
}

bool has_post(const Person& p, std::string_view post) {
  return std::any_of(p.categories.begin(), p.categories.end(),
                     [&](const std::string& c) { return c.find(post) != std::string::npos; });
}

std::string toml_text(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

std::string toml_list(const std::vector<std::string>& names) {
  std::vector<std::string> quoted;
  for (const auto& n : names) {
    quoted.push_back(toml_text(n));
  }
  return "[" + join(quoted, ", ") + "]";
}

// One council's members, chosen at the terminal: the suggestion (from the roster's 职务 and Party membership)
// is numbered with the rest of the candidates; Enter takes the suggestion, or names and numbers separated by
// commas choose. The shares are shown against the rules, and a choice that breaks them is asked again.
std::vector<std::string> choose_members(const std::string& council_name, Council shape,
                                        const std::vector<const Person*>& candidates,
                                        const std::vector<const Person*>& suggested,
                                        const std::map<std::string, const Person*>& by_name) {
  std::cerr << '\n' << _f("Members of {}:", council_name) << '\n';
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Person& p = *candidates[i];
    const bool proposed = std::find(suggested.begin(), suggested.end(), candidates[i]) != suggested.end();
    std::cerr << fmt::format("  {:>3}  {}{}（{}{}{}{}）\n", i + 1, proposed ? "* " : "", p.name, p.group_name,
                             p.gender == Gender::female ? _("、female") : "",
                             p.party_member ? _("、Party member") : "",
                             p.categories.empty() ? "" : "、" + join(p.categories, "、"));
  }
  std::vector<std::string> names;
  for (const Person* p : suggested) {
    names.push_back(p->name);
  }
  for (;;) {
    const std::string answer =
        ask(_("Enter takes those marked *; or type names or the numbers above, separated by commas"),
            join(names, "、"));
    std::vector<std::string> chosen;
    std::string unknown;
    for (const std::string& part : split_list(answer)) {
      size_t n = 0;
      auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), n);
      if (error == std::errc() && end == part.data() + part.size() && n >= 1 && n <= candidates.size()) {
        chosen.push_back(candidates[n - 1]->name);
      } else if (by_name.count(part) > 0) {
        chosen.push_back(part);
      } else {
        unknown = part;
        break;
      }
    }
    if (!unknown.empty()) {
      std::cerr << _f("{} is not on the roster: type a name from it, or a number above", unknown) << '\n';
      continue;
    }
    std::sort(chosen.begin(), chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    if (chosen.size() < 3) {
      std::cerr << _("A council needs at least 3 members.") << '\n';
      continue;
    }
    shape.members.clear();
    for (const auto& name : chosen) {
      shape.members.push_back(*by_name.at(name));
    }
    CompositionReport r = check_composition(shape);
    std::cerr << _f("Party members {}/{} ({}%){}; women {}/{} ({}%){}", r.party_members, r.members,
                    r.party_members * 100 / r.members,
                    r.min_party_share ? _f(" (rule: at least {:.0f}%)", *r.min_party_share * 100) : std::string(),
                    r.women, r.members, r.women * 100 / r.members,
                    r.min_women_share ? _f(" (rule: at least {:.0f}%)", *r.min_women_share * 100) : std::string())
              << '\n';
    if (!r.ok()) {
      for (const auto& broken : r.broken) {
        std::cerr << "  ! " << broken << '\n';
      }
      std::cerr << _("Choose again so that the rules hold.") << '\n';
      continue;
    }
    // The convener first: the suggestion's first, when chosen (the secretary or the group leader).
    if (!suggested.empty()) {
      auto it = std::find(chosen.begin(), chosen.end(), suggested.front()->name);
      if (it != chosen.end()) {
        std::rotate(chosen.begin(), it, it + 1);
      }
    }
    return chosen;
  }
}

std::filesystem::path free_name(const std::filesystem::path& folder) {
  std::error_code ec;
  std::filesystem::path file = folder / "village.toml";
  for (int n = 2; std::filesystem::exists(file, ec); ++n) {
    file = folder / fmt::format("village-{}.toml", n);
  }
  return file;
}

} // namespace

std::optional<WizardResult> init_wizard(const std::filesystem::path& db_path, Date today, const std::string& given,
                                        bool skip_given) {
  try {
    std::cerr << _("Setting up a village. Ctrl-D at any question gives up; nothing is written until the end.")
              << "\n\n";
    const std::string name = ask_until(_("The village's name, such as 老寨村"), "", [](const std::string& v) {
      if (v.empty()) {
        throw DataError(_("a name is needed"));
      }
    });
    const std::string code =
        ask_until(_("Its statistical division code (统计用区划代码, 12 digits; Enter to leave it out)"), "",
                  [](const std::string& v) {
                    if (!v.empty()) {
                      check_village_code(v);
                    }
                  });
    const std::string township = ask(_("Its township or subdistrict (乡镇/街道)"));
    const std::string issuing_body = ask(_("Who signs its notices (落款)"), name + "村民议事会");
    const std::string phone =
        ask_until(_("The supervision phone printed on every notice"), "", [](const std::string& v) {
          if (!v.empty() && !is_phone_number(v)) {
            throw DataError(_f("'{}' is not a phone number", v), _("such as 029-86861234 or 13800000000"));
          }
        });
    // The roster: read now, so that the councils are chosen from it.
    io::Roster roster;
    std::string roster_file = given;
    bool skip_bad = skip_given;
    for (;;) {
      if (roster_file.empty()) {
        roster_file = ask(_("The township's roster (花名册), an .xlsx or .csv file"));
      }
      try {
        roster = io::read_roster(roster_file, "", today);
      } catch (const Error& e) {
        std::cerr << e.what() << (e.hint().empty() ? "" : _("; ") + e.hint()) << '\n';
        roster_file.clear();
        continue;
      }
      std::cerr << _f("{}: {} villagers in {} groups.", roster.file, roster.people.size(), roster.groups.size())
                << '\n';
      for (const Group& g : roster.groups) {
        std::cerr << _f("  {}: {} households, {} adults (18 and over)\n", g.name, g.households, g.adults);
      }
      if (roster.bad.empty() || skip_bad) {
        for (const auto& [line, what] : roster.bad) {
          std::cerr << _f("Left out row {}: {}\n", line, what);
        }
        break;
      }
      std::cerr << _f("{} rows cannot be taken:", roster.bad.size()) << '\n';
      for (const auto& [line, what] : roster.bad) {
        std::cerr << _f("  row {}: {}", line, what) << '\n';
      }
      const std::string go = ask(_("Leave them out and go on (add them later with yishi person add)? [y/N]"));
      if (go == "y" || go == "Y" || go == "是" || go == "yes") {
        skip_bad = true;
        break;
      }
      std::cerr << _("Correct them in the workbook and name it again.") << '\n';
      roster_file.clear();
    }
    if (roster.people.empty()) {
      throw DataError(_f("{} has no villager to take", roster.file));
    }
    std::vector<Person> people;
    for (const auto& r : roster.people) {
      Person p = r.person.person;
      p.group_name = r.person.group;
      people.push_back(p);
    }
    std::map<std::string, const Person*> by_name;
    for (const Person& p : people) {
      by_name[p.name] = &p;
    }
    std::vector<const Person*> holders; // everyone with a 职务 (村“两委”干部, 村民小组长...): the village's candidates
    for (const Person& p : people) {
      if (!p.categories.empty()) {
        holders.push_back(&p);
      }
    }

    std::string toml = "# " + _f("Made by yishi init at the terminal on {}. The villagers are in the roster: to make "
                                 "the village again, run", format_iso(today)) +
                       "\n#   yishi init --config village.toml --roster " + roster_file + "\n\n";
    toml += "[village]\nname = " + toml_text(name) + "\n";
    if (!township.empty()) {
      toml += "township = " + toml_text(township) + "\n";
    }
    if (!code.empty()) {
      toml += "code = " + toml_text(code) + "\n";
    }
    toml += "issuing_body = " + toml_text(issuing_body) + "\n";
    if (!phone.empty()) {
      toml += "supervision_phone = " + toml_text(phone) + "\n";
    }

    // The village council: the 两委 first, then the group leaders.
    std::vector<const Person*> suggested;
    for (const Person* p : holders) {
      if (has_post(*p, "两委")) {
        suggested.push_back(p);
      }
    }
    for (const Person* p : holders) {
      if (has_post(*p, "村民小组长") && suggested.size() < 9) {
        suggested.push_back(p);
      }
    }
    Council shape;
    shape.tier = Tier::village;
    const std::string village_council = name + "村民议事会";
    auto members = choose_members(village_council, shape, holders, suggested, by_name);
    const std::string convener = members.front();
    toml += std::string("\n# ") + _("The village council (村民议事会): its convener first.") + "\n";
    toml += "[[councils]]\nkey = \"village\"\nname = " + toml_text(village_council) +
            "\ntier = \"village\"\nconvener = " + toml_text(convener) + "\nmembers = " + toml_list(members) + "\n";

    std::vector<std::pair<std::string, std::string>> group_conveners;
    for (size_t g = 0; g < roster.groups.size(); ++g) {
      const std::string& group = roster.groups[g].name;
      std::vector<const Person*> mine, proposed;
      for (const Person& p : people) {
        if (p.group_name == group && (!p.categories.empty() || p.party_member)) {
          mine.push_back(&p);
        }
      }
      for (const Person* p : mine) {
        if (has_post(*p, "村民小组长")) {
          proposed.insert(proposed.begin(), p);
        } else if (p->party_member && proposed.size() < 5) {
          proposed.push_back(p);
        }
      }
      Council group_shape;
      group_shape.tier = Tier::group;
      const std::string council = group + "村民小组议事会";
      auto chosen = choose_members(council, group_shape, mine, proposed, by_name);
      group_conveners.emplace_back(group, chosen.front());
      toml += "\n[[councils]]\nkey = \"group" + std::to_string(g + 1) + "\"\nname = " + toml_text(council) +
              "\ntier = \"group\"\ngroup = " + toml_text(group) + "\nconvener = " + toml_text(chosen.front()) +
              "\nmembers = " + toml_list(chosen) + "\n";
    }

    // The law's bodies, made without asking: no roster of their own but the representatives'.
    toml += std::string("\n# ") + _("The bodies the law names: counted at a sign-in against the groups' adults and households.") +
            "\n";
    toml += "[[councils]]\nkey = \"villagers\"\nname = " + toml_text(name + "村民会议") +
            "\ntier = \"village\"\nkind = \"villagers\"\nconvener = " + toml_text(convener) + "\n";
    std::vector<std::string> representatives;
    for (const Person& p : people) {
      if (has_post(p, "村民代表")) {
        representatives.push_back(p.name);
      }
    }
    if (!representatives.empty()) {
      toml += "\n[[councils]]\nkey = \"representatives\"\nname = " + toml_text(name + "村民代表会议") +
              "\ntier = \"village\"\nkind = \"representatives\"\nrepresentative = true\nconvener = " +
              toml_text(std::find(representatives.begin(), representatives.end(), convener) != representatives.end()
                            ? convener
                            : representatives.front()) +
              "\nmembers = " + toml_list(representatives) + "\n";
    }
    for (size_t g = 0; g < group_conveners.size(); ++g) {
      const auto& [group, group_convener] = group_conveners[g];
      toml += "\n[[councils]]\nkey = \"group" + std::to_string(g + 1) + "-meeting\"\nname = " +
              toml_text(group + "村民小组会议") + "\ntier = \"group\"\ngroup = " + toml_text(group) +
              "\nkind = \"group-meeting\"\nconvener = " + toml_text(group_convener) + "\n";
    }

    WizardResult result{free_name(db_path.parent_path().empty() ? "." : db_path.parent_path()), roster_file,
                        skip_bad};
    std::ofstream out(result.config, std::ios::binary);
    out << toml;
    out.close();
    if (!out) {
      throw Error(_f("cannot write {}", result.config.string()));
    }
    std::cerr << '\n'
              << _f("Wrote {}: keep it; yishi init --config {} --roster {} makes the same village again.",
                    result.config.string(), result.config.string(), roster_file)
              << '\n';
    return result;
  } catch (const GaveUp&) {
    std::cerr << _("Nothing was written.") << '\n';
    return std::nullopt;
  }
}

} // namespace yishi::cli
