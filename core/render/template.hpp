#pragma once

#include <filesystem>
#include <kainjow/mustache.hpp>
#include <string>
#include <vector>

namespace yishi {

using TemplateData = kainjow::mustache::data;

/// Where templates come from. Tests give their own; the program reads folders.
class TemplateLoader {
public:
  virtual ~TemplateLoader() = default;
  /// The template's text and a name to give in errors (its file path).
  virtual std::pair<std::string, std::string> load(const std::string& name) const = 0;
};

/// Looks in each folder in turn: a village's own templates folder first, then the shipped one.
class FolderLoader final : public TemplateLoader {
public:
  explicit FolderLoader(std::vector<std::filesystem::path> folders) : m_folders(std::move(folders)) {}
  std::pair<std::string, std::string> load(const std::string& name) const override;

private:
  std::vector<std::filesystem::path> m_folders;
};

enum class Escape { none, html };

/// Renders a template; a template error names the file and line.
std::string render_template(const TemplateLoader& loader, const std::string& name, const TemplateData& data,
                            Escape escape);

/// Escapes &, <, >, " and ' for HTML.
std::string html_escape(const std::string& text);

} // namespace yishi
