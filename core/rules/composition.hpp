#pragma once

#include "core/model.hpp"

#include <string>
#include <vector>

namespace yishi {

/// A council's make-up against the village's rules (1+8+X: Party share, women, categories).
struct CompositionReport {
  long members = 0;
  long party_members = 0;
  long women = 0;
  std::optional<double> min_party_share; // the rule in force, if any
  std::optional<double> min_women_share;
  std::vector<std::string> categories;         // covered, in order of first appearance
  std::vector<std::string> missing_categories; // required but not covered
  std::vector<std::string> broken;             // one sentence per broken rule
  bool ok() const { return broken.empty(); }
};

/// The defaults when village.toml names none: village council at least 60% Party members,
/// group councils at least 20%, representative bodies at least 1/3 women. Pure.
CompositionReport check_composition(const Council& council);

} // namespace yishi
