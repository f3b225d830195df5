#include "core/error.hpp"
#include "core/render/template.hpp"

#include <doctest/doctest.h>
#include <map>

using namespace yishi;

namespace {

class MemoryLoader final : public TemplateLoader {
public:
  std::map<std::string, std::string> files;
  std::pair<std::string, std::string> load(const std::string& name) const override {
    auto it = files.find(name);
    if (it == files.end()) {
      throw NotFound("template " + name + " not found");
    }
    return {it->second, "mem/" + name};
  }
};

} // namespace

TEST_CASE("core::render::template_escapes_html_only_when_asked") {
  MemoryLoader loader;
  loader.files["t"] = "<b>{{x}}</b>";
  TemplateData data;
  data.set("x", "a<b & \"c\"");
  CHECK(render_template(loader, "t", data, Escape::html) == "<b>a&lt;b &amp; &quot;c&quot;</b>");
  CHECK(render_template(loader, "t", data, Escape::none) == "<b>a<b & \"c\"</b>");
}

TEST_CASE("core::render::template_error_names_file_and_line") {
  MemoryLoader loader;
  loader.files["bad"] = "line one\nline two\n{{#open}}never closed\n";
  TemplateData data;
  try {
    render_template(loader, "bad", data, Escape::none);
    FAIL("expected a DataError");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).rfind("mem/bad:3: template error: Unclosed section \"open\"", 0) == 0);
  }
}
