//! Bilateral trade analytics. So far: economic complexity for one year ([`complexity`]).
//! Imports of BACI and Comtrade files, the dyad's trade indicators, export potential and
//! gravity are still to come (issue 5).

pub mod complexity;
