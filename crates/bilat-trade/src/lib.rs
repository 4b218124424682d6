//! Bilateral trade analytics. So far: BACI and UN Comtrade files to Parquet ([`baci`],
//! [`comtrade`]), a pair's indicators
//! from them ([`dyad`]), economic complexity for one year ([`complexity`]) and PPML with
//! high-dimensional fixed effects ([`gravity`]), export potential and new products by density
//! ([`potential`]). HS names are still to come (issue 5).

pub mod baci;
pub mod complexity;
pub mod comtrade;
pub mod dyad;
pub mod gravity;
pub mod panel;
pub mod potential;
