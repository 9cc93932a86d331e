#include "analysis/stata_file.hpp"

#include <readstat.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <stdexcept>

#include "analysis/run_reader.hpp"
#include "analysis/stata_name.hpp"
#include "util/atomic_file.hpp"

namespace aca::analysis {

namespace {

// Largest and smallest values of Stata's `long`: the codes above 2,147,483,620 are its missing values.
constexpr long long stata_long_max = 2147483620LL;
constexpr long long stata_long_min = -2147483647LL;

bool is_special(const std::string& s) { return s == "inf" || s == "-inf" || s == "nan"; }

// A decimal number as acasim and pandas write it: no hex, no "infinity" spellings, nothing strtod alone would take.
bool is_decimal(const std::string& s) {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  std::size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]));) ++i, ++digits;
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    const std::size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

bool is_whole(const std::string& s) {
  if (!is_decimal(s) || s.find_first_of(".eE") != std::string::npos) return false;
  if (s.size() > 12) return false;  // beyond ±2^31 whatever the digits
  const long long v = std::strtoll(s.c_str(), nullptr, 10);
  return v >= stata_long_min && v <= stata_long_max;
}

// The first `max_chars` UTF-8 characters of `s`, "..." at the end when cut.
std::string cut_utf8(const std::string& s, std::size_t max_chars) {
  std::size_t chars = 0, i = 0, cut = std::string::npos;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == max_chars - 3) cut = i;
    if (++chars > max_chars) return s.substr(0, cut) + "...";
  }
  return s;
}

// What a column's fields say about its type, gathered one field at a time.
struct ColumnScan {
  bool numeric = true, whole = true, any = false, infinite = false;
  std::size_t width = 1;

  void add(const std::string& v) {
    width = std::max(width, v.size());
    if (v.empty()) return;
    if (is_special(v) || is_decimal(v)) {
      whole = whole && is_whole(v);
      infinite = infinite || v == "inf" || v == "-inf";
      any = true;
    } else {
      numeric = false;
    }
  }
  StataType type() const {
    if (numeric) return whole && any ? StataType::int32 : StataType::float64;
    return width > stata_str_max ? StataType::strl : StataType::string;
  }
};

// Every data row of a table, in order, handed to `visit`; a source can be replayed (the writer reads it twice).
using RowVisitor = std::function<void(const std::vector<std::string>&)>;
using RowSource = std::function<void(const RowVisitor&)>;

struct Scan {
  std::vector<ColumnScan> columns;
  std::size_t rows = 0;
};

Scan scan(std::size_t width, const RowSource& rows) {
  Scan s;
  s.columns.resize(width);
  rows([&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < width; ++c) s.columns[c].add(row[c]);
    ++s.rows;
  });
  return s;
}

readstat_type_t readstat_type(StataType t) {
  switch (t) {
    case StataType::int32: return READSTAT_TYPE_INT32;
    case StataType::float64: return READSTAT_TYPE_DOUBLE;
    case StataType::string: return READSTAT_TYPE_STRING;
    case StataType::strl: return READSTAT_TYPE_STRING_REF;
  }
  return READSTAT_TYPE_DOUBLE;
}

ssize_t write_bytes(const void* data, size_t len, void* ctx) {
  auto* out = static_cast<std::ofstream*>(ctx);
  out->write(static_cast<const char*>(data), static_cast<std::streamsize>(len));
  return *out ? static_cast<ssize_t>(len) : -1;
}

struct WriterFree {
  void operator()(readstat_writer_t* w) const { readstat_writer_free(w); }
};
using Writer = std::unique_ptr<readstat_writer_t, WriterFree>;

// Turns a ReadStat error code into an exception that says which file, and which column where one is to blame.
void check(readstat_error_t e, const std::filesystem::path& path, const std::string& what) {
  if (e == READSTAT_OK) return;
  throw std::runtime_error(path.string() + ": cannot write the Stata file (" + what +
                           "): " + readstat_error_message(e));
}

readstat_error_t insert(readstat_writer_t* w, const readstat_variable_t* v, const StataColumn& col,
                        const std::string& field, readstat_string_ref_t* ref) {
  if (col.type == StataType::strl) return readstat_insert_string_ref(w, v, ref);
  if (col.type == StataType::string) return readstat_insert_string_value(w, v, field.c_str());
  if (field.empty() || field == "nan") return readstat_insert_missing_value(w, v);
  if (field == "inf") return readstat_insert_tagged_missing_value(w, v, stata_plus_infinity);
  if (field == "-inf") return readstat_insert_tagged_missing_value(w, v, stata_minus_infinity);
  if (col.type == StataType::int32)
    return readstat_insert_int32_value(w, v, static_cast<std::int32_t>(std::strtol(field.c_str(), nullptr, 10)));
  return readstat_insert_double_value(w, v, std::strtod(field.c_str(), nullptr));
}

std::vector<StataColumn> describe(const std::vector<std::string>& header, const Scan& scanned,
                                  const StataOptions& options) {
  const std::vector<StataName> names = stata_names(header);
  std::vector<StataColumn> out;
  for (std::size_t c = 0; c < header.size(); ++c) {
    StataColumn col;
    col.column = header[c];
    col.name = names[c].name;
    col.type = scanned.columns[c].type();
    col.width = scanned.columns[c].width;
    std::string label = options.describe ? options.describe(col.column) : "";
    if (names[c].changed) label = label.empty() ? col.column : col.column + ": " + label;
    col.label = cut_utf8(label, stata_label_max);
    out.push_back(std::move(col));
  }
  return out;
}

