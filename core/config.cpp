#include "config.hpp"

#include "core/rules/division.hpp"

#include "core/error.hpp"
#include "core/rules/mask.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace yishi {
namespace {

// Reads one TOML table with errors that say where: "village.toml:12:3: people[4].group: ...".
class TableReader {
public:
  TableReader(const toml::table& table, std::string path, const std::string& source)
      : m_table(table), m_path(std::move(path)), m_source(source) {}

  [[noreturn]] void fail(std::string_view key, std::string_view message, std::string hint = {}) const {
    const toml::node* node = key.empty() ? nullptr : m_table.get(key);
    const auto& where = node != nullptr ? node->source() : m_table.source();
    std::string name = key.empty() ? m_path : m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
    throw DataError(_f("{}:{}:{}: {}: {}", m_source, where.begin.line, where.begin.column, name, message),
                    std::move(hint));
  }

  std::optional<std::string> string(std::string_view key) {
    m_known.insert(std::string(key));
    const toml::node* node = m_table.get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    if (!node->is_string()) {
      fail(key, _("must be a string (in quotes)"));
    }
    return trim(node->value<std::string>().value_or(""));
  }

  std::string required_string(std::string_view key) {
    auto value = string(key);
    if (!value || value->empty()) {
      fail(key, value ? _("must not be empty") : _("is required"),
           value ? _f("fill it in between the quotes: {} = \"...\"", key) : _f("add the line {} = \"...\"", key));
    }
    return *value;
  }

  std::optional<long> integer(std::string_view key, long min, long max) {
    m_known.insert(std::string(key));
    const toml::node* node = m_table.get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    if (!node->is_integer()) {
      fail(key, _("must be a whole number"));
    }
    auto value = static_cast<long>(*node->value<int64_t>());
    if (value < min || value > max) {
      fail(key, _f("must be from {} to {}, not {}", min, max, value));
    }
    return value;
  }

  std::optional<double> share(std::string_view key) {
    m_known.insert(std::string(key));
    const toml::node* node = m_table.get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    auto value = node->value<double>();
    if (!value || *value < 0.0 || *value > 1.0) {
      fail(key, _("must be a share from 0 to 1, such as 0.6"));
    }
    return value;
  }

  std::optional<bool> boolean(std::string_view key) {
    m_known.insert(std::string(key));
    const toml::node* node = m_table.get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    if (!node->is_boolean()) {
      fail(key, _("must be true or false"));
    }
    return node->value<bool>();
  }

  std::vector<std::string> strings(std::string_view key) {
    m_known.insert(std::string(key));
    const toml::node* node = m_table.get(key);
    if (node == nullptr) {
      return {};
    }
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      fail(key, _("must be a list of strings, such as [\"a\", \"b\"]"));
    }
    std::vector<std::string> out;
    for (const auto& item : *array) {
      if (!item.is_string()) {
        fail(key, _("must be a list of strings, such as [\"a\", \"b\"]"));
      }
      out.push_back(trim(item.value<std::string>().value_or("")));
    }
    return out;
  }

  template <typename E> std::optional<E> choice(std::string_view key) {
    auto text = string(key);
    if (!text) {
      return std::nullopt;
    }
    try {
      return parse_enum<E>(*text, key);
    } catch (const DataError& e) {
      fail(key, e.what(), e.hint());
    }
  }

  Threshold threshold(std::string_view key, Threshold fallback, Basis basis) {
    auto text = string(key);
    if (!text) {
      return fallback;
    }
    try {
      return parse_threshold(*text, key, basis);
    } catch (const DataError& e) {
      fail(key, e.what(), e.hint());
    }
  }

  /// A quorum: one threshold, or a list of alternatives of which any one suffices.
  Quorum quorum(std::string_view key, Quorum fallback, Basis basis) {
    const toml::node* node = m_table.get(key);
    if (node == nullptr || !node->is_array()) {
      if (auto one = string(key)) {
        try {
          return parse_quorum(*one, key, basis);
        } catch (const DataError& e) {
          fail(key, e.what(), e.hint());
        }
      }
      return fallback;
    }
    Quorum q;
    q.alternatives.clear();
    for (const auto& text : strings(key)) {
      try {
        q.alternatives.push_back(parse_threshold(text, key, basis));
      } catch (const DataError& e) {
        fail(key, e.what(), e.hint());
      }
    }
    if (q.alternatives.empty()) {
      fail(key, _("needs at least one threshold"), _("such as [\"> 1/2 adults\", \">= 2/3 households\"]"));
    }
    return q;
  }

