#include "pdf.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cairo-pdf.h>
#include <cairo.h>
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

// Lays out the sheets page by page, moving down from the top margin.
class Typesetter {
public:
  SheetMeasures* measures = nullptr; // when set, every block is measured
  Typesetter(cairo_t* cr, double width, double height, double scale, bool draw)
      : m_cr(cr), m_width(width), m_height(height), m_scale(scale), m_margin(22 * k_mm * scale), m_y(25 * k_mm * scale),
        m_draw(draw) {}

  int pages() const { return m_pages; }
  int lines_of_last_block() const { return m_last_lines; }

  double text_width() const { return m_width - 2 * m_margin; }

  // Writes one block of text; returns its height. `indent_em` indents the first line.
  double block(const std::string& text, const char* family, double size_pt, bool bold, PangoAlignment align,
               double indent_em = 0, double space_after = 0) {
    Layout layout(pango_cairo_create_layout(m_cr));
    pango_cairo_context_set_resolution(pango_layout_get_context(layout.get()), 72.0);
    pango_layout_context_changed(layout.get());
    Font font(pango_font_description_new());
    pango_font_description_set_family(font.get(), family);
    pango_font_description_set_absolute_size(font.get(), size_pt * m_scale * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(text_width() * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_justify(layout.get(), align == PANGO_ALIGN_LEFT);
    pango_layout_set_spacing(layout.get(), static_cast<int>(size_pt * m_scale * 0.45 * PANGO_SCALE));
    pango_layout_set_indent(layout.get(), static_cast<int>(indent_em * size_pt * m_scale * PANGO_SCALE));
    const std::string joined = keep_numbers_with_units(text);
    pango_layout_set_text(layout.get(), joined.c_str(), -1);
    Attributes attrs(pango_attr_list_new());
    compress_punctuation(joined, attrs.get());
    pango_layout_set_attributes(layout.get(), attrs.get());
    avoid_short_last_line(layout.get(), joined, attrs.get(), size_pt);
    if (measures != nullptr) {
      measure(layout.get(), joined, size_pt);
    }
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    double height = static_cast<double>(h) / PANGO_SCALE;
    m_last_lines = pango_layout_get_line_count(layout.get());
    if (m_y + height > m_height - m_margin) {
      new_page();
    }
    if (m_draw) {
      cairo_move_to(m_cr, m_margin, m_y);
      pango_cairo_show_layout(m_cr, layout.get());
    }
    m_y += height + space_after * m_scale;
    return height;
  }

  void space(double mm) { m_y += mm * k_mm * m_scale; }

  void measure(PangoLayout* layout, const std::string& text, double size_pt) {
    const int lines = pango_layout_get_line_count(layout);
    if (lines >= 2) {
      PangoLayoutLine* last = pango_layout_get_line_readonly(layout, lines - 1);
      if (chars_in(std::string_view(text).substr(static_cast<size_t>(last->start_index),
                                                 static_cast<size_t>(last->length))) < 3) {
        measures->short_last_lines.push_back(text);
      }
    }
    const double em = size_pt * m_scale * PANGO_SCALE;
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
    measures->missing_glyphs += pango_layout_get_unknown_glyphs_count(layout);
  }

  // A paragraph's last line of one or two characters ("映。") is pulled up by tightening the letter spacing a
  // little, or, where that cannot, given a third character by loosening it: at most 4% of an em either way.
  void avoid_short_last_line(PangoLayout* layout, const std::string& text, PangoAttrList* base, double size_pt) {
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
      PangoAttribute* spacing = pango_attr_letter_spacing_new(static_cast<int>(step * size_pt * m_scale * PANGO_SCALE));
      pango_attr_list_insert_before(attrs.get(), spacing);
      pango_layout_set_attributes(layout, attrs.get());
      if (last_line_chars() >= 3) {
        return;
      }
    }
    pango_layout_set_attributes(layout, base);
  }

  // A short label at (x, m_y) in a box `width` wide.
  void small(const std::string& text, double x, double width, PangoAlignment align) {
    if (!m_draw) {
      return;
    }
    Layout layout(pango_cairo_create_layout(m_cr));
    pango_cairo_context_set_resolution(pango_layout_get_context(layout.get()), 72.0);
    pango_layout_context_changed(layout.get());
    Font font(pango_font_description_from_string("Noto Sans CJK SC"));
    pango_font_description_set_absolute_size(font.get(), 8 * m_scale * PANGO_SCALE);
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
    if (m_y + mm * k_mm * m_scale > m_height - m_margin) {
      new_page();
    }
  }

  // A stacked bar chart, drawn in vector (one bar a label, one colour a series), with its legend.
  void chart(const Chart& c) {
    const double h = 60 * k_mm * m_scale;
    keep(h / k_mm / m_scale + 24);
    const double left = m_margin + 10 * k_mm * m_scale;
    const double bottom = m_y + h;
    const double slot = (m_width - m_margin - left) / static_cast<double>(std::max<size_t>(c.labels.size(), 1));
    const long top = c.tallest();
    if (m_draw) {
      cairo_save(m_cr);
      cairo_set_line_width(m_cr, 0.6 * m_scale);
      cairo_set_source_rgb(m_cr, 0.2, 0.2, 0.2);
      cairo_move_to(m_cr, left, bottom);
      cairo_line_to(m_cr, m_width - m_margin, bottom);
      cairo_stroke(m_cr);
      for (size_t i = 0; i < c.labels.size(); ++i) {
        double y = bottom;
        for (const auto& s : c.series) {
          double bh = static_cast<double>(s.values[i]) * (h - 6 * m_scale) / static_cast<double>(top);
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
      m_y = bottom + 1.5 * k_mm * m_scale;
      small(c.labels[i], left + static_cast<double>(i) * slot, slot, PANGO_ALIGN_CENTER);
    }
    m_y = saved + h + 8 * k_mm * m_scale;
    double x = left;
    for (const auto& s : c.series) {
      if (m_draw) {
        cairo_save(m_cr);
        cairo_set_source_rgb(m_cr, s.red, s.green, s.blue);
        cairo_rectangle(m_cr, x, m_y + 1 * k_mm * m_scale, 3 * k_mm * m_scale, 3 * k_mm * m_scale);
        cairo_fill(m_cr);
        cairo_restore(m_cr);
      }
      small(s.name, x + 4 * k_mm * m_scale, 22 * k_mm * m_scale, PANGO_ALIGN_LEFT);
      x += 26 * k_mm * m_scale;
      if (x > m_width - m_margin - 26 * k_mm * m_scale) {
        x = left;
        m_y += 5 * k_mm * m_scale;
      }
    }
    m_y += 8 * k_mm * m_scale;
  }

  // The space for the seal (盖章处): a dashed circle beside the issuing body and date.
  void seal(double diameter_mm) {
    double r = diameter_mm * k_mm * m_scale / 2;
    double cx = m_width - m_margin - r - 10 * k_mm * m_scale;
    double cy = m_y - r * 0.6;
    if (!m_draw) {
      return;
    }
    cairo_save(m_cr);
    cairo_new_path(m_cr); // the arc must not join the text's current point
    double dash[] = {3.0 * m_scale, 3.0 * m_scale};
    cairo_set_dash(m_cr, dash, 2, 0);
    cairo_set_source_rgb(m_cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(m_cr, 0.8 * m_scale);
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
    cairo_save(m_cr);
    cairo_set_source_rgb(m_cr, 0.75, 0.1, 0.1);
    cairo_set_line_width(m_cr, 1.2 * m_scale);
    double w = 42 * k_mm * m_scale;
    double h = 11 * k_mm * m_scale;
    double x = m_width - m_margin - w;
    double y = 10 * k_mm * m_scale;
    cairo_rectangle(m_cr, x, y, w, h);
    cairo_stroke(m_cr);
    double keep = m_y;
    m_y = y + 1.5 * k_mm * m_scale;
    double saved_margin = m_margin;
    m_margin = x;
    Layout layout(pango_cairo_create_layout(m_cr));
    pango_cairo_context_set_resolution(pango_layout_get_context(layout.get()), 72.0);
    pango_layout_context_changed(layout.get());
    Font font(pango_font_description_from_string("Noto Sans CJK SC"));
    pango_font_description_set_absolute_size(font.get(), 14 * m_scale * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(w * PANGO_SCALE));
    pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
    pango_layout_set_text(layout.get(), "草稿 未张贴", -1);
    cairo_move_to(m_cr, x, m_y);
    pango_cairo_show_layout(m_cr, layout.get());
    m_margin = saved_margin;
    m_y = keep;
    cairo_restore(m_cr);
  }

  void new_page() {
    if (m_draw) {
      cairo_show_page(m_cr);
    }
    ++m_pages;
    m_y = 25 * k_mm * m_scale;
  }

  void finish_sheet() { new_page(); }

private:
  cairo_t* m_cr;
  double m_width;
  double m_height;
  double m_scale;
  double m_margin;
  double m_y;
  bool m_draw;
  int m_pages = 0;
  int m_last_lines = 0;
};

struct Sizes {
  double title = 22;
  double body = 15;
};

constexpr const char* k_serif = "Noto Serif CJK SC";
constexpr const char* k_sans = "Noto Sans CJK SC";

void typeset(Typesetter& t, const SheetContent& s, const Sizes& z) {
  if (s.draft && s.notice) {
    t.stamp_draft();
  }
  t.block(s.title, k_sans, z.title, true, PANGO_ALIGN_CENTER, 0, 8);
  t.block(s.serial, k_serif, 14, false, PANGO_ALIGN_CENTER, 0, 14);
  for (const auto& p : s.paragraphs) {
    t.block(p, k_serif, z.body, false, PANGO_ALIGN_LEFT, 2, 3);
  }
  if (!s.chart.empty()) {
    t.space(4);
    t.chart(s.chart);
  }
  t.space(5);
  if (!s.period.empty()) {
    t.block("公示期：" + s.period, k_serif, z.body, false, PANGO_ALIGN_LEFT, 2, 2);
  }
  if (!s.places.empty()) {
    t.block("公示地点：" + s.places, k_serif, z.body, false, PANGO_ALIGN_LEFT, 2, 2);
  }
  if (!s.fingerprint.empty()) {
    t.block("核验码：" + s.fingerprint, k_serif, z.body, false, PANGO_ALIGN_LEFT, 2, 2);
  }
  for (const auto& line : s.signatures) {
    t.block(line, k_serif, z.body, false, PANGO_ALIGN_LEFT, 0, 6);
  }
  if (s.notice && !s.feedback.empty()) {
    t.block("意见反馈：" + s.feedback, k_serif, z.body, false, PANGO_ALIGN_LEFT, 2, 2);
  }
  if (s.notice && !s.supervision_phone.empty()) {
    t.block("监督电话：" + s.supervision_phone, k_serif, z.body, false, PANGO_ALIGN_LEFT, 2, 2);
  }
  t.keep(48); // the issuing body, the date and the seal stay together
  t.space(18);
  t.block(s.issuing_body, k_serif, z.body, false, PANGO_ALIGN_RIGHT, 0, 3);
  t.block(s.date, k_serif, z.body, false, PANGO_ALIGN_RIGHT, 0, 0);
  if (s.notice) {
    t.seal(40);
  }
  t.finish_sheet();
}

// The largest title that fits one line, and the largest body size that fits the sheet on one
// page; a notice too long for one page at the smallest size runs on to more pages.
Sizes fit(cairo_t* cr, double width, double height, double scale, const SheetContent& s) {
  Sizes z;
  for (double title : {22.0, 20.0, 18.0, 16.0}) {
    Typesetter probe(cr, width, height, scale, false);
    probe.block(s.title, k_sans, title, true, PANGO_ALIGN_CENTER);
    z.title = title;
    if (probe.lines_of_last_block() == 1) {
      break;
    }
  }
  for (double body : {15.0, 14.0, 13.0, 12.0, 11.0}) {
    Typesetter probe(cr, width, height, scale, false);
    Sizes trial{z.title, body};
    typeset(probe, s, trial);
    z.body = body;
    if (probe.pages() == 1) {
      break;
    }
  }
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

void write_pdf(std::ostream& out, const std::vector<SheetContent>& sheets, Paper paper) {
  if (sheets.empty()) {
    throw NotFound(_("no notice to print"));
  }
  const auto [width, height, scale] = page_of(paper);
  Surface surface(cairo_pdf_surface_create_for_stream(write_piece, &out, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    throw Error(_f("cannot make the PDF: {}", cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Yishi");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, sheets.front().title.c_str());
  Cairo cr(cairo_create(surface.get()));
  Typesetter t(cr.get(), width, height, scale, true);
  for (const auto& sheet : sheets) {
    const SheetContent s = public_sheet(sheet);
    typeset(t, s, fit(cr.get(), width, height, scale, s));
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  // A write error is the stream's (the OutputFile names the file and the cause when it commits).
  if (cairo_status_t status = cairo_surface_status(surface.get());
      status != CAIRO_STATUS_SUCCESS && status != CAIRO_STATUS_WRITE_ERROR) {
    throw Error(_f("cannot make the PDF: {}", cairo_status_to_string(status)));
  }
}

SheetMeasures measure_sheet(const SheetContent& sheet, Paper paper) {
  const auto [width, height, scale] = page_of(paper);
  Surface surface(cairo_pdf_surface_create_for_stream(nullptr, nullptr, width, height));
  Cairo cr(cairo_create(surface.get()));
  const SheetContent s = public_sheet(sheet);
  SheetMeasures m;
  Typesetter t(cr.get(), width, height, scale, false);
  t.measures = &m;
  typeset(t, s, fit(cr.get(), width, height, scale, s));
  m.pages = t.pages();
  return m;
}

} // namespace yishi
