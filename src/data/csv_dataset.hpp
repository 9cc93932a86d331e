#pragma once
// The `csv` source: the user's own table. A label column, an optional group column, numeric features and
// categorical features (one-hot); numeric features standardised with train-split statistics only.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace aca::data {

/// What to read from the CSV file.
struct CsvOptions {
  std::filesystem::path file;            ///< CSV with a header row
  std::string label = "label";           ///< label column
  std::string group;                     ///< group column ("" = none)
  std::vector<std::string> categorical;  ///< columns one-hot encoded
  std::vector<std::string> ignore;       ///< columns dropped
  bool standardize = true;               ///< z-score numeric features with train statistics
};

/// Reads [data.csv], resolving a relative file against `base_dir`.
CsvOptions csv_options(const config::View& root, const std::filesystem::path& base_dir);

/// A parsed table before splitting: features, labels, groups and which feature columns are numeric.
struct CsvTable {
  TrainSet set;                            ///< every row, in file order
  std::vector<std::string> feature_names;  ///< one per feature (one-hot columns as "column=value")
  std::vector<bool> numeric;               ///< per feature: true for numeric, false for one-hot
  std::vector<std::string> label_values;   ///< label code k ↔ label_values[k]
};

/// Parses the file. Errors name the file, the 1-based line and the column: malformed rows (wrong number of
/// fields, unterminated quote), missing label / group / listed columns, missing values and non-numeric values.
CsvTable read_csv_table(const CsvOptions& opts);

/// The CSV dataset: seeded split, then standardisation fitted on the training rows.
class CsvDataset : public Dataset {
 public:
  CsvDataset(const CsvOptions& opts, std::int64_t test_points, util::Engine& rng);
  std::string kind() const override { return "csv"; }
  /// Feature names in column order ("column=value" for one-hot features).
  const std::vector<std::string>& feature_names() const { return names_; }
  /// Original text of each label code.
  const std::vector<std::string>& label_values() const { return labels_; }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> labels_;
};

}  // namespace aca::data
