#include "sim/stats/voi.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/stats/emulator.hpp"
#include "sim/stats/penalised_spline.hpp"

namespace pcnsim {
namespace {

void check_net_benefit(const Eigen::MatrixXd& nb) {
    if (nb.cols() < 1) throw std::invalid_argument("value of information: no decision options");
    if (nb.rows() < 4) throw std::invalid_argument("value of information: at least 4 PSA samples are needed");
    if (!nb.allFinite()) throw std::invalid_argument("value of information: a net benefit is not finite");
}

Eigen::Index best_on_average(const Eigen::MatrixXd& values) {
    Eigen::Index best = 0;
    values.colwise().mean().maxCoeff(&best);
    return best;
}

// The estimate mean_s max_d v - max_d mean_s v and its sampling standard error: the sample SD of
// max_d v(s, .) - v(s, d*) over sqrt(S), d* the option best on average.
VoiEstimate expected_maximum_gain(const Eigen::MatrixXd& values) {
    const auto d_star = best_on_average(values);
    const Eigen::ArrayXd gain = values.rowwise().maxCoeff() - values.col(d_star);
    const auto s = static_cast<double>(values.rows());
    const double mean = gain.mean();
    const double variance = (gain - mean).square().sum() / (s - 1);
    return {mean, std::sqrt(variance / s)};
}

// The columns that vary, scaled to [0, 1] by their range.
Eigen::MatrixXd informative_scaled_columns(const Eigen::MatrixXd& x) {
    std::vector<Eigen::Index> keep;
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        if (x.col(j).maxCoeff() > x.col(j).minCoeff()) keep.push_back(j);
    Eigen::MatrixXd out(x.rows(), static_cast<Eigen::Index>(keep.size()));
    for (std::size_t k = 0; k < keep.size(); ++k) {
        const auto c = x.col(keep[k]);
        out.col(static_cast<Eigen::Index>(k)) = (c.array() - c.minCoeff()) / (c.maxCoeff() - c.minCoeff());
    }
    return out;
}

// SAVI's subset for the GP's hyperparameters: 30 samples per input, between 60 and 250.
Eigen::Index hyperparameter_subset(Eigen::Index samples, Eigen::Index inputs) {
    return std::min(samples, std::clamp<Eigen::Index>(30 * inputs, 60, 250));
}

// The incremental net benefits y (S x options - 1) smoothed on x by one linear smoother (voi.hpp):
// the fitted values, and Var(w' fitted) of a column under its fit's posterior. A column with no
// variation is known exactly and stays out of the fit.
class Regression {
public:
    Regression(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) : fitted_(y), x_(x) {
        for (Eigen::Index c = 0; c < y.cols(); ++c)
            if (y.col(c).maxCoeff() > y.col(c).minCoeff()) varying_.push_back(c);
        if (varying_.empty()) return;
        Eigen::MatrixXd v(y.rows(), static_cast<Eigen::Index>(varying_.size()));
        for (std::size_t k = 0; k < varying_.size(); ++k) v.col(static_cast<Eigen::Index>(k)) = y.col(varying_[k]);
        if (x.cols() == 1) {
            spline_ = PenalisedSpline::fit(x.col(0), v);
            for (std::size_t k = 0; k < varying_.size(); ++k) fitted_.col(varying_[k]) = spline_->fitted().col(static_cast<Eigen::Index>(k));
            return;
        }
        gps_ = Emulator::fit_shared(x, v, hyperparameter_subset(x.rows(), x.cols()));
        for (std::size_t k = 0; k < varying_.size(); ++k) fitted_.col(varying_[k]) = gps_[k].predict_mean(x);
    }
    const Eigen::MatrixXd& fitted() const { return fitted_; }
    double variance_of_linear_combination(Eigen::Index column, const Eigen::VectorXd& w) const {
        const auto at = std::find(varying_.begin(), varying_.end(), column);
        if (at == varying_.end()) return 0.0;
        const auto k = static_cast<Eigen::Index>(at - varying_.begin());
        return spline_ ? spline_->variance_of_linear_combination(w, k) : gps_[static_cast<std::size_t>(k)].variance_of_linear_combination(x_, w);
    }

private:
    Eigen::MatrixXd fitted_, x_;
    std::vector<Eigen::Index> varying_;
    std::optional<PenalisedSpline> spline_;
    std::vector<Emulator> gps_;
};

// The regression part of EVPPI's variance by the delta method: d EVPPI / d g_d(x_s) =
// (1{d best at s} - 1{d = d*}) / S, with g_0 = 0 known.
double regression_variance(const Eigen::MatrixXd& fitted, const Regression& regression) {
    const auto samples = fitted.rows();
    const auto d_star = best_on_average(fitted);
    double variance = 0;
    for (Eigen::Index d = 1; d < fitted.cols(); ++d) {
        Eigen::VectorXd w = Eigen::VectorXd::Constant(samples, d == d_star ? -1.0 : 0.0);
        for (Eigen::Index s = 0; s < samples; ++s) {
            Eigen::Index best = 0;
            fitted.row(s).maxCoeff(&best);
            if (best == d) w[s] += 1.0;
        }
        variance += regression.variance_of_linear_combination(d - 1, w / static_cast<double>(samples));
    }
    return variance;
}

}  // namespace

VoiEstimate evpi(const Eigen::MatrixXd& nb) {
    check_net_benefit(nb);
    return expected_maximum_gain(nb);
}

VoiEstimate evppi(const Eigen::MatrixXd& nb, const Eigen::MatrixXd& x_group) {
    check_net_benefit(nb);
    if (x_group.rows() != nb.rows()) throw std::invalid_argument("EVPPI: the parameter samples and net benefits differ in rows");
    if (x_group.cols() < 1) throw std::invalid_argument("EVPPI: no parameters");
    if (!x_group.allFinite()) throw std::invalid_argument("EVPPI: a parameter value is not finite");
    const Eigen::MatrixXd x = informative_scaled_columns(x_group);
    if (x.cols() == 0 || nb.cols() == 1) return {};
    const auto samples = nb.rows(), options = nb.cols();
    if (x.cols() > 1 && samples < x.cols() + 3)
        throw std::invalid_argument("EVPPI: a group of " + std::to_string(x.cols()) + " varying parameters needs at least " +
                                    std::to_string(x.cols() + 3) + " samples");
    const Eigen::MatrixXd incremental = nb.rightCols(options - 1).colwise() - nb.col(0);
    const Regression regression(x, incremental);
    Eigen::MatrixXd fitted = Eigen::MatrixXd::Zero(samples, options);
    fitted.rightCols(options - 1) = regression.fitted();
    auto estimate = expected_maximum_gain(fitted);
    estimate.standard_error = std::sqrt(estimate.standard_error * estimate.standard_error + regression_variance(fitted, regression));
    return estimate;
}

double population_evpi_factor(double pcns, int years, double discount_rate) {
    if (pcns < 0 || years < 0 || discount_rate <= -1)
        throw std::invalid_argument("population EVPI: PCNs and years must be >= 0 and the discount rate > -1");
    double annuity = 0;
    for (int y = 0; y < years; ++y) annuity += std::pow(1.0 + discount_rate, -y);
    return pcns * annuity;
}

}  // namespace pcnsim
