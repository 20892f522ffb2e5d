// Practice profiles from the scenario's population source: a synthetic England-like PCN, or the
// practice-level files a commissioner already has (NHS Digital registered patients, QOF-style
// prevalence, IMD).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/population/population.hpp"
#include "sim/core/distributions.hpp"
#include "sim/population/practice_files.hpp"

namespace pcnsim {
namespace {

// Integer counts proportional to weights that sum exactly to total (largest remainder).
std::vector<std::uint32_t> apportion(const std::vector<double>& weights, std::uint32_t total) {
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<std::uint32_t> out(weights.size());
    std::vector<std::pair<double, std::size_t>> remainders;
    std::uint32_t assigned = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double exact = sum > 0 ? weights[i] / sum * total : 0.0;
        out[i] = static_cast<std::uint32_t>(std::floor(exact));
        assigned += out[i];
        remainders.emplace_back(-(exact - out[i]), i);  // largest first; ties by index
    }
    std::sort(remainders.begin(), remainders.end());
    for (std::size_t k = 0; assigned < total; ++k, ++assigned) ++out[remainders[k % remainders.size()].second];
    return out;
}

std::array<std::array<std::uint32_t, kAgeBands5>, 2> england_like_counts(const AgeSexWeights& ref, std::uint32_t list_size) {
    std::vector<double> w(2 * kAgeBands5, 0.0);
    for (int a = 0; a <= kMaxAge; ++a)
        for (int s = 0; s < 2; ++s)
            w[static_cast<std::size_t>(s * kAgeBands5 + five_year_band(a))] += ref[static_cast<std::size_t>(a)][static_cast<std::size_t>(s)];
    const auto counts = apportion(w, list_size);
    std::array<std::array<std::uint32_t, kAgeBands5>, 2> out{};
    for (int s = 0; s < 2; ++s)
        for (int b = 0; b < kAgeBands5; ++b)
            out[static_cast<std::size_t>(s)][static_cast<std::size_t>(b)] = counts[static_cast<std::size_t>(s * kAgeBands5 + b)];
    return out;
}

// -1 for the first of n, +1 for the last.
double rank_tilt(int k, int n) { return n == 1 ? 0.0 : -1.0 + 2.0 * k / (n - 1); }

// Quintile shares moved towards the most deprived quintiles (tilt < 0) or the least (tilt > 0).
std::array<double, kImdQuintiles> tilted_shares(const std::array<double, kImdQuintiles>& base, double spread, double tilt) {
    std::array<double, kImdQuintiles> out{};
    double sum = 0;
    for (int q = 1; q <= kImdQuintiles; ++q) {
        const auto k = static_cast<std::size_t>(q - 1);
        out[k] = base[k] * std::exp(spread * 1.5 * tilt * (q - 3));
        sum += out[k];
    }
    for (auto& x : out) x /= sum;
    return out;
}

// The tilt is not mean-preserving (the exponential is convex and practices differ in size), so the
// PCN-wide mix would drift from imd_quintile_shares, and with it the PCN's activation and use. Scaling
// each quintile's share in every practice, then each practice's shares back to 1, in turn
// (iterative proportional fitting) restores the list-size-weighted mix and keeps the practices' order.
void keep_pcn_mix(std::vector<PracticeProfile>& practices, const std::array<double, kImdQuintiles>& target) {
    for (int iteration = 0; iteration < 50; ++iteration) {
        std::array<double, kImdQuintiles> mix{};
        double total = 0;
        for (const auto& p : practices) {
            for (std::size_t q = 0; q < mix.size(); ++q) mix[q] += p.imd_share[q] * p.counts_total();
            total += p.counts_total();
        }
        for (auto& p : practices) {
            double sum = 0;
            for (std::size_t q = 0; q < mix.size(); ++q)
                if (mix[q] > 0) sum += (p.imd_share[q] *= target[q] * total / mix[q]);
            for (auto& x : p.imd_share) x /= sum;
        }
    }
}

// PCN k (0-based) of a synthetic population of several: its list size and deprivation mix. Sizes
// are lognormal quantiles (mean list_size, coefficient of variation pcn_list_size_spread) taken at
// golden-ratio positions, so a PCN's size is not tied to its deprivation rank; no random numbers,
// so a PCN is the same in every replication.
SyntheticPopulation synthetic_pcn(const SyntheticPopulation& spec, int k) {
    SyntheticPopulation pcn = spec;
    if (spec.pcns == 1) return pcn;
    const double position = std::fmod((k + 0.5) * 0.6180339887498949, 1.0);
    const double sigma = std::sqrt(std::log1p(spec.pcn_list_size_spread * spec.pcn_list_size_spread));
    const double size = spec.list_size * std::exp(sigma * normal_quantile(position) - sigma * sigma / 2);
    pcn.list_size = std::max(spec.practices * 100, static_cast<int>(std::lround(size)));
    pcn.imd_quintile_shares = tilted_shares(spec.imd_quintile_shares, spec.pcn_imd_spread, rank_tilt(k, spec.pcns));
    return pcn;
}

// Practices differ in size and deprivation around the PCN mix: the first practice is the most
// deprived, the last the least (a tilt of strength `spread`).
std::vector<PracticeProfile> synthetic_profiles(const SyntheticPopulation& spec, const AgeSexWeights& reference,
                                                const std::string& code_prefix) {
    const int n = spec.practices;
    std::vector<double> size_weight;
    for (int p = 0; p < n; ++p) size_weight.push_back(1.0 + 0.4 * ((p % 3) - 1));
    const auto sizes = apportion(size_weight, static_cast<std::uint32_t>(spec.list_size));
    std::vector<PracticeProfile> out(static_cast<std::size_t>(n));
    for (int p = 0; p < n; ++p) {
        auto& practice = out[static_cast<std::size_t>(p)];
        practice.code = code_prefix + std::to_string(p + 1);
        practice.counts = england_like_counts(reference, sizes[static_cast<std::size_t>(p)]);
        practice.imd_share = tilted_shares(spec.imd_quintile_shares, spec.practice_imd_spread, rank_tilt(p, n));
    }
    keep_pcn_mix(out, spec.imd_quintile_shares);
    return out;
}

// Expected share with condition c under the model (before scaling), over the denominator the
// prevalence file uses (docs/input-files.md): adults (18+) for the adult conditions, the whole list
// for respiratory. (QOF's diabetes register counts 17+; 18+ is used for it too.)
double expected_share(const PopulationModel& model, const PracticeProfile& practice, int c) {
    const int min_age = c == 2 ? 0 : kAdultAge;
    const auto& ref = model.age_sex_weights;
    double num = 0, den = 0;
    for (int a = min_age; a <= kMaxAge; ++a)
        for (int s = 0; s < 2; ++s) {
            const int b = five_year_band(a);
            double band_weight = 0;
            for (int x = b * 5; x <= std::min(kMaxAge, b == kAgeBands5 - 1 ? kMaxAge : b * 5 + 4); ++x)
                band_weight += ref[static_cast<std::size_t>(x)][static_cast<std::size_t>(s)];
            const double n = practice.counts[static_cast<std::size_t>(s)][static_cast<std::size_t>(b)] *
                             ref[static_cast<std::size_t>(a)][static_cast<std::size_t>(s)] / band_weight;
            double p = 0;
            for (int q = 1; q <= kImdQuintiles; ++q) p += practice.imd_share[static_cast<std::size_t>(q - 1)] * model.condition_probability(c, a, q);
            num += n * p;
            den += n;
        }
    return den > 0 ? num / den : 0.0;
}

std::vector<PracticeProfile> file_profiles(const Scenario& scenario, const PopulationModel& model, PracticeFiles files,
                                           Problems& problems) {
    const auto registers = load_registered_patients(files.registered_patients, files.org_codes, problems);
    std::vector<PracticeProfile> out;
    for (const auto& r : registers) {
        PracticeProfile practice;
        practice.code = r.org_code;
        practice.counts = r.counts;
        practice.imd_share = scenario.population.synthetic.imd_quintile_shares;
        out.push_back(practice);
    }
    const auto find = [&out](const std::string& code) -> PracticeProfile* {
        for (auto& p : out)
            if (p.code == code) return &p;
        return nullptr;
    };
    if (!files.deprivation.empty())
        for (const auto& d : load_deprivation(files.deprivation, files.org_codes, problems))
            if (auto* p = find(d.org_code)) p->imd_share = d.quintile_share;
    if (!files.prevalence.empty())
        for (const auto& prev : load_prevalence(files.prevalence, files.org_codes, problems))
            if (auto* p = find(prev.org_code))
                for (int c = 0; c < kConditionCount; ++c) {
                    const auto it = prev.share.find(kConditionNames[c]);
                    if (it == prev.share.end()) continue;
                    const double expected = expected_share(model, *p, c);
                    p->prevalence_scale[static_cast<std::size_t>(c)] = expected > 0 ? it->second / expected : 1.0;
                }
    return out;
}

}  // namespace

