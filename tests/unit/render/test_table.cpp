#include "core/render/table.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace yishi;

TEST_CASE("core::render::table_aligns_chinese_by_display_width") {
  Table t({"Ref", "Group", "Status"});
  t.add_row({"2026-001", "新义组", "collected"});
  t.add_row({"2026-002", "-", "ruled"});
  std::ostringstream out;
  t.render(out);
  CHECK(out.str() == "Ref       Group   Status\n"
                     "2026-001  新义组  collected\n"
                     "2026-002  -       ruled\n");
}

TEST_CASE("core::render::table_cuts_long_cells_unless_wide") {
  Table t({"Title", "X"});
  t.set_max_width(0, 9);
  t.add_row({"新义组进村道路硬化拓宽", "1"});
  std::ostringstream cut;
  t.render(cut);
  CHECK(cut.str() == "Title      X\n新义组进…  1\n");
  std::ostringstream wide;
  t.render(wide, true);
  CHECK(wide.str() == "Title                   X\n新义组进村道路硬化拓宽  1\n");
}
