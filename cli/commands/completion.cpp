#include "commands.hpp"

#include "cli/manpages.hpp"
#include "core/modules.hpp"
#include "core/records/notices.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/rules/convention.hpp"
#include "core/rules/lifecycle.hpp"
#include "core/storage/database.hpp"
#include "core/storage/output.hpp"
#include "core/text.hpp"

#include <filesystem>
#include <map>

namespace yishi::cli {
namespace {

std::string quoted_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    out += out.empty() ? "" : " ";
    out += w;
  }
  return "\"" + out + "\"";
}

template <typename E> std::string values_of() {
  std::vector<std::string> words;
  for (const auto& n : enum_names<E>()) {
    words.emplace_back(n.code);
  }
  return quoted_words(words);
}

// What a positional argument or an option's value names, for completing it from the database: the
// kind `yishi completion refs KIND` lists. A command's own verb narrows it (post takes a draft).
std::string ref_kind_of(const std::string& path, const std::string& name) {
  if (name == "proposal" || name == "proposals" || name == "agenda") {
    return "proposal";
  }
  if (name == "session") {
    return path == "session show" || path == "session minutes" || path == "session record" ? "session-any" : "session";
  }
  if (name == "notice") {
    if (path == "notice post" || path == "notice discard") {
      return "notice-draft";
    }
    return path == "notice object" || path == "notice correct" ? "notice-posted" : "notice";
  }
  if (name == "objection") {
    return "objection";
  }
  if (name == "council" || name == "joint") {
    return "council";
  }
  if (name == "group" || name == "also-groups") {
    return "group";
  }
  if (name == "person" || name == "proposer") {
    return "person";
  }
  return {};
}

struct Tree {
  std::map<std::string, std::string> subs;        // command path: its subcommands
  std::map<std::string, std::string> opts;        // command path: its options
  std::map<std::string, std::string> positionals; // command path: the kinds of its arguments, in order
  std::map<std::string, std::string> values;      // option: the kind of its value
  std::vector<std::string> flags;                 // options that take no value
};

// Walks the registered commands: for each command path, its subcommands, options and arguments.
// Hidden commands (no group: completion refs) are left out.
void walk(const CLI::App* app, const std::string& path, Tree& tree) {
  std::vector<std::string> sub_names;
  for (const CLI::App* sub : app->get_subcommands({})) {
    if (sub->get_group().empty()) {
      continue;
    }
    sub_names.push_back(sub->get_name());
    walk(sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), tree);
  }
  std::vector<std::string> option_names;
  std::vector<std::string> kinds;
  for (const CLI::Option* opt : app->get_options()) {
    if (!opt->nonpositional()) {
      std::string kind = ref_kind_of(path, opt->get_name());
      kinds.push_back(kind.empty() ? "-" : kind);
      continue;
    }
    for (const auto& name : opt->get_lnames()) {
      option_names.push_back("--" + name);
      if (opt->get_items_expected_max() == 0) {
        tree.flags.push_back("--" + name);
      } else if (std::string kind = ref_kind_of(path, name); !kind.empty()) {
        tree.values["--" + name] = kind;
      }
    }
  }
  tree.subs[path] = quoted_words(sub_names);
  tree.opts[path] = quoted_words(option_names);
  if (!kinds.empty()) {
    tree.positionals[path] = quoted_words(kinds);
  }
}

// One line a candidate: the ref, a tab, what it is.
void list_refs(SQLite::Database& db, const Clock& clock, const std::string& kind, std::ostream& out) {
  if (kind == "proposal") {
    for (const Proposal& p : ProposalStore(db, clock).list({})) {
      if (p.status != Status::completed && p.status != Status::declined && p.status != Status::withdrawn &&
          p.status != Status::merged) {
        out << p.ref << '\t' << p.title << "  " << label(p.status) << '\n';
      }
    }
  } else if (kind == "session" || kind == "session-any") {
    for (const Session& s : SessionStore(db, clock).list()) {
      if (kind == "session-any" || (s.status != SessionStatus::closed && s.status != SessionStatus::cancelled)) {
        out << s.ref << '\t' << s.council.name << "  " << format_minutes(s.starts_at) << '\n';
      }
    }
  } else if (kind.rfind("notice", 0) == 0) {
    std::optional<NoticeState> state;
    if (kind != "notice") {
      state = kind == "notice-draft" ? NoticeState::draft : NoticeState::posted;
    }
    for (const Notice& n : NoticeStore(db, clock).list(state)) {
      out << n.ref << '\t' << n.proposal_ref << "  " << label(n.stage) << "  " << label(n.state(clock.today())) << '\n';
    }
  } else if (kind == "objection") {
    for (const Objection& o : NoticeStore(db, clock).objections(std::nullopt, true)) {
      out << o.ref << '\t' << o.notice_ref << "  " << o.proposal_ref << '\n';
    }
  } else if (kind == "council") {
    for (const Council& c : VillageStore(db).councils()) {
      out << c.key << '\t' << c.name << '\n';
    }
  } else if (kind == "person") {
    // Names only: a person's phone and ID number never reach the shell.
    for (const Person& p : VillageStore(db).people()) {
      out << p.name << '\t' << p.group_name << '\n';
    }
  } else if (kind == "group") {
    for (const Group& g : VillageStore(db).groups()) {
      out << g.name << '\t' << g.households << '\n';
    }
  }
}