  void reject_unknown() const {
    for (const auto& [key, node] : m_table) {
      if (m_known.count(std::string(key.str())) == 0) {
        fail(key.str(), _("is not a known key"), _f("known keys here: {}", known_keys()));
      }
    }
  }

private:
  std::string known_keys() const {
    std::vector<std::string> keys(m_known.begin(), m_known.end());
    return join(keys, ", ");
  }

  const toml::table& m_table;
  std::string m_path;
  const std::string& m_source;
  std::set<std::string> m_known;
};

const toml::array* array_of_tables(const toml::table& root, std::string_view key, const std::string& source) {
  const toml::node* node = root.get(key);
  if (node == nullptr) {
    return nullptr;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    TableReader(root, "", source).fail(key, _f("must be written as [[{}]] tables", key));
  }
  return array;
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

/// What a secretary most often types wrong in a village.toml, read from the line the parser stopped at, said in
/// their words with the line as it should be: Chinese quotes, a full-width = or a colon, a table header without
/// its bracket, a text without quotes, a text without its closing quote. Anything else: the parser's words.
DataError syntax_error(std::string_view text, const toml::parse_error& e, const std::string& source) {
  const auto line_no = static_cast<size_t>(e.source().begin.line);
  std::string line;
  {
    std::istringstream in{std::string(text)};
    for (size_t n = 0; n < line_no && std::getline(in, line); ++n) {
    }
  }
  auto located = [&](const std::string& what) {
    return _f("{}:{}:{}: {}", source, e.source().begin.line, e.source().begin.column, what);
  };
  const std::string shown = trim(line);
  auto fail = [&](std::string what, std::string fixed) {
    return DataError(located(what), _f("write the line as: {}", trim(fixed)));
  };
  if (std::string fixed = replaced(replaced(replaced(replaced(line, "“", "\""), "”", "\""), "‘", "'"), "’", "'");
      fixed != line) {
    return fail(_("Chinese quotes “” are used: TOML needs the straight quotes \" of an English keyboard"), fixed);
  }
  if (line.find("＝") != std::string::npos) {
    return fail(_("a full-width ＝ is used: TOML needs the = of an English keyboard"), replaced(line, "＝", "="));
  }
  const size_t equals = line.find('=');
  for (std::string_view colon : {"：", ":"}) {
    const size_t at = line.find(colon);
    if (at != std::string::npos && (equals == std::string::npos || at < equals) && !shown.starts_with("[")) {
      std::string fixed = trim(line.substr(0, at)) + " = " + trim(line.substr(at + colon.size()));
      return fail(_("a colon is used between the name and its value: TOML needs ="), fixed);
    }
  }
  if (!shown.empty() && shown.front() == '[') {
    const bool doubled = shown.starts_with("[[");
    const std::string name = trim(shown.substr(doubled ? 2 : 1, shown.find_first_of("]#") - (doubled ? 2 : 1)));
    return fail(_("a table's name needs its closing bracket"),
                doubled ? "[[" + name + "]]" : "[" + name + "]");
  }
  if (equals != std::string::npos) {
    const std::string key = trim(line.substr(0, equals));
    const std::string value = trim(line.substr(equals + 1));
    if (value.starts_with("=")) {
      return fail(_("the = is written twice"), key + " = " + trim(value.substr(1)));
    }
    if (!value.empty() && value.front() == '"' && value.find('"', 1) == std::string::npos) {
      return fail(_("the text has no closing quote \""), key + " = " + value + "\"");
    }
    const bool unquoted = !value.empty() && std::string_view("\"'[{+-0123456789").find(value.front()) ==
                                                std::string_view::npos &&
                          value != "true" && value != "false";
    if (unquoted) {
      return fail(_("a text must be in quotes"), key + " = \"" + value + "\"");
    }
  }
  return DataError(located(std::string(e.description())), _("check the TOML syntax on that line"));
}

void read_village(TableReader& r, VillageInfo& v) {
  v.name = r.required_string("name");
  v.township = r.string("township").value_or("");
  v.issuing_body = r.string("issuing_body").value_or(v.name + "村民议事会");
  v.supervision_phone = r.string("supervision_phone").value_or("");
  v.feedback = r.string("feedback").value_or("");
  v.serial_prefix = r.string("serial_prefix").value_or(v.name + "议公");
  v.posting_days = static_cast<int>(r.integer("posting_days", 1, 90).value_or(7));
  v.reference_cost_per_event = r.integer("reference_cost_per_event", 0, 100'000'000);
  v.templates = r.string("templates").value_or(""); // made absolute by load_village_config
  v.operator_name = r.string("operator").value_or("");
  v.code = r.string("code").value_or("");
  v.township_code = r.string("township_code").value_or("");
  if (!v.code.empty() || !v.township_code.empty()) {
    try {
      check_village_code(v.code);
    } catch (const DataError& e) {
      r.fail("code", e.what(), e.hint());
    }
    try {
      v.township_code = township_code_of(v.code, v.township_code);
    } catch (const DataError& e) {
      r.fail("township_code", e.what(), e.hint());
    }
  }
  r.reject_unknown();
}

} // namespace

