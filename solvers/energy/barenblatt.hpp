#pragma once
// The Barenblatt profile: the self-similar solution of the porous medium equation
// d rho/dt = Laplacian(rho^m), m > 1, in d dimensions, with unit mass, centred at the origin:
//     rho(t, x) = t^(-alpha) (C - k |x|^2 t^(-2 beta))_+^(1/(m-1)),
//     alpha = d / (d (m - 1) + 2),  beta = alpha / d,  k = alpha (m - 1) / (2 m d),
// and C fixed by int rho = 1 (closed form through the Beta function, see barenblatt.cpp).
namespace monge {

struct Barenblatt {
  Barenblatt(double m, int d);
  double density(double t, const double* x) const;  // x: d coordinates
  double support_radius(double t) const;             // |x| where the profile vanishes
  double m, alpha, beta, k, C;
  int d;
};

}  // namespace monge
