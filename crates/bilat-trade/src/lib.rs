//! Bilateral trade analytics. So far: BACI files to Parquet ([`baci`]), economic complexity
//! for one year ([`complexity`]) and PPML with high-dimensional fixed effects ([`gravity`]).
//! Comtrade files, the dyad's trade indicators and export potential are still to come
//! (issue 5).

pub mod baci;
pub mod complexity;
pub mod gravity;
