#pragma once

#include "core/i18n.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace yishi {

/// Process exit codes, documented in README.md and the manual pages.
enum class ExitCode : int {
  ok = 0,
  error = 1,         ///< refused or failed: nothing was changed
  usage = 2,         ///< the command line was malformed
  finding = 3,       ///< a check ran and found something wrong (verify, doctor, council check)
  output_failed = 4, ///< the change was made and kept, but its output could not be written
};

/// Base of every error Yishi reports to a user. The message names the record,
/// file, line or field at fault; the hint, when given, says what to do next.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message, std::string hint = {})
      : std::runtime_error(message), m_hint(std::move(hint)) {}
  const std::string& hint() const noexcept { return m_hint; }

private:
  std::string m_hint;
};

/// The command line was malformed (exit code 2).
class UsageError : public Error {
  using Error::Error;
};

/// A named record does not exist.
class NotFound : public Error {
  using Error::Error;
};

/// The request breaks a rule of the council or of the lifecycle.
class RuleViolation : public Error {
  using Error::Error;
};

/// Input data (a file, a field) is malformed.
class DataError : public Error {
  using Error::Error;
};

} // namespace yishi
