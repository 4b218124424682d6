//! `bilat user`, `bilat audit` and `bilat serve` from the command line, with a real socket.

#[path = "common/server.rs"]
mod server;

use std::io::{Read, Write};

use bilat_store::on_each_backend;
use server::{run as bilat, start_server, with_stdin};

on_each_backend! {
    #[test]
    fn users_are_added_from_the_command_line_and_changes_are_audited(t: &TestDb) {
        let db = &t.new_location();
        let short = with_stdin(db, &["user", "add", "ada", "--role", "admin"], "short\n");
        assert!(!short.status.success());
        assert!(
            String::from_utf8_lossy(&short.stderr).contains("at least 12 characters; this one has 5")
        );
        let ok = with_stdin(
            db,
            &["user", "add", "ada", "--role", "admin"],
            "a long enough password\n",
        );
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
        let bad_role = with_stdin(
            db,
            &["user", "add", "bo", "--role", "owner"],
            "another long password\n",
        );
        assert!(
            String::from_utf8_lossy(&bad_role.stderr)
                .contains("expected one of viewer, analyst, admin, found `owner`")
        );
        let limited = with_stdin(
            db,
            &["user", "add", "ana", "--role", "analyst", "--dyad", "qa-kz"],
            "another long password\n",
        );
        assert!(limited.status.success());
        let list = String::from_utf8(bilat(db, &["user", "list"]).stdout).unwrap();
        assert_eq!(list, "ada\tadmin\tall\nana\tanalyst\tKZ-QA\n");
        // The bundled record's installation is the first entry of the audit log.
        let audit =
            String::from_utf8(bilat(db, &["audit", "--format", "json", "--limit", "500"]).stdout)
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
        let file = t.dir().join("note-synthetic.jsonl");
        std::fs::write(&file, r#"{"kind":"source","id":"src:synthetic-cli-note","short":"Synthetic CLI note","source_kind":"news","title":"A note written for this test","language":"en"}"#).unwrap();
        let out = with_stdin(db, &["import", file.to_str().unwrap()], "");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let one = String::from_utf8(
            bilat(
                db,
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
}

on_each_backend! {
    #[test]
    fn the_server_answers_on_a_socket_and_sends_anonymous_users_to_log_in(t: &TestDb) {
        let db = &t.new_location();
        let server = start_server(db);
        let (line, addr) = (&server.banner, &server.addr);
        assert!(
            line.contains("create the first admin with `bilat user add NAME --role admin`"),
            "{line}"
        );
        let (status, health) = http(addr, "GET", "/health", &[], "").unwrap();
        assert!(status == 200 && health.ends_with("ok"), "{health}");
        let (status, home) = http(addr, "GET", "/", &[], "").unwrap();
        assert!(status == 303 && home.contains("location: /login"), "{home}");
        assert!(home.contains("x-frame-options: DENY"));
    }
}

/// One HTTP/1.1 request on a fresh connection: (status, headers and body as text).
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut s = std::net::TcpStream::connect(addr)?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    s.write_all(body.as_bytes())?;
    let mut response = String::new();
    s.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {response:?}")))?;
    Ok((status, response))
}

/// Logs in over HTTP: the session cookie and its CSRF token.
fn log_in(addr: &str, name: &str, password: &str) -> (String, String) {
    let (_, login) = http(addr, "GET", "/login", &[], "").unwrap();
    let cookie_value = |text: &str, name: &str| {
        text.lines()
            .filter_map(|l| l.strip_prefix("set-cookie: "))
            .find_map(|c| c.strip_prefix(&format!("{name}=")))
            .map(|c| c.split(';').next().unwrap().to_string())
            .unwrap()
    };
    let login_csrf = cookie_value(&login, "bilat_login_csrf");
    let body = format!(
        "name={name}&password={}&csrf={login_csrf}",
        password.replace(' ', "+")
    );
    let (status, response) = http(
        addr,
        "POST",
        "/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &format!("bilat_login_csrf={login_csrf}")),
        ],
        &body,
    )
    .unwrap();
    assert_eq!(status, 303, "{response}");
    let session = format!("bilat_session={}", cookie_value(&response, "bilat_session"));
    let (_, page) = http(
        addr,
        "GET",
        "/record/cm:jic-logistics",
        &[("Cookie", &session)],
        "",
    )
    .unwrap();
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    (session, csrf)
}

on_each_backend! {
    #[test]
    fn killing_the_server_during_writes_loses_no_acknowledged_change(t: &TestDb) {
        let db = &t.new_location();
        let password = "a long enough password";
        assert!(
            with_stdin(
                db,
                &["user", "add", "kim", "--role", "analyst"],
                &format!("{password}\n")
            )
            .status
            .success()
        );
        let mut server = start_server(db);
        let addr = server.addr.clone();
        let (session, csrf) = log_in(&addr, "kim", password);
        // A writer records statuses one after another, keeping those the server acknowledged.
        let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let writer = {
            let (addr, session, csrf) = (addr.clone(), session.clone(), csrf.clone());
            let count = count.clone();
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                for i in 0..400u32 {
                    let date = format!("2024-{:02}-{:02}", 1 + i / 28 % 12, 1 + i % 28);
                    let body = format!(
                        r#"{{"status":"implementation","date":"{date}","source":"src:paper-2025","note":"synthetic write {i}"}}"#
                    );
                    match http(
                        &addr,
                        "POST",
                        "/api/records/cm:jic-logistics/status",
                        &[
                            ("Content-Type", "application/json"),
                            ("Cookie", &session),
                            ("X-CSRF-Token", &csrf),
                        ],
                        &body,
                    ) {
                        Ok((200, _)) => {
                            acknowledged.push(format!("synthetic write {i}"));
                            count.store(acknowledged.len(), std::sync::atomic::Ordering::SeqCst);
                        }
                        Ok((status, text)) => panic!("write {i}: {status} {text}"),
                        Err(_) => break,
                    }
                }
                acknowledged
            })
        };
        // Kill it in the middle: once 20 writes are acknowledged, while the writer goes on.
        while count.load(std::sync::atomic::Ordering::SeqCst) < 20 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        server.child.kill().unwrap(); // SIGKILL: no shutdown, no flush
        server.child.wait().unwrap();
        let acknowledged = writer.join().unwrap();
        assert!(
            !acknowledged.is_empty() && acknowledged.len() < 400,
            "{} writes acknowledged before the kill",
            acknowledged.len()
        );
        // Every acknowledged change is in the record, and the record is consistent.
        let shown =
            String::from_utf8(bilat(db, &["show", "cm:jic-logistics", "--json"]).stdout).unwrap();
        for note in &acknowledged {
            assert!(shown.contains(note), "{note} was acknowledged but is lost");
        }
        let check = bilat(db, &["check"]);
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
        // One audit row per change that reached the record (acknowledged or in flight).
        let audit = String::from_utf8(
            bilat(
                db,
                &[
                    "audit",
                    "--record",
                    "cm:jic-logistics",
                    "--limit",
                    "1000",
                    "--format",
                    "json",
                ],
            )
            .stdout,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&audit).unwrap();
        let updates = v["audit"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["action"] == "update")
            .count();
        let written = shown.matches("synthetic write").count();
        assert_eq!(updates, written);
        assert!(written == acknowledged.len() || written == acknowledged.len() + 1);
        // The server starts again on the same file.
        let again = start_server(db);
        assert_eq!(http(&again.addr, "GET", "/health", &[], "").unwrap().0, 200);
    }
}

