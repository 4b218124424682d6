//! # bilat-reader
//!
//! Content analysis of documents in English, Russian, Kazakh and Arabic.

pub mod codebook;
pub mod coder;
pub mod dates;
pub mod dict;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod interchange;
pub mod lang;
pub mod money;
pub mod normalize;
pub mod review;
pub mod segment;
pub mod stem;
#[cfg(test)]
mod testing;
