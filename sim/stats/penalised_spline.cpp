#include "sim/stats/penalised_spline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/stats/descriptive.hpp"

namespace pcnsim {
namespace {

constexpr int kDegree = 3;
constexpr int kMaxInteriorKnots = 20;

// The knot interval [t_i, t_i+1) that holds x; the last knot belongs to the last non-empty interval.
std::size_t knot_span(const std::vector<double>& t, double x) {
    auto i = static_cast<std::size_t>(std::upper_bound(t.begin(), t.end(), x) - t.begin());
    i = i == 0 ? 0 : i - 1;
    while (i > 0 && (i + 1 >= t.size() || t[i] == t[i + 1])) --i;
    return i;
}

// The cubic B-splines on knots t (boundary knots repeated 4 times), or their first or second
// derivative, at x: Cox-de Boor, raising the degree from the indicator of x's interval; the last
// `derivative` raises use the derivative recursion d/dx N_i,k = k (N_i,k-1 / (t_i+k - t_i) -
// N_i+1,k-1 / (t_i+k+1 - t_i+1)), 0/0 read as 0 where knots repeat.
Eigen::RowVectorXd bspline_row(const std::vector<double>& t, double x, int derivative) {
    std::vector<double> v(t.size() - 1, 0.0);
    v[knot_span(t, x)] = 1.0;
    for (int k = 1; k <= kDegree; ++k) {
        std::vector<double> next(t.size() - static_cast<std::size_t>(k) - 1);
        for (std::size_t i = 0; i < next.size(); ++i) {
            const auto ku = static_cast<std::size_t>(k);
            const double left = t[i + ku] - t[i], right = t[i + ku + 1] - t[i + 1];
            const double a = left > 0 ? v[i] / left : 0.0, b = right > 0 ? v[i + 1] / right : 0.0;
            next[i] = k <= kDegree - derivative ? (x - t[i]) * a + (t[i + ku + 1] - x) * b : k * (a - b);
        }
        v = std::move(next);
    }
    return Eigen::Map<const Eigen::RowVectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

// Boundary knots 0 and 1 (x is scaled to [0, 1]) repeated, and interior knots at the quantiles
// j / (K + 1) of the distinct values.
std::vector<double> knots(const std::vector<double>& distinct) {
    const int interior = std::min<int>(kMaxInteriorKnots, static_cast<int>(distinct.size()) / 4);
    std::vector<double> t(kDegree + 1, 0.0);
    for (int j = 1; j <= interior; ++j) t.push_back(quantile_of_sorted(distinct, static_cast<double>(j) / (interior + 1)));
    t.insert(t.end(), kDegree + 1, 1.0);
    return t;
}

// Integral over [0, 1] of B''(x) B''(x)': B'' is linear on each knot interval, so two-point
// Gauss-Legendre quadrature per interval is exact.
Eigen::MatrixXd curvature_penalty(const std::vector<double>& t, Eigen::Index p) {
    Eigen::MatrixXd omega = Eigen::MatrixXd::Zero(p, p);
    const double offset = 0.5 / std::sqrt(3.0);
    for (std::size_t i = 0; i + 1 < t.size(); ++i) {
        const double width = t[i + 1] - t[i];
        if (width <= 0) continue;
        for (const double node : {0.5 - offset, 0.5 + offset}) {
            const Eigen::RowVectorXd d2 = bspline_row(t, t[i] + node * width, 2);
            omega.noalias() += 0.5 * width * d2.transpose() * d2;
        }
    }
    return omega;
}

void check_input(const Eigen::VectorXd& x, const Eigen::MatrixXd& y) {
    if (x.size() != y.rows()) throw std::invalid_argument("penalised spline: x and y differ in length");
    if (y.cols() < 1) throw std::invalid_argument("penalised spline: no outputs");
    if (x.size() < 4) throw std::invalid_argument("penalised spline: at least 4 points are needed");
    if (!x.allFinite() || !y.allFinite()) throw std::invalid_argument("penalised spline: a value is not finite");
}

// Each column's sample variance, the GCV weight's denominator (1 for a constant column, whose RSS is 0).
Eigen::ArrayXd column_variances(const Eigen::MatrixXd& y) {
    const Eigen::RowVectorXd mean = y.colwise().mean();
    Eigen::ArrayXd v = ((y.rowwise() - mean).colwise().squaredNorm() / static_cast<double>(y.rows() - 1)).transpose().array();
    return (v > 0).select(v, 1.0);
}

}  // namespace

PenalisedSpline PenalisedSpline::fit(const Eigen::VectorXd& x, const Eigen::MatrixXd& y) {
    check_input(x, y);
    const auto n = x.size();
    const auto nd = static_cast<double>(n);
    const double lo = x.minCoeff(), hi = x.maxCoeff();
    PenalisedSpline s;
    if (hi == lo) {  // no information in x: the means, as a one-column basis
        s.basis_ = Eigen::MatrixXd::Ones(n, 1);
        s.m_llt_.compute(s.basis_.transpose() * s.basis_);
        s.fitted_ = s.basis_ * y.colwise().mean();
        s.sigma2_ = (y - s.fitted_).colwise().squaredNorm().transpose() / (nd - 1);
        return s;
    }
    const Eigen::VectorXd scaled = (x.array() - lo) / (hi - lo);
    std::vector<double> distinct(scaled.data(), scaled.data() + n);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    const auto t = knots(distinct);
    const auto p = static_cast<Eigen::Index>(t.size()) - kDegree - 1;
    s.basis_.resize(n, p);
    for (Eigen::Index i = 0; i < n; ++i) s.basis_.row(i) = bspline_row(t, scaled[i], 0);
    const Eigen::MatrixXd omega = curvature_penalty(t, p);
    const Eigen::MatrixXd btb = s.basis_.transpose() * s.basis_;
    const Eigen::MatrixXd bty = s.basis_.transpose() * y;
    const Eigen::ArrayXd weight = column_variances(y).inverse();
    const double scale = btb.trace() / std::max(omega.trace(), 1e-300);
    double best = std::numeric_limits<double>::infinity();
    for (int g = 0; g <= 240; ++g) {
        const double lambda = scale * std::pow(10.0, -6.0 + 0.05 * g);
        Eigen::LLT<Eigen::MatrixXd> llt(btb + lambda * omega);
        if (llt.info() != Eigen::Success) continue;
        Eigen::MatrixXd fitted = s.basis_ * llt.solve(bty);
        const Eigen::ArrayXd rss = (y - fitted).colwise().squaredNorm().transpose().array();
        const double edf = llt.solve(btb).trace();
        if (nd - edf < 0.5) continue;
        const double gcv = nd * (rss * weight).sum() / ((nd - edf) * (nd - edf));
        if (!(gcv < best)) continue;
        best = gcv;
        s.m_llt_ = std::move(llt), s.fitted_ = std::move(fitted);
        s.lambda_ = lambda, s.edf_ = edf, s.sigma2_ = rss.matrix() / (nd - edf);
    }
    if (!std::isfinite(best)) throw std::runtime_error("penalised spline: no smoothing parameter gives a finite fit");
    return s;
}

double PenalisedSpline::variance_of_linear_combination(const Eigen::VectorXd& w, Eigen::Index column) const {
    const Eigen::VectorXd bw = basis_.transpose() * w;
    return sigma2_[column] * bw.dot(m_llt_.solve(bw));
}

}  // namespace pcnsim
