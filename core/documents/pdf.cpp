#include "pdf.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cairo-pdf.h>
#include <cairo.h>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <pango/pangocairo.h>
#include <span>
#include <string_view>
#include <vector>

namespace yishi {
namespace {

constexpr double k_mm = 72.0 / 25.4; // PDF points per millimetre

template <typename T, void (*Free)(T*)> struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Surface = std::unique_ptr<cairo_surface_t, Deleter<cairo_surface_t, cairo_surface_destroy>>;
using Cairo = std::unique_ptr<cairo_t, Deleter<cairo_t, cairo_destroy>>;
void unref_object(PangoLayout* p) {
  g_object_unref(p);
}
void free_font(PangoFontDescription* p) {
  pango_font_description_free(p);
}
using Layout = std::unique_ptr<PangoLayout, Deleter<PangoLayout, unref_object>>;
using Font = std::unique_ptr<PangoFontDescription, Deleter<PangoFontDescription, free_font>>;

using Attributes = std::unique_ptr<PangoAttrList, Deleter<PangoAttrList, pango_attr_list_unref>>;

// Full-width marks: closing ones keep their glyph to the left of their em, opening ones to the right.
constexpr std::string_view k_closing[] = {"，", "。", "、", "；", "：", "？", "！", "）",
                                          "」", "』", "】", "〕", "》", "〉", "”",  "’"};
constexpr std::string_view k_opening[] = {"（", "「", "『", "【", "〔", "《", "〈", "“", "‘"};

bool starts_with_one_of(std::string_view text, size_t at, std::span<const std::string_view> marks, size_t& length) {
  for (std::string_view m : marks) {
    if (text.substr(at, m.size()) == m) {
      length = m.size();
      return true;
    }
  }
  return false;
}

// Where two full-width marks meet ("）。", "，“"), the blank half of one of them goes (the font's 'halt'
// feature, as JIS X 4051 and CLREQ set them): a closing mark before another mark, an opening mark after one.
void compress_punctuation(std::string_view text, PangoAttrList* attrs) {
  struct Mark {
    size_t at, length;
    bool closing;
  };
  std::vector<Mark> marks;
  for (size_t i = 0; i < text.size();) {
    size_t n = 0;
    if (starts_with_one_of(text, i, k_closing, n)) {
      marks.push_back({i, n, true});
    } else if (starts_with_one_of(text, i, k_opening, n)) {
      marks.push_back({i, n, false});
    } else {
      n = 1;
    }
    i += n;
  }
  auto halve = [&](const Mark& m) {
    PangoAttribute* a = pango_attr_font_features_new("halt");
    a->start_index = static_cast<guint>(m.at);
    a->end_index = static_cast<guint>(m.at + m.length);
    pango_attr_list_insert(attrs, a);
  };
  for (size_t k = 0; k + 1 < marks.size(); ++k) {
    const Mark& a = marks[k];
    const Mark& b = marks[k + 1];
    if (a.at + a.length != b.at) {
      continue; // not adjacent
    }
    if (a.closing) {
      halve(a);
    } else if (!b.closing) {
      halve(b); // two opening marks: the second loses its blank left half
    }
    if (!b.closing && a.closing) {
      halve(b);
    }
  }
}

// A number is kept with the unit or word after it (反对0票, 180000元, 40%): a word joiner between them, which
// Pango does not break at and does not draw.
std::string keep_numbers_with_units(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    const bool digit = text[i] >= '0' && text[i] <= '9';
    const bool next_ideograph = i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0xE4 &&
                                static_cast<unsigned char>(text[i + 1]) <= 0xE9;
    if (digit && (next_ideograph || (i + 1 < text.size() && text[i + 1] == '%'))) {
      out += "\u2060";
    }
  }
  return out;
}

size_t chars_in(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) {
    n += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

// A4 is 210 x 297 mm; A3 is 297 x 420 mm, the same layout scaled up for the large board.
struct Page {
  double width;
  double height;
  double scale;
};
Page page_of(Paper paper) {
  return paper == Paper::a4 ? Page{210.0 * k_mm, 297.0 * k_mm, 1.0} : Page{297.0 * k_mm, 420.0 * k_mm, 297.0 / 210.0};
}

constexpr const char* k_serif = "Noto Serif CJK SC"; // 宋体; its bold stands in for 小标宋
constexpr const char* k_sans = "Noto Sans CJK SC";   // 黑体

// Where a layout puts things on an A4 page (A3 scales it), in millimetres.
struct Geometry {
  double top, right, bottom, left; // margins: the type area (版心) lies inside them
  bool red_header;                 // the issuing body's mark in red over a red rule (版头)
  bool grid;                       // GB/T 9704: 28 characters a line, 22 lines a page, whatever the length
  double date_inset_em;            // the date this many characters in from the right, the body centred over it
  bool alternate_numbers;          // page numbers right on odd pages, left on even ones; else centred
};

Geometry geometry_of(SheetLayout layout) {
  switch (layout) {
  case SheetLayout::gbt9704:
    // GB/T 9704-2012 7.2: top 37 mm, left 28 mm, type area 156 x 225 mm.
    return {37, 26, 35, 28, true, true, 4, true};
  case SheetLayout::red_header:
    return {25, 22, 22, 22, true, false, 0, false};
  case SheetLayout::plain:
    break;
  }
  return {25, 22, 22, 22, false, false, 0, false};
}

struct Style {
  const char* family = k_serif;
  double size = 15; // points on A4
  bool bold = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  double indent_em = 0;   // the first line's indent
  double space_after = 0; // points on A4
  bool red = false;
  double inset_right = 0; // points of the type area's width left free on the right
  double box_width = 0;   // points: set in a box this wide at the right of the type area (0: the whole width)
  bool body = false;      // a paragraph of the body: measured, and set on the line grid where there is one
};

// The sizes a sheet is set in, chosen by fit().
struct Sizes {
  double title = 22;
  double body = 15;
  double pitch = 0;  // the body's baseline-to-baseline distance in points (the grid), 0 for the natural leading
  double offset = 0; // millimetres of space above a short sheet's content, so the page looks composed
  int pages = 1;
};

// Lays out the sheets page by page, moving down from the top margin.
class Typesetter {
public:
  SheetMeasures* measures = nullptr; // when set, every block is measured
  std::string* missing = nullptr;    // when set (and not measuring), the characters no font has are kept here
  Typesetter(cairo_t* cr, Page page, Geometry g, bool draw)
      : m_cr(cr), m_page(page), m_g(g), m_left(g.left * k_mm * page.scale),
        m_right(page.width - g.right * k_mm * page.scale), m_top(g.top * k_mm * page.scale),
        m_bottom(page.height - g.bottom * k_mm * page.scale), m_y(m_top), m_draw(draw) {}

  int pages() const { return m_pages; }
  int lines_of_last_block() const { return m_last_lines; }
  /// How far down the type area the last sheet's content reached, as a share of the type area's height.
  double filled() const { return m_filled; }
  const Geometry& geometry() const { return m_g; }

  double text_width() const { return m_right - m_left; }
  /// The type area's width and height in A4 points.
  double area_width() const { return text_width() / m_page.scale; }
  double area_height() const { return (m_bottom - m_top) / m_page.scale; }

  /// Numbers the pages of the sheets set from here on ("— 1 —"), from 1.
  void number_pages(bool on) {
    m_numbered = on;
    m_first_page = m_pages;
  }
  /// The baseline-to-baseline distance of the body, in A4 points (0: the font's own leading).
  void set_pitch(double pitch) { m_pitch = pitch; }

  // Writes one block of text, line by line: a paragraph that reaches the bottom of the type area goes on at
  // the top of the next page. Returns its height.
  double block(const std::string& text, const Style& st) {
    Layout layout = make_layout(text, st);
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    const double height = static_cast<double>(h) / PANGO_SCALE;
    m_last_lines = pango_layout_get_line_count(layout.get());
    const double x = st.box_width > 0 ? m_right - (st.inset_right + st.box_width) * m_page.scale : m_left;
    if (measures != nullptr) {
      measure(layout.get(), text_of(layout.get()), st, x);
    } else if (missing != nullptr) {
      missing_characters(layout.get(), *missing);
    }
    if (m_draw) {
      cairo_save(m_cr);
      if (st.red) {
        cairo_set_source_rgb(m_cr, 0.85, 0, 0);
      }
    }
    double top = m_y; // where the layout's top is on this page
    PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      const double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
      const double line_bottom = line_top + static_cast<double>(logical.height) / PANGO_SCALE;
      if (top + line_bottom > m_bottom + 0.5 && top + line_top > m_top + 0.5) {
        if (m_draw) {
          cairo_restore(m_cr);
        }
        new_page();
        if (m_draw) {
          cairo_save(m_cr);
          if (st.red) {
            cairo_set_source_rgb(m_cr, 0.85, 0, 0);
          }
        }
        top = m_top - line_top;
      }
      const double baseline = top + static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE;
      if (measures != nullptr && st.body && m_pages == 0) {
        measures->first_page_baselines_mm.push_back(baseline / m_page.scale / k_mm);
      }
      if (m_draw) {
        cairo_move_to(m_cr, x + static_cast<double>(logical.x) / PANGO_SCALE, baseline);
        pango_cairo_show_layout_line(m_cr, pango_layout_iter_get_line_readonly(iter));
      }
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    if (m_draw) {
      cairo_restore(m_cr);
    }
    m_y = top + height + (st.body && m_pitch > 0 ? m_gap : st.space_after * m_page.scale);
    return height;
  }

  /// The width of `text` set on one line, in A4 points.
  double natural_width(const std::string& text, const Style& st) {
    Style one = st;
    one.indent_em = 0;
    Layout layout = make_layout(text, one, false);
    PangoRectangle logical;
    pango_layout_get_extents(layout.get(), nullptr, &logical);
    return static_cast<double>(logical.width) / PANGO_SCALE / m_page.scale;
  }

  void space(double mm) { m_y += mm * k_mm * m_page.scale; }

  // The issuing body's mark (发文机关标志) in red, the serial number (发文字号) centred under it, and 4 mm
  // below that the red rule as wide as the type area (GB/T 9704-2012 7.2).
  void red_header(const std::string& mark, const std::string& serial, double serial_size) {
    double size = 36;
    const double chars = static_cast<double>(std::max<size_t>(chars_in(mark), 1));
    while (size > 18 && chars * size * 1.1 > area_width()) {
      size -= 2;
    }
    Style st{.size = size, .bold = true, .align = PANGO_ALIGN_CENTER, .space_after = size * 0.6, .red = true};
    block(mark, st);
    if (!serial.empty()) {
      block(serial, Style{.size = serial_size, .align = PANGO_ALIGN_CENTER});
    }
    space(4);
    if (m_draw) {
      cairo_save(m_cr);
      cairo_new_path(m_cr);
      cairo_set_source_rgb(m_cr, 0.85, 0, 0);
      cairo_set_line_width(m_cr, 1.5 * m_page.scale);
      cairo_move_to(m_cr, m_left, m_y);
      cairo_line_to(m_cr, m_right, m_y);
      cairo_stroke(m_cr);
      cairo_restore(m_cr);
    }
    space(9);
  }

  void measure(PangoLayout* layout, const std::string& text, const Style& st, double x) {
    const int lines = pango_layout_get_line_count(layout);
    auto chars_of_line = [&](int i) {
      PangoLayoutLine* line = pango_layout_get_line_readonly(layout, i);
      return chars_in(
          std::string_view(text).substr(static_cast<size_t>(line->start_index), static_cast<size_t>(line->length)));
    };
    if (lines >= 2 && chars_of_line(lines - 1) < 3) {
      measures->short_last_lines.push_back(text);
    }
    if (st.body) {
      for (int i = 1; i + 1 < lines; ++i) { // neither indented nor a paragraph's end
        measures->full_line_chars[static_cast<int>(chars_of_line(i))]++;
      }
    }
    if (st.inset_right > 0 || st.box_width > 0) {
      PangoRectangle logical;
      pango_layout_get_extents(layout, nullptr, &logical);
      const double right_end = x + static_cast<double>(logical.x + logical.width) / PANGO_SCALE;
      measures->date_inset_em = (m_right - right_end) / (st.size * m_page.scale);
    }
    const double em = st.size * m_page.scale * PANGO_SCALE;
    for (size_t i = 0; i < text.size();) {
      size_t a = 0;
      size_t b = 0;
      const bool first = starts_with_one_of(text, i, k_closing, a) || starts_with_one_of(text, i, k_opening, a);
      if (first && (starts_with_one_of(text, i + a, k_closing, b) || starts_with_one_of(text, i + a, k_opening, b))) {
        PangoRectangle from;
        PangoRectangle to;
        pango_layout_index_to_pos(layout, static_cast<int>(i), &from);
        pango_layout_index_to_pos(layout, static_cast<int>(i + a), &to);
        if (from.y == to.y) { // on one line
          measures->widest_mark_pair_em = std::max(measures->widest_mark_pair_em, (to.x + to.width - from.x) / em);
        }
      }
      i += first ? a : 1;
    }
    missing_characters(layout, measures->missing_characters);
  }

  // The characters no font has a glyph for: Pango draws them as a box (the glyph's code carries the flag).
  static void missing_characters(PangoLayout* layout, std::string& out) {
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      PangoLayoutRun* run = pango_layout_iter_get_run_readonly(iter);
      if (run == nullptr) {
        continue;
      }
      for (int i = 0; i < run->glyphs->num_glyphs; ++i) {
        const PangoGlyph glyph = run->glyphs->glyphs[i].glyph;
        if ((glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0 && glyph != PANGO_GLYPH_EMPTY) {
          const auto c = static_cast<gunichar>(glyph & ~PANGO_GLYPH_UNKNOWN_FLAG);
          char utf8[8] = {};
          g_unichar_to_utf8(c, utf8);
          if (out.find(utf8) == std::string::npos) {
            out += utf8;
          }
        }
      }
    } while (pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
  }

  // A paragraph's last line of one or two characters ("映。") is pulled up by tightening the letter spacing a
  // little, or, where that cannot, given a third character by loosening it: at most 4% of an em either way.
  void avoid_short_last_line(PangoLayout* layout, const std::string& text, PangoAttrList* base, double size) {
    auto last_line_chars = [&] {
      int n = pango_layout_get_line_count(layout);
      if (n < 2) {
        return size_t{3};
      }
      PangoLayoutLine* line = pango_layout_get_line_readonly(layout, n - 1);
      return chars_in(
          std::string_view(text).substr(static_cast<size_t>(line->start_index), static_cast<size_t>(line->length)));
    };
    if (last_line_chars() >= 3) {
      return;
    }
    for (double step : {-0.01, -0.02, -0.03, -0.04, 0.01, 0.02, 0.03, 0.04}) {
      Attributes attrs(pango_attr_list_copy(base));
      PangoAttribute* spacing = pango_attr_letter_spacing_new(static_cast<int>(step * size * PANGO_SCALE));
      pango_attr_list_insert_before(attrs.get(), spacing);
      pango_layout_set_attributes(layout, attrs.get());
      if (last_line_chars() >= 3) {
        return;
      }
    }
    pango_layout_set_attributes(layout, base);
  }

  // A short label at (x, m_y) in a box `width` wide.
  void small(const std::string& text, double x, double width, PangoAlignment align, double size = 8) {
    if (!m_draw) {
      return;
    }
    Layout layout(pango_cairo_create_layout(m_cr));
    pango_cairo_context_set_resolution(pango_layout_get_context(layout.get()), 72.0);
    pango_layout_context_changed(layout.get());
    Font font(pango_font_description_from_string(k_sans));
    pango_font_description_set_absolute_size(font.get(), size * m_page.scale * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), text.c_str(), -1);
    cairo_save(m_cr);
    cairo_set_source_rgb(m_cr, 0, 0, 0);
    cairo_move_to(m_cr, x, m_y);
    pango_cairo_show_layout(m_cr, layout.get());
    cairo_restore(m_cr);
  }

  /// Starts a new page unless `mm` millimetres still fit on this one (keeps a block together).
  void keep(double mm) {
    if (m_y + mm * k_mm * m_page.scale > m_bottom) {
      new_page();
    }
  }

  // A stacked bar chart, drawn in vector (one bar a label, one colour a series), with its legend.
  void chart(const Chart& c) {
    const double scale = m_page.scale;
    const double h = 60 * k_mm * scale;
    keep(h / k_mm / scale + 24);
    const double left = m_left + 10 * k_mm * scale;
    const double bottom = m_y + h;
    const double slot = (m_right - left) / static_cast<double>(std::max<size_t>(c.labels.size(), 1));
    const long top = c.tallest();
    if (m_draw) {
      cairo_save(m_cr);
      cairo_set_line_width(m_cr, 0.6 * scale);
      cairo_set_source_rgb(m_cr, 0.2, 0.2, 0.2);
      cairo_move_to(m_cr, left, bottom);
      cairo_line_to(m_cr, m_right, bottom);
      cairo_stroke(m_cr);
      for (size_t i = 0; i < c.labels.size(); ++i) {
        double y = bottom;
        for (const auto& s : c.series) {
          double bh = static_cast<double>(s.values[i]) * (h - 6 * scale) / static_cast<double>(top);
          y -= bh;
          cairo_set_source_rgb(m_cr, s.red, s.green, s.blue);
          cairo_rectangle(m_cr, left + static_cast<double>(i) * slot + slot * 0.2, y, slot * 0.6, bh);
          cairo_fill(m_cr);
        }
      }
      cairo_restore(m_cr);
    }
    double saved = m_y;
    for (size_t i = 0; i < c.labels.size(); ++i) {
      m_y = bottom + 1.5 * k_mm * scale;
      small(c.labels[i], left + static_cast<double>(i) * slot, slot, PANGO_ALIGN_CENTER);
    }
    m_y = saved + h + 8 * k_mm * scale;
    double x = left;
    for (const auto& s : c.series) {
      if (m_draw) {
        cairo_save(m_cr);
        cairo_set_source_rgb(m_cr, s.red, s.green, s.blue);
        cairo_rectangle(m_cr, x, m_y + 1 * k_mm * scale, 3 * k_mm * scale, 3 * k_mm * scale);
        cairo_fill(m_cr);
        cairo_restore(m_cr);
      }
      small(s.name, x + 4 * k_mm * scale, 22 * k_mm * scale, PANGO_ALIGN_LEFT);
      x += 26 * k_mm * scale;
      if (x > m_right - 26 * k_mm * scale) {
        x = left;
        m_y += 5 * k_mm * scale;
      }
    }
    m_y += 8 * k_mm * scale;
  }

  // The space for the seal (盖章处): a dashed circle over the issuing body and date, `centre_x` points from the
  // type area's right edge (0: the right of the page, as on the plain sheet).
  void seal(double diameter_mm, double centre_x) {
    double r = diameter_mm * k_mm * m_page.scale / 2;
    double cx = centre_x > 0 ? m_right - centre_x * m_page.scale : m_right - r - 10 * k_mm * m_page.scale;
    double cy = m_y - r * 0.6;
    if (!m_draw) {
      return;
    }
    cairo_save(m_cr);
    cairo_new_path(m_cr); // the arc must not join the text's current point
    double dash[] = {3.0 * m_page.scale, 3.0 * m_page.scale};
    cairo_set_dash(m_cr, dash, 2, 0);
    cairo_set_source_rgb(m_cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(m_cr, 0.8 * m_page.scale);
    cairo_arc(m_cr, cx, cy, r, 0, 2 * G_PI);
    cairo_stroke(m_cr);
    cairo_restore(m_cr);
    // Labelled as on the HTML sheet, so the space reads as meant for the seal: low in the circle, clear of
    // the issuing body and the date the seal goes over.
    const double keep_y = m_y;
    m_y = cy + r * 0.55;
    small("（盖章处）", cx - r, 2 * r, PANGO_ALIGN_CENTER);
    m_y = keep_y;
  }

  void stamp_draft() {
    if (!m_draw) {
      return;
    }
    const double scale = m_page.scale;
    cairo_save(m_cr);
    cairo_set_source_rgb(m_cr, 0.75, 0.1, 0.1);
    cairo_set_line_width(m_cr, 1.2 * scale);
    double w = 42 * k_mm * scale;
    double h = 11 * k_mm * scale;
    double x = m_right - w;
    double y = 10 * k_mm * scale;
    cairo_rectangle(m_cr, x, y, w, h);
    cairo_stroke(m_cr);
    cairo_restore(m_cr);
    const double keep = m_y;
    m_y = y + 1.5 * k_mm * scale;
    small("草稿 未张贴", x, w, PANGO_ALIGN_CENTER, 14);
    m_y = keep;
  }

  void new_page() {
    if (m_draw) {
      if (m_numbered) {
        page_number(m_pages - m_first_page + 1);
      }
      cairo_show_page(m_cr);
    }
    ++m_pages;
    m_y = m_top;
  }

  void finish_sheet() {
    m_filled = (m_y - m_top) / (m_bottom - m_top);
    new_page();
    m_numbered = false;
  }

private:
  // "— 1 —" under the type area (GB/T 9704-2012 7.5: 4号 Arabic numerals between em dashes, 7 mm below the
  // type area, odd pages one character in from the right, even pages one character in from the left).
  void page_number(int n) {
    const double size = 14;
    const std::string text = fmt::format("— {} —", n);
    const double keep = m_y;
    m_y = m_bottom + 7 * k_mm * m_page.scale;
    const double em = size * m_page.scale;
    if (!m_g.alternate_numbers) {
      number_text(text, m_left, text_width(), PANGO_ALIGN_CENTER, size);
    } else if (n % 2 == 1) {
      number_text(text, m_left, text_width() - em, PANGO_ALIGN_RIGHT, size);
    } else {
      number_text(text, m_left + em, text_width() - em, PANGO_ALIGN_LEFT, size);
    }
    m_y = keep;
  }

  void number_text(const std::string& text, double x, double width, PangoAlignment align, double size) {
    Layout layout = make_layout(text, Style{.size = size, .align = align}, false);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    cairo_move_to(m_cr, x, m_y);
    pango_cairo_show_layout(m_cr, layout.get());
  }

  static std::string text_of(PangoLayout* layout) { return pango_layout_get_text(layout); }

  Layout make_layout(const std::string& text, const Style& st, bool wrap = true) {
    const double size = st.size * m_page.scale;
    Layout layout(pango_cairo_create_layout(m_cr));
    PangoContext* context = pango_layout_get_context(layout.get());
    pango_cairo_context_set_resolution(context, 72.0);
    // Advances as the font has them, not rounded to whole points: 28 characters of 15.8 pt fill 156 mm.
    std::unique_ptr<cairo_font_options_t, Deleter<cairo_font_options_t, cairo_font_options_destroy>> options(
        cairo_font_options_create());
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options.get());
    pango_context_set_round_glyph_positions(context, FALSE);
    pango_layout_context_changed(layout.get());
    Font font(pango_font_description_new());
    pango_font_description_set_family(font.get(), st.family);
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), st.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    if (wrap) {
      // A box as wide as its text holds it on one line (the half point is for rounding).
      const double width =
          st.box_width > 0 ? (st.box_width + 0.5) * m_page.scale : text_width() - st.inset_right * m_page.scale;
      pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    }
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), st.align);
    pango_layout_set_justify(layout.get(), st.align == PANGO_ALIGN_LEFT);
    pango_layout_set_indent(layout.get(), static_cast<int>(st.indent_em * size * PANGO_SCALE));
    const std::string joined = keep_numbers_with_units(text);
    pango_layout_set_text(layout.get(), joined.c_str(), -1);
    Attributes attrs(pango_attr_list_new());
    compress_punctuation(joined, attrs.get());
    pango_layout_set_attributes(layout.get(), attrs.get());
    // The line grid: each line's own height plus the gap that brings the baselines one pitch apart.
    PangoRectangle line;
    pango_layout_line_get_extents(pango_layout_get_line_readonly(layout.get(), 0), nullptr, &line);
    const double natural = static_cast<double>(line.height) / PANGO_SCALE;
    if (st.body && m_pitch > 0) {
      m_gap = std::max(0.0, m_pitch * m_page.scale - natural);
      pango_layout_set_spacing(layout.get(), static_cast<int>(m_gap * PANGO_SCALE));
    } else {
      pango_layout_set_spacing(layout.get(), static_cast<int>(size * 0.45 * PANGO_SCALE));
    }
    if (wrap) {
      avoid_short_last_line(layout.get(), joined, attrs.get(), size);
    }
    return layout;
  }

  cairo_t* m_cr;
  Page m_page;
  Geometry m_g;
  double m_left;
  double m_right;
  double m_top;
  double m_bottom;
  double m_y;
  bool m_draw;
  int m_pages = 0;
  int m_last_lines = 0;
  double m_filled = 0;
  bool m_numbered = false;
  int m_first_page = 0;
  double m_pitch = 0;
  double m_gap = 0;
};