std::vector<PcnProfile> build_pcn_profiles(const Scenario& scenario, const PopulationModel& model, Problems& problems) {
    std::vector<PcnProfile> out;
    const auto& population = scenario.population;
    if (population.kind == PopulationSourceKind::synthetic) {
        const auto& spec = population.synthetic;
        if (spec.pcns == 1) return {{"SYNPCN1", synthetic_profiles(spec, model.age_sex_weights, "SYN")}};
        for (int k = 0; k < spec.pcns; ++k) {
            const std::string code = "SYNPCN" + std::to_string(k + 1);
            out.push_back({code, synthetic_profiles(synthetic_pcn(spec, k), model.age_sex_weights, code + "-")});
        }
        return out;
    }
    if (population.files.pcn_membership.empty()) return {{"PCN", file_profiles(scenario, model, population.files, problems)}};
    auto memberships = load_pcn_membership(population.files.pcn_membership, population.files.pcn_codes, problems);
    for (auto& m : memberships) {
        if (!population.files.org_codes.empty())  // org_codes, when given, narrow every PCN to those practices
            std::erase_if(m.org_codes, [&](const std::string& code) {
                return std::find(population.files.org_codes.begin(), population.files.org_codes.end(), code) ==
                       population.files.org_codes.end();
            });
        if (m.org_codes.empty()) continue;
        PracticeFiles files = population.files;
        files.org_codes = m.org_codes;
        out.push_back({m.pcn_code, file_profiles(scenario, model, files, problems)});
    }
    if (out.empty() && problems.empty())
        problems.push_back({population.files.pcn_membership, 0, "population.org_codes", "no practice of org_codes is in any PCN of the file"});
    return out;
}

std::vector<PracticeProfile> build_practice_profiles(const Scenario& scenario, const PopulationModel& model,
                                                     Problems& problems) {
    auto pcns = build_pcn_profiles(scenario, model, problems);
    return pcns.empty() ? std::vector<PracticeProfile>{} : std::move(pcns.front().practices);
}

PopulationSize population_size(const std::vector<PcnProfile>& pcns) {
    PopulationSize size;
    for (const auto& pcn : pcns)
        for (const auto& p : pcn.practices) {
            ++size.practices;
            for (const auto& sex : p.counts)
                for (auto c : sex) size.patients += c;
        }
    return size;
}

}  // namespace pcnsim