on_each_backend! {
    #[test]
    fn ingested_documents_are_searched_from_the_observatory(t: &TestDb) {
        let db = &t.new_location();
        let doc = t.dir().join("visit-synthetic.txt");
        std::fs::write(
            &doc,
            "Written for this test. The Emir of Qatar arrived in Astana on 11 October 2022 for a state visit. Talks covered energy and logistics.\n",
        )
        .unwrap();
        let ingest = bilat(db, &["ingest", doc.to_str().unwrap()]);
        assert!(
            ingest.status.success(),
            "{}",
            String::from_utf8_lossy(&ingest.stderr)
        );
        let password = "a long enough password";
        assert!(
            with_stdin(
                db,
                &["user", "add", "vi", "--role", "viewer"],
                &format!("{password}\n")
            )
            .status
            .success()
        );
        let server = start_server(db);
        let addr = server.addr.as_str();
        let (session, _) = log_in(addr, "vi", password);
        let (status, body) = http(
            addr,
            "GET",
            "/api/search?q=emirs&lang=en",
            &[("Cookie", &session)],
            "",
        )
        .unwrap();
        assert_eq!(status, 200, "{body}");
        let json = &body[body.find("\r\n\r\n").unwrap() + 4..];
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["count"], 1, "the inflected form finds the sentence: {v}");
        assert!(
            v["results"][0]["kwic"]
                .as_str()
                .unwrap()
                .contains("The [Emir] of Qatar")
        );
        let (_, page) = http(
            addr,
            "GET",
            "/search?q=logistics",
            &[("Cookie", &session)],
            "",
        )
        .unwrap();
        assert!(
            page.contains("<p id=\"found\">1 sentences</p>") && page.contains("logistics"),
            "{page}"
        );
        let (status, body) = http(
            addr,
            "GET",
            "/api/search?q=emir&from=October",
            &[("Cookie", &session)],
            "",
        )
        .unwrap();
        assert_eq!(status, 400);
        assert!(
            body.contains("from: expected a date such as 2024, 2024-02 or 2024-02-14, found `October`")
        );
    }
}
