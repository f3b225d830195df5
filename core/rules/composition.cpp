#include "composition.hpp"

#include "core/i18n.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cmath>

namespace yishi {
namespace {

// The fewest of `n` that make up at least `share` of them.
long needed(double share, long n) {
  return static_cast<long>(std::ceil(share * static_cast<double>(n) - 1e-9));
}

std::string percent(double share) {
  return fmt::format("{:.0f}%", share * 100.0);
}

} // namespace

CompositionReport check_composition(const Council& c) {
  CompositionReport r;
  r.members = static_cast<long>(c.members.size());
  for (const auto& m : c.members) {
    r.party_members += m.party_member ? 1 : 0;
    r.women += m.gender == Gender::female ? 1 : 0;
    for (const auto& cat : m.categories) {
      if (std::find(r.categories.begin(), r.categories.end(), cat) == r.categories.end()) {
        r.categories.push_back(cat);
      }
    }
  }
  r.min_party_share = c.min_party_share;
  if (!r.min_party_share && c.kind == CouncilKind::council) {
    r.min_party_share = c.tier == Tier::village ? 0.6 : 0.2;
  }
  r.min_women_share = c.min_women_share;
  if (!r.min_women_share && c.representative) {
    r.min_women_share = 1.0 / 3.0;
  }
  if (r.min_party_share && r.party_members < needed(*r.min_party_share, r.members)) {
    r.broken.push_back(_f("Party members are {} of {}; the rule needs at least {} ({})", r.party_members, r.members,
                          percent(*r.min_party_share), needed(*r.min_party_share, r.members)));
  }
  if (r.min_women_share && r.women < needed(*r.min_women_share, r.members)) {
    r.broken.push_back(_f("women are {} of {}; the rule needs at least {} ({})", r.women, r.members,
                          percent(*r.min_women_share), needed(*r.min_women_share, r.members)));
  }
  for (const auto& cat : c.required_categories) {
    if (std::find(r.categories.begin(), r.categories.end(), cat) == r.categories.end()) {
      r.missing_categories.push_back(cat);
    }
  }
  if (!r.missing_categories.empty()) {
    r.broken.push_back(_f("no member represents: {}", join(r.missing_categories, _(", "))));
  }
  return r;
}

} // namespace yishi
