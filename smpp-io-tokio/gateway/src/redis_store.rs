//! [`Store`] on Redis, shared by every gateway process of a transport:
//! keys under `smpp-gateway:<transport_name>:`, each step one command, a
//! MULTI/EXEC transaction or a Lua script, so it is atomic across
//! processes; an outbound message takes two round trips and no script (its
//! claim, one `SET NX GET`, which needs Redis 7.0 or later, and its
//! settlement, plain `SET`s in one MULTI/EXEC shared with the other
//! messages settled in the same turn of the runtime: a Lua script costs
//! Redis several µs a message beyond its commands). Receipts and MO parts
//! take scripts. The connection manager reconnects by itself. A
//! `rediss://` URL connects over TLS ([`crate::tls`]).

use std::time::Duration;

use futures_util::stream::{FuturesUnordered, StreamExt as _};
use redis::aio::ConnectionManager;
use redis::{AsyncCommands, Script};
use tokio::sync::{mpsc, oneshot};

use crate::store::{Claim, Correlation, Store, StoreError, Tally};

/// The Redis store.
#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    prefix: String,
    ttl: u64,
    /// Seconds what was taken is kept ([`crate::store::TAKEN_KEPT`]).
    kept: u64,
    add_part: Script,
    take_id: Script,
    tally: Script,
    /// The settling task ([`settling`]): the settlements asked for in one
    /// turn of the runtime go to Redis in one MULTI/EXEC.
    settler: mpsc::UnboundedSender<Settle>,
    park: Script,
    due: Script,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

fn err(e: redis::RedisError) -> StoreError {
    StoreError(e.to_string())
}