std::vector<MatterType> default_matter_types() {
  // The law's list of what the villagers' meeting decides (or the representatives' meeting it
  // authorises), what a group meeting decides for its group, and the conventions.
  const auto villagers = DecidingBody::villagers;
  return {
      {"lost-work-subsidy", "享受误工补贴的人员及补贴标准", true, std::nullopt, villagers},
      {"collective-income", "从村集体经济所得收益的使用", true, std::nullopt, villagers},
      {"public-welfare", "村公益事业的兴办和筹资筹劳方案及建设承包方案", true, std::nullopt, villagers},
      {"fundraising", "筹资筹劳", true, std::nullopt, villagers},
      {"land-contracting", "土地承包经营方案", true, std::nullopt, villagers},
      {"collective-economy", "村集体经济项目的立项、承包方案", true, std::nullopt, villagers},
      {"homestead", "宅基地的使用方案", true, std::nullopt, villagers},
      {"compensation", "征地补偿费的使用、分配方案", true, std::nullopt, villagers},
      {"collective-property", "以借贷、租赁或者其他方式处分村集体财产", true, std::nullopt, villagers},
      {"convention", "村民自治章程、村规民约的制定和修改", true, std::nullopt, villagers},
      {"group-property", "村民小组集体土地、企业和其他财产的经营管理及公益事项", false, std::nullopt,
       DecidingBody::group_meeting},
  };
}

std::map<std::string, VoteRule> default_vote_rules() {
  const Threshold two_thirds_of_members{Comparison::at_least, 2, 3, Basis::members};
  const Threshold half_of_present{Comparison::more_than, 1, 2, Basis::present};
  // The statutory meetings are counted at a sign-in; either basis suffices.
  Quorum villagers_quorum;
  villagers_quorum.alternatives = {Threshold{Comparison::more_than, 1, 2, Basis::adults},
                                   Threshold{Comparison::at_least, 2, 3, Basis::households}};
  Quorum group_meeting_quorum;
  group_meeting_quorum.alternatives = {Threshold{Comparison::at_least, 2, 3, Basis::adults},
                                       Threshold{Comparison::at_least, 2, 3, Basis::households}};
  return {
      {"village_council", {two_thirds_of_members, half_of_present}},
      {"group_council", {two_thirds_of_members, half_of_present}},
      {"villagers_meeting", {villagers_quorum, half_of_present}},
      {"representatives_meeting", {two_thirds_of_members, half_of_present}},
      {"group_meeting", {group_meeting_quorum, half_of_present}},
      {"party_members_meeting", {two_thirds_of_members, half_of_present}},
      {"joint_meeting", {two_thirds_of_members, half_of_present}},
      {"household_consultation", {two_thirds_of_members, half_of_present}},
  };
}

