#pragma once
// A folder that cannot serve the command asked of it now; acasim exits 2 (the user picks another folder or waits).
#include <stdexcept>

namespace aca::run_folder {

/// The folder is in use by another acasim process, holds a complete run that would be replaced, holds a run that
/// is not finished, or cannot be a folder at all; what() names the folder and what to do.
class FolderRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace aca::run_folder
