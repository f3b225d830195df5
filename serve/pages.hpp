#pragma once

// The pages of `yishi serve`, rendered on the server from templates/web/ (no JavaScript needed, nothing
// fetched from outside): the kiosk's form, receipt and tracking pages, and the online notice board.

#include "core/records/notices.hpp"
#include "core/web/grid.hpp"
#include "core/web/receipts.hpp"

#include <string>
#include <vector>

namespace yishi::web {

/// What every page knows: the village, the kiosk mode, the form token, the page's own address and language.
struct PageFrame {
  std::string village;
  bool kiosk = false;
  std::string csrf;   // the token every form carries
  std::string path;   // the page's address, for the language switch
  std::string origin; // http://host:port, for the receipt's QR code
};

std::string home_page(const PageFrame& frame);
std::string raise_page(const PageFrame& frame, const RaiseForm& form, const std::vector<FieldProblem>& problems,
                       const std::vector<std::string>& groups);
std::string grid_login_page(const PageFrame& frame, const std::string& name, const std::string& message);
std::string grid_password_page(const PageFrame& frame, const std::string& name, const std::string& code,
                               const std::string& problem);
/// What became of a visit the worker recorded: said above the visit forms.
struct VisitNote {
  bool ok = false;
  std::string message;
};
std::string grid_home_page(const PageFrame& frame, const GridWorker& worker, const std::vector<RaisedMatter>& raised,
                           const RaiseForm& form, const std::vector<FieldProblem>& problems,
                           const std::vector<std::string>& groups, const std::vector<VisitRound>& rounds = {},
                           const VisitNote& visit = {});
std::string receipt_page(const PageFrame& frame, const Receipt& receipt, bool slip);
std::string track_page(const PageFrame& frame, const Track& track);
std::string track_form_page(const PageFrame& frame, const std::string& typed, bool not_found);
std::string board_page(const PageFrame& frame, const std::vector<Notice>& notices, Date today);
std::string message_page(const PageFrame& frame, const std::string& title, const std::string& message);

/// The QR code of a text as an SVG drawing (libqrencode), black modules on white, `scale` units a module.
std::string qr_svg(const std::string& text, int scale = 4);

/// A file the pages load, from templates/web/: style.css, slip.css, kiosk.js.
std::string asset(const std::string& name);

/// A sheet's HTML for the board: its <style> moved to /sheet.css (the pages allow no inline style).
/// `css` receives the moved style.
std::string without_inline_style(const std::string& html, std::string* css = nullptr);

} // namespace yishi::web
