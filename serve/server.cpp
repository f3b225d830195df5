// yishi serve's server, the module libyishi_serve.so: the village's database over HTTP on the village's own network,
// for villagers at the kiosk (智慧屋) and on their phones. cpp-httplib answers; every page is rendered by core/web/ and
// every write is one transaction with its history entry, as a command's. No secretary's function is here.
#include "server.hpp"

#include "core/documents/report.hpp"
#include "core/documents/sheet.hpp"
#include "core/records/notices.hpp"
#include "core/records/report.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/storage/database.hpp"
#include "core/storage/unit_of_work.hpp"
#include "core/text.hpp"
#include "core/web/grid.hpp"
#include "serve/pages.hpp"

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <httplib.h>
#include <iostream>
#include <map>
#include <mutex>
#include <pthread.h>
#include <regex>
#include <sys/stat.h>
#include <thread>
#include <type_traits>

namespace yishi::serve {
namespace {

// At most `limit` events per `window` for each key (an address): submissions, for one.
class RateLimit {
public:
  RateLimit(size_t limit, std::chrono::seconds window) : m_limit(limit), m_window(window) {}
  bool allow(const std::string& key) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(m_mutex);
    auto& times = m_seen[key];
    while (!times.empty() && now - times.front() > m_window) {
      times.pop_front();
    }
    if (times.size() >= m_limit) {
      return false;
    }
    times.push_back(now);
    return true;
  }

private:
  size_t m_limit;
  std::chrono::seconds m_window;
  std::mutex m_mutex;
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> m_seen;
};

// Login attempts: after 5 failures for a name or an address, each further attempt waits, twice as long each
// time (30 s, 1 min, 2 min, ... at most an hour); a success clears the name and the address.
class LoginThrottle {
public:
  /// Seconds to wait before the next attempt may be checked; 0: go on.
  long wait(const std::string& name, const std::string& address) {
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    long seconds = 0;
    for (const auto& key : {"name:" + name, "address:" + address}) {
      if (auto it = m_failed.find(key); it != m_failed.end() && it->second.until > now) {
        auto left = std::chrono::duration_cast<std::chrono::seconds>(it->second.until - now).count() + 1;
        seconds = std::max<long>(seconds, static_cast<long>(left));
      }
    }
    return seconds;
  }
  void failed(const std::string& name, const std::string& address) {
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    for (const auto& key : {"name:" + name, "address:" + address}) {
      Failures& f = m_failed[key];
      ++f.count;
      if (f.count >= 5) {
        const long delay = std::min<long>(3600, 30L << std::min<long>(f.count - 5, 7));
        f.until = now + std::chrono::seconds(delay);
      }
    }
  }
  void succeeded(const std::string& name, const std::string& address) {
    std::lock_guard lock(m_mutex);
    m_failed.erase("name:" + name);
    m_failed.erase("address:" + address);
  }

private:
  struct Failures {
    long count = 0;
    std::chrono::steady_clock::time_point until;
  };
  std::mutex m_mutex;
  std::map<std::string, Failures> m_failed;
};

// A lock taken in the order asked for (a ticket lock): writers waiting for their turn are served first
// come, first served, where std::mutex lets a late one overtake (a p99 of 4.2 s for 50 writers).
class TurnLock {
public:
  void lock() {
    std::unique_lock guard(m_mutex);
    const unsigned long ticket = m_next++;
    m_turn.wait(guard, [&] { return m_serving == ticket; });
  }
  void unlock() {
    std::lock_guard guard(m_mutex);
    ++m_serving;
    m_turn.notify_all();
  }

private:
  std::mutex m_mutex;
  std::condition_variable m_turn;
  unsigned long m_next = 0;
  unsigned long m_serving = 0;
};

std::string cookie(const httplib::Request& req, const std::string& name) {
  const std::string header = req.get_header_value("Cookie");
  for (const auto& part : split(header, ';')) {
    std::string item = trim(part);
    if (item.rfind(name + "=", 0) == 0) {
      return item.substr(name.size() + 1);
    }
  }
  return {};
}

// A form field as the server takes it: valid UTF-8, no control characters (line breaks only in long
// text), within its length. The problem is shown beside the field.
std::string field_problem(const std::string& value, size_t max_chars, bool long_text) {
  switch (check_typed_text(value, max_chars, long_text).fault) {
  case TypedText::Fault::not_text:
    return _("This holds characters that are not text; please type it again.");
  case TypedText::Fault::control:
    return _("This holds a control character; please type it again.");
  case TypedText::Fault::too_long:
    return _f("This is too long: at most {} characters.", max_chars);
  case TypedText::Fault::none:
    break;
  }
  return {};
}

class Server {
public:
  Server(std::filesystem::path db, const Options& options, const Clock& clock)
      : m_db(std::move(db)), m_options(options), m_clock(clock) {
    SQLite::Database db_now = storage::open_existing(m_db, storage::Use::read);
    m_info = VillageStore(db_now).info();
    m_village = m_info.name;
  }

