//! Running `bilat` with input on standard input, and `bilat serve` on a free loopback port:
//! shared by the tests that need a real server (`web.rs`, `e2e.rs`).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};

use bilat_store::Location;
use bilat_store::testing::TestDb;

/// `bilat` with the record at `db` (`--db` or `--database-url`) and nothing from the
/// environment choosing another.
pub fn bilat_at(db: &Location) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bilat"));
    command
        .args(TestDb::cli_args(db))
        .env_remove("BILAT_DB")
        .env_remove("BILAT_DATABASE_URL");
    command
}

/// Runs `bilat ARGS…` on the record `db`.
#[allow(dead_code)] // not every test file that includes this module needs it
pub fn run(db: &Location, args: &[&str]) -> Output {
    bilat_at(db).args(args).output().unwrap()
}

/// Runs `bilat ARGS…` on the record `db` with `input` on standard input, as the login `tester`.
pub fn with_stdin(db: &Location, args: &[&str], input: &str) -> Output {
    let mut child = bilat_at(db)
        .args(args)
        .env("USER", "tester")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A running `bilat serve`, killed when dropped (also when a test fails half-way).
pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The line the server printed on starting.
    pub banner: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `bilat serve` on the record `db`, on a port the system picks.
pub fn start_server(db: &Location) -> Server {
    let mut child = bilat_at(db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut banner = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut banner)
        .unwrap();
    let addr = banner
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap()
        .to_string();
    Server {
        child,
        addr,
        banner,
    }
}
