#include "sheet.hpp"

#include "core/resources.hpp"
#include "core/rules/mask.hpp"
#include "core/text.hpp"

namespace yishi {
namespace {

using kainjow::mustache::data;

data flag(bool value) {
  return data(value ? data::type::bool_true : data::type::bool_false);
}

} // namespace

FolderLoader village_templates(const VillageInfo& village) {
  std::vector<std::filesystem::path> folders;
  if (!village.templates.empty()) {
    folders.emplace_back(village.templates);
  }
  folders.push_back(resource_dir() / "templates");
  return FolderLoader(folders);
}

SheetContent sheet_content(const Notice& n, const VillageInfo& village, std::string_view supersedes_serial,
                           std::string_view superseded_by_serial) {
  SheetContent s;
  s.title = n.title; // the record's words: public_sheet masks them for every printed form
  s.serial = n.serial;
  s.stage_zh = std::string(zh(n.stage));
  for (const auto& line : split(n.body, '\n')) {
    if (auto t = trim(line); !t.empty()) {
      s.paragraphs.push_back(t);
    }
  }
  s.draft = !n.posted_on;
  if (n.posted_on) {
    s.period = fmt::format("{}至{}（{}{}）", format_zh(*n.posted_on), format_zh(*n.ends_on), n.days,
                           n.working_days ? "个工作日" : "天");
    std::vector<std::string> places;
    for (auto p : n.places) {
      places.emplace_back(zh(p));
    }
    s.places = join(places, "、");
    s.fingerprint = n.fingerprint;
  }
  s.feedback = village.feedback;
  s.supervision_phone = village.supervision_phone;
  s.issuing_body = village.issuing_body;
  s.date = format_zh(n.posted_on.value_or(n.drafted_on));
  s.supersedes = std::string(supersedes_serial);
  s.superseded_by = std::string(superseded_by_serial);
  s.formal = n.stage == Stage::announcement || n.stage == Stage::convention;
  lay_out(s, village);
  return s;
}

void lay_out(SheetContent& s, const VillageInfo& village) {
  s.layout = s.formal ? village.announcement_layout : village.notice_layout;
  s.red_header = village.red_header.empty() ? village.issuing_body : village.red_header;
}

SheetContent public_sheet(SheetContent s) {
  const std::vector<std::string> open = {s.supervision_phone};
  for (std::string* field : {&s.title, &s.serial, &s.period, &s.places, &s.feedback, &s.issuing_body, &s.date,
                             &s.supersedes, &s.superseded_by, &s.red_header}) {
    *field = mask_personal(*field, open);
  }
  for (auto* lines : {&s.paragraphs, &s.signatures}) {
    for (auto& line : *lines) {
      line = mask_personal(line, open);
    }
  }
  for (auto& label : s.chart.labels) {
    label = mask_personal(label, open);
  }
  return s;
}

std::string chart_to_svg(const Chart& c) {
  const int bar = 26;
  const int gap = 12;
  const int height = 180;
  const int left = 34;
  const long top = c.tallest();
  int width = left + static_cast<int>(c.labels.size()) * (bar + gap) + 10;
  auto colour = [](const ChartSeries& s) {
    return fmt::format("#{:02x}{:02x}{:02x}", static_cast<int>(s.red * 255 + 0.5),
                       static_cast<int>(s.green * 255 + 0.5), static_cast<int>(s.blue * 255 + 0.5));
  };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-size=\"10\">", width, height + 60);
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333\"/>", left, height, width, height);
  svg += fmt::format("<text x=\"2\" y=\"14\">{}</text>", top);
  for (size_t m = 0; m < c.labels.size(); ++m) {
    int x = left + static_cast<int>(m) * (bar + gap) + gap / 2;
    double y = height;
    for (const auto& s : c.series) {
      if (s.values[m] == 0) {
        continue;
      }
      double h = static_cast<double>(s.values[m]) * (height - 14) / static_cast<double>(top);
      y -= h;
      svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"><title>{} {} {}"
                         "</title></rect>",
                         x, y, bar, h, colour(s), html_escape(c.labels[m]), html_escape(s.name), s.values[m]);
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x + bar / 2, height + 14,
                       html_escape(c.labels[m]));
  }
  int lx = left;
  int ly = height + 30;
  for (const auto& s : c.series) {
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}"
                       "</text>",
                       lx, ly, colour(s), lx + 13, ly + 9, html_escape(s.name));
    lx += 70;
    if (lx > width - 70) {
      lx = left;
      ly += 14;
    }
  }
  return svg + "</svg>";
}