  void routes(httplib::Server& http) {
    http.set_payload_max_length(64 * 1024);
    http.set_tcp_nodelay(true);         // small answers go at once (Nagle and delayed ACKs cost 40 ms each)
    http.set_keep_alive_max_count(100); // a phone keeps its connection for a visit
    // A thread keeps a connection for its keep-alive life: enough of them that the village's phones and
    // the kiosk are not queued behind one another (50 clients on 32 threads: a track p99 of 1.3 s).
    http.new_task_queue = [] { return new httplib::ThreadPool(64); };
    http.set_read_timeout(10, 0);
    http.set_write_timeout(10, 0);
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      set_thread_language(req.get_param_value("lang") == "en" ? Language::en : Language::zh);
      res.set_header("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'");
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("X-Frame-Options", "DENY");
      res.set_header("Referrer-Policy", "no-referrer");
      res.set_header("Cache-Control", "no-store");
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::cerr << fmt::format("yishi serve: {} {} {} {}\n", req.remote_addr, req.method, escape_for_terminal(req.path),
                               res.status);
    });
    http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "?";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      }
      std::cerr << "yishi serve: " << escape_for_terminal(req.path) << ": " << escape_for_terminal(what) << '\n';
      page(res, 500,
           web::message_page(frame(req), _("Something went wrong"),
                             _("Nothing was recorded. Please try again, or tell the village secretary.")));
    });
    http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) {
        return;
      }
      if (res.status == 413) {
        page(res, 413,
             web::message_page(frame(req), _("Too long"), _("What was sent is too long. Nothing was recorded.")));
      } else {
        page(res, res.status, web::message_page(frame(req), _("Not here"), _("There is no such page.")));
      }
    });

    http.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      page(res, 200, web::home_page(frame(req, &res)));
    });
    http.Get("/style.css", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(web::asset("style.css"), "text/css; charset=utf-8");
    });
    http.Get("/slip.css", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(web::asset("slip.css"), "text/css; charset=utf-8");
    });
    http.Get("/kiosk.js", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(web::asset("kiosk.js"), "text/javascript; charset=utf-8");
    });
    http.Get("/raise", [this](const httplib::Request& req, httplib::Response& res) {
      page(res, 200, web::raise_page(frame(req, &res), {}, {}, groups()));
    });
    http.Post("/raise", [this](const httplib::Request& req, httplib::Response& res) { raise(req, res); });
    http.Get(R"(/receipt/([0-9A-Z-]{14})(/slip)?)", [this](const httplib::Request& req, httplib::Response& res) {
      auto receipt = read([&](SQLite::Database& db) { return web::find_receipt(db, req.matches[1].str()); });
      if (!receipt) {
        not_found(req, res);
        return;
      }
      page(res, 200, web::receipt_page(frame(req), *receipt, req.matches[2].matched));
    });
    http.Get("/track", [this](const httplib::Request& req, httplib::Response& res) {
      std::string typed = req.get_param_value("code");
      if (typed.empty()) {
        page(res, 200, web::track_form_page(frame(req), "", false));
        return;
      }
      auto code = web::normalise_code(typed);
      auto receipt = code ? read([&](SQLite::Database& db) { return web::find_receipt(db, *code); }) : std::nullopt;
      if (!receipt) {
        page(res, 404, web::track_form_page(frame(req), is_valid_utf8(typed) ? typed : "", true));
        return;
      }
      res.set_redirect("/track/" + receipt->code + lang_query(), 303);
    });
    http.Get(R"(/track/([0-9A-Za-z-]{12,16}))", [this](const httplib::Request& req, httplib::Response& res) {
      auto code = web::normalise_code(req.matches[1].str());
      std::optional<web::Track> track;
      if (code) {
        track = read([&](SQLite::Database& db) -> std::optional<web::Track> {
          auto receipt = web::find_receipt(db, *code);
          return receipt ? std::optional(web::track(db, m_clock, *receipt)) : std::nullopt;
        });
      }
      if (!track) {
        page(res, 404, web::track_form_page(frame(req), "", true));
        return;
      }
      page(res, 200, web::track_page(frame(req), *track));
    });
    if (m_options.kiosk) {
      return; // the kiosk shows these pages only
    }
    http.Get("/board", [this](const httplib::Request& req, httplib::Response& res) {
      auto notices = read([&](SQLite::Database& db) {
        std::vector<Notice> posted;
        for (auto& n : NoticeStore(db, m_clock).list(std::nullopt)) {
          if (n.posted_on) {
            posted.push_back(std::move(n));
          }
        }
        return posted;
      });
      page(res, 200, web::board_page(frame(req), notices, m_clock.today()));
    });
    http.Get("/sheet.css", [this](const httplib::Request&, httplib::Response& res) {
      std::string css;
      web::without_inline_style(sheet_template(), &css);
      res.set_content(css, "text/css; charset=utf-8");
    });
    http.Get(R"(/board/(N\d{4}-\d{3,6}))", [this](const httplib::Request& req, httplib::Response& res) {
      auto html = read([&](SQLite::Database& db) -> std::optional<std::string> {
        Notice n;
        try {
          n = NoticeStore(db, m_clock).get(req.matches[1].str());
        } catch (const NotFound&) {
          return std::nullopt;
        }
        if (!n.posted_on) {
          return std::nullopt; // a draft is not on the board
        }
        VillageInfo village = VillageStore(db).info();
        return render_sheet(n, village, village_templates(village), SheetFormat::html);
      });
      if (!html) {
        not_found(req, res);
        return;
      }
      res.set_content(web::without_inline_style(*html), "text/html; charset=utf-8");
    });
    http.Get("/grid", [this](const httplib::Request& req, httplib::Response& res) {
      web::PageFrame f = frame(req, &res);
      auto worker = grid_worker(req);
      if (!worker) {
        page(res, 200, web::grid_login_page(f, "", ""));
        return;
      }
      page(res, 200, grid_home(f, *worker, {}, {}));
    });
    http.Post("/grid/login", [this](const httplib::Request& req, httplib::Response& res) { grid_login(req, res); });
    http.Post("/grid/password",
              [this](const httplib::Request& req, httplib::Response& res) { grid_password(req, res); });
    http.Post("/grid/raise", [this](const httplib::Request& req, httplib::Response& res) { grid_raise(req, res); });
    http.Post("/grid/visit", [this](const httplib::Request& req, httplib::Response& res) { grid_visit(req, res); });
    http.Post("/grid/logout", [this](const httplib::Request& req, httplib::Response& res) {
      if (form_token_ok(req)) {
        std::string token = cookie(req, "yishi_grid");
        write("yishi serve (grid-worker)", [&](SQLite::Database& db) {
          web::GridStore(db, m_clock).close_session(token);
          return true;
        });
      }
      res.set_header("Set-Cookie", "yishi_grid=; Path=/grid; HttpOnly; SameSite=Strict; Max-Age=0");
      res.set_redirect("/grid" + lang_query(), 303);
    });
    // The village's figures for a year (this year by default), as `yishi report --format html` gives them.
    http.Get("/board/report", [this](const httplib::Request& req, httplib::Response& res) {
      int year = static_cast<int>(m_clock.today().year());
      if (std::string y = req.get_param_value("year"); !y.empty()) {
        auto [end, error] = std::from_chars(y.data(), y.data() + y.size(), year);
        if (error != std::errc() || end != y.data() + y.size() || year < 1900 || year > 2999) {
          not_found(req, res);
          return;
        }
      }
      std::string html = read([&](SQLite::Database& db) {
        VillageInfo village = VillageStore(db).info();
        SheetContent doc = report_document(compute_report(db, m_clock, year_period(year), ""), village);
        return render_document(doc, village_templates(village), SheetFormat::html);
      });
      res.set_content(web::without_inline_style(html), "text/html; charset=utf-8");
    });
  }

