// libFuzzer target: template rendering. The input is a template (a village may ship its own);
// it is rendered with data shaped like a notice's (lists, booleans, HTML, a partial). Any input must render or
// give a yishi::Error naming the file and line.
#include "core/error.hpp"
#include "core/render/template.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

class FuzzLoader final : public yishi::TemplateLoader {
public:
  explicit FuzzLoader(std::string text) : m_text(std::move(text)) {}
  std::pair<std::string, std::string> load(const std::string& name) const override {
    if (name == "fuzz") {
      return {m_text, "fuzz.mustache"};
    }
    throw yishi::NotFound("template " + name + " not found");
  }

private:
  std::string m_text;
};

yishi::TemplateData notice_like() {
  using kainjow::mustache::data;
  data d;
  d.set("title", "关于“村道路灯维修”处理结果的公示");
  d.set("serial", "老寨村议公〔2026〕1号");
  d.set("issuing_body", "老寨村村民议事会");
  d.set("html", "<b>&amp;</b>");
  d.set("posted", true);
  d.set("draft", false);
  data lines{data::type::list};
  lines.push_back(data("更换损坏路灯12盏"));
  lines.push_back(data("责任人：村委会"));
  d.set("lines", lines);
  data rows{data::type::list};
  for (int i = 0; i < 3; ++i) {
    data row;
    row.set("name", "杜永福");
    row.set("vote", i == 2 ? "against" : "for");
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("footer", kainjow::mustache::partial{[] { return std::string("{{issuing_body}} {{#lines}}{{.}}{{/lines}}"); }});
  return d;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const yishi::TemplateData values = notice_like();
  FuzzLoader loader(std::string(reinterpret_cast<const char*>(data), size));
  for (auto escape : {yishi::Escape::html, yishi::Escape::none}) {
    try {
      yishi::render_template(loader, "fuzz", values, escape);
    } catch (const yishi::Error&) {
      // a template error, named
    }
  }
  return 0;
}
