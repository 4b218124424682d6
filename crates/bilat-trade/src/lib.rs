//! Bilateral trade analytics. So far: economic complexity for one year ([`complexity`]) and
//! PPML with high-dimensional fixed effects ([`gravity`]). Imports of BACI and Comtrade files,
//! the dyad's trade indicators and export potential are still to come (issue 5).

pub mod complexity;
pub mod gravity;
