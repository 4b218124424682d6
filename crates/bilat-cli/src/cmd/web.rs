//! `bilat serve`, `bilat user`, `bilat audit`: the observatory server and its accounts.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use super::Db;
use anyhow::{Context, Result, bail};
use bilat_store::AccountStore;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The address to listen on (loopback by default; put a TLS proxy in front for a network).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Mark session cookies Secure: set this when users reach the server over HTTPS.
    #[arg(long)]
    secure_cookies: bool,
    /// Connections to the record, used by as many requests at once. Default: twice the
    /// number of cores, at least 2 and at most 16.
    #[arg(long)]
    connections: Option<usize>,
}

pub fn serve(db: Db, args: ServeArgs) -> Result<ExitCode> {
    let location = db.location()?;
    let store = super::open(db)?;
    let users = store.users()?.len();
    let connections = args.connections.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(2, |n| (2 * n.get()).clamp(2, 16))
    });
    if connections == 0 {
        bail!("--connections: expected 1 or more, found 0");
    }
    let mut stores = vec![store];
    for _ in 1..connections {
        stores.push(
            bilat_store::Store::open_location(&location)
                .with_context(|| format!("opening the record at {location}"))?,
        );
    }
    let state = bilat_web::AppState::with_pool(
        stores,
        bilat_web::Options {
            secure_cookies: args.secure_cookies,
        },
    )?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        out!(
            "bilat observatory on http://{} (record at {location}; {users} user(s){})",
            listener.local_addr()?,
            if users == 0 {
                "; create the first admin with `bilat user add NAME --role admin`"
            } else {
                ""
            }
        );
        axum::serve(
            listener,
            bilat_web::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving")?;
        Ok(ExitCode::SUCCESS)
    })
}

#[derive(clap::Args)]
pub struct UserArgs {
    #[command(subcommand)]
    action: UserAction,
}

#[derive(clap::Subcommand)]
enum UserAction {
    /// Add a user. The password is asked for twice on a terminal, else read from the first
    /// line of standard input.
    Add {
        name: String,
        /// viewer (read), analyst (ingest, review, update with evidence), admin (users).
        #[arg(long, default_value = "viewer")]
        role: String,
        /// Limit the role to one pair, e.g. KZ-QA.
        #[arg(long)]
        dyad: Option<String>,
    },
    /// Set a user's password (ends the user's sessions).
    Passwd { name: String },
    /// Set a user's role and dyad (ends the user's sessions).
    Role {
        name: String,
        role: String,
        #[arg(long)]
        dyad: Option<String>,
    },
    /// The users, with their roles.
    List,
}

fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        let first = rpassword::prompt_password("Password (12 characters or more): ")?;
        let second = rpassword::prompt_password("Again: ")?;
        if first != second {
            bail!("the two passwords differ; nothing was changed");
        }
        first
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    bilat_web::auth::check_password(&password).map_err(anyhow::Error::msg)?;
    Ok(password)
}

fn dyad(text: Option<&str>) -> Result<Option<String>> {
    text.map(|t| Ok(bilat_web::review::dyad("--dyad", t)?.to_string()))
        .transpose()
}

pub fn user(db: Db, args: UserArgs) -> Result<ExitCode> {
    let mut store = super::open(db)?;
    match args.action {
        UserAction::Add {
            name,
            role,
            dyad: d,
        } => {
            let d = dyad(d.as_deref())?;
            let hash = bilat_web::auth::hash_password(&read_password()?)?;
            let u = store.add_user(&name, &hash, &role, d.as_deref())?;
            out!(
                "user {} added as {}{}",
                u.name,
                u.role,
                u.dyad.map_or(String::new(), |d| format!(" of {d}"))
            );
        }
        UserAction::Passwd { name } => {
            if store.user(&name)?.is_none() {
                bail!("no user named `{name}`");
            }
            let hash = bilat_web::auth::hash_password(&read_password()?)?;
            store.set_password(&name, &hash)?;
            out!("password of {name} changed; its sessions are closed");
        }
        UserAction::Role {
            name,
            role,
            dyad: d,
        } => {
            let d = dyad(d.as_deref())?;
            store.set_role(&name, &role, d.as_deref())?;
            out!(
                "{name} is now {role}{}",
                d.map_or(String::new(), |d| format!(" of {d}"))
            );
        }
        UserAction::List => {
            for u in store.users()? {
                out!(
                    "{}\t{}\t{}",
                    u.name,
                    u.role,
                    u.dyad.unwrap_or_else(|| "all".into())
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct AuditArgs {
    /// Only the changes of this record.
    #[arg(long)]
    record: Option<String>,
    /// At most this many rows, newest first.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long, value_enum, default_value = "table")]
    format: crate::output::Format,
}

pub fn audit(db: Db, args: AuditArgs) -> Result<ExitCode> {
    let store = super::open(db)?;
    let rows = store.audit(args.record.as_deref(), args.limit)?;
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.at.clone(),
                r.actor.clone(),
                r.action.clone(),
                r.record_id.clone(),
                r.evidence.clone().unwrap_or_default(),
            ]
        })
        .collect();
    crate::output::emit(
        args.format,
        &["#", "at (UTC)", "who", "what", "record", "evidence"],
        &table,
        &serde_json::json!({ "audit": rows }),
    )?;
    Ok(ExitCode::SUCCESS)
}