void typeset(Typesetter& t, const SheetContent& s, const Sizes& z) {
  const Geometry& g = t.geometry();
  t.set_pitch(z.pitch);
  if (s.draft && s.notice) {
    t.stamp_draft();
  }
  t.space(z.offset);
  if (g.red_header) {
    t.red_header(s.red_header, s.serial, z.pitch > 0 ? z.body : 14);
    t.block(s.title, Style{.size = z.title, .bold = true, .align = PANGO_ALIGN_CENTER, .space_after = 12});
  } else {
    t.block(s.title,
            Style{.family = k_sans, .size = z.title, .bold = true, .align = PANGO_ALIGN_CENTER, .space_after = 8});
    t.block(s.serial, Style{.size = 14, .align = PANGO_ALIGN_CENTER, .space_after = 14});
  }
  const Style body{.size = z.body, .indent_em = 2, .space_after = 3, .body = true};
  for (const auto& p : s.paragraphs) {
    t.block(p, body);
  }
  if (!s.chart.empty()) {
    t.space(4);
    t.chart(s.chart);
  }
  t.space(z.pitch > 0 ? 0 : 5);
  Style field = body;
  field.space_after = 2;
  if (!s.period.empty()) {
    t.block("公示期：" + s.period, field);
  }
  if (!s.places.empty()) {
    t.block("公示地点：" + s.places, field);
  }
  if (!s.fingerprint.empty()) {
    t.block("核验码：" + s.fingerprint, field);
  }
  for (const auto& line : s.signatures) {
    t.block(line, Style{.size = z.body, .space_after = 6});
  }
  if (s.notice && !s.feedback.empty()) {
    t.block("意见反馈：" + s.feedback, field);
  }
  if (s.notice && !s.supervision_phone.empty()) {
    t.block("监督电话：" + s.supervision_phone, field);
  }
  t.keep(48); // the issuing body, the date and the seal stay together
  t.space(18);
  Style sign{.size = z.body, .align = PANGO_ALIGN_RIGHT, .space_after = 3};
  double seal_centre = 0;
  if (g.date_inset_em > 0) {
    // GB/T 9704-2012 7.3.5: the date four characters in from the right, the issuing body centred over it.
    sign.align = PANGO_ALIGN_CENTER;
    const double date_width = t.natural_width(s.date, sign);
    const double body_width = t.natural_width(s.issuing_body, sign);
    seal_centre = g.date_inset_em * z.body + date_width / 2;
    sign.box_width = body_width;
    sign.inset_right = std::max(0.0, seal_centre - body_width / 2);
    t.block(s.issuing_body, sign);
    sign.box_width = date_width;
    sign.inset_right = g.date_inset_em * z.body;
  } else {
    t.block(s.issuing_body, sign);
  }
  sign.space_after = 0;
  t.block(s.date, sign);
  if (s.notice) {
    t.seal(40, seal_centre);
  }
  t.finish_sheet();
}

