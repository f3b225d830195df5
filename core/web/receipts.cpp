#include "receipts.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/records/implementation.hpp"
#include "core/records/notices.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/rules/mask.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <cerrno>
#include <sys/random.h>

namespace yishi::web {
namespace {

constexpr std::string_view k_symbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford: no I L O U

const char* field_name(CandidateField field) {
  switch (field) {
  case CandidateField::title:
    return "title";
  case CandidateField::description:
    return "description";
  case CandidateField::group:
  case CandidateField::other_groups:
  case CandidateField::tier:
    return "group";
  case CandidateField::phone:
    return "phone";
  default:
    return "name";
  }
}

NewProposal candidate(const RaiseForm& form, Channel channel) {
  NewProposal np;
  np.title = form.title;
  np.description = form.description;
  np.group = form.group;
  np.tier = form.group.empty() ? std::optional<Tier>(Tier::village) : std::nullopt;
  np.channel = channel;
  np.proposer = form.name;
  np.proposer_phone = form.phone;
  return np;
}

// The form's fields under the names the page shows beside them.
FieldNames form_names() {
  FieldNames names;
  names.title = _("the matter");
  names.description = _("the details");
  names.proposer = _("your name");
  names.phone = _("your phone");
  names.group = _("your group");
  return names;
}

Receipt read_receipt(SQLite::Statement& q) {
  Receipt r;
  r.proposal_ref = proposal_ref(q.getColumn(0).getInt(), q.getColumn(1).getInt());
  r.code = q.getColumn(2).getString();
  r.title = mask_personal(q.getColumn(3).getString());
  r.group = q.getColumn(4).getString();
  r.channel = parse_enum<Channel>(q.getColumn(5).getString(), "channel");
  r.issued_at = q.getColumn(6).getString();
  return r;
}

// The kernel's CSPRNG (getrandom blocks only until it is seeded, at boot).
void fill_random(unsigned char* bytes, size_t n) {
  while (n > 0) {
    ssize_t got = ::getrandom(bytes, n, 0);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      throw Error(_("the system's random number generator failed"), _("nothing was changed; try again"));
    }
    bytes += got;
    n -= static_cast<size_t>(got);
  }
}

} // namespace

std::string random_hex(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  fill_random(raw.data(), raw.size());
  std::string hex;
  for (unsigned char b : raw) {
    hex += fmt::format("{:02x}", b);
  }
  return hex;
}

std::string new_tracking_code() {
  unsigned char bytes[8];
  fill_random(bytes, sizeof bytes);
  unsigned long long bits = 0;
  for (unsigned char b : bytes) {
    bits = bits << 8 | b;
  }
  std::string code;
  for (int i = 0; i < 12; ++i) {
    if (i > 0 && i % 4 == 0) {
      code += '-';
    }
    code += k_symbols[bits & 31U];
    bits >>= 5;
  }
  return code;
}

std::optional<std::string> normalise_code(std::string_view typed) {
  std::string symbols;
  for (char c : typed) {
    char u = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    if (u == '-' || u == ' ') {
      continue;
    }
    u = u == 'O' ? '0' : (u == 'I' || u == 'L') ? '1' : u;
    if (k_symbols.find(u) == std::string_view::npos) {
      return std::nullopt;
    }
    symbols += u;
  }
  if (symbols.size() != 12) {
    return std::nullopt;
  }
  return symbols.substr(0, 4) + "-" + symbols.substr(4, 4) + "-" + symbols.substr(8, 4);
}

std::vector<FieldProblem> check_form(SQLite::Database& db, const Clock& clock, const RaiseForm& form) {
  std::vector<FieldProblem> problems;
  if (trim(form.name).empty()) {
    problems.push_back({"name", _("Please give your name: the council answers the one who raised the matter.")});
  }
  VillageStore village(db);
  ProposalCheck check =
      check_proposal(candidate(form, Channel::kiosk),
                     VillageFacts{village.groups(), village.matter_types(), clock.today()}, form_names());
  for (const Problem& p : check.problems) {
    std::string field = field_name(p.field);
    if (field == "name" && !problems.empty() && problems.front().field == "name") {
      continue; // said once
    }
    problems.push_back({field, p.note.empty() ? p.message : p.note});
  }
  return problems;
}

