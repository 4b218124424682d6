//! The observatory driven through its router, without a socket: every route as every role,
//! logging in, CSRF, rate limiting, a status update with evidence and its audit, headers.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use bilat_store::testing::TestDb;
use bilat_store::{AccountStore, on_each_backend};
use bilat_web::routes::{Access, ROUTES};
use bilat_web::{AppState, Options, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Users written for the tests: (name, role, dyad, session token, CSRF token).
const USERS: &[(&str, &str, Option<&str>, &str)] = &[
    ("vic", "viewer", None, "1"),
    ("ana", "analyst", Some("KZ-QA"), "2"),
    ("uzi", "analyst", Some("QA-UZ"), "3"),
    ("ada", "admin", None, "4"),
];

fn token(n: &str) -> String {
    n.repeat(64)
}

fn csrf(n: &str) -> String {
    format!("csrf{n}")
}

struct Fixture {
    state: AppState,
}

/// The record with the bundled data and the test users. Blocking (the PostgreSQL client runs
/// its own runtime), so async tests call it in `block_in_place`.
fn fixture(db: &TestDb) -> Fixture {
    let mut store = db.store();
    bilat_store::bundled::install(&mut store).unwrap();
    for (name, role, dyad, n) in USERS {
        // A real hash is only needed for the login test ("ana"); the others never log in.
        let hash = if *name == "ana" {
            bilat_web::auth::hash_password("analyst password 1").unwrap()
        } else {
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$bm90IGEgcmVhbCBoYXNo".into()
        };
        let u = store.add_user(name, &hash, role, *dyad).unwrap();
        store
            .create_session(
                &bilat_web::auth::token_hash(&token(n)),
                u.id,
                &csrf(n),
                "2999-01-01T00:00:00Z",
            )
            .unwrap();
    }
    let state = AppState::new(store, Options::default()).unwrap();
    Fixture { state }
}

async fn send(
    state: &AppState,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn get(path: &str, user: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(n) = user {
        r = r.header(header::COOKIE, format!("bilat_session={}", token(n)));
    }
    r.body(Body::empty()).unwrap()
}

fn post_form(path: &str, user: Option<&str>, body: &str) -> Request<Body> {
    let mut r =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(n) = user {
        r = r.header(header::COOKIE, format!("bilat_session={}", token(n)));
    }
    r.body(Body::from(body.to_string())).unwrap()
}

fn concrete(path: &str) -> String {
    if path.ends_with("/search") {
        return format!("{path}?q=emir");
    }
    path.replace("{dyad}", "KZ-QA")
        .replace("{id}", "cm:jic-logistics")
        .replace("{name}", "vic")
        .replace("{file}", "brief-en.md")
        .replace("{cid}", "1")
}

on_each_backend! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_route_as_every_role(db: &TestDb) {
        let f = tokio::task::block_in_place(|| fixture(db));
        let rank = |role: &str| bilat_web::auth::rank(role);
        // Logging out ends the session the other routes use: it goes last.
        let mut routes: Vec<_> = ROUTES.iter().collect();
        routes.sort_by_key(|r| r.path == "/logout");
        for route in routes {
            let path = concrete(route.path);
            // Anonymous, then each user.
            let who: Vec<(Option<&str>, &str, Option<&str>)> = std::iter::once((None, "", None))
                .chain(
                    USERS
                        .iter()
                        .map(|(_, role, dyad, n)| (Some(*n), *role, *dyad)),
                )
                .collect();
            for (user, role, dyad) in who {
                let request = match route.method {
                    "GET" => get(&path, user),
                    _ if path.starts_with("/api/") => {
                        let mut r = Request::post(&path)
                            .header(header::CONTENT_TYPE, "application/json")
                            .header("x-csrf-token", user.map(csrf).unwrap_or_default());
                        if let Some(n) = user {
                            r = r.header(header::COOKIE, format!("bilat_session={}", token(n)));
                        }
                        // Valid JSON but no status: refused as bad input once access is granted.
                        r.body(Body::from("{\"status\":\"\",\"date\":\"\"}"))
                            .unwrap()
                    }
                    _ => post_form(
                        &path,
                        user,
                        &format!("csrf={}", user.map(csrf).unwrap_or_default()),
                    ),
                };
                let (status, headers, _) = send(&f.state, request).await;
                let what = format!(
                    "{} {} as {:?}",
                    route.method,
                    route.path,
                    user.map(|n| (role, n))
                );
                assert!(
                    headers.contains_key(header::CONTENT_SECURITY_POLICY),
                    "{what}: no CSP"
                );
                match route.access {
                    Access::Public => assert!(
                        status != StatusCode::UNAUTHORIZED && status != StatusCode::NOT_FOUND,
                        "{what}: {status}"
                    ),
                    Access::Role(needed) => {
                        let limited_out = dyad.is_some_and(|d| d != "KZ-QA")
                            && (route.path.contains("{dyad}") || route.path.contains("{id}"));
                        if user.is_none() {
                            assert!(
                                status == StatusCode::UNAUTHORIZED || status == StatusCode::SEE_OTHER,
                                "{what}: {status}"
                            );
                        } else if rank(role) < rank(needed) {
                            assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
                        } else if limited_out {
                            assert!(
                                status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                                "{what}: {status}"
                            );
                        } else if route.method == "GET" {
                            assert_eq!(status, StatusCode::OK, "{what}");
                        } else {
                            // Let in: the request is then judged on its content (empty here).
                            let to_login = headers
                                .get(header::LOCATION)
                                .is_some_and(|l| l == "/login" && route.path != "/logout");
                            assert!(
                                [
                                    StatusCode::SEE_OTHER,
                                    StatusCode::BAD_REQUEST,
                                    StatusCode::UNPROCESSABLE_ENTITY
                                ]
                                .contains(&status)
                                    && !to_login,
                                "{what}: {status}"
                            );
                        }
                    }
                }
            }
        }
    }
}

on_each_backend! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn logging_in_csrf_and_rate_limits(db: &TestDb) {
        let f = tokio::task::block_in_place(|| fixture(db));
        let (status, headers, body) = send(&f.state, get("/login", None)).await;
        assert_eq!(status, StatusCode::OK);
        let cookie = headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        let login_csrf = cookie
            .split(';')
            .next()
            .unwrap()
            .split_once('=')
            .unwrap()
            .1
            .to_string();
        assert!(body.contains(&format!("value=\"{login_csrf}\"")));
        let login = |password: &str, csrf: &str| {
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("bilat_login_csrf={login_csrf}"))
                .body(Body::from(format!(
                    "name=ana&password={password}&csrf={csrf}"
                )))
                .unwrap()
        };
        // Without the form's token: refused before the password is looked at.
        let (status, _, _) = send(&f.state, login("analyst+password+1", "forged")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // The right password opens a session.
        let (status, headers, _) = send(&f.state, login("analyst+password+1", &login_csrf)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let session = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with("bilat_session="))
            .unwrap();
        let token = session.split(';').next().unwrap().to_string();
        let page = Request::get("/")
            .header(header::COOKIE, &token)
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = send(&f.state, page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("ana (analyst, KZ-QA)"));
        // Wrong passwords: 401 with a message that does not say which part was wrong, then 429.
        for _ in 0..5 {
            let (status, _, body) = send(&f.state, login("wrong+password+x", &login_csrf)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            assert!(body.contains("That name and password do not match an account."));
        }
        let (status, _, _) = send(&f.state, login("analyst+password+1", &login_csrf)).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "blocked even with the right password"
        );
        // Logging out needs the session's CSRF token too.
        let out = |csrf: &str| {
            Request::post("/logout")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(
                    header::COOKIE,
                    "bilat_session=".to_string() + &"1".repeat(64),
                )
                .body(Body::from(format!("csrf={csrf}")))
                .unwrap()
        };
        assert_eq!(send(&f.state, out("nope")).await.0, StatusCode::FORBIDDEN);
        assert_eq!(send(&f.state, out("csrf1")).await.0, StatusCode::SEE_OTHER);
        assert_eq!(
            send(&f.state, get("/", Some("1"))).await.0,
            StatusCode::SEE_OTHER,
            "the session ended"
        );
    }
}