private:
  // The village's sheet template (its own templates folder first), whose style /sheet.css serves.
  std::string sheet_template() const { return village_templates(m_info).load("sheet.html.mustache").first; }

  static std::string lang_query() { return language() == Language::en ? "?lang=en" : ""; }

  // The page's frame; with `res`, a form token is set in a cookie (HttpOnly, SameSite=Strict) when the
  // browser has none, and every form carries it back.
  web::PageFrame frame(const httplib::Request& req, httplib::Response* res = nullptr) const {
    web::PageFrame f;
    f.village = m_village;
    f.kiosk = m_options.kiosk;
    f.path = req.path;
    f.csrf = cookie(req, "yishi_form");
    if (res != nullptr && f.csrf.size() != 32) {
      f.csrf = web::random_hex(16);
      res->set_header("Set-Cookie", "yishi_form=" + f.csrf + "; Path=/; HttpOnly; SameSite=Strict");
    }
    static const std::regex host_shape(R"([A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:]+\](:\d{1,5})?)");
    std::string host = req.get_header_value("Host");
    f.origin = "http://" + (std::regex_match(host, host_shape) ? host : m_options.listen);
    return f;
  }

  static void page(httplib::Response& res, int status, const std::string& html) {
    res.status = status;
    res.set_content(html, "text/html; charset=utf-8");
  }

  void not_found(const httplib::Request& req, httplib::Response& res) const {
    page(res, 404, web::message_page(frame(req), _("Not here"), _("There is no such page.")));
  }

  std::vector<std::string> groups() const {
    return read([](SQLite::Database& db) {
      std::vector<std::string> names;
      for (const auto& g : VillageStore(db).groups()) {
        names.push_back(g.name);
      }
      return names;
    });
  }

  // One read transaction on a connection of its own: the CLI and other requests go on meanwhile.
  template <typename F> std::invoke_result_t<F, SQLite::Database&> read(F&& fn) const {
    SQLite::Database db = storage::open_existing(m_db, storage::Use::read);
    storage::Read work(db);
    return fn(db);
  }

  bool form_token_ok(const httplib::Request& req) const {
    const std::string expected = cookie(req, "yishi_form");
    return expected.size() == 32 && req.get_param_value("csrf") == expected;
  }

  void expired(const httplib::Request& req, httplib::Response& res) const {
    page(res, 403,
         web::message_page(frame(req), _("The form has expired"),
                           _("Nothing was recorded. Please open the form again and send it from there.")));
  }

  // One write transaction, taken at once, whose history entries name `who`; kept when fn returns true.
  // The server's writes take turns on one connection (in the order they came, where SQLite's busy handler
  // would make them sleep and retry: 50 writers had a p99 of 14.7 s that way). Between writes the
  // connection holds no lock, so the CLI writes as before; a database file replaced meanwhile (a restore)
  // is opened afresh.
  template <typename F> void write(const std::string& who, F&& fn) const {
    std::lock_guard lock(m_write_mutex);
    struct stat now {};
    if (::stat(m_db.c_str(), &now) != 0 || !m_writer || now.st_ino != m_writer_file.st_ino ||
        now.st_dev != m_writer_file.st_dev) {
      m_writer.reset();
      m_writer.emplace(storage::open_existing(m_db, storage::Use::write));
      ::stat(m_db.c_str(), &m_writer_file);
    }
    SQLite::Database& db = *m_writer;
    storage::Write work(db, {who, who, format_iso(m_clock.now())});
    if (fn(db)) {
      work.commit();
    }
  }

  std::optional<web::GridWorker> grid_worker(const httplib::Request& req) const {
    std::string token = cookie(req, "yishi_grid");
    if (token.empty()) {
      return std::nullopt;
    }
    return read([&](SQLite::Database& db) { return web::GridStore(db, m_clock).session(token); });
  }

  std::string grid_home(const web::PageFrame& f, const web::GridWorker& worker, const web::RaiseForm& form,
                        const std::vector<web::FieldProblem>& problems, const web::VisitNote& visit = {}) const {
    auto [raised, rounds] = read([&](SQLite::Database& db) {
      web::GridStore grid(db, m_clock);
      return std::pair(grid.raised_by(worker.id), grid.rounds(worker));
    });
    return web::grid_home_page(f, worker, raised, form, problems, groups(), rounds, visit);
  }

  // The grid worker sending a form: logged in, and with the form's token; else the refusal is answered.
  std::optional<web::GridWorker> worker_posting(const httplib::Request& req, httplib::Response& res) const {
    auto worker = grid_worker(req);
    if (!worker) {
      page(res, 401, web::grid_login_page(frame(req), "", _("Please log in first.")));
      return std::nullopt;
    }
    if (!form_token_ok(req)) {
      expired(req, res);
      return std::nullopt;
    }
    return worker;
  }

  // A household visit of a door-to-door session, by the worker as the council member who visited: the
  // same rules as `yishi session visit` (a member of the session's council, once a household an item).
  void grid_visit(const httplib::Request& req, httplib::Response& res) {
    web::PageFrame f = frame(req);
    auto worker = worker_posting(req, res);
    if (!worker) {
      return;
    }
    web::VisitNote note;
    const std::string household = trim(req.get_param_value("household"));
    const std::string opinion = req.get_param_value("opinion");
    const std::string vote = req.get_param_value("vote");
    if (std::string problem = field_problem(household, 50, false) + field_problem(opinion, 1000, true);
        !problem.empty() || household.empty()) {
      note.message = problem.empty() ? _("Please name the household visited.") : problem;
    } else {
      try {
        write(fmt::format("{} ({})", worker->name, code(Channel::grid_worker)), [&](SQLite::Database& db) {
          Visit v{household, m_clock.today(), worker->name, opinion, std::nullopt};
          if (!vote.empty()) {
            v.choice = parse_enum<Choice>(vote, "choice");
          }
          SessionStore(db, m_clock)
              .visit(req.get_param_value("session"), req.get_param_value("proposal"), v, worker->name);
          return true;
        });
        note = {true, _f("Recorded the visit to {}.", household)};
      } catch (const Error& e) {
        note.message = e.what();
      }
    }
    page(res, note.ok ? 200 : 422, grid_home(f, *worker, {}, {}, note));
  }

  void grid_login(const httplib::Request& req, httplib::Response& res) {
    web::PageFrame f = frame(req);
    if (!form_token_ok(req)) {
      expired(req, res);
      return;
    }
    std::string name = trim(req.get_param_value("name"));
    const std::string secret = req.get_param_value("secret");
    if (!field_problem(name, 50, false).empty() || secret.size() > 800) {
      page(res, 422, web::grid_login_page(f, "", _("The name or the password is not right.")));
      return;
    }
    if (long seconds = m_logins.wait(name, req.remote_addr); seconds > 0) {
      page(res, 429, web::grid_login_page(f, name, _f("Too many wrong attempts: please wait {} seconds.", seconds)));
      return;
    }
    web::Login login = read([&](SQLite::Database& db) { return web::GridStore(db, m_clock).login(name, secret); });
    if (login.outcome == web::LoginOutcome::refused) {
      m_logins.failed(name, req.remote_addr);
      page(res, 401, web::grid_login_page(f, name, _("The name or the password is not right.")));
      return;
    }
    m_logins.succeeded(name, req.remote_addr);
    if (login.outcome == web::LoginOutcome::choose_password) {
      page(res, 200, web::grid_password_page(f, login.worker->name, secret, ""));
      return;
    }
    start_session(res, login.worker->id);
  }

  void start_session(httplib::Response& res, long worker_id) const {
    std::string token;
    write("yishi serve (grid-worker)", [&](SQLite::Database& db) {
      token = web::GridStore(db, m_clock).open_session(worker_id);
      return true;
    });
    res.set_header("Set-Cookie", "yishi_grid=" + token + "; Path=/grid; HttpOnly; SameSite=Strict");
    res.set_redirect("/grid" + lang_query(), 303);
  }

  void grid_password(const httplib::Request& req, httplib::Response& res) {
    web::PageFrame f = frame(req);
    if (!form_token_ok(req)) {
      expired(req, res);
      return;
    }
    const std::string name = trim(req.get_param_value("name"));
    const std::string code = req.get_param_value("code");
    const std::string password = req.get_param_value("password");
    if (long seconds = m_logins.wait(name, req.remote_addr); seconds > 0) {
      page(res, 429, web::grid_login_page(f, name, _f("Too many wrong attempts: please wait {} seconds.", seconds)));
      return;
    }
    web::Login login = read([&](SQLite::Database& db) { return web::GridStore(db, m_clock).login(name, code); });
    if (login.outcome != web::LoginOutcome::choose_password) {
      m_logins.failed(name, req.remote_addr);
      page(res, 401, web::grid_login_page(f, name, _("The name or the password is not right.")));
      return;
    }
    std::string problem;
    if (password != req.get_param_value("again")) {
      problem = _("The two passwords differ.");
    } else {
      try {
        write("yishi serve (grid-worker)", [&](SQLite::Database& db) {
          web::GridStore(db, m_clock).set_password(login.worker->id, password);
          return true;
        });
      } catch (const DataError& e) {
        problem = e.what();
      }
    }
    if (!problem.empty()) {
      page(res, 422, web::grid_password_page(f, login.worker->name, code, problem));
      return;
    }
    start_session(res, login.worker->id);
  }

  // A matter raised on a villager's behalf: channel grid-worker, the worker named in the history and on
  // the receipt.
  void grid_raise(const httplib::Request& req, httplib::Response& res) {
    web::PageFrame f = frame(req);
    auto worker = worker_posting(req, res);
    if (!worker) {
      return;
    }
    web::RaiseForm form = form_of(req);
    std::vector<web::FieldProblem> problems = checked_fields(form);
    std::optional<web::Receipt> receipt;
    if (problems.empty()) {
      write(fmt::format("{} ({})", worker->name, code(Channel::grid_worker)), [&](SQLite::Database& db) {
        problems = web::check_form(db, m_clock, form);
        if (problems.empty()) {
          receipt = web::raise(db, m_clock, form, Channel::grid_worker, worker->id);
        }
        return problems.empty();
      });
    }
    if (!receipt) {
      page(res, 422, grid_home(f, *worker, form, problems));
      return;
    }
    res.set_redirect("/receipt/" + receipt->code + lang_query(), 303);
  }

  static web::RaiseForm form_of(const httplib::Request& req) {
    return {req.get_param_value("title"), req.get_param_value("description"), req.get_param_value("group"),
            req.get_param_value("name"), req.get_param_value("phone")};
  }

  // The server's own checks of each field (before the rules): a problem clears the field, never shown back.
  static std::vector<web::FieldProblem> checked_fields(web::RaiseForm& form) {
    std::vector<web::FieldProblem> problems;
    struct Check {
      const char* field;
      std::string* value;
      size_t max;
      bool long_text;
    };
    for (const Check& c : {Check{"title", &form.title, 100, false}, Check{"description", &form.description, 2000, true},
                           Check{"group", &form.group, 50, false}, Check{"name", &form.name, 50, false},
                           Check{"phone", &form.phone, 30, false}}) {
      if (std::string problem = field_problem(*c.value, c.max, c.long_text); !problem.empty()) {
        problems.push_back({c.field, problem});
        c.value->clear();
      }
    }
    return problems;
  }

  void raise(const httplib::Request& req, httplib::Response& res) {
    web::PageFrame f = frame(req);
    if (!form_token_ok(req)) {
      expired(req, res);
      return;
    }
    if (m_options.per_minute > 0 && !m_submissions.allow(req.remote_addr)) {
      page(res, 429,
           web::message_page(f, _("Please wait a minute"),
                             _("Many matters were sent from here within a minute. Nothing more was "
                               "recorded; please try again in a minute.")));
      return;
    }
    web::RaiseForm form = form_of(req);
    std::vector<web::FieldProblem> problems = checked_fields(form);
    const Channel channel = m_options.kiosk ? Channel::kiosk : Channel::online;
    std::optional<web::Receipt> receipt;
    if (problems.empty()) {
      write(fmt::format("yishi serve ({})", code(channel)), [&](SQLite::Database& db) {
        problems = web::check_form(db, m_clock, form);
        if (problems.empty()) {
          receipt = web::raise(db, m_clock, form, channel);
        }
        return problems.empty();
      });
    }
    if (!receipt) {
      page(res, 422, web::raise_page(f, form, problems, groups()));
      return;
    }
    res.set_redirect("/receipt/" + receipt->code + lang_query(), 303);
  }

  std::filesystem::path m_db;
  Options m_options;
  const Clock& m_clock;
  std::string m_village;
  VillageInfo m_info;
  RateLimit m_submissions{static_cast<size_t>(m_options.per_minute), std::chrono::seconds(60)};
  LoginThrottle m_logins;
  mutable TurnLock m_write_mutex;
  mutable std::optional<SQLite::Database> m_writer;
  mutable struct stat m_writer_file {};
};

