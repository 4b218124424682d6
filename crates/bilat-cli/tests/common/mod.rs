//! What the end-to-end tests share: running the `bilat` binary on a given record.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `bilat --db DB ARGS…` with `BILAT_DB` unset, so no test touches a user's record.
pub fn bilat(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bilat"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BILAT_DB")
        .output()
        .unwrap()
}