on_each_backend! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_status_update_with_evidence_is_audited(db: &TestDb) {
        let f = tokio::task::block_in_place(|| fixture(db));
        let form = "csrf=csrf2&status=implementation&date=2026-11-20&new_title=Joint+commission+minutes+for+the+test&new_url=https%3A%2F%2Fexample.org%2Fminutes&new_date=2026-11-21&note=written+for+the+test";
        // The viewer may not; the analyst of another pair does not see the record.
        let as_viewer = post_form(
            "/record/cm:jic-logistics/status",
            Some("1"),
            &form.replace("csrf2", "csrf1"),
        );
        assert_eq!(send(&f.state, as_viewer).await.0, StatusCode::FORBIDDEN);
        let as_other = post_form(
            "/record/cm:jic-logistics/status",
            Some("3"),
            &form.replace("csrf2", "csrf3"),
        );
        assert_eq!(send(&f.state, as_other).await.0, StatusCode::NOT_FOUND);
        // A forged token is refused and changes nothing.
        let forged = post_form(
            "/record/cm:jic-logistics/status",
            Some("2"),
            &form.replace("csrf2", "csrf9"),
        );
        assert_eq!(send(&f.state, forged).await.0, StatusCode::FORBIDDEN);
        // A source dated before the status cannot attest it (the rule of `bilat check`).
        let early = post_form(
            "/record/cm:jic-logistics/status",
            Some("2"),
            &form.replace("new_date=2026-11-21", "new_date=2026-11-01"),
        );
        let (status, _, body) = send(&f.state, early).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body.contains("needs a source dated on or after that day"),
            "{body}"
        );
        // Bad input names what was expected.
        let bad = post_form(
            "/record/cm:jic-logistics/status",
            Some("2"),
            &form.replace("implementation", "finished"),
        );
        let (status, _, body) = send(&f.state, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("expected one of pipeline, implementation, completed, cancelled, suspended, found `finished`"), "{body}");
        // The analyst of the pair records it.
        let ok = post_form("/record/cm:jic-logistics/status", Some("2"), form);
        let (status, headers, body) = send(&f.state, ok).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(
            headers.get(header::LOCATION).unwrap(),
            "/record/cm:jic-logistics"
        );
        let (_, _, page) = send(&f.state, get("/record/cm:jic-logistics", Some("1"))).await;
        assert!(
            page.contains("status implementation as of 2026-11-20"),
            "the new claim"
        );
        assert!(
            page.contains("user:ana") && page.contains("added status implementation"),
            "its audit row"
        );
        // The commitment board now says it is in implementation.
        let (_, _, board) = send(&f.state, get("/api/dyads/KZ-QA/commitments", Some("1"))).await;
        let v: serde_json::Value = serde_json::from_str(&board).unwrap();
        let c = v["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "cm:jic-logistics")
            .unwrap();
        assert_eq!(c["lifecycle"], "implementation");
        // The audit log through the API: who, what before and after, on what evidence.
        let (_, _, audit) = send(
            &f.state,
            get("/api/records/cm:jic-logistics/audit", Some("1")),
        )
        .await;
        let v: serde_json::Value = serde_json::from_str(&audit).unwrap();
        let row = &v["audit"][0];
        assert_eq!(row["actor"], "user:ana");
        assert_eq!(row["action"], "update");
        assert!(
            row["evidence"]
                .as_str()
                .unwrap()
                .contains("status implementation as of 2026-11-20 on the evidence of")
        );
        assert!(!row["before"].as_str().unwrap().contains("implementation"));
        assert!(row["after"].as_str().unwrap().contains("implementation"));
        // The new source is in the record, with the user's name in its note.
        let (_, _, sources) = send(&f.state, get("/record/cm:jic-logistics", Some("1"))).await;
        assert!(sources.contains("Joint commission minutes for"));
        // Any other fact, written as in the record's JSON Lines, on a source of the record.
        let place = post_form(
            "/record/ev:1993-07-01-diplomatic-relations/status",
            Some("2"),
            "csrf=csrf2&fact=%7B%22fact%22%3A%22place%22%2C%22place%22%3A%22Synthetic+Hall%22%7D&source=src%3Apaper-2025&note=written+for+the+test",
        );
        assert_eq!(send(&f.state, place).await.0, StatusCode::SEE_OTHER);
        let (_, _, event) =
            send(&f.state, get("/record/ev:1993-07-01-diplomatic-relations", Some("1"))).await;
        assert!(event.contains("place Synthetic Hall"), "{event}");
        let bad = post_form(
            "/record/ev:1993-07-01-diplomatic-relations/status",
            Some("2"),
            "csrf=csrf2&fact=%7B%22fact%22%3A%22colour%22%7D&source=src%3Apaper-2025",
        );
        let (status, _, body) = send(&f.state, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("fact: expected a fact as in the record"), "{body}");
    }
}