// host:port, the port a number (0: any free one).
std::pair<std::string, int> address_of(const std::string& listen) {
  auto colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    auto digits = listen.substr(colon + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (error != std::errc() || end != digits.data() + digits.size()) {
      port = -1;
    }
  }
  if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
    throw UsageError(_f("--listen '{}' is not an address and port", listen),
                     _("give one as 127.0.0.1:8080 (this machine only) or 192.168.1.10:8080 (the village's network)"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return {host, port};
}

void run(const std::filesystem::path& db, const Clock& clock, const Options& options, std::ostream& notes,
         const std::string& note_prefix) {
  auto [host, port] = address_of(options.listen);
  const Language interface = language();
  set_language(Language::zh); // binds the catalog once: each request then picks its language
  set_thread_language(interface);
  Server server(db, options, clock);
  httplib::Server http;
  server.routes(http);

  // SIGTERM and SIGINT are taken by one thread, which stops the server: requests in flight finish.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::atomic<bool> stopping = false;
  std::atomic<bool> listening_over = false; // listen_after_bind returned, or never ran
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    stopping = true;
    // cpp-httplib's stop() does nothing until the listening loop runs: a signal that comes between the bind
    // and the loop (under load, the "serving" line is out by then) would be lost and the server run on. So
    // the stop waits for the loop to run, or to have ended.
    while (!http.is_running() && !listening_over) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    http.stop();
  });
  auto wake_stopper = [&] {
    if (!stopping.exchange(true)) {
      pthread_kill(stopper.native_handle(), SIGTERM);
    }
    stopper.join();
  };
  const int bound = port == 0 ? http.bind_to_any_port(host) : (http.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    listening_over = true;
    wake_stopper();
    throw Error(_f("cannot listen on {}", options.listen),
                _("another program may use the port: give another with --listen, such as 127.0.0.1:8081"));
  }
  notes << note_prefix
        << _f("serving {} at http://{}:{}/{}; stop with Ctrl-C", db.string(),
              host.find(':') != std::string::npos ? "[" + host + "]" : host, bound, options.kiosk ? _(" (kiosk)") : "")
        << std::endl;
  http.listen_after_bind();
  listening_over = true;
  wake_stopper(); // when listen ended otherwise
  notes << note_prefix << _("stopped") << std::endl;
}

} // namespace
} // namespace yishi::serve

extern "C" const yishi::serve::Module* yishi_serve_module() {
  static const yishi::serve::Module module{&yishi::serve::run};
  return &module;
}
