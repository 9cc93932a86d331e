#include <cstdio>

#include "analysis/table_export.hpp"
#include "cli/options.hpp"
#include "run_folder/folder_lock.hpp"

namespace aca::cli {

int cmd_export(const Args& args) {
  namespace po = boost::program_options;
  po::options_description visible("options");
  visible.add_options()
      ("help,h", "show this help")
      ("format", po::value<std::string>()->default_value("dta"),
       "file format to write: dta (Stata 14+, read by pandas.read_stata, R haven::read_dta)");
  po::variables_map vm;
  if (auto code = parse(args,
                        "usage: acasim export DIR [--format dta]\n"
                        "Writes the tidy tables of the sweep folder DIR as Stata .dta files beside them: "
                        "DIR/panel.dta and "
                        "DIR/points.dta from panel.csv and points.csv (written by acasim sweep), and "
                        "DIR/analysis/NAME.dta for each DIR/analysis/NAME.csv (written by acasim analyze). Variables "
                        "are typed, labelled with the column's meaning, and inf is Stata's .i (see the user guide, "
                        "\"Loading the tables\"). A folder in use by another acasim process is refused (exit 2).",
                        visible, "dir", "sweep folder", vm))
    return *code;
  const std::string format = vm["format"].as<std::string>();
  if (format != "dta") {
    std::fprintf(stderr, "acasim export: error: --format %s: unknown format; the tables are already CSV, and "
                         "--format dta writes them for Stata\n", format.c_str());
    return Exit::usage_error;
  }
  const std::filesystem::path dir = vm["dir"].as<std::string>();
  if (const auto missing = missing_folder("export", dir)) return *missing;
  // The .dta files are written into DIR: a sweep or analysis rewriting its CSVs meanwhile would be half-read.
  const run_folder::FolderLock lock(dir, command_line("export", args));
  const auto tables = analysis::export_tables(dir);
  std::printf("acasim export: %zu table(s) as Stata .dta\n", tables.size());
  for (const auto& t : tables)
    std::printf("  wrote %s (%zu rows, %zu variables)\n", t.dta.string().c_str(), t.rows, t.columns.size());
  return Exit::ok;
}

}  // namespace aca::cli
