//! Where a webhook may be sent (the rule is [`carewell_domain::outbound`]): the URL is checked
//! when an endpoint is saved (its host, and the addresses its name resolves to now), and again
//! at every delivery by the HTTP client's resolver, which resolves the name, checks every
//! address and hands only checked addresses to the connection (DNS rebinding between the check
//! and the connection gets nothing). Redirects are not followed, so a receiver cannot send the
//! request on to an internal address either.

use carewell_domain::Code;
use carewell_domain::outbound::{AllowHosts, is_local_name};
use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// How long saving an endpoint waits for its name to resolve (a name that does not resolve yet
/// is accepted: the delivery checks again).
const SAVE_LOOKUP: Duration = Duration::from_secs(3);

fn refused(host: &str) -> Code {
    Code::InternalAddress {
        value: host.chars().take(200).collect(),
    }
}

/// The check that needs no lookup: an address in the URL, or a name that always means this
/// machine (`localhost`).
pub fn check_host(url: &Url, allow: &AllowHosts) -> Result<(), Code> {
    let Some(host) = url.host() else {
        return Ok(());
    };
    let ip: Option<IpAddr> = match host {
        url::Host::Ipv4(v4) => Some(v4.into()),
        url::Host::Ipv6(v6) => Some(v6.into()),
        url::Host::Domain(_) => None,
    };
    let name = url.host_str().unwrap_or_default();
    match ip {
        Some(ip) if !allow.permits(name, ip) => Err(refused(name)),
        None if is_local_name(name) && !allow.names(name) => Err(refused(name)),
        _ => Ok(()),
    }
}

/// The save-time check: [`check_host`], then every address the name resolves to now.
pub async fn check_url(url: &Url, allow: &AllowHosts) -> Result<(), Code> {
    check_host(url, allow)?;
    let Some(url::Host::Domain(name)) = url.host() else {
        return Ok(());
    };
    let port = url.port_or_known_default().unwrap_or(443);
    let found = tokio::time::timeout(SAVE_LOOKUP, tokio::net::lookup_host((name, port))).await;
    if let Ok(Ok(addrs)) = found {
        for a in addrs {
            if !allow.permits(name, a.ip()) {
                return Err(refused(name));
            }
        }
    }
    Ok(())
}

/// The delivery client's resolver: every address of the name must be permitted, and only
/// those addresses are returned for the connection.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    /// The operator's exceptions.
    pub allow: AllowHosts,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if let Some(bad) = addrs.iter().find(|a| !allow.permits(&host, a.ip())) {
                return Err(format!(
                    "{host} resolves to {}, an internal address (webhook_allow_hosts)",
                    bad.ip()
                )
                .into());
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}
