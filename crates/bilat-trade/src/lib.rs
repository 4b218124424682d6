//! Bilateral trade analytics. So far: BACI and UN Comtrade files to Parquet ([`baci`],
//! [`comtrade`]), a pair's indicators
//! from them ([`dyad`]), economic complexity for one year ([`complexity`]) and PPML with
//! high-dimensional fixed effects ([`gravity`]), export potential and new products by density
//! ([`potential`]), and HS6 names from BACI's product codes file ([`names`]).

pub mod baci;
pub mod complexity;
pub mod comtrade;
pub mod dyad;
pub mod gravity;
pub mod names;
pub mod panel;
pub mod potential;