/// A bash completion script for every registered command and option, with the values of
/// the enumerated options.
std::string bash_script(const CLI::App& root) {
  Tree tree;
  walk(&root, "", tree);
  auto table = [](const char* name, const std::map<std::string, std::string>& rows) {
    std::string out = fmt::format("declare -gA {}=(\n", name);
    for (const auto& [key, words] : rows) {
      out += fmt::format("  [\"{}\"]={}\n", key.empty() ? "yishi" : key, words);
    }
    return out + ")\n";
  };
  std::map<std::string, std::string> values;
  for (const auto& [option, words] :
       std::vector<std::pair<std::string, std::string>>{{"--channel", values_of<Channel>()},
                                                        {"--status", values_of<Status>()},
                                                        {"--tier", values_of<Tier>()},
                                                        {"--mode", values_of<Mode>()},
                                                        {"--stage", values_of<Stage>()},
                                                        {"--state", values_of<NoticeState>()},
                                                        {"--event", values_of<EventKind>()},
                                                        {"--step", values_of<AdoptionStep>()},
                                                        {"--format", "\"text html\""},
                                                        {"--lang", "\"zh en\""}}) {
    values[option] = words;
  }
  std::map<std::string, std::string> refs;
  for (const auto& [option, kind] : tree.values) {
    refs[option] = kind;
  }
  std::string out = "# bash completion for yishi, generated by 'yishi completion bash'\n";
  out += table("_yishi_subs", tree.subs) + table("_yishi_opts", tree.opts) + table("_yishi_values", values) +
         table("_yishi_args", tree.positionals) + table("_yishi_refs", refs);
  out += "_yishi_flags=" + quoted_words(tree.flags) + "\n";
  out += R"BASH(
# Candidates from the village's database: `yishi completion refs KIND` prints REF<TAB>what it is. Several
# are shown with what they are (one a line); one alone is inserted as the bare ref.
_yishi_from_db() {
  local kind=$1 cur=$2 db="" i line value
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --db) db=${COMP_WORDS[i+1]} ;;
      --db=*) db=${COMP_WORDS[i]#--db=} ;;
    esac
  done
  local IFS=$'\n' values=() shown=()
  for line in $("${COMP_WORDS[0]}" ${db:+--db "$db"} --no-input completion refs "$kind" 2>/dev/null); do
    value=${line%%$'\t'*}
    [[ $value == "$cur"* ]] || continue
    values+=("$value")
    shown+=("$(printf '%-14s %s' "$value" "${line#*$'\t'}")")
  done
  if ((${#values[@]} == 1)); then
    COMPREPLY=("${values[0]}")
  else
    COMPREPLY=("${shown[@]}")
  fi
}

_yishi() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} path="" word i n=0 kinds
  COMPREPLY=()
  if [[ -n "${_yishi_values[$prev]}" ]]; then
    COMPREPLY=($(compgen -W "${_yishi_values[$prev]}" -- "$cur"))
    return
  fi
  if [[ -n "${_yishi_refs[$prev]}" ]]; then
    _yishi_from_db "${_yishi_refs[$prev]}" "$cur"
    return
  fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ " ${_yishi_subs[${path:-yishi}]} " == *" $word "* ]]; then
      path=${path:+$path }$word
      n=0
    elif [[ $word != -* && ( ${COMP_WORDS[i-1]} != --* || " $_yishi_flags " == *" ${COMP_WORDS[i-1]} "* ) ]]; then
      n=$((n + 1)) # an argument, not an option's value
    fi
  done
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "${_yishi_opts[${path:-yishi}]} ${path:+${_yishi_opts[yishi]}}" -- "$cur"))
  elif [[ -n "${_yishi_subs[${path:-yishi}]}" ]]; then
    COMPREPLY=($(compgen -W "${_yishi_subs[${path:-yishi}]}" -- "$cur"))
  else
    read -ra kinds <<< "${_yishi_args[${path:-yishi}]}"
    if [[ -n "${kinds[n]}" && ${kinds[n]} != - ]]; then
      _yishi_from_db "${kinds[n]}" "$cur"
    fi
  fi
}
complete -F _yishi yishi
)BASH";
  return out;
}

} // namespace

