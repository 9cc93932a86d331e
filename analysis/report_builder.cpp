#include "analysis/report_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "util/csv_writer.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

std::string md_cell(std::string s) {
  std::string o;
  for (char c : s) {
    if (c == '|') o += "\\|";
    else if (c == '\n') o += ' ';
    else o += c;
  }
  return o;
}

}  // namespace

std::string num(double v) { return std::isfinite(v) ? util::format_number(v) : std::isinf(v) ? "inf" : "nan"; }

std::string round4(double v) {
  if (!std::isfinite(v)) return num(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string interval_text(const numerics::CriticalMassInterval& iv) {
  const auto end = [&](double v, bool beyond) {
    return beyond ? "> " + round4(iv.point.max_alpha_tested) + " (max α tested)" : round4(v);
  };
  return "[" + end(iv.lower, iv.lower_beyond_grid) + ", " + end(iv.upper, iv.upper_beyond_grid) + "]";
}

// α* to four significant digits; the library's wording when it lies at or beyond an end of the grid.
std::string cm_text(const numerics::CriticalMass& cm) {
  return cm.status == numerics::CriticalMassStatus::reached ? round4(cm.alpha) : describe(cm);
}

std::string slug(std::string s) {
  for (auto& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

std::string markdown(const std::vector<Block>& blocks) {
  std::string o;
  for (const auto& b : blocks) {
    switch (b.kind) {
      case Block::heading: o += b.text + "\n\n"; break;
      case Block::paragraph: o += b.text + "\n\n"; break;
      case Block::code: o += "```toml\n" + b.text + (b.text.empty() || b.text.back() != '\n' ? "\n" : "") + "```\n\n"; break;
      case Block::image: o += "![" + b.text + "](" + b.png + ")\n\n(SVG: [" + b.svg + "](" + b.svg + "))\n\n"; break;
      case Block::table:
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          o += "|";
          for (const auto& c : b.rows[r]) o += " " + md_cell(c) + " |";
          o += "\n";
          if (r == 0) {
            o += "|";
            for (std::size_t c = 0; c < b.rows[0].size(); ++c) o += "---|";
            o += "\n";
          }
        }
        o += "\n";
        break;
    }
  }
  return o;
}

std::string html(const std::vector<Block>& blocks, const std::string& title) {
  std::string o = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
                  "</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:auto;padding:0 1em}"
                  // Images shrink to the page; a wide table or listing scrolls inside its own box, and a long path in a
                  // paragraph breaks anywhere: nothing makes the page itself scroll sideways.
                  "img{max-width:100%;height:auto}figure{margin:1em 0}.table{overflow-x:auto;max-width:100%}"
                  "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 6px}"
                  "pre{overflow-x:auto;max-width:100%}p,figcaption,h1,h2{overflow-wrap:anywhere}</style></head><body>\n";
  for (const auto& b : blocks) {
    switch (b.kind) {
      case Block::heading: {
        const auto level = std::to_string(std::count(b.text.begin(), b.text.begin() + static_cast<long>(b.text.find(' ')), '#'));
        o += "<h" + level + ">" + html_escape(b.text.substr(b.text.find(' ') + 1)) + "</h" + level + ">\n";
        break;
      }
      case Block::paragraph: o += "<p>" + html_escape(b.text) + "</p>\n"; break;
      case Block::code: o += "<pre>" + html_escape(b.text) + "</pre>\n"; break;
      case Block::image:
        o += "<figure><img src=\"" + html_escape(b.svg) + "\"" +
             (b.width_px > 0 ? " width=\"" + std::to_string(b.width_px) + "\"" : std::string()) + " alt=\"" +
             html_escape(b.text) + "\"><figcaption>" +
             html_escape(b.text) + " (<a href=\"" + html_escape(b.png) + "\">PNG</a>)</figcaption></figure>\n";
        break;
      case Block::table:
        o += "<div class=\"table\"><table>\n";
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          o += "<tr>";
          for (const auto& c : b.rows[r]) o += (r == 0 ? "<th>" : "<td>") + html_escape(c) + (r == 0 ? "</th>" : "</td>");
          o += "</tr>\n";
        }
        o += "</table></div>\n";
        break;
    }
  }
  return o + "</body></html>\n";
}

Block heading(std::string t) { return {Block::heading, std::move(t), {}, {}, {}}; }
Block paragraph(std::string t) { return {Block::paragraph, std::move(t), {}, {}, {}}; }
Block table(Rows rows) { return {Block::table, {}, std::move(rows), {}, {}}; }

namespace {
// Every figure shown at one scale (a 6.5 in wide figure as 800 px), so text is the same size in all of them and a
// square or two-panel figure keeps its proportions to the others: the SVG's width in points, scaled.
int shown_width_px(const fs::path& svg) {
  std::ifstream in(svg);
  std::string head(400, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const auto at = head.find(" width=\"");
  if (at == std::string::npos) return 0;
  const double points = std::atof(head.c_str() + at + 8);
  return points > 0 ? static_cast<int>(std::lround(points * 800.0 / (6.5 * 72.0))) : 0;
}
}  // namespace

Block image(const FigureFiles& f, const fs::path& out_dir, std::string caption) {
  Block b{Block::image, std::move(caption), {}, fs::relative(f.png, out_dir).generic_string(),
          fs::relative(f.svg, out_dir).generic_string()};
  b.width_px = shown_width_px(f.svg);
  return b;
}

void ReportBuilder::long_table(Rows rows, const std::string& where) {
  // Hundreds of rows are a table to load, not to read; the figures and sentences summarise them all.
  constexpr std::size_t max_rows = 40, shown = 20;
  if (rows.size() > max_rows + 1) {
    add(paragraph("The first " + std::to_string(shown) + " of " + std::to_string(rows.size() - 1) +
                  " rows, in design order; " + where + " holds every one."));
    rows.resize(shown + 1);
  }
  add(table(rows));
}

void ReportBuilder::figure(const FigureFiles& f, std::string caption) {
  figures.push_back(f);
  blocks.push_back(image(f, out_dir, std::move(caption)));
}

PlotStyle ReportBuilder::style(std::string title) const {
  PlotStyle st = base;
  st.title = std::move(title);
  return st;
}

PlotStyle ReportBuilder::success_style(std::string title) const {
  PlotStyle st = style(std::move(title));
  st.xlabel = "participation α (share of agents in the collective, log scale)";
  st.ylabel = "success S (share sent to the target)";
  st.log_x = true;
  return st;
}



std::string settings_text(const std::vector<Setting>& settings, const std::string& skip) {
  std::string s;
  for (const auto& [k, v] : settings)
    if (k != skip) s += (s.empty() ? "" : ", ") + k + "=" + v;
  return s;
}

}  // namespace aca::analysis
