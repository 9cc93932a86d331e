#include "util/csv_reader.hpp"

namespace aca::util {

CsvSyntaxError::CsvSyntaxError(long line, long field, const std::string& message)
    : std::runtime_error(message), line(line), field(field) {}

// RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines (util::csv_escape's output).
std::vector<CsvRecord> split_csv_records(const std::string& text) {
  std::vector<CsvRecord> out;
  long line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    CsvRecord r;
    r.line = line;
    std::string field;
    bool end_of_record = false;
    while (!end_of_record) {
      field.clear();
      if (i < n && text[i] == '"') {
        const long open_line = line;
        ++i;
        bool closed = false;
        while (i < n) {
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
            } else {
              ++i;
              closed = true;
              break;
            }
          } else {
            if (text[i] == '\n') ++line;
            field += text[i++];
          }
        }
        if (!closed)
          throw CsvSyntaxError(open_line, static_cast<long>(r.fields.size() + 1), "unterminated quoted field");
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw CsvSyntaxError(line, static_cast<long>(r.fields.size() + 1), "text after the closing quote of a field");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
      }
      r.fields.push_back(field);
      if (i < n && text[i] == ',') {
        ++i;
      } else {
        if (i < n && text[i] == '\r') ++i;
        if (i < n && text[i] == '\n') ++i;
        ++line;
        end_of_record = true;
      }
    }
    if (!(r.fields.size() == 1 && r.fields[0].empty())) out.push_back(std::move(r));  // blank lines
  }
  return out;
}

}  // namespace aca::util
