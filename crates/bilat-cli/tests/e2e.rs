//! The observatory end to end in headless Chromium: `bilat serve` on a fresh record, a user
//! added with `bilat user add`, then `e2e/observatory.mjs` (playwright-core) drives the pages.
//! It needs Debian's chromium and `npm ci` in `e2e/`, which `.ci/run` installs before running
//! it with `--ignored`. Screenshots land in `target/e2e/`.

#[path = "common/server.rs"]
mod server;

use std::path::PathBuf;
use std::process::Command;

use server::{start_server, with_stdin};

#[test]
#[ignore = "needs Chromium and e2e/node_modules: .ci/run installs them and runs it"]
fn the_observatory_in_a_browser() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let db = bilat_store::Location::Sqlite(dir.path().join("r.sqlite"));
    let password = "end to end password";
    let add = with_stdin(
        &db,
        &[
            "user", "add", "edna", "--role", "analyst", "--dyad", "KZ-QA",
        ],
        &format!("{password}\n"),
    );
    assert!(add.status.success());
    let server = start_server(&db);
    let url = format!("http://{}", server.addr);
    let out = Command::new("node")
        .arg(root.join("e2e/observatory.mjs"))
        .arg(&url)
        .arg(root.join("target/e2e"))
        .env("E2E_USER", "edna")
        .env("E2E_PASSWORD", password)
        .output()
        .expect("node is needed for this test (.ci/run installs it)");
    let banner = server.banner.clone();
    drop(server);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "server: {banner}{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("ok - the change is in the record's audit log"));
    assert!(stdout.contains("ok - a candidate is accepted into the record and one merged"));
    assert!(stdout.contains("ok - the routes page draws the map"));
}
