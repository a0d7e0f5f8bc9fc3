//! `smpp gateway`: a thin shell over the `smpp-gateway` library. Reads the
//! TOML config, lays the flags over it, opens the store and runs until
//! SIGINT / SIGTERM.

use smpp_gateway::config::StoreKind;
use smpp_gateway::{Config, MemoryStore, RedisStore};

use crate::net::Fail;
use crate::signals::Signals;

/// The flags of `smpp gateway`.
#[derive(Debug, clap::Args)]
pub(crate) struct GatewayArgs {
    /// A TOML file with vumi2's configuration keys (transport_name, host,
    /// port, submit_sm_processor_config, …).
    #[arg(long)]
    config: Option<std::path::PathBuf>,
    /// SMSC URL (smpp://ID:PW@HOST:PORT); repeat for fail-over hosts.
    /// Overrides the config's urls / host / port / system_id / password.
    #[arg(long)]
    url: Vec<String>,
    /// RabbitMQ (AMQP 0-9-1) URL (default amqp://guest:guest@127.0.0.1:5672/%2f;
    /// amqps://USER:PW@HOST:PORT/VHOST for TLS, checked against the
    /// system's root certificates).
    #[arg(long)]
    amqp_url: Option<String>,
    /// A CA file (PEM) for an amqps:// URL: RabbitMQ's certificate may be
    /// signed by it as well as by the system's roots (a private CA).
    #[arg(long, value_name = "PEM")]
    amqp_ca_file: Option<std::path::PathBuf>,
    /// The gateway's certificate (PEM) for a RabbitMQ that asks for one
    /// (mutual TLS; amqps:// only), with --amqp-key-file.
    #[arg(long, value_name = "PEM")]
    amqp_cert_file: Option<std::path::PathBuf>,
    /// The private key (PEM) of --amqp-cert-file.
    #[arg(long, value_name = "PEM")]
    amqp_key_file: Option<std::path::PathBuf>,
    /// Redis URL (default redis://127.0.0.1:6379/0; rediss://HOST:PORT/DB
    /// for TLS, checked against the system's root certificates).
    #[arg(long)]
    redis_url: Option<String>,
    /// A CA file (PEM) for a rediss:// URL: Redis's certificate is checked
    /// against it in place of the system's roots (a private CA).
    #[arg(long, value_name = "PEM")]
    redis_ca_file: Option<std::path::PathBuf>,
    /// The gateway's certificate (PEM) for a Redis that asks for one
    /// (tls-auth-clients; rediss:// only), with --redis-key-file.
    #[arg(long, value_name = "PEM")]
    redis_cert_file: Option<std::path::PathBuf>,
    /// The private key (PEM) of --redis-cert-file.
    #[arg(long, value_name = "PEM")]
    redis_key_file: Option<std::path::PathBuf>,
    /// The queue prefix: NAME.outbound, NAME.inbound, NAME.event (default smpp).
    #[arg(long)]
    transport_name: Option<String>,
    /// Where shared state lives: redis (several processes) or memory (one).
    #[arg(long)]
    store: Option<String>,
    /// Sessions (binds) held, each failing over between the --url hosts.
    #[arg(long)]
    binds: Option<usize>,
    /// Serve Prometheus /metrics and /health on HOST:PORT.
    #[arg(long, value_name = "HOST:PORT")]
    metrics: Option<String>,
}

pub(crate) async fn run(a: &GatewayArgs) -> Result<(), Fail> {
    let mut config = match &a.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Fail(format!("{}: {e}", path.display())))?;
            Config::from_toml(&text).map_err(|e| Fail(format!("{}: {e}", path.display())))?
        }
        None => Config::default(),
    };
    if !a.url.is_empty() {
        config.urls = a.url.clone();
    }
    if let Some(u) = &a.amqp_url {
        config.amqp_url = u.clone();
    }
    if let Some(u) = &a.redis_url {
        config.redis_url = u.clone();
    }
    if let Some(f) = &a.amqp_ca_file {
        config.amqp_ca_file = Some(f.clone());
    }
    if let Some(f) = &a.redis_ca_file {
        config.redis_ca_file = Some(f.clone());
    }
    for (flag, setting) in [
        (&a.amqp_cert_file, &mut config.amqp_cert_file),
        (&a.amqp_key_file, &mut config.amqp_key_file),
        (&a.redis_cert_file, &mut config.redis_cert_file),
        (&a.redis_key_file, &mut config.redis_key_file),
    ] {
        if let Some(f) = flag {
            *setting = Some(f.clone());
        }
    }
    if let Some(n) = &a.transport_name {
        config.transport_name = n.clone();
    }
    if let Some(b) = a.binds {
        config.binds = b;
    }
    if let Some(m) = &a.metrics {
        config.metrics = Some(m.clone());
    }
    match a.store.as_deref() {
        None => {}
        Some("redis") => config.store = StoreKind::Redis,
        Some("memory") => config.store = StoreKind::Memory,
        Some(other) => return Err(Fail(format!("--store {other:?}: redis or memory"))),
    }
    let resolved = config.check().map_err(Fail)?;
    let mut signals = Signals::install().map_err(|e| Fail(e.to_string()))?;
    let shutdown = async move {
        let name = signals.recv().await;
        eprintln!("smpp gateway: {name}: stopping");
    };
    let ready = |r: smpp_gateway::Ready| println!("{r}");
    let ttl = std::time::Duration::from_secs(config.smpp_cache_config.timeout);
    let r = match config.store {
        StoreKind::Memory => {
            smpp_gateway::run(config, MemoryStore::new(ttl), shutdown, ready).await
        }
        StoreKind::Redis => {
            let store = RedisStore::connect_with_tls(
                &config.redis_url,
                resolved.redis_ca.as_ref(),
                resolved.redis_client.as_ref(),
                &config.transport_name,
                ttl,
            )
            .await
            .map_err(|e| Fail(format!("{}: {e}", crate::net::redact(&config.redis_url))))?;
            smpp_gateway::run(config, store, shutdown, ready).await
        }
    };
    r.map_err(|e| Fail(e.to_string()))
}
