// A rule that reaches for a store: cmake/check_layers.py must refuse it (CTest layers.refuse_wrong_way), read
// as if it stood at core/rules/. Never compiled.
#include "core/rules/vote.hpp"
#include "core/records/sessions.hpp"

namespace yishi {
int wrong_way();
}
