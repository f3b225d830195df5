#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace yishi {

/// A plain-text table aligned by display width (a Chinese character takes two columns).
class Table {
public:
  explicit Table(std::vector<std::string> headers) : m_headers(std::move(headers)) {}

  void add_row(std::vector<std::string> cells) { m_rows.push_back(std::move(cells)); }
  bool empty() const { return m_rows.empty(); }
  /// Cells wider than `width` columns are cut with … unless the table is printed wide.
  void set_max_width(size_t column, int width);
  void render(std::ostream& out, bool wide = false) const;

private:
  std::vector<std::string> m_headers;
  std::vector<std::vector<std::string>> m_rows;
  std::vector<int> m_max_widths;
};

} // namespace yishi
