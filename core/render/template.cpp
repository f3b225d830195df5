#include "template.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace yishi {

std::pair<std::string, std::string> FolderLoader::load(const std::string& name) const {
  for (const auto& folder : m_folders) {
    auto path = folder / name;
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::ostringstream text;
      text << in.rdbuf();
      return {text.str(), path.string()};
    }
  }
  throw NotFound(_f("template {} not found", name), _("reinstall yishi, or check the templates folder"));
}

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string render_template(const TemplateLoader& loader, const std::string& name, const TemplateData& data,
                            Escape escape) {
  auto [text, source] = loader.load(name);
  kainjow::mustache::mustache tmpl{text};
  if (!tmpl.is_valid()) {
    // kainjow reports a byte offset ("... at 123"); turn it into a line number.
    const std::string& message = tmpl.error_message();
    size_t line = 0;
    if (auto at = message.rfind(" at "); at != std::string::npos) {
      size_t offset = std::stoul(message.substr(at + 4));
      line = 1 + static_cast<size_t>(
                     std::count(text.begin(), text.begin() + static_cast<long>(std::min(offset, text.size())), '\n'));
      throw DataError(_f("{}:{}: template error: {}", source, line, message.substr(0, at)),
                      _("fix the template, or remove the village's copy to use the shipped one"));
    }
    throw DataError(_f("{}: template error: {}", source, message));
  }
  if (escape == Escape::none) {
    tmpl.set_custom_escape([](const std::string& s) { return s; });
  } else {
    tmpl.set_custom_escape(html_escape);
  }
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) {
    throw DataError(_f("{}: template error: {}", source, tmpl.error_message()));
  }
  return out;
}

} // namespace yishi
