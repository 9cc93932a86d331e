#pragma once
// JSON files of a run folder: reading with located errors, atomic writing, and numbers that may be missing.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace aca::run_folder {

/// A JSON document whose members keep the order they were written in.
using Json = nlohmann::ordered_json;

/// A run-folder file that cannot be read or does not hold what its format says; what() names the file (and the
/// line and column of a syntax error).
class FolderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses the JSON file `path`; throws FolderError "FILE:LINE:COLUMN: message" for a syntax error.
Json read_json_file(const std::filesystem::path& path);
/// Parses JSON `text` read from `name` (for messages); throws FolderError as read_json_file does.
Json parse_json(const std::string& text, const std::string& name);
/// Writes `doc` to `path` atomically, indented by two spaces, with a final newline.
void write_json_file(const std::filesystem::path& path, const Json& doc);

/// A number, or null when it is not finite (JSON has no NaN or infinity).
Json number_or_null(double v);
/// A member's number; NaN when absent or null. Throws FolderError naming `where` when it is another type.
double number_or_nan(const Json& obj, const std::string& key, const std::string& where);
/// An integer member; nullopt when absent or null. Throws FolderError naming `where` when it is another type.
std::optional<long> integer_or_none(const Json& obj, const std::string& key, const std::string& where);
/// A string member; throws FolderError naming `where` when absent or not a string.
std::string string_at(const Json& obj, const std::string& key, const std::string& where);

}  // namespace aca::run_folder