// The sizes a sheet is set in. GB/T 9704: the title at 二号 (22 pt), the body at 三号 on a grid of 28 characters
// by 22 lines, however long the text. Otherwise the largest title that fits one line and the largest body that
// fits the sheet on one page; a short sheet gets larger type (to 18 pt) and sits a third of its spare space
// down the page; a notice too long for one page at the smallest size runs on to more pages.
Sizes fit(cairo_t* cr, Page page, const SheetContent& s) {
  const Geometry g = geometry_of(s.layout);
  auto probe = [&](const Sizes& z) {
    Typesetter t(cr, page, g, false);
    typeset(t, s, z);
    return std::pair{t.pages(), t.filled()};
  };
  Sizes z;
  Typesetter area(cr, page, g, false);
  if (g.grid) {
    // 156 mm holds 28 characters of 15.8 pt (三号 is 16 pt: GB/T's own figures round it), and 225 mm 22 lines.
    z.body = std::floor(area.area_width() / 28 * 100) / 100;
    z.pitch = area.area_height() / 22;
    z.pages = probe(z).first;
    return z;
  }
  for (double title : {22.0, 20.0, 18.0, 16.0}) {
    Typesetter t(cr, page, g, false);
    t.block(s.title,
            Style{.family = g.red_header ? k_serif : k_sans, .size = title, .bold = true, .align = PANGO_ALIGN_CENTER});
    z.title = title;
    if (t.lines_of_last_block() == 1) {
      break;
    }
  }
  auto [pages, filled] = probe(z);
  for (double body : {14.0, 13.0, 12.0, 11.0}) {
    if (pages == 1) {
      break;
    }
    z.body = body;
    std::tie(pages, filled) = probe(z);
  }
  if (pages == 1) {
    for (double body : {16.0, 17.0, 18.0}) {
      Sizes larger = z;
      larger.body = body;
      auto [p, f] = probe(larger);
      if (p != 1 || f > 0.8) {
        break;
      }
      z = larger;
      filled = f;
    }
    z.offset = (1 - filled) * area.area_height() / 3 / k_mm;
    if (probe(z).first != 1) { // the seal's block kept whole would go over
      z.offset = 0;
    }
  }
  z.pages = pages;
  return z;
}

} // namespace

