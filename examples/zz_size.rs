//! scratch
fn main() {
    println!(
        "Claim {} Estimate {} Provenance {} Confidence {} Interval {} ClaimDate {} Period {}",
        std::mem::size_of::<sourced::Claim>(),
        std::mem::size_of::<sourced::Estimate>(),
        std::mem::size_of::<sourced::Provenance>(),
        std::mem::size_of::<sourced::Confidence>(),
        std::mem::size_of::<sourced::Interval>(),
        std::mem::size_of::<sourced::ClaimDate>(),
        std::mem::size_of::<sourced::Period>()
    );
}
