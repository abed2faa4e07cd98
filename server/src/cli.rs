//! The command line: `server [serve]` runs the portal, `server migrate` applies migrations.
//! Every flag can also be given as an environment variable (shown in `--help`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{ServeConfig, StorageConfig};
use crate::telemetry::{self, LogFormat};

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Civil-affairs self-service portal: web server and administration commands.",
    long_about = "Civil-affairs self-service portal.\n\nWithout a subcommand the portal is served (same as `server serve`)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Directory for the SQLite database, the generated encryption key and uploaded documents.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Database URL: `sqlite://PATH` or `postgres://USER@HOST/DB`. Default: SQLite file
    /// `portal.sqlite3` in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Log filter, e.g. `info`, `debug`, `server=debug,tower_http=warn`.
    #[arg(long, env = "PORTAL_LOG", default_value = "info", global = true)]
    pub log_level: String,

    /// Log output format.
    #[arg(
        long,
        env = "PORTAL_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal over HTTP (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit (serve also applies them at start-up).
    Migrate,
    /// Check or import the eligibility policy parameters.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Screen a register of households (JSON lines) through the eligibility rules; writes one
    /// JSON line of outcomes per household. See the README for the input format.
    Screen {
        /// Input file: one JSON object per line with id, region, area, date, household, facts.
        #[arg(long)]
        input: PathBuf,
        /// Output file (JSON lines).
        #[arg(long)]
        output: PathBuf,
    },
    /// Staff accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Copy the embedded SQLite database, while the portal serves, to a new file, and check
    /// the copy. The PII key and uploaded documents are kept separately (docs/OPERATIONS.md);
    /// PostgreSQL is backed up with pg_dump.
    Backup {
        /// The backup file to write (must not exist).
        #[arg(long)]
        out: PathBuf,
    },
    /// Rotate the key that encrypts ID and phone numbers at rest (docs/OPERATIONS.md, "Keys
    /// and secrets"). Uses PORTAL_PII_KEY and PORTAL_PII_DATA_KEYS like the server.
    #[command(subcommand)]
    PiiKey(PiiKeyCommand),
    /// Replace the embedded SQLite database with a checked backup. Stop every server using
    /// the data directory first; the replaced database is kept beside it.
    Restore {
        /// The backup file to restore.
        #[arg(long)]
        from: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a staff account (the first administrator, typically). The password is read from
    /// PORTAL_NEW_PASSWORD or, when unset, from the first line of standard input; the member
    /// enrols a TOTP second factor at first sign-in and must change the password then.
    CreateUser {
        #[arg(long)]
        username: String,
        /// Display name (the member's real name).
        #[arg(long)]
        name: String,
        /// intake, reviewer, approver or admin.
        #[arg(long)]
        role: String,
        /// Region code (6 digits) or, for intake, a township code (9 digits).
        #[arg(long)]
        jurisdiction: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PiiKeyCommand {
    /// Count the encrypted values under each key of the ring; no value is changed. (It opens the
    /// database as the server does, so a data directory never used gets its database and key.) A
    /// key no value is under any more may be removed from the ring.
    Status,
    /// Generate a data key, put it first in <data-dir>/pii-data.keys and encrypt every value
    /// again with it. Stop every instance first; give them the new file before they start.
    Rotate,
    /// Encrypt every value not under the newest key of the ring again with it: to finish an
    /// interrupted rotation, or after putting a new key first in PORTAL_PII_DATA_KEYS.
    Rewrap,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain of the audit trail; exits non-zero at the first broken link.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Validate every embedded parameter file, plus any extra files given.
    Check {
        /// Extra parameter files (TOML) to validate with the embedded ones.
        files: Vec<PathBuf>,
    },
    /// Convert a CSV table of standards (region,key,amount,per,from,to) into a parameter file.
    Import {
        csv: PathBuf,
        /// Where to write the parameter file (TOML).
        #[arg(long)]
        out: PathBuf,
        /// Title of the document the standards come from.
        #[arg(long)]
        title: String,
        /// Its number, e.g. 榆民字〔2023〕16号.
        #[arg(long, default_value = "")]
        number: String,
        /// Its date.
        #[arg(long)]
        date: String,
        /// Where it was read.
        #[arg(long)]
        source: String,
    },
}

#[derive(Args, Default)]
pub struct ServeArgs {
    /// Address and port to listen on. Port 0 picks a free port (printed at start-up).
    #[arg(long, env = "PORTAL_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: Option<SocketAddr>,

    /// Directory with the built site (`pkg/portal.wasm`, `pkg/portal.js`, `pkg/portal.css`,
    /// public assets), as produced by `cargo leptos build`.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: Option<PathBuf>,

    /// Base64 of the 32-byte key that encrypts ID and phone numbers at rest. When unset a key
    /// is generated once into `<data-dir>/pii.key` (keep that file with your backups).
    #[arg(long, env = "PORTAL_PII_KEY", hide_env_values = true)]
    pub pii_key: Option<String>,

    /// Rotated data keys (comma-separated base64, newest first) written by `server pii-key
    /// rotate`. When unset they are read from `<data-dir>/pii-data.keys`, if it exists.
    #[arg(long, env = "PORTAL_PII_DATA_KEYS", hide_env_values = true)]
    pub pii_data_keys: Option<String>,

    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    #[arg(long, env = "PORTAL_TRUST_PROXY_HEADERS")]
    pub trust_proxy_headers: bool,

    /// Mark cookies `Secure` (when the portal is reached over HTTPS).
    #[arg(long, env = "PORTAL_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Where uploaded documents are stored: `file:PATH`, or an S3-compatible bucket as
    /// `s3://BUCKET?endpoint=https://HOST[:PORT]&region=REGION` with the credentials in
    /// PORTAL_S3_ACCESS_KEY_ID and PORTAL_S3_SECRET_ACCESS_KEY. Default: `<data-dir>/documents`.
    #[arg(long, env = "PORTAL_DOCUMENTS")]
    pub documents: Option<String>,

    /// Create the documented demo staff accounts (README) when there are no accounts yet.
    #[arg(long, env = "PORTAL_DEMO_DATA")]
    pub demo_data: bool,

    /// End-to-end tests only: serve `POST /test/clock?days=N`, which moves the clock forward.
    #[arg(long, env = "PORTAL_TEST_CLOCK", hide = true)]
    pub test_clock: bool,

    /// Send SMS notifications through this HTTP gateway (JSON POST, see README); without it
    /// they are kept in the outbox and shown on the staff notifications page.
    #[arg(long, env = "PORTAL_SMS_GATEWAY_URL")]
    pub sms_gateway_url: Option<String>,

    /// The address residents reach the portal at, e.g. `https://minzheng.example.gov.cn`, for
    /// the QR code a kiosk shows to continue an application on a phone. Default: the address
    /// the kiosk itself used (its `Host` header).
    #[arg(long, env = "PORTAL_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Bearer token for the SMS gateway.
    #[arg(long, env = "PORTAL_SMS_GATEWAY_TOKEN", hide_env_values = true)]
    pub sms_gateway_token: Option<String>,
}

/// Never prints the PII key.
impl std::fmt::Debug for ServeArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeArgs")
            .field("listen", &self.listen)
            .field("pii_key", &self.pii_key.as_ref().map(|_| "<redacted>"))
            .field(
                "pii_data_keys",
                &self.pii_data_keys.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

impl Cli {
    fn storage(&self) -> StorageConfig {
        StorageConfig {
            data_dir: self.global.data_dir.clone(),
            database_url: self.global.database_url.clone(),
        }
    }
}

/// Parses the command line, runs the command and maps failure to a non-zero exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = telemetry::init(&cli.global.log_level, cli.global.log_format) {
        eprintln!("error: {e:#}");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "fatal");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let storage = cli.storage();
    match cli.command {
        Some(Command::Migrate) => {
            let store = crate::storage::connect(&storage).await?;
            store.migrate().await?;
            println!("migrations applied ({})", store.backend().name());
            store.close().await;
            Ok(())
        }
        Some(Command::Serve(args)) => serve(storage, args).await,
        Some(Command::Policy(PolicyCommand::Check { files })) => {
            crate::policy::check(&files).map(|_| ())
        }
        Some(Command::Policy(PolicyCommand::Import {
            csv,
            out,
            title,
            number,
            date,
            source,
        })) => crate::policy::import_csv(&csv, &out, &title, &number, &date, &source),
        Some(Command::Screen { input, output }) => {
            let (done, rejected) =
                crate::policy::screen(&input, &output, app::ports::china_today())?;
            println!(
                "screened {done} households ({rejected} with input errors) -> {}",
                output.display()
            );
            Ok(())
        }
        Some(Command::Admin(AdminCommand::CreateUser {
            username,
            name,
            role,
            jurisdiction,
        })) => {
            let password = match std::env::var("PORTAL_NEW_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let account = domain::staff::StaffAccountForm {
                username,
                display_name: name,
                role,
                jurisdiction,
                password,
            }
            .parse()
            .map_err(|e| {
                anyhow::anyhow!(
                    "invalid account: {}",
                    e.errors
                        .iter()
                        .map(|f| format!("{} ({})", f.field, f.message_id))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            let service = staff_service(&storage).await?;
            service.create_account(&account, None, true, None).await?;
            println!("account {} created", account.username);
            Ok(())
        }
        Some(Command::Audit(AuditCommand::Verify)) => {
            let service = staff_service(&storage).await?;
            match service.verify_audit().await? {
                (n, None) => {
                    println!("audit chain intact: {n} entries");
                    Ok(())
                }
                (n, Some(seq)) => {
                    anyhow::bail!(
                        "audit chain broken at entry {seq} ({n} entries before it verify)"
                    )
                }
            }
        }
        Some(Command::PiiKey(command)) => pii_key(&storage, command).await,
        Some(Command::Backup { out }) => {
            let store = crate::storage::connect(&storage).await?;
            let done = crate::backup::backup(&store, &out).await;
            store.close().await;
            let s = done?;
            println!(
                "backup written: {} ({} bytes, schema {}, {} applications, {} marriage bookings)",
                s.path.display(),
                s.bytes,
                s.schema_version,
                s.applications,
                s.bookings
            );
            Ok(())
        }
        Some(Command::Restore { from }) => {
            let (s, kept) = crate::backup::restore(&storage, &from).await?;
            println!(
                "restored {} into {} (schema {}, {} applications, {} marriage bookings); start the server to apply newer migrations",
                from.display(),
                s.path.display(),
                s.schema_version,
                s.applications,
                s.bookings
            );
            if let Some(kept) = kept {
                println!("the database it replaced is kept at {}", kept.display());
            }
            Ok(())
        }
        None => serve(storage, ServeArgs::parse_defaults()).await,
    }
}

/// The staff service over the configured database and key, for the admin commands.
async fn staff_service(
    storage: &StorageConfig,
) -> anyhow::Result<std::sync::Arc<crate::staff::StaffService>> {
    let (store, vault) = open_with_vault(storage).await?;
    let (_, staff) = crate::services::build(store, std::sync::Arc::new(vault))?;
    Ok(staff)
}

/// The migrated database and the PII vault of the environment (PORTAL_PII_KEY,
/// PORTAL_PII_DATA_KEYS), checked against each other as `serve` checks them.
async fn open_with_vault(
    storage: &StorageConfig,
) -> anyhow::Result<(
    std::sync::Arc<crate::storage::Storage>,
    crate::pii::PiiVault,
)> {
    let store = crate::storage::connect(storage).await?;
    store.migrate().await?;
    let vault = env_vault(storage)?;
    crate::pii::ensure_key_matches(&store, &vault).await?;
    Ok((store, vault))
}

fn env_vault(storage: &StorageConfig) -> anyhow::Result<crate::pii::PiiVault> {
    let key = std::env::var("PORTAL_PII_KEY").ok();
    let data_keys = std::env::var("PORTAL_PII_DATA_KEYS").ok();
    Ok(crate::pii::PiiVault::load_with(
        key.as_deref(),
        data_keys.as_deref(),
        &storage.data_dir,
    )?)
}

/// `server pii-key status|rotate|rewrap` (crate::rekey).
async fn pii_key(storage: &StorageConfig, command: PiiKeyCommand) -> anyhow::Result<()> {
    let (store, mut vault) = open_with_vault(storage).await?;
    let reports = match command {
        PiiKeyCommand::Status => crate::rekey::status(&store, &vault).await?,
        PiiKeyCommand::Rotate => {
            if std::env::var_os("PORTAL_PII_DATA_KEYS").is_some() {
                anyhow::bail!(
                    "the key ring is configured in PORTAL_PII_DATA_KEYS, which this command cannot \
                     change: put a new key (base64 of 32 random bytes) first in it here and on every \
                     instance, then run `server pii-key rewrap` (docs/OPERATIONS.md)"
                );
            }
            let keys = crate::pii::add_data_key_to_file(&storage.data_dir)?;
            println!(
                "a new data key is first in {} ({keys} data keys); copy that file to every \
                 instance's data directory before starting it",
                storage.data_dir.join(crate::pii::DATA_KEYS_FILE).display()
            );
            vault = env_vault(storage)?;
            crate::rekey::rewrap(&store, &vault).await?
        }
        PiiKeyCommand::Rewrap => crate::rekey::rewrap(&store, &vault).await?,
    };
    store.close().await;
    let mut unreadable = 0;
    for r in &reports {
        println!(
            "{}.{}: {} values, {} under the newest key, {} under older keys{}{}",
            r.table,
            r.column,
            r.rows,
            r.by_generation.first().copied().unwrap_or(0),
            r.under_older_keys(),
            if r.rewrapped > 0 {
                format!(", {} encrypted again now", r.rewrapped)
            } else {
                String::new()
            },
            if r.unreadable > 0 {
                format!(", {} that no key of the ring opens", r.unreadable)
            } else {
                String::new()
            },
        );
        unreadable += r.unreadable;
    }
    let in_use: Vec<String> = (0..vault.ring_len())
        .filter(|g| reports.iter().any(|r| r.by_generation[*g] > 0))
        .map(|g| {
            if g + 1 == vault.ring_len() {
                "the master-derived key".to_owned()
            } else {
                format!("data key {}", g + 1)
            }
        })
        .collect();
    println!(
        "keys in the ring: {}; holding data: {}",
        vault.ring_len(),
        if in_use.is_empty() {
            "none".to_owned()
        } else {
            in_use.join(", ")
        }
    );
    if unreadable > 0 {
        anyhow::bail!(
            "{unreadable} encrypted values open with no key of the ring: is a key missing from \
             PORTAL_PII_DATA_KEYS or pii-data.keys?"
        );
    }
    Ok(())
}

impl ServeArgs {
    /// The serve defaults (including environment variables) when no subcommand was given.
    fn parse_defaults() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            args: ServeArgs,
        }
        Only::try_parse_from(["server"])
            .map(|o| o.args)
            .unwrap_or_default()
    }
}

async fn serve(storage: StorageConfig, args: ServeArgs) -> anyhow::Result<()> {
    let config = ServeConfig {
        listen: args
            .listen
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
        storage,
        site_root: args
            .site_root
            .unwrap_or_else(|| PathBuf::from("target/site")),
        pii_key: args.pii_key,
        pii_data_keys: args.pii_data_keys,
        trust_proxy_headers: args.trust_proxy_headers,
        secure_cookies: args.secure_cookies,
        documents: args.documents,
        test_clock: args.test_clock,
        sms_gateway_url: args.sms_gateway_url,
        sms_gateway_token: args.sms_gateway_token,
        public_url: args.public_url,
    };
    let demo_data = args.demo_data;
    let server = crate::Server::bind(config).await?;
    if demo_data {
        let created = crate::staff::demo::seed(server.staff()).await?;
        if created > 0 {
            println!("Demo staff accounts created: {created} (see the README)");
        }
        crate::marriage::offices::seed_demo(server.marriage().storage(), app::ports::china_today())
            .await?;
    }
    let addr = server.local_addr();
    // The run script and humans read this line; keep its shape stable.
    println!("Portal is running at http://{addr}/  (press Ctrl+C to stop)");
    server.run(crate::web::shutdown_signal()).await
}
