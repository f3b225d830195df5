#include "table.hpp"

#include "core/text.hpp"

#include <algorithm>

namespace yishi {

void Table::set_max_width(size_t column, int width) {
  if (m_max_widths.size() <= column) {
    m_max_widths.resize(column + 1, 0);
  }
  m_max_widths[column] = width;
}

void Table::render(std::ostream& out, bool wide) const {
  auto cell = [&](const std::vector<std::string>& row, size_t c) {
    std::string text = c < row.size() ? row[c] : "";
    std::replace(text.begin(), text.end(), '\n', ' ');
    if (!wide && c < m_max_widths.size() && m_max_widths[c] > 0) {
      return fit_width(text, m_max_widths[c]);
    }
    return text;
  };
  std::vector<int> widths(m_headers.size(), 0);
  for (size_t c = 0; c < m_headers.size(); ++c) {
    widths[c] = display_width(m_headers[c]);
    for (const auto& row : m_rows) {
      widths[c] = std::max(widths[c], display_width(cell(row, c)));
    }
  }
  auto line = [&](const std::vector<std::string>& row, bool header) {
    std::string text;
    for (size_t c = 0; c < m_headers.size(); ++c) {
      std::string value = header ? row[c] : cell(row, c);
      text += c + 1 == m_headers.size() ? value : pad_width(value, widths[c]) + "  ";
    }
    while (!text.empty() && text.back() == ' ') {
      text.pop_back();
    }
    out << text << '\n';
  };
  line(m_headers, true);
  for (const auto& row : m_rows) {
    line(row, false);
  }
}

} // namespace yishi
