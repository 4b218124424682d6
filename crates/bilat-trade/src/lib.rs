//! Bilateral trade analytics. So far: BACI files to Parquet ([`baci`]), a pair's indicators
//! from them ([`dyad`]), economic complexity for one year ([`complexity`]) and PPML with
//! high-dimensional fixed effects ([`gravity`]), export potential and new products by density
//! ([`potential`]). Comtrade files and HS names are still to come (issue 5).

pub mod baci;
pub mod complexity;
pub mod dyad;
pub mod gravity;
pub mod panel;
pub mod potential;
