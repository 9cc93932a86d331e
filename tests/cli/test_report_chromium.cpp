// report.html checked as a reader's browser shows it: headless Chromium renders real reports at a narrow window,
// and a script injected into a copy of the page writes into the DOM whether every image loaded and whether
// anything is wider than the page; --dump-dom returns that DOM.
#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "run_process.hpp"

namespace fs = std::filesystem;

namespace {

const char* check_script = R"(<script>
window.addEventListener('load', () => {
  const w = document.documentElement.clientWidth;
  const lines = [];
  let loaded = 0, over = 0;
  const imgs = Array.from(document.images);
  for (const i of imgs) {
    const r = i.getBoundingClientRect();
    if (i.complete && i.naturalWidth > 0) loaded++; else lines.push('not loaded: ' + i.getAttribute('src'));
    if (r.right > w + 0.5 || r.left < -0.5) { over++; lines.push('overflows: ' + i.getAttribute('src')); }
  }
  // Name what sticks out, so a failure says where to look.
  for (const el of Array.from(document.body.querySelectorAll('*')))
    if (el.getBoundingClientRect().right > w + 0.5 && !el.closest('.table'))
      lines.push('wider than the page: <' + el.tagName.toLowerCase() + '> ' + el.textContent.slice(0, 60));
  const pre = document.createElement('pre');
  pre.id = 'acasim-check';
  pre.textContent = ['images ' + imgs.length, 'loaded ' + loaded, 'overflowing ' + over, 'page_width ' + w,
                     'scroll_width ' + document.documentElement.scrollWidth].concat(lines).join('\n');
  document.body.appendChild(pre);
});
</script>)";

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_cli_chromium_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

std::string chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(p)) return p;
  return {};
}

// "key value" lines of the check's <pre> → value of `key` (-1 when absent).
long check_value(const std::string& result, const std::string& key) {
  std::istringstream in(result);
  for (std::string l; std::getline(in, l);)
    if (l.rfind(key + " ", 0) == 0) return std::stol(l.substr(key.size() + 1));
  return -1;
}

// Renders a copy of report.html with the check script beside the original (same folder: relative figure paths
// resolve) and returns the text of the check's <pre>.
std::string render_check(const std::string& browser, const fs::path& report_dir, const fs::path& scratch) {
  std::string page = slurp(report_dir / "report.html");
  const auto body = page.rfind("</body>");
  REQUIRE(body != std::string::npos);
  page.insert(body, check_script);
  const fs::path copy = report_dir / "report.check.html";
  std::ofstream(copy, std::ios::binary) << page;
  const fs::path profile = scratch / "chromium-profile";
  fs::create_directories(profile);
  // A fresh profile and no network services: the render depends on the report alone. 700 px is narrower than
  // the figures, so they must shrink to the page.
  const auto r = run_command("(timeout 120 " + browser + " --headless --no-sandbox --disable-gpu --disable-quic "
                             "--no-first-run --disable-background-networking --disable-component-update "
                             "--disable-sync --user-data-dir=" + profile.string() + " --window-size=700,2000 "
                             "--virtual-time-budget=20000 --dump-dom 'file://" + fs::absolute(copy).string() +
                             "' 2>" + (scratch / "chromium.log").string() + ")");
  INFO(slurp(scratch / "chromium.log").substr(0, 2000));
  REQUIRE(r.exit_code == 0);
  const auto b = r.output.find("<pre id=\"acasim-check\">"), e = r.output.find("</pre>", b);
  INFO(r.output.substr(0, 2000));
  REQUIRE(b != std::string::npos);
  const auto start = b + std::string("<pre id=\"acasim-check\">").size();
  return r.output.substr(start, e - start);
}

}  // namespace

TEST_CASE("report.html rendered in headless Chromium: every figure loads and nothing is wider than the page",
          "[cli][report][chromium]") {
  const std::string browser = chromium();
  if (browser.empty()) {
    WARN("SKIPPED: chromium not found (/usr/bin/chromium); scripts/install-deps.sh --tests installs it");
    return;
  }
  const fs::path scratch = fresh_dir("render");
  for (const std::string& scenario : {std::string(ACASIM_SOURCE_DIR) + "/scenarios/dp_regulation.toml",
                                     std::string(ACASIM_FIXTURES) + "/scenarios/sweep_two_axes.toml"}) {
    INFO(scenario);
    const fs::path out = scratch / fs::path(scenario).stem();
    REQUIRE(run_acasim("sweep " + scenario + " --jobs 2 --out " + out.string()).exit_code == 0);
    REQUIRE(run_acasim("report " + out.string()).exit_code == 0);
    const std::string result = render_check(browser, out / "report", scratch);
    INFO(result);
    const long images = check_value(result, "images");
    REQUIRE(images >= 4);
    REQUIRE(check_value(result, "loaded") == images);
    REQUIRE(check_value(result, "overflowing") == 0);
    REQUIRE(check_value(result, "scroll_width") == check_value(result, "page_width"));
  }
  fs::remove_all(scratch);
}
