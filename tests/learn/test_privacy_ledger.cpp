#include <catch2/catch.hpp>

#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "learn/accountant.hpp"
#include "learn/privacy_ledger.hpp"
#include "learn/prv_accountant.hpp"
#include "learn/state_io.hpp"

using namespace aca::learn;

namespace {

PrivacySpec spec(const std::string& accountant, const std::string& sampling = "poisson") {
  PrivacySpec p;
  p.noise_multiplier = 1.0;
  p.delta = 1e-5;
  p.clip = 0.7;
  p.accountant = accountant;
  p.sampling = sampling;
  return p;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void check_same(const PrivacyReport& a, const PrivacyReport& b) {
  CHECK(a.is_private == b.is_private);
  CHECK(same_bits(a.epsilon, b.epsilon));
  CHECK(same_bits(a.delta, b.delta));
  CHECK(same_bits(a.noise_multiplier, b.noise_multiplier));
  CHECK(same_bits(a.clip, b.clip));
  CHECK(same_bits(a.sample_rate, b.sample_rate));
  CHECK(same_bits(a.order, b.order));
  CHECK(a.steps == b.steps);
  CHECK(a.accountant == b.accountant);
  CHECK(a.epsilon_holds == b.epsilon_holds);
}

std::string bytes(const PrivacyLedger& l) {
  std::ostringstream out;
  l.save(out);
  return out.str();
}

// What DpSgdLearner::save_state wrote before the ledger: the phases, then the report field by field.
std::string dp_sgd_state_bytes(const std::vector<MechanismPhase>& phases, const PrivacyReport& r) {
  std::ostringstream out;
  state_io::put_vector(out, phases);
  state_io::put<std::uint8_t>(out, r.is_private);
  for (double v : {r.epsilon, r.delta, r.noise_multiplier, r.clip, r.sample_rate, r.order}) state_io::put(out, v);
  state_io::put(out, r.steps);
  state_io::put_tag(out, r.accountant);
  state_io::put<std::uint8_t>(out, r.epsilon_holds);
  return out.str();
}

}  // namespace

TEST_CASE("the ledger's report is the RDP accountant's over every fit recorded", "[learn][accountant][ledger]") {
  PrivacyLedger ledger;
  CHECK_FALSE(ledger.report().is_private);
  CHECK(ledger.report().epsilon == 0);
  // test_accountant.cpp: 300 + 700 steps at q = 0.01, σ = 1.1 compose to 1000 steps.
  ledger.add(0.01, 1.1, 300, spec("rdp"));
  ledger.add(0.01, 1.1, 700, spec("rdp"));
  RdpAccountant acc;
  acc.add(0.01, 1.1, 300);
  acc.add(0.01, 1.1, 700);
  const auto e = acc.epsilon(1e-5);
  const PrivacyReport& r = ledger.report();
  CHECK(r.is_private);
  CHECK(same_bits(r.epsilon, e.epsilon));
  CHECK(same_bits(r.order, e.order));
  CHECK(r.epsilon == Approx(rdp_epsilon(0.01, 1.1, 1000, 1e-5).epsilon).epsilon(1e-12));
  CHECK(r.steps == 1000);
  CHECK(r.accountant == "rdp");
  CHECK(r.delta == 1e-5);
  CHECK(r.clip == 0.7);
  CHECK(r.sample_rate == 0.01);
  CHECK(r.noise_multiplier == 1.1);
  CHECK(r.epsilon_holds);
  REQUIRE(ledger.fits().size() == 2);
  CHECK(ledger.fits()[1].steps == 700);

  // Opacus's test value: q = 0.04, σ = 1.5, 2250 steps at δ = 1e-5 give ε = 7.32911117.
  PrivacyLedger opacus;
  opacus.add(0.04, 1.5, 2250, spec("rdp"));
  CHECK(opacus.report().epsilon == Approx(7.32911117).epsilon(1e-6));
}

TEST_CASE("the ledger's PRV report composes the fits as prv_epsilon does, and falls back to RDP at q = 1",
          "[learn][accountant][prv][ledger]") {
  PrivacyLedger ledger;
  ledger.add(0.02, 1.2, 150, spec("prv"));
  ledger.add(0.02, 1.2, 250, spec("prv"));
  const PrivacyReport& r = ledger.report();
  CHECK(same_bits(r.epsilon, prv_epsilon({{0.02, 1.2, 150}, {0.02, 1.2, 250}}, 1e-5).upper));
  CHECK(r.accountant == "prv");
  CHECK(r.order == 0);
  CHECK(r.steps == 400);

  ledger.add(1.0, 3.0, 10, spec("prv", "shuffle"));  // one unsampled fit: the whole account goes to RDP
  RdpAccountant acc;
  acc.add(0.02, 1.2, 150);
  acc.add(0.02, 1.2, 250);
  acc.add(1.0, 3.0, 10);
  CHECK(same_bits(ledger.report().epsilon, acc.epsilon(1e-5).epsilon));
  CHECK(ledger.report().accountant == "rdp");
  CHECK(ledger.report().steps == 410);
  CHECK(ledger.report().sample_rate == 1.0);
  CHECK_FALSE(ledger.report().epsilon_holds);
}

TEST_CASE("a saved ledger loads to the identical report and goes on composing identically", "[learn][ledger]") {
  for (const std::string accountant : {"rdp", "prv"}) {
    INFO(accountant);
    PrivacyLedger ledger;
    ledger.add(0.01, 1.1, 300, spec(accountant));
    ledger.add(0.05, 0.9, 120, spec(accountant, "shuffle"));
    const std::string saved = bytes(ledger);
    std::istringstream in(saved);
    PrivacyLedger loaded;
    loaded.add(0.5, 2.0, 7, spec("rdp"));  // overwritten by load()
    loaded.load(in);
    check_same(loaded.report(), ledger.report());
    CHECK(bytes(loaded) == saved);
    ledger.add(0.01, 1.1, 200, spec(accountant));
    loaded.add(0.01, 1.1, 200, spec(accountant));
    check_same(loaded.report(), ledger.report());
  }
}

TEST_CASE("the ledger's bytes are those dp_sgd's checkpoint state had, and the report's those of the run checkpoint",
          "[learn][ledger]") {
  PrivacyLedger ledger;
  CHECK(bytes(ledger) == dp_sgd_state_bytes({}, PrivacyReport{}));
  const std::vector<MechanismPhase> fits{{0.01, 1.1, 300}, {0.02, 0.8, 50}};
  for (const auto& m : fits) ledger.add(m.sample_rate, m.noise_multiplier, m.steps, spec("prv", "shuffle"));
  const std::string expected = dp_sgd_state_bytes(fits, ledger.report());
  CHECK(bytes(ledger) == expected);
  CHECK(expected.size() == 8 + 2 * 24 + 1 + 6 * 8 + 8 + 8 + 3 + 1);

  // A state written by the old code loads.
  std::istringstream old(expected);
  PrivacyLedger loaded;
  loaded.load(old);
  check_same(loaded.report(), ledger.report());
  CHECK(loaded.fits().size() == 2);

  // sim/checkpoint.cpp wrote the report with util::binary's put and put_string, in this order.
  std::ostringstream by_hand;
  const PrivacyReport& r = ledger.report();
  aca::util::binary::put<std::uint8_t>(by_hand, r.is_private);
  for (double v : {r.epsilon, r.delta, r.noise_multiplier, r.clip, r.sample_rate, r.order})
    aca::util::binary::put(by_hand, v);
  aca::util::binary::put<std::int64_t>(by_hand, r.steps);
  aca::util::binary::put_string(by_hand, r.accountant);
  aca::util::binary::put<std::uint8_t>(by_hand, r.epsilon_holds);
  std::ostringstream written;
  write_report(written, r);
  CHECK(written.str() == by_hand.str());
  std::istringstream back(by_hand.str());
  check_same(read_report(back), r);
}

TEST_CASE("a truncated ledger or report throws", "[learn][ledger]") {
  PrivacyLedger ledger;
  ledger.add(0.01, 1.1, 300, spec("rdp"));
  const std::string saved = bytes(ledger);
  for (std::size_t cut : {std::size_t{0}, std::size_t{5}, saved.size() / 2, saved.size() - 1}) {
    std::istringstream in(saved.substr(0, cut));
    PrivacyLedger loaded;
    CHECK_THROWS_AS(loaded.load(in), std::runtime_error);
  }
  std::istringstream empty;
  CHECK_THROWS_AS(read_report(empty), std::runtime_error);
}

TEST_CASE("a fit's noise multiplier is the spec's, or calibrated by the spec's accountant", "[learn][ledger]") {
  PrivacySpec p = spec("rdp");
  CHECK(fit_noise_multiplier(p, 0.04, 2250) == 1.0);
  p.noise_multiplier.reset();
  p.target_epsilon = 8.0;
  CHECK(fit_noise_multiplier(p, 0.04, 2250) == noise_multiplier_for(8.0, 1e-5, 0.04, 2250));
  p.accountant = "prv";  // nothing to sample at q = 1: RDP calibrates
  CHECK(fit_noise_multiplier(p, 1.0, 100) == noise_multiplier_for(8.0, 1e-5, 1.0, 100));
  CHECK_NOTHROW(check_privacy_spec(p));
  p.accountant = "moments";
  CHECK_THROWS_AS(check_privacy_spec(p), std::invalid_argument);
  p.accountant = "rdp";
  p.noise_multiplier = 1.0;
  CHECK_THROWS_AS(check_privacy_spec(p), std::invalid_argument);
  p.noise_multiplier.reset();
  p.clip = 0;
  CHECK_THROWS_AS(check_privacy_spec(p), std::invalid_argument);
}
