#pragma once

// Inside the importer: the columns each kind of import understands, and the rows of a file in any of
// its formats (CSV, JSON Lines, TOML), read as a stream with the line each row begins on. Checking and
// writing the rows is import.cpp's.
#include "core/io/import.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yishi::io {

struct Field {
  std::string_view name;
  std::vector<std::string_view> aliases; // other spellings, compared after normalise_header()
  bool required = false;
};

enum PeopleField {
  p_key,
  p_name,
  p_group,
  p_gender,
  p_party,
  p_categories,
  p_phone,
  p_id_number,
  p_birth_date, // a roster's: the adults of each group are counted from it (or from the ID number)
  p_household   // a roster's: 户号, or the household head's name
};
enum ProposalField {
  q_key,
  q_title,
  q_description,
  q_proposer,
  q_phone,
  q_group,
  q_tier,
  q_channel,
  q_date,
  q_budget,
  q_type,
  q_also_groups,
  q_status
};
enum BallotField { b_session, b_proposal, b_person, b_choice };

/// The columns of an import of `kind`, in field order.
const std::vector<Field>& fields_of(ImportKind kind);
/// "people", "proposals", "ballots".
const char* kind_name(ImportKind kind);
/// A header or value as it is compared: lower case, without spaces, `_` and `-`.
std::string normalise_header(std::string_view text);

/// A party-membership cell: yes or no (是, 否), or a roster's 政治面貌 (中共党员 and 中共预备党员 are members;
/// 群众, 共青团员, a democratic party's member are not). Nothing for a value that says neither.
std::optional<bool> party_of(std::string_view cell);

struct Row {
  long line = 0;
  std::vector<std::optional<std::string>> values; // by field; nothing: absent or empty
  std::vector<std::string> labels;                // by field: the column as this file names it
  std::string error;                              // the row as a whole cannot be read
  std::vector<std::string> cells;                 // CSV: the cells as read, for the rejects file
  std::string text;                               // JSON Lines: the line as read
};

/// Rows of a file, one at a time, and how a rejected one is written back in the file's own format.
class Source {
public:
  virtual ~Source() = default;
  virtual bool next(Row& row) = 0;
  /// How much of the file has been read, in bytes (or entries, for a file read whole).
  virtual std::pair<std::uintmax_t, std::uintmax_t> position() = 0;
  virtual std::string rejects_extension() const = 0;
  virtual void write_rejects_header(std::ostream& out) = 0;
  virtual void write_reject(std::ostream& out, const Row& row, const std::string& reason) = 0;
};

/// The format a file's extension names: csv, xlsx, toml or jsonl; a UsageError otherwise.
std::string format_from_extension(const std::filesystem::path& file);
/// The encoding of a file, guessed from its first 64 KiB.
std::string sniff_encoding(const std::filesystem::path& file);
/// The file opened as rows of `kind` in `format`, decoded from `encoding`. `recover` (--skip-bad): a
/// malformed CSV record is a rejected row (Row::error) and reading goes on at the next record.
std::unique_ptr<Source> open_source(ImportKind kind, const std::filesystem::path& file, const std::string& format,
                                    const std::string& encoding, bool recover, const std::string& sheet = {});

} // namespace yishi::io