// ReadStat takes strL values before the first row (it writes them after the last): one reference per row and strL
// column, none when there is no strL column.
std::vector<std::vector<readstat_string_ref_t*>> string_refs(readstat_writer_t* w, const std::vector<StataColumn>& cols,
                                                             const RowSource& rows) {
  std::vector<std::vector<readstat_string_ref_t*>> refs(cols.size());
  if (std::none_of(cols.begin(), cols.end(), [](const StataColumn& c) { return c.type == StataType::strl; }))
    return refs;
  rows([&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < cols.size(); ++c)
      if (cols[c].type == StataType::strl) refs[c].push_back(readstat_add_string_ref(w, row[c].c_str()));
  });
  return refs;
}

void write_rows(readstat_writer_t* w, const std::filesystem::path& path, const std::vector<StataColumn>& cols,
                const std::vector<readstat_variable_t*>& vars,
                const std::vector<std::vector<readstat_string_ref_t*>>& refs, const RowSource& rows) {
  std::size_t r = 0;
  const auto where = [&r] { return "row " + std::to_string(r); };
  rows([&](const std::vector<std::string>& row) {
    ++r;
    if (const auto e = readstat_begin_row(w)) check(e, path, where());
    for (std::size_t c = 0; c < cols.size(); ++c) {
      readstat_string_ref_t* ref = refs[c].empty() ? nullptr : refs[c][r - 1];
      if (const auto e = insert(w, vars[c], cols[c], row[c], ref))
        check(e, path, where() + ", column " + cols[c].column);
    }
    if (const auto e = readstat_end_row(w)) check(e, path, where());
  });
}

// The file's metadata and variables; the note on infinity only where a numeric column holds one.
std::vector<readstat_variable_t*> declare(readstat_writer_t* w, const std::filesystem::path& path,
                                          const StataWritten& out, const Scan& scanned, const StataOptions& options) {
  check(readstat_set_data_writer(w, write_bytes), path, "data writer");
  check(readstat_writer_set_file_format_version(w, 118), path, "format 118");
  check(readstat_writer_set_file_label(w, cut_utf8(options.dataset_label, stata_label_max).c_str()), path,
        "dataset label");
  check(readstat_writer_set_file_timestamp(w, options.timestamp), path, "timestamp");
  for (std::size_t c = 0; c < out.columns.size(); ++c)
    if (out.columns[c].type == StataType::float64 && scanned.columns[c].infinite) {
      readstat_add_note(w, "Extended missing .i is +infinity and .n is -infinity (inf and -inf in the CSV); "
                           ". is a value the CSV leaves empty or writes as nan.");
      break;
    }
  std::vector<readstat_variable_t*> vars;
  for (const auto& col : out.columns) {
    const std::size_t width = col.type == StataType::string ? col.width : 0;
    readstat_variable_t* v = readstat_add_variable(w, col.name.c_str(), readstat_type(col.type), width);
    readstat_variable_set_label(v, col.label.c_str());
    vars.push_back(v);
  }
  return vars;
}

// Reads the rows twice (types, then values; three times with strL columns) and holds none of them.
StataWritten write(const std::vector<std::string>& header, const RowSource& rows, const std::filesystem::path& path,
                   const StataOptions& options) {
  const Scan scanned = scan(header.size(), rows);
  StataWritten out{describe(header, scanned, options), scanned.rows};
  util::AtomicOutput file(path);
  Writer w(readstat_writer_init());
  if (!w) throw std::runtime_error(path.string() + ": cannot write the Stata file: out of memory");
  const auto vars = declare(w.get(), path, out, scanned, options);
  const auto refs = string_refs(w.get(), out.columns, rows);
  check(readstat_begin_writing_dta(w.get(), &file.stream(), static_cast<long>(scanned.rows)), path, "header");
  for (std::size_t c = 0; c < out.columns.size(); ++c)
    check(readstat_validate_variable(w.get(), vars[c]), path, "column " + out.columns[c].column);
  write_rows(w.get(), path, out.columns, vars, refs, rows);
  check(readstat_end_writing(w.get()), path, "end of file");
  w.reset();
  file.commit();
  return out;
}

RowSource table_rows(const CsvTable& table) {
  return [&table](const RowVisitor& visit) {
    for (const auto& row : table.rows) visit(row);
  };
}

}  // namespace

std::vector<StataColumn> stata_columns(const CsvTable& table, const StataOptions& options) {
  return describe(table.header, scan(table.header.size(), table_rows(table)), options);
}

StataWritten write_stata(const CsvTable& table, const std::filesystem::path& path, const StataOptions& options) {
  return write(table.header, table_rows(table), path, options);
}

StataWritten write_stata(const std::filesystem::path& csv, const std::filesystem::path& path,
                         const StataOptions& options) {
  std::vector<std::string> header;
  for_each_csv_record(csv, [&](std::vector<std::string>& fields, long) {
    header = std::move(fields);
    return false;
  });
  if (header.empty()) throw RunReadError(csv.string(), 1, 0, "empty file (no header row)");
  const RowSource rows = [&](const RowVisitor& visit) {
    for_each_csv_record(csv, [&](std::vector<std::string>& fields, long number) {
      if (number == 1) return true;
      if (fields.size() != header.size())
        throw RunReadError(csv.string(), number, 0, "row has " + std::to_string(fields.size()) +
                                                        " fields, header has " + std::to_string(header.size()));
      visit(fields);
      return true;
    });
  };
  return write(header, rows, path, options);
}

}  // namespace aca::analysis