namespace {

// Cairo hands the PDF over in pieces; a piece the stream refuses ends the document with a write error.
cairo_status_t write_piece(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::ostream*>(closure);
  out->write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(length));
  return *out ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

} // namespace

namespace typesetter {

std::string write_pdf(std::ostream& out, const std::vector<SheetContent>& sheets, Paper paper) {
  if (sheets.empty()) {
    throw NotFound(_("no notice to print"));
  }
  const Page page = page_of(paper);
  Surface surface(cairo_pdf_surface_create_for_stream(write_piece, &out, page.width, page.height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    throw Error(_f("cannot make the PDF: {}", cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Yishi");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, sheets.front().title.c_str());
  Cairo cr(cairo_create(surface.get()));
  std::string missing;
  for (const auto& sheet : sheets) {
    const SheetContent s = public_sheet(sheet);
    const Sizes z = fit(cr.get(), page, s);
    Typesetter t(cr.get(), page, geometry_of(s.layout), true);
    t.missing = &missing;
    t.number_pages(z.pages > 1);
    typeset(t, s, z);
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  // A write error is the stream's (the OutputFile names the file and the cause when it commits).
  if (cairo_status_t status = cairo_surface_status(surface.get());
      status != CAIRO_STATUS_SUCCESS && status != CAIRO_STATUS_WRITE_ERROR) {
    throw Error(_f("cannot make the PDF: {}", cairo_status_to_string(status)));
  }
  return missing;
}

SheetMeasures measure_sheet(const SheetContent& sheet, Paper paper) {
  const Page page = page_of(paper);
  Surface surface(cairo_pdf_surface_create_for_stream(nullptr, nullptr, page.width, page.height));
  Cairo cr(cairo_create(surface.get()));
  const SheetContent s = public_sheet(sheet);
  SheetMeasures m;
  const Sizes z = fit(cr.get(), page, s);
  Typesetter t(cr.get(), page, geometry_of(s.layout), false);
  t.measures = &m;
  typeset(t, s, z);
  m.pages = t.pages();
  m.body_size = z.body;
  m.filled = t.filled();
  m.top_offset_mm = z.offset;
  return m;
}

} // namespace typesetter
} // namespace yishi

// What the executable looks up when it loads this module (pdf_module.cpp).
extern "C" const yishi::PdfModule* yishi_pdf_module() {
  static const yishi::PdfModule module{yishi::typesetter::write_pdf, yishi::typesetter::measure_sheet};
  return &module;
}
