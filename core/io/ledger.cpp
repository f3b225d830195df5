#include "core/io/workbook.hpp"

#include "core/error.hpp"
#include "core/labels.hpp"
#include "core/model/notices.hpp"
#include "core/rules/lifecycle.hpp"
#include "core/rules/mask.hpp"
#include "core/rules/vote.hpp"
#include "core/storage/output.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <fstream>
#include <unistd.h>
#include <xlsxwriter.h>

namespace yishi {
namespace {

// One cell: text, a whole number, or a date (an ISO date or time, written as an Excel date).
struct Cell {
  enum Kind { text, number, date } kind = text;
  std::string value;
};

struct Sheet {
  const char* name;
  std::vector<const char*> headers;
  std::string sql; // one row a line of the sheet, its columns as the headers, ? for the year when given
  std::vector<Cell::Kind> kinds;
};

template <typename E> std::string zh_of(const std::string& code_text) {
  for (const auto& n : enum_names<E>()) {
    if (n.code == code_text) {
      return std::string(n.zh);
    }
  }
  return code_text;
}

// A column's Chinese label from its code, by the column's name in the query ("channel", "status", ...).
std::string labelled(const std::string& column, const std::string& value) {
  if (column == "channel") {
    return zh_of<Channel>(value);
  }
  if (column == "tier") {
    return zh_of<Tier>(value);
  }
  if (column == "status") {
    return zh_of<Status>(value);
  }
  if (column == "mode") {
    return zh_of<Mode>(value);
  }
  if (column == "stage") {
    return zh_of<Stage>(value);
  }
  if (column == "method") {
    return zh_of<VoteMethod>(value);
  }
  if (column == "result") {
    return value == "carried" ? "通过" : value == "defeated" ? "未通过" : value;
  }
  if (column == "rule") { // the quorum and the majority, as the minutes word them
    const auto parts = split(value, '\n');
    if (parts.size() == 2) {
      try {
        return fmt::format("到会须{}，通过须{}同意", parse_quorum(parts[0], "quorum", Basis::members).describe_zh(),
                           parse_threshold(parts[1], "majority", Basis::present).describe_zh());
      } catch (const DataError&) {
        return join(parts, "；"); // a rule this version cannot read: as recorded
      }
    }
    return value;
  }
  if (column == "places") {
    std::vector<std::string> out;
    for (const auto& p : split(value, ',')) {
      out.push_back(zh_of<Place>(trim(p)));
    }
    return join(out, "、");
  }
  return value;
}

std::vector<Sheet> ledger_sheets(bool by_year) {
  const std::string p_year = by_year ? " WHERE p.year = ?" : "";
  const std::string s_year = by_year ? " WHERE s.year = ?" : "";
  const std::string n_year = by_year ? " WHERE n.year = ?" : "";
  const std::string r_year = by_year ? " AND p.year = ?" : "";
  using K = Cell::Kind;
  return {
      {"议题台账",
       {"编号", "标题", "来源渠道", "提议人", "村民小组", "层级", "收集日期", "状态", "决议", "责任人", "完成时限",
        "落实情况"},
       "SELECT printf('%d-%03d', p.year, p.seq), p.title, p.channel AS channel, p.proposer_name, "
       "COALESCE(g.name, '全村'), p.tier AS tier, p.submitted_on, p.status AS status, COALESCE(r.text, ''), "
       "COALESCE(r.responsible, ''), r.deadline, CASE WHEN r.completed_on IS NOT NULL THEN '已办结' "
       "WHEN r.id IS NULL THEN '' ELSE COALESCE((SELECT '进度' || g2.percent || '%' FROM progress g2 WHERE "
       "g2.ruling_id = r.id ORDER BY g2.id DESC LIMIT 1), '未开始') END "
       "FROM proposal p LEFT JOIN village_group g ON g.id = p.group_id "
       "LEFT JOIN ruling r ON r.proposal_id = p.id AND r.set_aside_on IS NULL" +
           p_year + " ORDER BY p.year, p.seq",
       {K::text, K::text, K::text, K::text, K::text, K::text, K::date, K::text, K::text, K::text, K::date, K::text}},
      {"议事会议",
       {"会议", "议事主体", "时间", "方式", "地点", "应到", "实到", "议题", "状态"},
       "SELECT printf('S%d-%03d', s.year, s.seq), c.name, s.starts_at, s.mode AS mode, s.venue, "
       "(SELECT count(*) FROM attendance a WHERE a.session_id = s.id), "
       "COALESCE((SELECT h.adults FROM headcount h WHERE h.session_id = s.id), "
       "(SELECT sum(a.present) FROM attendance a WHERE a.session_id = s.id)), "
       "COALESCE((SELECT group_concat(p.title, '；') FROM agenda_item i JOIN proposal p ON p.id = i.proposal_id "
       "WHERE i.session_id = s.id ORDER BY i.position), ''), "
       // A session called off is listed as such, with why, and never as held.
       "CASE s.status WHEN 'cancelled' THEN '已取消：' || COALESCE((SELECT x.reason FROM session_change x WHERE "
       "x.session_id = s.id AND x.kind = 'cancel' ORDER BY x.id DESC LIMIT 1), '') WHEN 'closed' THEN '已结束' "
       "WHEN 'planned' THEN CASE WHEN EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id) OR EXISTS "
       "(SELECT 1 FROM headcount h WHERE h.session_id = s.id) THEN '已召开' ELSE '已计划' END ELSE s.status END "
       "FROM session s JOIN council c ON c.id = s.council_id" +
           s_year + " ORDER BY s.starts_at",
       {K::text, K::text, K::date, K::text, K::text, K::number, K::number, K::text, K::text}},
      {"表决",
       {"会议", "议题", "表决方式", "赞成", "反对", "弃权", "结果", "规则"},
       "SELECT printf('S%d-%03d', s.year, s.seq), p.title, v.method AS method, v.yes, v.no, v.abstain, "
       "v.result AS result, v.quorum_rule || char(10) || v.majority_rule AS rule FROM vote v JOIN motion m ON m.id = "
       "v.motion_id "
       "JOIN agenda_item i ON i.id = m.agenda_item_id JOIN session s ON s.id = i.session_id "
       "JOIN proposal p ON p.id = i.proposal_id" +
           s_year + " ORDER BY v.at",
       {K::text, K::text, K::text, K::number, K::number, K::number, K::text, K::text}},
      {"公示",
       {"编号", "文号", "标题", "阶段", "张贴日期", "截止日期", "地点", "异议", "状态"},
       "SELECT printf('N%d-%03d', n.year, n.number), "
       "COALESCE((SELECT printf('%s〔%d〕%d号', v.serial_prefix, ns.year, ns.number) FROM notice_serial ns "
       "JOIN village v ON v.id = 1 WHERE ns.notice_id = n.id), ''), n.title, n.stage AS stage, n.posted_on, "
       "n.ends_on, n.places AS places, (SELECT count(*) FROM objection o WHERE o.notice_id = n.id), "
       // A draft never posted is listed as void (作废), with why, and has no serial.
       "CASE WHEN d.notice_id IS NOT NULL THEN '作废：' || d.reason WHEN n.posted_on IS NULL THEN '草稿' "
       "ELSE '已张贴' END FROM notice n LEFT JOIN notice_discard d ON d.notice_id = n.id" +
           n_year + " ORDER BY n.year, n.number",
       {K::text, K::text, K::text, K::text, K::date, K::date, K::text, K::number, K::text}},
      {"落实",
       {"议题", "决议", "进度", "完成日期", "满意度"},
       "SELECT printf('%d-%03d', p.year, p.seq) || ' ' || p.title, r.text, "
       "COALESCE((SELECT g.percent || '%' FROM progress g WHERE g.ruling_id = r.id ORDER BY g.id DESC LIMIT 1), "
       "CASE WHEN r.completed_on IS NULL THEN '' ELSE '100%' END), r.completed_on, "
       "CASE WHEN r.satisfied IS NULL THEN '' ELSE '满意' || r.satisfied || '，基本满意' || "
       "COALESCE(r.basically_satisfied, 0) || '，不满意' || COALESCE(r.unsatisfied, 0) END "
       "FROM ruling r JOIN proposal p ON p.id = r.proposal_id WHERE r.set_aside_on IS NULL" +
           r_year + " ORDER BY r.ruled_on, r.id",
       {K::text, K::text, K::text, K::date, K::text}},
  };
}

lxw_datetime excel_date(const std::string& iso) {
  lxw_datetime d{};
  if (iso.size() >= 10) {
    d.year = std::stoi(iso.substr(0, 4));
    d.month = std::stoi(iso.substr(5, 2));
    d.day = std::stoi(iso.substr(8, 2));
  }
  if (iso.size() >= 16) {
    d.hour = std::stoi(iso.substr(11, 2));
    d.min = std::stoi(iso.substr(14, 2));
  }
  return d;
}

void check(lxw_error e, const std::filesystem::path& file) {
  if (e != LXW_NO_ERROR) {
    throw Error(_f("cannot write {}: {}", file.string(), lxw_strerror(e)));
  }
}

} // namespace

namespace workbook {

long write_ledger_xlsx(SQLite::Database& db, const std::filesystem::path& file, std::optional<int> year,
                       bool include_private) {
  // libxlsxwriter writes a file by name: it is made beside the target, then goes through write_file, which
  // puts it in place whole (0600 with personal data) or not at all.
  const std::filesystem::path staging =
      file.parent_path() / (file.filename().string() + ".xlsx-partial-" + std::to_string(::getpid()));
  long rows = 0;
  {
    lxw_workbook* book = workbook_new(staging.c_str());
    if (book == nullptr) {
      throw Error(_f("cannot write {}", file.string()), _("check that its folder exists and can be written"));
    }
    lxw_format* head = workbook_add_format(book);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_border(head, LXW_BORDER_THIN);
    lxw_format* day = workbook_add_format(book);
    format_set_num_format(day, "yyyy-mm-dd");
    lxw_format* minute = workbook_add_format(book);
    format_set_num_format(minute, "yyyy-mm-dd hh:mm");
    try {
      for (const Sheet& sheet : ledger_sheets(year.has_value())) {
        lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name);
        std::vector<int> widths;
        for (size_t c = 0; c < sheet.headers.size(); ++c) {
          check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.headers[c], head), file);
          widths.push_back(display_width(sheet.headers[c]));
        }
        SQLite::Statement q(db, sheet.sql);
        if (year) {
          q.bind(1, *year);
        }
        lxw_row_t r = 0;
        while (q.executeStep()) {
          ++r;
          for (int c = 0; c < q.getColumnCount(); ++c) {
            const auto column = q.getColumn(c);
            const auto col = static_cast<lxw_col_t>(c);
            const auto i = static_cast<size_t>(c);
            if (column.isNull()) {
              continue;
            }
            std::string value = labelled(column.getName(), column.getString());
            if (!include_private) {
              value = mask_personal(value);
            }
            switch (sheet.kinds[i]) {
            case Cell::date: {
              lxw_datetime d = excel_date(value);
              check(worksheet_write_datetime(ws, r, col, &d, value.size() > 10 ? minute : day), file);
              widths[i] = std::max(widths[i], value.size() > 10 ? 16 : 10);
              break;
            }
            case Cell::number:
              check(worksheet_write_number(ws, r, col, column.getDouble(), nullptr), file);
              widths[i] = std::max(widths[i], static_cast<int>(value.size()));
              break;
            case Cell::text:
              check(worksheet_write_string(ws, r, col, value.c_str(), nullptr), file);
              widths[i] = std::max(widths[i], display_width(value));
              break;
            }
          }
        }
        rows += r;
        for (size_t c = 0; c < widths.size(); ++c) {
          worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), std::min(60, widths[c] + 2),
                               nullptr);
        }
        worksheet_freeze_panes(ws, 1, 0);
        worksheet_autofilter(ws, 0, 0, std::max<lxw_row_t>(r, 1), static_cast<lxw_col_t>(sheet.headers.size() - 1));
      }
    } catch (...) {
      workbook_close(book);
      std::filesystem::remove(staging);
      throw;
    }
    if (lxw_error e = workbook_close(book); e != LXW_NO_ERROR) {
      std::filesystem::remove(staging);
      throw Error(_f("cannot write {}: {}", file.string(), lxw_strerror(e)));
    }
  }
  std::ifstream made(staging, std::ios::binary);
  storage::write_file(file, include_private ? storage::Privacy::personal : storage::Privacy::shared,
                      [&](std::ostream& out) { out << made.rdbuf(); });
  made.close();
  std::filesystem::remove(staging);
  return rows;
}

} // namespace workbook
} // namespace yishi
