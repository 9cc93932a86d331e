#include "run_folder/json_file.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "util/atomic_file.hpp"

namespace aca::run_folder {

namespace {

// nlohmann reports a byte offset; users want the line and column of their editor.
std::string located(const std::string& name, const std::string& text, std::size_t byte, const std::string& message) {
  long line = 1, column = 1;
  for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

}  // namespace

Json parse_json(const std::string& text, const std::string& name) {
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() starts with the library's own prefix and position ("... parse error at line L, column C: "); keep
    // the explanation after it, and give the position where the parser stopped as FILE:LINE:COLUMN.
    std::string why = e.what();
    if (const auto p = why.find(": ", why.find("column")); p != std::string::npos) why = why.substr(p + 2);
    throw FolderError(located(name, text, e.byte, "not valid JSON (" + why + ")"));
  }
}

Json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FolderError(path.string() + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_json(ss.str(), path.string());
}

void write_json_file(const std::filesystem::path& path, const Json& doc) {
  util::write_file_atomic(path, doc.dump(2) + "\n");
}

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

double number_or_nan(const Json& obj, const std::string& key, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nan("");
  if (!it->is_number()) throw FolderError(where + ": `" + key + "` is not a number");
  return it->get<double>();
}

std::optional<long> integer_or_none(const Json& obj, const std::string& key, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) throw FolderError(where + ": `" + key + "` is not an integer");
  return it->get<long>();
}

std::string string_at(const Json& obj, const std::string& key, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) throw FolderError(where + ": `" + key + "` is missing or not a string");
  return it->get<std::string>();
}

}  // namespace aca::run_folder