/// Stores part ARGV[1] (its PDU ARGV[2]) of ARGV[3], and when the message
/// is complete returns every part (seq, PDU, seq, PDU …) and keeps them as
/// taken for ARGV[5] seconds, with the attempt that took them (ARGV[6]), in
/// one step. A copy of a taken part (the same PDU) is not taken again,
/// unless it is that attempt's (its answer lost): every part again; a
/// different PDU under a taken seq starts a new message. While a message
/// is incomplete the hash holds only its `part:` fields (every seq of a
/// completed one is `taken:`, and `by` the attempt).
const ADD_PART: &str = r"
local taken = redis.call('HGET', KEYS[1], 'taken:' .. ARGV[1])
if taken then
  if taken == ARGV[2] then
    if redis.call('HGET', KEYS[1], 'by') ~= ARGV[6] then
      return false
    end
    local all = redis.call('HGETALL', KEYS[1])
    local parts = {}
    for i = 1, #all, 2 do
      if string.sub(all[i], 1, 6) == 'taken:' then
        parts[#parts + 1] = string.sub(all[i], 7)
        parts[#parts + 1] = all[i + 1]
      end
    end
    return parts
  end
  redis.call('DEL', KEYS[1])
end
redis.call('HSET', KEYS[1], 'part:' .. ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
if redis.call('HLEN', KEYS[1]) < tonumber(ARGV[3]) then
  return false
end
local all = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
local parts = {}
for i = 1, #all, 2 do
  local seq = string.sub(all[i], 6)
  redis.call('HSET', KEYS[1], 'taken:' .. seq, all[i + 1])
  parts[#parts + 1] = seq
  parts[#parts + 1] = all[i + 1]
end
redis.call('HSET', KEYS[1], 'by', ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return parts
";

/// Reads an SMSC id's mapping and keeps it at most ARGV[1] seconds more
/// (a final receipt: a copy sent again a little later still finds it).
const TAKE_ID: &str = r"
local v = redis.call('GET', KEYS[1])
if v and redis.call('TTL', KEYS[1]) > tonumber(ARGV[1]) then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return v
";

/// Counts a part's final receipt once (ARGV[1], the part's name), of
/// ARGV[2] parts; ARGV[3] is "1" when it failed (counted, and its state
/// word ARGV[4] kept over any other) and "0" when delivered (ARGV[4] kept
/// unless one is). At the last part's it returns {failed, stat} and marks
/// the tally done by this part and attempt (ARGV[6]); asked again by that
/// part and attempt (its answer lost), it answers the same; any other
/// repeat (a receipt sent twice), nothing. ARGV[5] and ARGV[7] are how
/// long it is kept while open and once done. ARGV[2] 0 (a message not sent
/// whole) is never done.
const TALLY: &str = r"
local function result()
  return {tonumber(redis.call('HGET', KEYS[1], 'failed')), redis.call('HGET', KEYS[1], 'stat') or ''}
end
local me = ARGV[1] .. '|' .. ARGV[6]
if redis.call('HSETNX', KEYS[1], 'seen:' .. ARGV[1], 1) == 0 then
  if redis.call('HGET', KEYS[1], 'done') == me then
    return result()
  end
  return false
end
local got = redis.call('HINCRBY', KEYS[1], 'got', 1)
redis.call('HINCRBY', KEYS[1], 'failed', ARGV[3])
if ARGV[4] ~= '' then
  if ARGV[3] == '1' then
    redis.call('HSET', KEYS[1], 'stat', ARGV[4])
  else
    redis.call('HSETNX', KEYS[1], 'stat', ARGV[4])
  end
end
if got == tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'done', me)
  -- Kept a while for a repeat of the step that completed it.
  redis.call('EXPIRE', KEYS[1], ARGV[7])
  return result()
end
redis.call('EXPIRE', KEYS[1], ARGV[5])
return false
";

/// Messages settled in one MULTI/EXEC at most.
const SETTLE_BATCH: usize = 128;

/// Store::park_receipt: ARGV[1] due in ARGV[2] ms of the server's clock
/// (one clock for every process); the set expires ARGV[3] s after the
/// last park.
const PARK: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
";

/// Store::due_receipts: at most ARGV[1] members due by the server's clock,
/// each leased (due again) ARGV[2] ms from now, in one step.
const DUE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, m in ipairs(due) do
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), m)
end
return due
";

impl RedisStore {
    /// Connects to `url` (`redis://HOST:PORT/DB`, or `rediss://` over TLS
    /// with the system's root certificates); keys are kept for `ttl` and
    /// named after `transport_name`.
    pub async fn connect(
        url: &str,
        transport_name: &str,
        ttl: Duration,
    ) -> Result<RedisStore, StoreError> {
        RedisStore::connect_with_ca(url, None, transport_name, ttl).await
    }

    /// [`RedisStore::connect`], a `rediss://` server's certificate checked
    /// against `ca`'s certificates (a private CA) in place of the system's.
    pub async fn connect_with_ca(
        url: &str,
        ca: Option<&crate::tls::CaFile>,
        transport_name: &str,
        ttl: Duration,
    ) -> Result<RedisStore, StoreError> {
        RedisStore::connect_with_tls(url, ca, None, transport_name, ttl).await
    }

    /// [`RedisStore::connect_with_ca`], showing `client`, the gateway's
    /// certificate, to a `rediss://` server that asks for one (Redis's
    /// `tls-auth-clients`; mutual TLS, RFC 8446 §4.4.2).
    pub async fn connect_with_tls(
        url: &str,
        ca: Option<&crate::tls::CaFile>,
        client: Option<&crate::tls::ClientCert>,
        transport_name: &str,
        ttl: Duration,
    ) -> Result<RedisStore, StoreError> {
        use redis::IntoConnectionInfo as _;
        // TCP_NODELAY: the redis crate leaves Nagle's algorithm on, which
        // holds a small command back until the previous one's reply is in.
        let info = url.into_connection_info().map_err(err)?;
        let tcp = info.tcp_settings().clone().set_nodelay(true);
        let info = info.set_tcp_settings(tcp);
        let client = match (ca, client) {
            (None, None) => redis::Client::open(info),
            _ => redis::Client::build_with_tls(
                info,
                redis::TlsCertificates {
                    client_tls: client.map(|c| redis::ClientTlsConfig {
                        client_cert: c.cert_pem.clone().into_bytes(),
                        client_key: c.key_pem.clone().into_bytes(),
                    }),
                    root_cert: ca.map(|ca| ca.pem.clone().into_bytes()),
                },
            ),
        }
        .map_err(err)?;
        if matches!(
            client.get_connection_info().addr(),
            redis::ConnectionAddr::TcpTls { .. }
        ) {
            // One connection first: a certificate that fails its checks is
            // told at once, not after the connection manager's retries.
            if let Err(e) = client.get_multiplexed_async_connection().await {
                if crate::tls::is_certificate_error(&e) {
                    return Err(err(e));
                }
            }
        }
        let conn = ConnectionManager::new(client).await.map_err(err)?;
        let (ttl, kept) = (
            ttl.as_secs().max(1),
            ttl.min(crate::store::TAKEN_KEPT).as_secs().max(1),
        );
        let (settler, asked) = mpsc::unbounded_channel();
        tokio::spawn(settling(conn.clone(), ttl, asked));
        Ok(RedisStore {
            conn,
            prefix: format!("smpp-gateway:{transport_name}:"),
            ttl,
            kept,
            add_part: Script::new(ADD_PART),
            take_id: Script::new(TAKE_ID),
            tally: Script::new(TALLY),
            settler,
            park: Script::new(PARK),
            due: Script::new(DUE),
        })
    }

    fn key(&self, kind: &str, id: &str) -> String {
        format!("{}{kind}:{id}", self.prefix)
    }
}

impl Store for RedisStore {
    async fn claim(&self, message_id: &str, token: &str) -> Result<Claim, StoreError> {
        let mut conn = self.conn.clone();
        // One round trip (Redis 7.0+): set when absent, and the value
        // found when not.
        let found: Option<String> = redis::cmd("SET")
            .arg(self.key("msg", message_id))
            .arg(format!("inflight:{token}"))
            .arg("NX")
            .arg("GET")
            .arg("EX")
            .arg(self.ttl)
            .query_async(&mut conn)
            .await
            .map_err(err)?;
        Ok(match found {
            None => Claim::New,
            Some(v) => crate::store::claim_of(&v, token),
        })
    }

    async fn release(&self, message_id: &str) -> Result<(), StoreError> {
        let mut conn = self.conn.clone();
        let _: () = conn.del(self.key("msg", message_id)).await.map_err(err)?;
        Ok(())
    }

    async fn find_smsc_id(
        &self,
        smsc_key: &str,
        take: bool,
    ) -> Result<Option<Correlation>, StoreError> {
        let mut conn = self.conn.clone();
        let key = self.key("id", smsc_key);
        let text: Option<String> = if take {
            self.take_id
                .key(&key)
                .arg(self.kept)
                .invoke_async(&mut conn)
                .await
                .map_err(err)?
        } else {
            conn.get(&key).await.map_err(err)?
        };
        Ok(text.as_deref().and_then(Correlation::from_text))
    }

    async fn settle(
        &self,
        message_id: &str,
        smsc_keys: &[String],
        all_sent: bool,
        event: &str,
    ) -> Result<(), StoreError> {
        let (done, settled) = oneshot::channel();
        let gone = || StoreError("the settling task stopped".into());
        let correlation = Correlation::settled(message_id, smsc_keys.len(), all_sent);
        self.settler
            .send(Settle {
                outcome: (self.key("msg", message_id), event.to_string()),
                correlations: smsc_keys.iter().map(|k| self.key("id", k)).collect(),
                correlation: correlation.to_text(),
                done,
            })
            .map_err(|_| gone())?;
        settled.await.map_err(|_| gone())?
    }

    async fn part_final(
        &self,
        of: &Correlation,
        smsc_key: &str,
        attempt: &str,
        delivered: bool,
        stat: &str,
    ) -> Result<Option<Tally>, StoreError> {
        let mut conn = self.conn.clone();
        let done: Option<(i64, String)> = self
            .tally
            .key(self.key("dr", &of.message_id))
            .arg(format!("p:{smsc_key}"))
            .arg(of.parts)
            .arg(if delivered { "0" } else { "1" })
            .arg(stat)
            .arg(self.ttl)
            .arg(attempt)
            .arg(self.kept)
            .invoke_async(&mut conn)
            .await
            .map_err(err)?;
        Ok(done.map(|(failed, stat)| Tally {
            delivered: failed == 0,
            stat,
        }))
    }

    async fn add_mo_part(
        &self,
        key: &str,
        seq: u8,
        total: u8,
        pdu: &[u8],
        attempt: &str,
    ) -> Result<Option<Vec<Vec<u8>>>, StoreError> {
        let mut conn = self.conn.clone();
        let flat: Option<Vec<Vec<u8>>> = self
            .add_part
            .key(self.key("mo", key))
            .arg(seq)
            .arg(pdu)
            .arg(total)
            .arg(self.ttl)
            .arg(self.kept)
            .arg(attempt)
            .invoke_async(&mut conn)
            .await
            .map_err(err)?;
        let Some(flat) = flat else { return Ok(None) };
        // seq, PDU, seq, PDU … in no order.
        let mut parts: Vec<(u8, Vec<u8>)> = flat
            .chunks(2)
            .filter_map(|kv| match kv {
                [k, v] => Some((std::str::from_utf8(k).ok()?.parse().ok()?, v.clone())),
                _ => None,
            })
            .collect();
        parts.sort_by_key(|(seq, _)| *seq);
        Ok(Some(parts.into_iter().map(|(_, p)| p).collect()))
    }

    async fn park_receipt(&self, receipt: &str, after: Duration) -> Result<(), StoreError> {
        let mut conn = self.conn.clone();
        let ms = u64::try_from(after.as_millis()).unwrap_or(u64::MAX);
        let _: () = self
            .park
            .key(self.key("parked", "receipts"))
            .arg(receipt)
            .arg(ms)
            .arg(self.ttl)
            .invoke_async(&mut conn)
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn due_receipts(&self, max: usize, lease: Duration) -> Result<Vec<String>, StoreError> {
        let mut conn = self.conn.clone();
        let ms = u64::try_from(lease.as_millis()).unwrap_or(u64::MAX);
        self.due
            .key(self.key("parked", "receipts"))
            .arg(max)
            .arg(ms)
            .invoke_async(&mut conn)
            .await
            .map_err(err)
    }

    async fn unpark_receipt(&self, receipt: &str) -> Result<(), StoreError> {
        let mut conn = self.conn.clone();
        let _: () = conn
            .zrem(self.key("parked", "receipts"), receipt)
            .await
            .map_err(err)?;
        Ok(())
    }
}

/// One message to settle ([`Store::settle`]), and who waits for it.
struct Settle {
    /// Its outcome's key and event.
    outcome: (String, String),
    /// Its parts' id keys, each to hold `correlation`.
    correlations: Vec<String>,
    correlation: String,
    done: oneshot::Sender<Result<(), StoreError>>,
}

/// Settles every message asked for meanwhile in one MULTI/EXEC, at most
/// [`SETTLE_BATCH`] at a time, several in flight at once (as the
/// publisher does with confirms, [`crate::publisher`]); ends once every
/// store is dropped and every batch is answered.
async fn settling(conn: ConnectionManager, ttl: u64, mut asked: mpsc::UnboundedReceiver<Settle>) {
    let mut running = FuturesUnordered::new();
    let mut open = true;
    while open || !running.is_empty() {
        tokio::select! {
            first = asked.recv(), if open => match first {
                Some(first) => {
                    let mut batch = vec![first];
                    while batch.len() < SETTLE_BATCH {
                        match asked.try_recv() {
                            Ok(s) => batch.push(s),
                            Err(_) => break,
                        }
                    }
                    running.push(settle_batch(conn.clone(), ttl, batch));
                }
                None => open = false,
            },
            Some(()) = running.next(), if !running.is_empty() => {}
        }
    }
}

/// One MULTI/EXEC of plain `SET ... EX` for `batch`: each message's task
/// gets the answer, or the error (and tries again, [`Store::settle`] being
/// idempotent).
async fn settle_batch(mut conn: ConnectionManager, ttl: u64, batch: Vec<Settle>) {
    let mut pipe = redis::pipe();
    pipe.atomic();
    for s in &batch {
        for k in &s.correlations {
            pipe.set_ex(k, &s.correlation, ttl).ignore();
        }
        pipe.set_ex(&s.outcome.0, &s.outcome.1, ttl).ignore();
    }
    let reply: Result<(), _> = pipe.query_async(&mut conn).await;
    let reply = reply.map_err(|e| StoreError(e.to_string()));
    for s in batch {
        let _ = s.done.send(reply.clone());
    }
}
