#include "manpages.hpp"

#include "core/i18n.hpp"

#include <fmt/format.h>

namespace yishi::cli {
namespace {

// Text as roff reads it: backslashes escaped, a line that would start with a control character guarded.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) {
      out += "\\&";
    }
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

// A section's heading, as manual pages in each language have it (the words alone are placeholders elsewhere).
std::string heading(const char* en, const char* zh) {
  return std::string(".SH ") + (language() == Language::zh ? zh : en) + "\n";
}

bool listed(const CLI::App* app) {
  return !app->get_group().empty(); // hidden commands (completion refs, completion man) have none
}

bool is_group(const CLI::App* app) {
  for (const CLI::App* sub : app->get_subcommands({})) {
    if (listed(sub)) {
      return true;
    }
  }
  return false;
}

void options_of(const CLI::App* app, std::string& out) {
  for (const CLI::Option* opt : app->get_options()) {
    if (opt->get_lnames().empty() && opt->get_snames().empty() && opt->nonpositional()) {
      continue;
    }
    if (opt->get_name() == "--help" || opt->get_name() == "-h,--help") {
      continue;
    }
    std::string names;
    if (!opt->nonpositional()) {
      names = opt->get_name();
      for (auto& c : names) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    } else {
      for (const auto& s : opt->get_snames()) {
        names += (names.empty() ? "-" : ", -") + s;
      }
      for (const auto& l : opt->get_lnames()) {
        names += (names.empty() ? "--" : ", --") + l;
      }
      if (opt->get_items_expected_max() != 0 && !opt->get_type_name().empty()) {
        names += " " + opt->get_type_name();
      }
    }
    if (names.empty()) {
      continue;
    }
    out += ".TP\n.B " + roff(names) + "\n" + roff(opt->get_description()) + "\n";
  }
}

// One command: its heading, what it does, its options, its footer.
void command_section(const CLI::App* app, const std::string& path, std::string& out) {
  out += fmt::format(".SS \"{}\"\n{}\n", roff(path), roff(app->get_description()));
  options_of(app, out);
  if (const std::string footer = app->get_footer(); !footer.empty() && footer != "\n") {
    out += ".PP\n" + roff(footer) + "\n";
  }
}

void commands_under(const CLI::App* app, const std::string& path, std::string& out) {
  for (const CLI::App* sub : app->get_subcommands({})) {
    if (!listed(sub)) {
      continue;
    }
    const std::string sub_path = path + " " + sub->get_name();
    if (is_group(sub)) {
      commands_under(sub, sub_path, out);
    } else {
      command_section(sub, sub_path, out);
    }
  }
}

std::string header(const std::string& name, const std::string& version) {
  std::string upper = name;
  for (auto& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return fmt::format(".TH {} 1 \"\" \"yishi {}\" \"{}\"\n", upper, version, _("Yishi: village deliberation"));
}

} // namespace

std::vector<ManPage> man_pages(const CLI::App& root, const std::string& version) {
  std::vector<ManPage> pages;
  std::string main = header("yishi", version);
  main += heading("NAME", "名称") + "yishi \\- " + roff(root.get_description()) + "\n";
  main += heading("SYNOPSIS", "概要") + ".B yishi\n[" + roff(std::string(_("OPTIONS"))) + "] " +
          roff(std::string(_("COMMAND"))) + " ...\n";
  main += heading("OPTIONS", "选项");
  options_of(&root, main);
  main += heading("COMMANDS", "命令");
  std::string see_also;
  for (const CLI::App* sub : root.get_subcommands({})) {
    if (!listed(sub)) {
      continue;
    }
    const std::string name = sub->get_name();
    if (!is_group(sub)) {
      command_section(sub, "yishi " + name, main);
      continue;
    }
    main += fmt::format(".SS \"yishi {}\"\n{}\n.PP\n{}\n", roff(name), roff(sub->get_description()),
                        roff(_f("See yishi-{}(1).", name)));
    see_also += fmt::format("{}.BR yishi\\-{} (1)", see_also.empty() ? "" : ",\n", roff(name));
    std::string page = header("yishi-" + name, version);
    page += heading("NAME", "名称") + "yishi\\-" + roff(name) + " \\- " + roff(sub->get_description()) + "\n";
    page += heading("SYNOPSIS", "概要") + ".B yishi " + roff(name) + "\n" + roff(std::string(_("COMMAND"))) + " [" +
            roff(std::string(_("OPTIONS"))) + "]\n";
    page += heading("COMMANDS", "命令");
    commands_under(sub, "yishi " + name, page);
    page += heading("SEE ALSO", "另见") + ".BR yishi (1)\n";
    pages.push_back(ManPage{"yishi-" + name + ".1", std::move(page)});
  }
  main += heading("ENVIRONMENT", "环境变量");
  for (const auto& [name, what] : std::vector<std::pair<std::string, std::string>>{
           {"YISHI_DB", _("the village's database when --db is not given (else ./yishi.db)")},
           {"YISHI_HOME", _("the folder holding templates/ and data/, before the installed ones and the build tree")},
           {"YISHI_PDF_MODULE", _("the PDF typesetter (libyishi_pdf.so), before the installed one")},
           {"YISHI_SERVE_MODULE", _("the web server of yishi serve (libyishi_serve.so), before the installed one")},
           {"YISHI_XLSX_MODULE", _("the workbook reader and writer (libyishi_xlsx.so), before the installed one")},
           {"LANG, LANGUAGE", _("the interface language (zh or en); --lang overrides them")}}) {
    main += ".TP\n.B " + roff(name) + "\n" + roff(what) + "\n";
  }
  main += heading("SEE ALSO", "另见") + see_also + "\n";
  pages.insert(pages.begin(), ManPage{"yishi.1", std::move(main)});
  return pages;
}

} // namespace yishi::cli