std::string render_document(const SheetContent& content, const TemplateLoader& templates, SheetFormat format) {
  // The fields masked first (a title's width centres it), then the whole sheet once more for what the
  // village's own templates say; the supervision phone is the office's public number in both.
  const SheetContent s = public_sheet(content);
  data ctx;
  ctx.set("title", s.title);
  ctx.set("title_centred", centre_width(s.title, 72));
  ctx.set("serial", s.serial);
  ctx.set("serial_right", std::string(static_cast<size_t>(std::max(0, 72 - display_width(s.serial))), ' ') + s.serial);
  data paragraphs{data::type::list};
  for (const auto& p : s.paragraphs) {
    paragraphs.push_back(data("text", p));
  }
  ctx.set("paragraphs", paragraphs);
  ctx.set("draft", flag(s.draft && s.notice));
  if (!s.period.empty()) {
    ctx.set("period", s.period);
  }
  if (!s.places.empty()) {
    ctx.set("places", s.places);
  }
  if (!s.fingerprint.empty()) {
    ctx.set("fingerprint", s.fingerprint);
  }
  ctx.set("feedback", s.feedback);
  ctx.set("has_feedback", flag(s.notice && !s.feedback.empty()));
  ctx.set("supervision_phone", s.supervision_phone);
  ctx.set("has_supervision_phone", flag(s.notice && !s.supervision_phone.empty()));
  ctx.set("issuing_body", s.issuing_body);
  ctx.set("date", s.date);
  ctx.set("date_right", std::string(static_cast<size_t>(std::max(0, 72 - display_width(s.date))), ' ') + s.date);
  ctx.set("issuing_body_right",
          std::string(static_cast<size_t>(std::max(0, 72 - display_width(s.issuing_body))), ' ') + s.issuing_body);
  ctx.set("stage", s.stage_zh);
  ctx.set("seal", flag(s.notice));
  ctx.set("layout", std::string(code(s.layout)));
  if (s.layout != SheetLayout::plain) {
    ctx.set("red_header", s.red_header);
  }
  data signatures{data::type::list};
  for (const auto& line : s.signatures) {
    signatures.push_back(data("text", line));
  }
  ctx.set("signatures", signatures);
  ctx.set("has_signatures", flag(!s.signatures.empty()));
  std::string block; // empty, or blank-line-separated signature lines (text sheets)
  for (const auto& line : s.signatures) {
    block += "\n\n　　" + line;
  }
  ctx.set("signature_block", block);
  ctx.set("chart", s.chart.empty() ? std::string() : chart_to_svg(s.chart));
  std::string sheet = mask_personal(
      render_template(templates, format == SheetFormat::html ? "sheet.html.mustache" : "sheet.txt.mustache", ctx,
                      format == SheetFormat::html ? Escape::html : Escape::none),
      {s.supervision_phone});
  if (format == SheetFormat::text) {
    // Sections left out of a sheet leave empty lines behind: keep at most two in a row, end on one newline.
    std::string tidy;
    int newlines = 0;
    for (char c : sheet) {
      newlines = c == '\n' ? newlines + 1 : 0;
      if (newlines <= 3) {
        tidy += c;
      }
    }
    while (tidy.size() > 1 && tidy[tidy.size() - 1] == '\n' && tidy[tidy.size() - 2] == '\n') {
      tidy.pop_back();
    }
    sheet = std::move(tidy);
  }
  return sheet;
}

std::string render_sheet(const Notice& n, const VillageInfo& village, const TemplateLoader& templates,
                         SheetFormat format) {
  return render_document(sheet_content(n, village), templates, format);
}

} // namespace yishi