on_each_backend! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pages_filters_downloads_and_the_api_description(db: &TestDb) {
        let f = tokio::task::block_in_place(|| fixture(db));
        let (status, _, body) = send(
            &f.state,
            get("/dyad/KZ-QA/timeline?domain=military_technical", Some("1")),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("<p id=\"count\">2 events"),
            "the two military events"
        );
        let (status, _, body) = send(&f.state, get("/dyad/KZ-QA/timeline?from=abc", Some("1"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("from: expected a year such as 2017, found `abc`"));
        let (_, _, body) = send(
            &f.state,
            get("/api/dyads/KZ-QA/events?from=2024&to=2024", Some("1")),
        )
        .await;
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        // Events whose dates overlap 2024 (a span such as 2022-01/2024-02 included).
        let dates: Vec<&str> = v["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["date"].as_str().unwrap())
            .collect();
        assert!(
            !dates.is_empty() && dates.iter().all(|d| d.contains("2024")),
            "{dates:?}"
        );
        let (_, _, body) = send(&f.state, get("/dyad/KZ-QA?lang=kk", Some("1"))).await;
        assert!(body.contains("<html lang=\"kk\">") && body.contains("Негізгі көрсеткіштер"));
        assert!(!body.contains("<script"), "no script at all");
        let (status, headers, body) =
            send(&f.state, get("/dyad/KZ-QA/brief/brief-ru.md", Some("1"))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            headers
                .get(header::CONTENT_DISPOSITION)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("attachment")
        );
        assert!(body.starts_with("# Казахстан – Катар"));
        let (status, _, _) = send(
            &f.state,
            get("/dyad/KZ-QA/brief/..%2Fetc%2Fpasswd", Some("1")),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        // The API's description lists every API route of the table.
        let (_, _, body) = send(&f.state, get("/api/openapi.json", None)).await;
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["openapi"], "3.1.0");
        for r in ROUTES.iter().filter(|r| r.path.starts_with("/api/")) {
            assert!(
                v["paths"][r.path][r.method.to_lowercase()].is_object(),
                "{} {} missing from the description",
                r.method,
                r.path
            );
        }
        let post = &v["paths"]["/api/records/{id}/status"]["post"];
        assert!(post["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "X-CSRF-Token"));
        assert!(v["components"]["schemas"]["StatusUpdate"]["properties"]["fact"].is_object());
        // Errors show a stable message, never internals.
        let (status, _, body) = send(&f.state, get("/record/ev:no-such-thing", Some("1"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("Not found.") && !body.contains("panicked"));
    }
}

/// A multipart form: `fields` as text, then one file.
fn multipart(user: &str, fields: &[(&str, &str)], file: (&str, &[u8])) -> Request<Body> {
    let boundary = "synthetic-boundary-7f3a";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post("/upload")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::COOKIE, format!("bilat_session={}", token(user)))
        .body(Body::from(body))
        .unwrap()
}

/// A text written for this test: a state visit the bundled record holds (2022) and an
/// agreement it does not (2025).
const UPLOAD: &str = "Written for this test. The Emir of Qatar arrived in Astana on 11 October 2022 for a state visit. On 3 March 2025 Kazakhstan and Qatar signed an agreement on cooperation in sport in Doha.\n";

on_each_backend! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn uploading_then_reviewing_candidates(db: &TestDb) {
        let f = tokio::task::block_in_place(|| fixture(db));
        // Type and size limits: the name's extension and the bytes must agree.
        let fake_pdf = multipart("2", &[("csrf", "csrf2")], ("report.pdf", b"not a pdf at all"));
        let (status, _, body) = send(&f.state, fake_pdf).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("report.pdf: the file&#39;s content is not pdf"), "{body}");
        let exe = multipart("2", &[("csrf", "csrf2")], ("tool.exe", b"MZ"));
        assert_eq!(send(&f.state, exe).await.0, StatusCode::BAD_REQUEST);
        let big = vec![b'a'; bilat_web::intake::MAX_UPLOAD + 100 * 1024];
        let (status, _, _) = send(&f.state, multipart("2", &[("csrf", "csrf2")], ("big.txt", &big))).await;
        assert!(status == StatusCode::BAD_REQUEST || status == StatusCode::PAYLOAD_TOO_LARGE, "{status}");
        // Larger than the other routes' 64 KiB limit, within the upload's own.
        // (Sentences that code to nothing, so the queue below holds only the main upload's.)
        let mut long = "Written for this test about nothing in particular. "
            .repeat(21_000)
            .into_bytes();
        long.truncate(1024 * 1024);
        let (status, _, body) = send(&f.state, multipart("2", &[("csrf", "csrf2")], ("long-synthetic.txt", &long))).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "a 1 MB document is accepted: {body}");
        // A forged token stores nothing; a viewer may not upload.
        let forged = multipart("2", &[("csrf", "csrf9")], ("visit.txt", UPLOAD.as_bytes()));
        assert_eq!(send(&f.state, forged).await.0, StatusCode::FORBIDDEN);
        let viewer = multipart("1", &[("csrf", "csrf1")], ("visit.txt", UPLOAD.as_bytes()));
        assert_eq!(send(&f.state, viewer).await.0, StatusCode::FORBIDDEN);
        // The upload: a path in the name is only a name.
        let ok = multipart(
            "2",
            &[("csrf", "csrf2"), ("published", "2025-03-04"), ("kind", "news")],
            ("../../etc/visit-synthetic.txt", UPLOAD.as_bytes()),
        );
        let (status, headers, body) = send(&f.state, ok).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let to = headers.get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        assert!(to.starts_with("/review?status=all&source=src%3A"), "{to}");
        let (_, _, page) = send(&f.state, get("/review", Some("2"))).await;
        assert!(page.contains("2 candidates"), "{page}");
        assert!(page.contains("state_visit") && page.contains("agreement_signed"));
        assert!(page.contains("repeats ev:"), "the known visit is flagged: {page}");
        assert!(!page.contains("../"), "the file name is shown without its path");
        // The analyst of another pair sees none of them.
        let (_, _, other) = send(&f.state, get("/review", Some("3"))).await;
        assert!(other.contains("0 candidates"), "{other}");
        let api = send(&f.state, get("/api/review", Some("2"))).await.2;
        let v: serde_json::Value = serde_json::from_str(&api).unwrap();
        let ids: Vec<(i64, String, String)> = v["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_i64().unwrap(),
                    c["candidate"]["event_type"].as_str().unwrap().to_string(),
                    c["suggestion"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let visit = ids.iter().find(|c| c.1 == "state_visit").unwrap().clone();
        let agreement = ids.iter().find(|c| c.1 == "agreement_signed").unwrap().clone();
        // Accepting the repeat is refused with the way out; merging adds evidence.
        let accept_repeat = post_form(&format!("/review/{}", visit.0), Some("2"), "csrf=csrf2&action=accept");
        let (status, _, body) = send(&f.state, accept_repeat).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("already holds this event"), "{body}");
        let forged = post_form(&format!("/review/{}", visit.0), Some("2"), "csrf=csrf9&action=reject");
        assert_eq!(send(&f.state, forged).await.0, StatusCode::FORBIDDEN);
        let other_pair = post_form(&format!("/review/{}", visit.0), Some("3"), "csrf=csrf3&action=merge");
        assert_eq!(send(&f.state, other_pair).await.0, StatusCode::NOT_FOUND);
        let merge = post_form(&format!("/review/{}", visit.0), Some("2"), "csrf=csrf2&action=merge");
        assert_eq!(send(&f.state, merge).await.0, StatusCode::SEE_OTHER);
        let target = visit.2.trim_start_matches("repeats ").to_string();
        let (_, _, record) = send(&f.state, get(&format!("/record/{target}"), Some("2"))).await;
        assert!(record.contains("user:ana"), "the merge is in the record's audit log");
        // Edit, then accept: the event enters the record with the edited date.
        let edit = post_form(&format!("/review/{}", agreement.0), Some("2"), "csrf=csrf2&action=edit&date=2025-03-04");
        assert_eq!(send(&f.state, edit).await.0, StatusCode::SEE_OTHER);
        let bad_edit = post_form(&format!("/review/{}", agreement.0), Some("2"), "csrf=csrf2&action=edit&date=2025-13-01");
        assert_eq!(send(&f.state, bad_edit).await.0, StatusCode::BAD_REQUEST);
        let accept = post_form(&format!("/review/{}", agreement.0), Some("2"), "csrf=csrf2&action=accept&dyad=KZ-QA");
        assert_eq!(send(&f.state, accept).await.0, StatusCode::SEE_OTHER);
        let (_, _, done) = send(&f.state, get("/review?status=all", Some("2"))).await;
        assert!(done.contains("merged") && done.contains("accepted"), "{done}");
        assert!(done.contains(">2 candidates<"), "both decisions are listed under all: {done}");
        let timeline = send(&f.state, get("/api/dyads/KZ-QA/events?from=2025", Some("2"))).await.2;
        assert!(timeline.contains("2025-03-04"), "the accepted event is in the record: {timeline}");
        // A decided candidate is not decided twice; the same upload again stores nothing new.
        let again = post_form(&format!("/review/{}", agreement.0), Some("2"), "csrf=csrf2&action=reject");
        let (status, _, body) = send(&f.state, again).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("already accepted"), "{body}");
        let twice = multipart("2", &[("csrf", "csrf2")], ("visit.txt", UPLOAD.as_bytes()));
        assert_eq!(send(&f.state, twice).await.0, StatusCode::SEE_OTHER);
        let (_, _, pending) = send(&f.state, get("/review", Some("2"))).await;
        assert!(pending.contains("0 candidates"), "{pending}");
    }
}

on_each_backend! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn targets_projects_trade_and_routes_pages(db: &TestDb) {
        let f = tokio::task::block_in_place(|| fixture(db));
        let page = |path: &str| get(path, Some("1"));
        let (status, _, targets) = send(&f.state, page("/dyad/KZ-QA/targets")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(targets.contains("Bilateral trade turnover of USD 500 million"), "{targets}");
        assert!(targets.contains("Kazakh exports to Qatar of USD 250 million"));
        let (_, _, projects) = send(&f.state, page("/dyad/KZ-QA/projects")).await;
        assert!(projects.contains("Total counted: USD"), "{projects}");
        assert!(projects.contains("counted") && projects.contains("/record/pr:"));
        let (_, _, board) = send(&f.state, page("/dyad/KZ-QA/commitments")).await;
        assert!(board.contains("id=\"agreements\"") && board.contains("/record/ag:"), "{board}");
        let (_, _, trade) = send(&f.state, page("/dyad/KZ-QA/trade")).await;
        assert!(trade.contains("USD 56.6 m") && trade.contains("<svg"), "{trade}");
        // Routes: today's, with what the 2017 blockade closes; then under the blockade.
        let (_, _, today) = send(&f.state, page("/dyad/KZ-QA/routes")).await;
        assert!(today.contains("(20-ft container)") && today.contains("<svg"));
        assert!(today.contains("it closes Salwa-Abu Samra"), "{today}");
        let (_, _, blockade) =
            send(&f.state, page("/dyad/KZ-QA/routes?scenario=blockade-2017&cargo=truck")).await;
        assert!(blockade.contains("(truck load, 20 t)"), "{blockade}");
        assert!(blockade.contains("<option value=\"blockade-2017\" selected>"));
        // Written in the network's sources as `<bilat>`: shown as text, not markup.
        assert!(today.contains("&lt;bilat&gt;") && !today.contains("<bilat>"));
        let (status, _, _) = send(&f.state, page("/dyad/KZ-QA/routes?cargo=ship")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        // The analyst of another pair sees none of these pages of KZ-QA.
        let (status, _, _) = send(&f.state, get("/dyad/KZ-QA/targets", Some("3"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