VillageConfig parse_village_config(std::string_view text, const std::string& source, const ExtraPeople* extra) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw syntax_error(text, e, source);
  }
  VillageConfig config;
  TableReader top(root, "", source);

  const toml::table* village = root["village"].as_table();
  if (village == nullptr) {
    top.fail("village", _("a [village] table is required"), _("start the file with [village] and name = \"...\""));
  }
  TableReader vr(*village, "village", source);
  read_village(vr, config.village);

  // Vote rules: defaults, then [rules.NAME] overrides or additions.
  config.rules = default_vote_rules();
  if (const toml::node* rules_node = root.get("rules")) {
    const toml::table* rules = rules_node->as_table();
    if (rules == nullptr) {
      top.fail("rules", _("must be tables such as [rules.group_council]"));
    }
    for (const auto& [key, node] : *rules) {
      const toml::table* t = node.as_table();
      std::string name(key.str());
      if (t == nullptr) {
        TableReader(*rules, "rules", source).fail(key.str(), "must be a table");
      }
      VoteRule base = config.rules.count(name) ? config.rules[name] : VoteRule{};
      TableReader rr(*t, "rules." + name, source);
      base.quorum = rr.quorum("quorum", base.quorum, Basis::members);
      base.majority = rr.threshold("majority", base.majority, Basis::present);
      rr.reject_unknown();
      config.rules[name] = base;
    }
  }

  if (const toml::node* routing_node = root.get("routing")) {
    const toml::table* routing = routing_node->as_table();
    if (routing == nullptr) {
      top.fail("routing", _("must be a table: [routing]"));
    }
    TableReader rr(*routing, "routing", source);
    config.routing.group_budget_limit = rr.integer("group_budget_limit", 0, 1'000'000'000);
    config.routing.escalate_multi_group = rr.boolean("escalate_multi_group").value_or(true);
    config.routing.review_group_rulings = rr.boolean("review_group_rulings").value_or(false);
    rr.reject_unknown();
  }
  if (const toml::node* print_node = root.get("print")) {
    const toml::table* print = print_node->as_table();
    if (print == nullptr) {
      top.fail("print", _("must be a table: [print]"));
    }
    TableReader pr(*print, "print", source);
    config.village.notice_layout = pr.choice<SheetLayout>("notices").value_or(SheetLayout::plain);
    config.village.announcement_layout = pr.choice<SheetLayout>("formal").value_or(config.village.notice_layout);
    config.village.red_header = pr.string("red_header").value_or("");
    pr.reject_unknown();
  }
  config.matter_types = default_matter_types();
  if (const auto* types = array_of_tables(root, "matter_types", source)) {
    for (size_t i = 0; i < types->size(); ++i) {
      TableReader r(*(*types)[i].as_table(), fmt::format("matter_types[{}]", i + 1), source);
      MatterType t;
      t.key = r.required_string("key");
      if (t.key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
        r.fail("key", _f("'{}' must be lower-case letters, digits and dashes", t.key));
      }
      auto existing = std::find_if(config.matter_types.begin(), config.matter_types.end(),
                                   [&](const MatterType& m) { return m.key == t.key; });
      if (existing != config.matter_types.end()) {
        t = *existing; // a statutory type, adjusted
      }
      t.name = r.string("name").value_or(t.name);
      if (t.name.empty()) {
        r.fail("name", _("is required"));
      }
      t.village_only = r.boolean("village_only").value_or(t.village_only);
      t.decided_by = r.choice<DecidingBody>("decided_by").value_or(t.decided_by);
      if (auto m = r.string("majority")) {
        t.majority = r.threshold("majority", Threshold{}, Basis::present);
      }
      r.reject_unknown();
      if (existing != config.matter_types.end()) {
        *existing = t;
      } else {
        config.matter_types.push_back(t);
      }
    }
  }

  std::set<std::string> group_names;
  if (const auto* groups = array_of_tables(root, "groups", source)) {
    for (size_t i = 0; i < groups->size(); ++i) {
      TableReader r(*(*groups)[i].as_table(), fmt::format("groups[{}]", i + 1), source);
      Group g;
      g.name = r.required_string("name");
      g.households = r.integer("households", 0, 100000).value_or(0);
      g.adults = r.integer("adults", 0, 1000000).value_or(0);
      r.reject_unknown();
      if (!group_names.insert(g.name).second) {
        r.fail("name", _f("group '{}' is defined twice", g.name));
      }
      config.groups.push_back(g);
    }
  }
  if (extra != nullptr) {
    for (const Group& counted : extra->groups) {
      auto it = std::find_if(config.groups.begin(), config.groups.end(),
                             [&](const Group& g) { return g.name == counted.name; });
      if (it == config.groups.end()) {
        group_names.insert(counted.name);
        config.groups.push_back(counted);
      } else {
        it->households = counted.households;
        it->adults = counted.adults;
      }
    }
  }

  std::set<std::string> person_names;
  if (const auto* people = array_of_tables(root, "people", source)) {
    for (size_t i = 0; i < people->size(); ++i) {
      TableReader r(*(*people)[i].as_table(), fmt::format("people[{}]", i + 1), source);
      PersonConfig pc;
      Person& p = pc.person;
      p.name = r.required_string("name");
      pc.group = r.string("group").value_or("");
      if (!pc.group.empty() && group_names.count(pc.group) == 0) {
        r.fail("group", _f("group '{}' is not defined", pc.group), _("define it in a [[groups]] table first"));
      }
      auto gender = r.choice<Gender>("gender");
      if (!gender) {
        r.fail("gender", _("is required (male or female, 男 or 女)"));
      }
      p.gender = *gender;
      p.party_member = r.boolean("party").value_or(false);
      p.categories = r.strings("categories");
      p.phone = r.string("phone").value_or("");
      p.id_number = r.string("id_number").value_or("");
      r.reject_unknown();
      if (!p.phone.empty() && !is_phone_number(p.phone)) {
        r.fail("phone", _("is not a phone number"));
      }
      if (!p.id_number.empty() && !is_id_number(p.id_number)) {
        r.fail("id_number", _("is not an 18-digit (or 15-digit) resident ID number"));
      }
      if (!person_names.insert(p.name).second) {
        r.fail("name", _f("person '{}' is listed twice", p.name),
               _("councils refer to people by name: give each person one entry"));
      }
      config.people.push_back(std::move(pc));
    }
  }
  if (extra != nullptr) {
    for (size_t i = 0; i < extra->people.size(); ++i) {
      const PersonConfig& pc = extra->people[i];
      if (!person_names.insert(pc.person.name).second) {
        throw DataError(_f("{}: {} is also in {}", extra->origins.at(i), pc.person.name, source),
                        _("councils name their members by name: keep each person in one place"));
      }
      config.people.push_back(pc);
    }
  }

  std::set<std::string> council_keys;
  std::set<std::string> council_names;
  std::set<std::string> groups_with_council;
  std::set<std::string> groups_with_meeting;
  bool has_village_council = false;
  if (const auto* councils = array_of_tables(root, "councils", source)) {
    for (size_t i = 0; i < councils->size(); ++i) {
      TableReader r(*(*councils)[i].as_table(), fmt::format("councils[{}]", i + 1), source);
      CouncilConfig c;
      c.key = r.required_string("key");
      if (c.key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
        r.fail("key", _f("'{}' must be lower-case letters, digits and dashes", c.key),
               _("a short name to type, such as xinyi"));
      }
      c.name = r.required_string("name");
      c.tier = r.choice<Tier>("tier").value_or(Tier::group);
      c.group = r.string("group").value_or("");
      c.convener = r.required_string("convener");
      c.members = r.strings("members");
      auto rules_given = r.string("rules");
      c.min_party_share = r.share("min_party_share");
      c.min_women_share = r.share("min_women_share");
      c.kind = r.choice<CouncilKind>("kind").value_or(CouncilKind::council);
      c.representative = r.boolean("representative").value_or(false);
      c.required_categories = r.strings("required_categories");
      r.reject_unknown();
      switch (c.kind) {
      case CouncilKind::party_members:
        c.rules = "party_members_meeting";
        break;
      case CouncilKind::representatives:
        c.rules = "representatives_meeting";
        break;
      case CouncilKind::villagers:
        c.rules = "villagers_meeting";
        break;
      case CouncilKind::group_meeting:
        c.rules = "group_meeting";
        break;
      default:
        c.rules = c.tier == Tier::village ? "village_council" : "group_council";
      }
      c.rules = rules_given.value_or(c.rules);
      if (!council_keys.insert(c.key).second) {
        r.fail("key", _f("council key '{}' is used twice", c.key));
      }
      if (!council_names.insert(c.name).second) {
        r.fail("name", _f("council name '{}' is used twice", c.name));
      }
      if (c.kind == CouncilKind::group_meeting) {
        if (c.tier != Tier::group || group_names.count(c.group) == 0) {
          r.fail("group", _("a group meeting (村民小组会议) is its group's: give tier = \"group\" and the group"));
        }
        if (!groups_with_meeting.insert(c.group).second) {
          r.fail("group", _f("group '{}' already has a group meeting", c.group));
        }
      } else if (c.kind != CouncilKind::council) {
        if (c.tier != Tier::village || !c.group.empty()) {
          r.fail("kind", _("the bodies of 四议两公开 are village bodies: give tier = \"village\" and no group"));
        }
      } else if (c.tier == Tier::village) {
        if (has_village_council) {
          r.fail("tier", _("a village has one village council; this is the second"));
        }
        if (!c.group.empty()) {
          r.fail("group", _("the village council belongs to no group"));
        }
        has_village_council = true;
      } else {
        if (c.group.empty()) {
          r.fail("group", _("a group council must name its group"));
        }
        if (group_names.count(c.group) == 0) {
          r.fail("group", _f("group '{}' is not defined", c.group));
        }
        if (!groups_with_council.insert(c.group).second) {
          r.fail("group", _f("group '{}' already has a council", c.group));
        }
      }
      if (config.rules.count(c.rules) == 0) {
        r.fail("rules", _f("no vote rule named '{}'", c.rules),
               _f("define it as [rules.{}] or use village_council or group_council", c.rules));
      }
      // The villagers' meeting and a group meeting may have no roster: they are counted at a sign-in,
      // against the groups' adults and households.
      bool headcount = c.kind == CouncilKind::villagers || c.kind == CouncilKind::group_meeting;
      if (c.members.empty() && !headcount) {
        r.fail("members", _("a council needs members"));
      }
      std::set<std::string> seen;
      for (const auto& m : c.members) {
        if (person_names.count(m) == 0) {
          r.fail("members", _f("'{}' is not among the [[people]]", m));
        }
        if (!seen.insert(m).second) {
          r.fail("members", _f("'{}' is listed twice", m));
        }
      }
      if (c.members.empty() && person_names.count(c.convener) == 0) {
        r.fail("convener", _f("'{}' is not among the [[people]]", c.convener));
      }
      if (!c.members.empty() && seen.count(c.convener) == 0) {
        r.fail("convener", _f("'{}' is not a member of this council", c.convener), _("add the convener to members"));
      }
      config.councils.push_back(std::move(c));
    }
  }
  if (!has_village_council) {
    top.fail("councils", _("the village council ([[councils]] with tier = \"village\") is missing"));
  }
  for (const auto& g : config.groups) {
    if (groups_with_council.count(g.name) == 0) {
      top.fail("councils", _f("group '{}' has no council", g.name),
               "add a [[councils]] table with tier = \"group\" and group = \"" + g.name + "\"");
    }
  }
  for (const auto& [key, node] : root) {
    std::string k(key.str());
    if (k != "village" && k != "rules" && k != "groups" && k != "people" && k != "councils" && k != "routing" &&
        k != "matter_types" && k != "print") {
      top.fail(k, _("is not a known table"),
               _("known tables: village, rules, routing, matter_types, print, groups, people, councils"));
    }
  }
  return config;
}

VillageConfig load_village_config(const std::filesystem::path& file, const ExtraPeople* extra) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw NotFound(_f("cannot read {}", file.string()), _("check the path given to --config"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  if (!is_valid_utf8(content)) {
    throw DataError(_f("{}: is not valid UTF-8", file.string()), _("save the file as UTF-8 (WPS/Excel: 另存为 UTF-8)"));
  }
  VillageConfig config = parse_village_config(content, file.string(), extra);
  if (!config.village.templates.empty()) {
    // A village's templates folder is named relative to its village.toml.
    std::filesystem::path folder = config.village.templates;
    if (folder.is_relative()) {
      folder = std::filesystem::absolute(file).parent_path() / folder;
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
      throw DataError(_f("{}: village.templates: {} is not a folder", file.string(), folder.string()));
    }
    config.village.templates = folder.lexically_normal().string();
  }
  return config;
}

} // namespace yishi
