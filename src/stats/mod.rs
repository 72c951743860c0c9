//! Statistical reconciliation: claims as distributions, opinion pools and meta-analysis.
//!
//! The interval methods answer "what range is consistent?"; this module answers "so what is
//! the best figure, how uncertain is it, and how much do the sources really disagree?".
//!
//! | module | what it does |
//! |---|---|
//! | `normal` | the standard normal density, distribution function (Cody) and quantile (Wichura AS 241) |
//! | `special` | ln Γ, the regularised incomplete gamma function, the chi-square p-value |
//! | `distribution` | normal and log-normal distributions, fitted to stated quantiles (SHELF `fitdist`) |
//! | `convert` | from a claim to a distribution, a bound or an exclusion: the conventions table |
//! | `pool` | linear and logarithmic opinion pools, truncated by one-sided claims |
//! | `meta` | fixed and random effects (DerSimonian–Laird, REML), Q, I², H², prediction interval, leave-one-out |
//! | `sum` | compensated (Neumaier) summation |
//!
//! References: metafor (Viechtbauer 2010) for the meta-analysis formulas and the BCG test
//! vectors; SHELF (Oakley) for fitting and linear pooling; Genest & Zidek (1986) for the
//! logarithmic pool.

mod convert;
mod distribution;
mod meta;
mod normal;
mod pool;
mod special;
mod sum;

pub use convert::{
    Bounds, ClaimDistribution, Conversion, ConvertOptions, Excluded, PointClaims, Scale, Stated,
    claim_distribution,
};
pub use distribution::{Distribution, Family};
pub use meta::{
    Heterogeneity, LeaveOneOut, MetaAnalysis, MetaOptions, PooledEffect, Study, Tau2Method,
    meta_analysis,
};
pub use normal::{normal_cdf, normal_pdf, normal_quantile, normal_sf};
pub use pool::{
    Pool, PoolBound, PoolComponent, PoolMethod, PoolOptions, PoolQuantile, pool_claims,
};
pub use special::{chi_square_sf, gamma_q, ln_gamma};
