#include "pages.hpp"

#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "core/render/template.hpp"
#include "core/resources.hpp"

#include <fmt/format.h>
#include <memory>
#include <qrencode.h>

namespace yishi::web {
namespace {

using kainjow::mustache::data;

const FolderLoader& loader() {
  static const FolderLoader folders({resource_dir() / "templates"});
  return folders;
}

data flag(bool on) {
  return on ? data(data::type::bool_true) : data(data::type::bool_false);
}

// A mustache list with one entry an item, each entry filled by `fill`.
template <typename Items, typename Fill> data list_of(const Items& items, Fill fill) {
  data list{data::type::list};
  for (const auto& item : items) {
    data entry;
    fill(entry, item);
    list.push_back(entry);
  }
  return list;
}

// The page around a body: title, the language switch, the kiosk's reset.
std::string framed(const PageFrame& frame, const std::string& title, const std::string& body, bool reset) {
  data d;
  d.set("lang", language() == Language::zh ? "zh-CN" : "en");
  d.set("title", title);
  d.set("village", frame.village);
  d.set("body", body);
  d.set("kiosk", flag(frame.kiosk));
  d.set("reset", flag(frame.kiosk && reset)); // a page with no typing returns to the start after a minute
  d.set("other_lang", language() == Language::zh ? "English" : "中文");
  d.set("other_lang_path", frame.path + (language() == Language::zh ? "?lang=en" : "?lang=zh"));
  d.set("lang_query", language() == Language::zh ? "" : "?lang=en");
  d.set("raise_label", _("Raise a matter"));
  d.set("track_label", _("Follow a matter"));
  d.set("board_label", _("Notice board"));
  return render_template(loader(), "web/layout.html.mustache", d, Escape::html);
}

std::string body(const std::string& name, data d, const PageFrame& frame) {
  d.set("csrf", frame.csrf);
  d.set("kiosk", flag(frame.kiosk));
  d.set("lang_query", language() == Language::zh ? "" : "?lang=en");
  d.set("lang_field", language() == Language::zh ? "zh" : "en");
  return render_template(loader(), "web/" + name + ".html.mustache", d, Escape::html);
}

} // namespace

std::string home_page(const PageFrame& frame) {
  data d;
  d.set("intro", _("Raise a matter for the village council, take a receipt, and follow it with the receipt's "
                   "code. 小事不出组，大事不出村."));
  d.set("raise_label", _("Raise a matter"));
  d.set("track_label", _("Follow a matter"));
  d.set("board_label", _("Notice board"));
  d.set("board", flag(!frame.kiosk));
  return framed(frame, frame.village, body("home", d, frame), true);
}

namespace {

// The form of a matter: the villager's own (kiosk, online), or a grid worker's on a villager's behalf.
std::string raise_form(const PageFrame& frame, const RaiseForm& form, const std::vector<FieldProblem>& problems,
                       const std::vector<std::string>& groups, bool on_behalf) {
  data d;
  d.set("action", on_behalf ? "/grid/raise" : "/raise");
  auto problem_of = [&](const char* field) {
    for (const auto& p : problems) {
      if (p.field == field) {
        return p.message;
      }
    }
    return std::string{};
  };
  data fields{data::type::list};
  struct Field {
    const char* name;
    std::string label;
    const std::string* value;
    bool long_text;
    bool required;
    int max;
  };
  const Field all[] = {
      {"title", _("The matter, in a line"), &form.title, false, true, 100},
      {"description", _("The details (where, since when, what you suggest)"), &form.description, true, false, 2000},
      {"name", on_behalf ? _("The villager's name") : _("Your name"), &form.name, false, true, 50},
      {"phone",
       on_behalf ? _("The villager's phone (optional; never shown on a notice)")
                 : _("Your phone (optional; never shown on a notice)"),
       &form.phone, false, false, 30},
  };
  for (const Field& f : all) {
    data field;
    field.set("name", f.name);
    field.set("label", f.label);
    field.set("value", *f.value);
    field.set("long", flag(f.long_text));
    field.set("required", flag(f.required));
    field.set("max", std::to_string(f.max));
    std::string problem = problem_of(f.name);
    field.set("problem", problem);
    field.set("has_problem", flag(!problem.empty()));
    fields.push_back(field);
  }
  d.set("fields", fields);
  data options{data::type::list};
  data everyone;
  everyone.set("value", "");
  everyone.set("label", _("The whole village"));
  everyone.set("selected", flag(form.group.empty()));
  options.push_back(everyone);
  for (const auto& g : groups) {
    data option;
    option.set("value", g);
    option.set("label", g);
    option.set("selected", flag(form.group == g));
    options.push_back(option);
  }
  d.set("groups", options);
  d.set("group_label", _("Which group it concerns"));
  std::string group_problem = problem_of("group");
  d.set("group_problem", group_problem);
  d.set("has_group_problem", flag(!group_problem.empty()));
  d.set("has_problems", flag(!problems.empty()));
  d.set("problems_heading", _("Please look again at the fields marked below."));
  d.set("submit", _("Raise it"));
  d.set("heading", _("Raise a matter"));
  d.set("has_heading", flag(!on_behalf));
  return body("raise", d, frame);
}

} // namespace

std::string raise_page(const PageFrame& frame, const RaiseForm& form, const std::vector<FieldProblem>& problems,
                       const std::vector<std::string>& groups) {
  return framed(frame, _("Raise a matter"), raise_form(frame, form, problems, groups, false), false);
}

std::string grid_login_page(const PageFrame& frame, const std::string& name, const std::string& message) {
  data d;
  d.set("heading", _("Grid workers: log in"));
  d.set("name_label", _("Your name"));
  d.set("secret_label", _("Password (the first time: the code the secretary gave you)"));
  d.set("name", name);
  d.set("message", message);
  d.set("has_message", flag(!message.empty()));
  d.set("submit", _("Log in"));
  return framed(frame, _("Grid workers: log in"), body("grid_login", d, frame), false);
}

std::string grid_password_page(const PageFrame& frame, const std::string& name, const std::string& code,
                               const std::string& problem) {
  data d;
  d.set("heading", _("Choose your password"));
  d.set("intro", _f("{}, the code worked once: choose the password you will log in with from now on.", name));
  d.set("name", name);
  d.set("code", code);
  d.set("problem", problem);
  d.set("has_problem", flag(!problem.empty()));
  d.set("password_label", _("Password (at least 8 characters)"));
  d.set("again_label", _("The same again"));
  d.set("submit", _("Save and log in"));
  return framed(frame, _("Choose your password"), body("grid_password", d, frame), false);
}

std::string grid_home_page(const PageFrame& frame, const GridWorker& worker, const std::vector<RaisedMatter>& raised,
                           const RaiseForm& form, const std::vector<FieldProblem>& problems,
                           const std::vector<std::string>& groups, const std::vector<VisitRound>& rounds,
                           const VisitNote& visit) {
  data d;
  d.set("rounds", list_of(rounds, [](data& round, const VisitRound& r) {
          round.set("session", r.session);
          round.set("council", r.council);
          round.set("starts_at", r.starts_at);
          round.set("items", list_of(r.items, [](data& item, const auto& ref_title) {
                      item.set("ref", ref_title.first);
                      item.set("title", ref_title.second);
                    }));
        }));
  d.set("has_rounds", flag(!rounds.empty()));
  d.set("rounds_heading", _("Door-to-door visits (上门议事)"));
  d.set("proposal_label", _("The matter"));
  d.set("household_label", _("The household visited"));
  d.set("opinion_label", _("What the household said"));
  d.set("vote_label", _("The household's vote"));
  d.set("no_vote", _("No vote"));
  d.set("vote_for", std::string(label(Choice::yes)));
  d.set("vote_against", std::string(label(Choice::no)));
  d.set("vote_abstain", std::string(label(Choice::abstain)));
  d.set("visit_submit", _("Record the visit"));
  d.set("visit_message", visit.message);
  d.set("has_visit_message", flag(!visit.message.empty()));
  d.set("visit_class", visit.ok ? "done" : "problem");
  d.set("heading", _f("Grid worker {}", worker.name));
  d.set("logout", _("Log out"));
  d.set("raise_heading", _("Raise a matter on a villager's behalf"));
  RaiseForm prefilled = form;
  if (prefilled.group.empty() && problems.empty()) {
    prefilled.group = worker.group;
  }
  d.set("form", raise_form(frame, prefilled, problems, groups, true));
  d.set("raised_heading", _("Matters you raised"));
  d.set("none", _("None yet."));
  d.set("raised", list_of(raised, [](data& row, const RaisedMatter& m) {
          row.set("ref", m.ref);
          row.set("title", m.title);
          row.set("status", m.status);
          row.set("code", m.code);
        }));
  d.set("has_raised", flag(!raised.empty()));
  return framed(frame, _f("Grid worker {}", worker.name), body("grid_home", d, frame), false);
}

std::string receipt_page(const PageFrame& frame, const Receipt& receipt, bool slip) {
  data d;
  d.set("heading", _("Your matter was received"));
  d.set("number_label", _("Receipt number"));
  d.set("number", receipt.proposal_ref);
  d.set("date_label", _("Date"));
  d.set("date", receipt.issued_at.substr(0, 10));
  d.set("title_label", _("Matter"));
  d.set("title", receipt.title);
  d.set("code_label", _("Tracking code"));
  d.set("code", receipt.code);
  std::string url = frame.origin + "/track/" + receipt.code;
  d.set("qr", qr_svg(url));
  d.set("url", url);
  d.set("handling", receipt.group.empty()
                        ? _("The village council will take it up: it is accepted or declined with a reason, then "
                            "deliberated at a session; each step is posted on the notice board.")
                        : _f("The council of {} will take it up; what exceeds the group goes up to the village "
                             "council. Each step is posted on the notice board.",
                             receipt.group));
  d.set("keep", _("Keep this code: with it you can see where your matter stands, here or at the kiosk."));
  d.set("print_label", _("Print the slip"));
  d.set("track_label", _("See where it stands"));
  d.set("slip", flag(slip));
  return slip ? body("slip", d, frame) : framed(frame, _("Receipt"), body("receipt", d, frame), true);
}

std::string track_page(const PageFrame& frame, const Track& t) {
  data d;
  d.set("heading", _f("Matter {}: {}", t.receipt.proposal_ref, t.receipt.title));
  d.set("status_label", _("Where it stands"));
  d.set("status", t.status);
  d.set("steps", list_of(t.steps, [](data& step, const auto& s) {
          step.set("on", s.on);
          step.set("text", s.text);
        }));
  d.set("notices", list_of(t.notices, [](data& notice, const auto& n) {
          notice.set("serial", n.serial);
          notice.set("ref", n.ref);
          notice.set("title", n.title);
          notice.set("posted", n.posted);
        }));
  d.set("has_notices", flag(!t.notices.empty()));
  d.set("notices_label", _("Notices posted about it"));
  d.set("board", flag(!frame.kiosk));
  return framed(frame, _("Follow a matter"), body("track", d, frame), true);
}

std::string track_form_page(const PageFrame& frame, const std::string& typed, bool not_found) {
  data d;
  d.set("heading", _("Follow a matter"));
  d.set("label", _("The tracking code on your receipt"));
  d.set("typed", typed);
  d.set("not_found", flag(not_found));
  d.set("problem", _("No matter has this code. Check it against the receipt (12 letters and digits)."));
  d.set("submit", _("Look it up"));
  return framed(frame, _("Follow a matter"), body("track_form", d, frame), false);
}

std::string board_page(const PageFrame& frame, const std::vector<Notice>& notices, Date today) {
  data d;
  d.set("heading", _("Notice board"));
  d.set("empty", _("No notice has been posted yet."));
  d.set("has_notices", flag(!notices.empty()));
  d.set("notices", list_of(notices, [today](data& row, const Notice& n) {
          row.set("serial", n.serial);
          row.set("ref", n.ref);
          row.set("title", n.title);
          row.set("state", std::string(label(n.state(today))));
          row.set("posted", format_iso(*n.posted_on));
          row.set("ends", format_iso(*n.ends_on));
        }));
  d.set("report_label", _("The village's figures this year"));
  return framed(frame, _("Notice board"), body("board", d, frame), false);
}

std::string message_page(const PageFrame& frame, const std::string& title, const std::string& message) {
  data d;
  d.set("heading", title);
  d.set("message", message);
  d.set("home", _("Back to the start"));
  return framed(frame, title, body("message", d, frame), true);
}

std::string qr_svg(const std::string& text, int scale) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                     &QRcode_free);
  if (!qr) {
    return {};
  }
  const int quiet = 4;
  const int size = (qr->width + 2 * quiet) * scale;
  std::string svg = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" width=\"{0}\" height=\"{0}\" "
                                "viewBox=\"0 0 {0} {0}\"><rect width=\"{0}\" height=\"{0}\" fill=\"#fff\"/><path d=\"",
                                size);
  for (int y = 0; y < qr->width; ++y) {
    for (int x = 0; x < qr->width; ++x) {
      if ((qr->data[y * qr->width + x] & 1) != 0) {
        svg += fmt::format("M{} {}h{}v{}h-{}z", (x + quiet) * scale, (y + quiet) * scale, scale, scale, scale);
      }
    }
  }
  return svg + "\" fill=\"#000\"/></svg>";
}

std::string asset(const std::string& name) {
  return loader().load("web/" + name).first;
}

std::string without_inline_style(const std::string& html, std::string* css) {
  auto open = html.find("<style>");
  auto close = html.find("</style>");
  if (open == std::string::npos || close == std::string::npos || close < open) {
    return html;
  }
  if (css != nullptr) {
    *css = html.substr(open + 7, close - open - 7);
  }
  return html.substr(0, open) + "<link rel=\"stylesheet\" href=\"/sheet.css\">" + html.substr(close + 8);
}

} // namespace yishi::web
