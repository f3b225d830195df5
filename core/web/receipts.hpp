#pragma once

// What a villager does through `yishi serve`: raise a matter (checked by the rules of proposal add),
// take a receipt with a tracking code, and follow the matter by that code. No HTTP here: the server in
// cli/commands/serve.cpp calls these, one transaction a write.

#include "core/date.hpp"
#include "core/labels.hpp"
#include "core/rules/proposal_rules.hpp"

#include <SQLiteCpp/Database.h>
#include <optional>
#include <string>
#include <vector>

namespace yishi::web {

/// The kiosk's form, as the villager filled it in.
struct RaiseForm {
  std::string title;
  std::string description;
  std::string group;
  std::string name;
  std::string phone;
};

/// A problem shown beside its field: title, description, group, name or phone.
struct FieldProblem {
  std::string field;
  std::string message;
};

struct Receipt {
  std::string proposal_ref; // the receipt's number: 2026-014
  std::string code;         // 7K3Q-9XMT-2ABF: 60 random bits in Crockford's base 32
  std::string title;        // as shown: personal numbers masked
  std::string group;
  Channel channel = Channel::kiosk;
  std::string issued_at;
};

/// Random bytes from the system's CSPRNG (the kernel's, getrandom) as lowercase hex: form and session tokens.
std::string random_hex(size_t bytes);

/// A new tracking code: 12 symbols of Crockford's base 32 (60 bits from the system's CSPRNG), in three
/// groups of four, with no I, L, O or U to misread aloud.
std::string new_tracking_code();

/// A code as a villager types it (any case, spaces or no dashes, O for 0, I or L for 1), normalised;
/// nothing when it cannot be a code.
std::optional<std::string> normalise_code(std::string_view typed);

/// Checks the form by the rules of proposal add (field by field) and the form's own (name required,
/// lengths); every problem beside its field. Empty when it may be raised.
std::vector<FieldProblem> check_form(SQLite::Database& db, const Clock& clock, const RaiseForm& form);

/// Collects the matter with the channel (kiosk, online, grid-worker) and issues its receipt, naming the
/// grid worker who raised it on the villager's behalf. Throws DataError when the form does not pass
/// check_form (the caller shows the problems instead).
Receipt raise(SQLite::Database& db, const Clock& clock, const RaiseForm& form, Channel channel,
              std::optional<long> grid_worker = std::nullopt);

std::optional<Receipt> find_receipt(SQLite::Database& db, std::string_view code);

/// One line of a matter's path, in plain words.
struct TrackStep {
  std::string on; // 2026-03-10
  std::string text;
};

struct TrackNotice {
  std::string serial;
  std::string ref;
  std::string title;
  std::string posted; // 2026-03-20 至 2026-03-26
};

/// Where a matter stands, as a villager may see it: no personal data of anyone.
struct Track {
  Receipt receipt;
  std::string status; // 已立项
  std::vector<TrackStep> steps;
  std::vector<TrackNotice> notices;
};

Track track(SQLite::Database& db, const Clock& clock, const Receipt& receipt);

} // namespace yishi::web
