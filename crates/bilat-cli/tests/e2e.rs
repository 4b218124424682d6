//! The observatory end to end in headless Chromium: `bilat serve` on a fresh record, a user
//! added with `bilat user add`, then `e2e/observatory.mjs` (playwright-core) drives the pages.
//! It needs Debian's chromium and `npm ci` in `e2e/`, which `.ci/run` installs before running
//! it with `--ignored`. Screenshots land in `target/e2e/`.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

#[test]
#[ignore = "needs Chromium and e2e/node_modules: .ci/run installs them and runs it"]
fn the_observatory_in_a_browser() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let password = "end to end password";
    let mut add = Command::new(env!("CARGO_BIN_EXE_bilat"))
        .arg("--db")
        .arg(&db)
        .args([
            "user", "add", "edna", "--role", "analyst", "--dyad", "KZ-QA",
        ])
        .env_remove("BILAT_DB")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(add.stdin.take().unwrap(), "{password}").unwrap();
    assert!(add.wait().unwrap().success());
    let mut server = Command::new(env!("CARGO_BIN_EXE_bilat"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("BILAT_DB")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_string();
    let out = Command::new("node")
        .arg(root.join("e2e/observatory.mjs"))
        .arg(&url)
        .arg(root.join("target/e2e"))
        .env("E2E_USER", "edna")
        .env("E2E_PASSWORD", password)
        .output()
        .expect("node is needed for this test (.ci/run installs it)");
    server.kill().unwrap();
    server.wait().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("ok - the change is in the record's audit log"));
}
