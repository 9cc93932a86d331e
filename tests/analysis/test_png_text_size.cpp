// Figure style (../shared/figure-style.md): text has the same size in the PNG as in the SVG, its point size at the
// PNG's dpi. Renders a label of known metrics with the PNG terminal every figure uses and measures it in the pixels.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "analysis/gnuplot_figure.hpp"
#include "support/slurp.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;

namespace {

struct Gray {
  int width = 0, height = 0;
  std::vector<int> luma;  // row-major, 0 black … 255 white
};

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
}

// The 8-bit RGB or RGBA, non-interlaced PNGs that cairo writes (PNG spec, sections 11.2 and 9).
Gray read_png(const fs::path& file) {
  const std::string png = slurp(file);
  REQUIRE(png.compare(1, 3, "PNG") == 0);
  Gray g;
  int channels = 0;
  std::string idat;
  for (std::size_t at = 8; at + 8 <= png.size();) {
    const std::uint32_t len = be32(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (type == "IHDR") {
      g.width = static_cast<int>(be32(png, at + 8));
      g.height = static_cast<int>(be32(png, at + 12));
      REQUIRE(png[at + 16] == 8);                                   // bit depth
      channels = png[at + 17] == 6 ? 4 : (png[at + 17] == 2 ? 3 : 0);  // RGBA or RGB
      REQUIRE(channels > 0);
      REQUIRE(png[at + 20] == 0);                                   // not interlaced
    } else if (type == "IDAT") {
      idat += png.substr(at + 8, len);
    }
    at += 12 + len;
  }
  const std::size_t stride = static_cast<std::size_t>(g.width) * channels;
  std::vector<unsigned char> raw((stride + 1) * g.height);
  uLongf size = raw.size();
  REQUIRE(uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) == Z_OK);
  std::vector<int> prev(stride, 0), cur(stride);
  for (int y = 0; y < g.height; ++y) {
    const unsigned char* row = &raw[y * (stride + 1)];
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= std::size_t(channels) ? cur[x - channels] : 0, b = prev[x],
                c = x >= std::size_t(channels) ? prev[x - channels] : 0;
      const int pred = row[0] == 0 ? 0 : row[0] == 1 ? a : row[0] == 2 ? b : row[0] == 3 ? (a + b) / 2 : paeth(a, b, c);
      cur[x] = (row[1 + x] + pred) & 0xff;
    }
    for (int x = 0; x < g.width; ++x) {
      const int* p = &cur[static_cast<std::size_t>(x) * channels];
      const int alpha = channels == 4 ? p[3] : 255;  // transparent counts as white paper
      g.luma.push_back(255 - alpha * (255 - (p[0] + p[1] + p[2]) / 3) / 255);
    }
    prev = cur;
  }
  return g;
}

}  // namespace

TEST_CASE("PNG text has its point size at the PNG's dpi, as in the SVG", "[plot][style]") {
  // Ten capital H in DejaVu Sans: advance 0.752 em each, cap height 0.729 em (the font's metrics). At 10 pt and
  // 200 dpi: 10 × 7.52 pt = 75.2 pt = 209 px wide less the first and last side bearings (0.098 em each, 5 px), and
  // 7.29 pt = 20 px tall. The old fontscale (dpi/72) drew them 4/3 as large: 272 × 27 px.
  const aca::analysis::test::ScratchDir dir("png_text_size");
  PlotStyle style;
  style.dpi = 200;
  style.font = "DejaVu Sans";
  style.font_pt = 10;
  const fs::path script = dir / "h.gp", png = dir / "h.png";
  std::ofstream(script) << "unset border\nunset tics\nunset key\n"
                        << "set label 1 'HHHHHHHHHH' at screen 0.1, screen 0.5\nplot [0:1][0:1] NaN\n";
  const std::string cmd = "gnuplot -e \"set terminal " + gnuplot::png_terminal(style, 4.0, 1.0) + "; set output '" +
                          png.string() + "'\" '" + script.string() + "' 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const Gray g = read_png(png);
  REQUIRE(g.width == 800);
  REQUIRE(g.height == 200);
  int x0 = g.width, x1 = -1, y0 = g.height, y1 = -1;
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < g.width; ++x)
      if (g.luma[static_cast<std::size_t>(y) * g.width + x] < 128) {
        x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      }
  const double expected_width = (10 * 0.752 - 2 * 0.098) * 10 / 72.0 * 200, expected_height = 0.729 * 10 / 72.0 * 200;
  INFO("text " << x1 - x0 + 1 << " × " << y1 - y0 + 1 << " px, expected " << expected_width << " × " << expected_height);
  // Within 10 %: hinting and anti-aliasing move the ink by a pixel or two; the old scale was 33 % off.
  CHECK(std::abs((x1 - x0 + 1) - expected_width) < 0.1 * expected_width);
  CHECK(std::abs((y1 - y0 + 1) - expected_height) < 0.1 * expected_height);
}