Receipt raise(SQLite::Database& db, const Clock& clock, const RaiseForm& form, Channel channel,
              std::optional<long> grid_worker) {
  if (auto problems = check_form(db, clock, form); !problems.empty()) {
    throw DataError(problems.front().message);
  }
  Proposal p = ProposalStore(db, clock).add(candidate(form, channel));
  SQLite::Statement insert(db, "INSERT INTO receipt (proposal_id, code, channel, issued_at, grid_worker_id) "
                               "VALUES (?, ?, ?, ?, ?)");
  std::string code;
  for (int attempt = 0;; ++attempt) {
    code = new_tracking_code();
    SQLite::Statement taken(db, "SELECT 1 FROM receipt WHERE code = ?");
    taken.bind(1, code);
    if (!taken.executeStep()) {
      break;
    }
    if (attempt == 8) {
      throw Error(_("no free tracking code was found"), _("nothing was changed; try again"));
    }
  }
  insert.bind(1, static_cast<int64_t>(p.id));
  insert.bind(2, code);
  insert.bind(3, std::string(yishi::code(channel)));
  insert.bind(4, format_iso(clock.now()));
  if (grid_worker) {
    insert.bind(5, static_cast<int64_t>(*grid_worker));
  }
  insert.exec();
  return Receipt{p.ref, code, mask_personal(p.title), p.group_name, channel, format_iso(clock.now())};
}

std::optional<Receipt> find_receipt(SQLite::Database& db, std::string_view code) {
  SQLite::Statement q(db, "SELECT p.year, p.seq, r.code, p.title, coalesce(g.name, ''), r.channel, r.issued_at "
                          "FROM receipt r JOIN proposal p ON p.id = r.proposal_id "
                          "LEFT JOIN village_group g ON g.id = p.group_id WHERE r.code = ?");
  q.bind(1, std::string(code));
  if (!q.executeStep()) {
    return std::nullopt;
  }
  return read_receipt(q);
}

Track track(SQLite::Database& db, const Clock& clock, const Receipt& receipt) {
  ProposalStore proposals(db, clock);
  Proposal p = proposals.get(receipt.proposal_ref);
  Track t{receipt, std::string(label(p.status)), {}, {}};
  auto said = [](const std::string& text) { return mask_personal(text); };
  for (const ProposalEvent& e : proposals.history(p.id)) {
    std::string text(label(e.action));
    if (e.action == Action::collect) {
      text = _f("Received ({})", label(p.channel));
    } else if (e.action == Action::schedule) {
      continue; // said below, with the session's council and date
    } else if (!e.note.empty()) {
      text = _f("{}: {}", text, said(e.note));
    }
    t.steps.push_back({e.at.substr(0, 10), text});
  }
  for (const Session& s : SessionStore(db, clock).sessions_of(p.id)) {
    t.steps.push_back({format_iso(s.starts_at.date),
                       _f("On the agenda of {}, {} ({})", s.council.name, format_minutes(s.starts_at), label(s.mode))});
  }
  for (const Recommendation& r : proposals.recommendations(p.id)) {
    std::string text = _f("{} recommended: {}", r.council_name, said(r.text));
    if (r.tally) {
      text += _f(" ({} for, {} against, {} abstaining)", r.tally->yes, r.tally->no, r.tally->abstain);
    }
    t.steps.push_back({format_iso(r.made_on), text});
  }
  if (auto ruling = proposals.ruling(p.id)) {
    t.steps.push_back({format_iso(ruling->ruled_on), _f("Ruled by {}: {}; to be done by {}", ruling->council_name,
                                                        said(ruling->text), format_iso(ruling->deadline))});
  }
  if (p.status == Status::ruled || p.status == Status::completed) {
    Implementation done = ImplementationStore(db, clock).get(p.ref);
    for (const ProgressEntry& e : done.progress) {
      t.steps.push_back({format_iso(e.reported_on), e.note.empty() ? _f("Progress: {}%", e.percent)
                                                                   : _f("Progress: {}%, {}", e.percent, said(e.note))});
    }
    if (done.completed_on) {
      t.steps.push_back({format_iso(*done.completed_on), _f("Completed: {}", said(done.evidence))});
    }
  }
  for (const Notice& n : NoticeStore(db, clock).list(std::nullopt, p.ref)) {
    if (n.posted_on) {
      t.notices.push_back({n.serial, n.ref, n.title, _f("{} to {}", format_iso(*n.posted_on), format_iso(*n.ends_on))});
    }
  }
  std::stable_sort(t.steps.begin(), t.steps.end(), [](const TrackStep& a, const TrackStep& b) { return a.on < b.on; });
  return t;
}

} // namespace yishi::web