void register_completion(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "completion", _("Shell completion for yishi's commands and options"));
  auto* bash = group->add_subcommand("bash", _("Print the bash completion script, or install it with --install"));
  auto install = std::make_shared<bool>(false);
  bash->add_flag("--install", *install,
                 _("Write it to ~/.local/share/bash-completion/completions/yishi (bash-completion loads it)"));
  bash->footer(_("Without --install: source <(yishi completion bash)"));
  auto* refs = group->add_subcommand("refs", _("List the refs of one kind from the database, for completion"));
  refs->group(""); // for the completion script, not for people
  auto kind = std::make_shared<std::string>();
  refs->add_option("kind", *kind,
                   "proposal, session, session-any, notice, notice-draft, notice-posted, objection, "
                   "council, group or person")
      ->required();
  refs->callback([&dispatch, kind] {
    dispatch.select(Access::none, [kind](Context& ctx) {
      // Completion must never print an error into the shell's line: no village, nothing offered.
      try {
        SQLite::Database db = storage::open_existing(ctx.db_path, storage::Use::read);
        list_refs(db, ctx.clock, *kind, ctx.out);
      } catch (const std::exception&) {
        ctx.out.clear();
      }
    });
  });
  const CLI::App* root = &app;
  auto* man = group->add_subcommand("man", _("Write the manual pages (yishi.1, yishi-GROUP.1) into a folder"));
  man->group(""); // for the build, which installs them
  auto man_dir = std::make_shared<std::string>();
  man->add_option("--dir", *man_dir, _("The folder"))->required();
  man->callback([&dispatch, man_dir, root] {
    dispatch.select(Access::none, [man_dir, root](Context& ctx) {
      std::filesystem::create_directories(*man_dir);
      for (const auto& page : man_pages(*root, YISHI_VERSION)) {
        storage::write_file(std::filesystem::path(*man_dir) / page.file, storage::Privacy::shared,
                            [&](std::ostream& out) { out << page.text; });
      }
      ctx.out << _f("Wrote the manual pages in {}\n", *man_dir);
    });
  });
  // Each module loaded here as `yishi` loads it (every symbol bound at once): a module that takes from the
  // executable something the executable lacks is named now, not when a villager first opens the board.
  auto* modules = group->add_subcommand("modules", _("Load each of yishi's modules and say where from, or why not"));
  modules->group(""); // for the tests and the package's check
  modules->callback([&dispatch] {
    dispatch.select(Access::none, [](Context& ctx) {
      for (const char* name : k_module_names) {
        ModuleLookup found = find_module(name);
        if (found.entry != nullptr) {
          ctx.out << _f("{}: loaded from {}\n", name, found.loaded_from);
        } else {
          ctx.out << _f("{}: cannot load ({}; looked in: {})\n", name, found.why, join(found.places, ", "));
          ctx.exit_code = static_cast<int>(ExitCode::finding);
        }
      }
    });
  });
  bash->callback([&dispatch, install, root] {
    dispatch.select(Access::none, [install, root](Context& ctx) {
      std::string script = bash_script(*root);
      if (!*install) {
        ctx.out << script;
        return;
      }
      const char* home = std::getenv("HOME");
      if (home == nullptr || *home == '\0') {
        throw Error(_("HOME is not set; cannot find where to install"), _("print it instead: yishi completion bash"));
      }
      std::filesystem::path dir = std::filesystem::path(home) / ".local/share/bash-completion/completions";
      std::filesystem::create_directories(dir);
      storage::write_file(dir / "yishi", storage::Privacy::shared, [&](std::ostream& out) { out << script; });
      ctx.out << _f("Wrote {}\n", (dir / "yishi").string());
    });
  });
}

} // namespace yishi::cli
