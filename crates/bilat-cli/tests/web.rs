//! `bilat user`, `bilat audit` and `bilat serve` from the command line, with a real socket.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use common::bilat;

fn with_stdin(db: &std::path::Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bilat"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BILAT_DB")
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

#[test]
fn users_are_added_from_the_command_line_and_changes_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let short = with_stdin(&db, &["user", "add", "ada", "--role", "admin"], "short\n");
    assert!(!short.status.success());
    assert!(
        String::from_utf8_lossy(&short.stderr).contains("at least 12 characters; this one has 5")
    );
    let ok = with_stdin(
        &db,
        &["user", "add", "ada", "--role", "admin"],
        "a long enough password\n",
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let bad_role = with_stdin(
        &db,
        &["user", "add", "bo", "--role", "owner"],
        "another long password\n",
    );
    assert!(
        String::from_utf8_lossy(&bad_role.stderr)
            .contains("expected one of viewer, analyst, admin, found `owner`")
    );
    let limited = with_stdin(
        &db,
        &["user", "add", "ana", "--role", "analyst", "--dyad", "qa-kz"],
        "another long password\n",
    );
    assert!(limited.status.success());
    let list = String::from_utf8(bilat(&db, &["user", "list"]).stdout).unwrap();
    assert_eq!(list, "ada\tadmin\tall\nana\tanalyst\tKZ-QA\n");
    // The bundled record's installation is the first entry of the audit log.
    let audit =
        String::from_utf8(bilat(&db, &["audit", "--format", "json", "--limit", "500"]).stdout)
            .unwrap();
    let v: serde_json::Value = serde_json::from_str(&audit).unwrap();
    let rows = v["audit"].as_array().unwrap();
    assert!(
        rows.iter()
            .all(|r| r["actor"] == "bundled" && r["action"] == "create")
    );
    assert!(
        rows.iter()
            .any(|r| r["record_id"] == "ev:1993-07-01-diplomatic-relations")
    );
    // An import from the command line is audited with the login and the file.
    let file = dir.path().join("note-synthetic.jsonl");
    std::fs::write(&file, r#"{"kind":"source","id":"src:synthetic-cli-note","short":"Synthetic CLI note","source_kind":"news","title":"A note written for this test","language":"en"}"#).unwrap();
    let out = with_stdin(&db, &["import", file.to_str().unwrap()], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let one = String::from_utf8(
        bilat(
            &db,
            &[
                "audit",
                "--record",
                "src:synthetic-cli-note",
                "--format",
                "json",
            ],
        )
        .stdout,
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v["audit"][0]["actor"], "cli:tester");
    assert!(
        v["audit"][0]["evidence"]
            .as_str()
            .unwrap()
            .contains("note-synthetic.jsonl")
    );
}

#[test]
fn the_server_answers_on_a_socket_and_sends_anonymous_users_to_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_bilat"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("BILAT_DB")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(
        line.contains("create the first admin with `bilat user add NAME --role admin`"),
        "{line}"
    );
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap()
        .to_string();
    let request = |path: &str| {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        s.read_to_string(&mut response).unwrap();
        response
    };
    let health = request("/health");
    assert!(
        health.starts_with("HTTP/1.1 200") && health.ends_with("ok"),
        "{health}"
    );
    let home = request("/");
    assert!(
        home.starts_with("HTTP/1.1 303") && home.contains("location: /login"),
        "{home}"
    );
    assert!(home.contains("x-frame-options: DENY"));
    child.kill().unwrap();
    child.wait().unwrap();
}
