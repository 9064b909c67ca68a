//! Where Carewell's own outbound requests (webhooks) may go. A webhook URL is chosen by a user,
//! so without a rule it can make the server call itself or its neighbours (server-side request
//! forgery): the admin pages on loopback, a cloud's metadata service at `169.254.169.254` or
//! `fd00:ec2::254` (credentials), the private network behind the firewall. Such addresses are
//! refused unless the operator lists the host in `webhook_allow_hosts` (a local receiver).
//! The app checks the URL when it is saved and every resolved address when it sends, and
//! connects only to an address it checked (so DNS rebinding gets nothing).

use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` is an address a webhook may not reach by default: unspecified, loopback,
/// private (RFC 1918, unique-local `fc00::/7` which holds `fd00:ec2::254`), link-local
/// (`169.254.0.0/16` with the metadata service, `fe80::/10`), shared (`100.64.0.0/10`),
/// `0.0.0.0/8`, benchmarking, reserved, broadcast or multicast. IPv4 addresses inside IPv6
/// (mapped, compatible, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged as IPv4.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => internal_v4(v4),
            None => internal_v6(v6),
        },
    }
}

fn internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240 // reserved
}

fn internal_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local, fc00::/7
        || (first & 0xffc0) == 0xfe80 // link local, fe80::/10
        || (first & 0xffc0) == 0xfec0 // site local (deprecated), fec0::/10
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
}

/// The IPv4 address an IPv6 address carries, for the forms that reach an IPv4 host.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = ip.segments();
    let tail = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if s[..6] == [0, 0, 0, 0, 0, 0] && !ip.is_loopback() && !ip.is_unspecified() {
        return Some(tail()); // IPv4-compatible ::a.b.c.d
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(tail()); // NAT64
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        )); // 6to4
    }
    None
}

/// The operator's exceptions (`webhook_allow_hosts`): host names (`receiver.internal`,
/// matched without regard to case), addresses (`127.0.0.1`, `::1`) and ranges (`10.1.0.0/16`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowHosts {
    names: Vec<String>,
    nets: Vec<IpNet>,
}

impl AllowHosts {
    /// Reads the setting's entries (an address or range where it parses as one, else a name).
    pub fn new(entries: &[String]) -> Self {
        let mut a = Self::default();
        for e in entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
            let bare = e.trim_start_matches('[').trim_end_matches(']');
            if let Ok(n) = bare.parse::<IpNet>() {
                a.nets.push(n);
            } else if let Ok(ip) = bare.parse::<IpAddr>() {
                a.nets.push(IpNet::from(ip));
            } else {
                a.names.push(e.trim_end_matches('.').to_ascii_lowercase());
            }
        }
        a
    }

    /// Whether the URL host `host` (a name, or an address) is listed by name.
    pub fn names(&self, host: &str) -> bool {
        let h = host.trim_end_matches('.').to_ascii_lowercase();
        self.names.contains(&h)
    }

    /// Whether a webhook for `host` may reach `ip`: an address that is not internal, or one
    /// the operator allowed (by the host's name or by the address itself).
    pub fn permits(&self, host: &str, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        !is_internal(ip) || self.names(host) || self.nets.iter().any(|n| n.contains(&ip))
    }
}

/// Whether a URL host that is a name (not an address) is one that always means this machine:
/// `localhost` and anything under `.localhost` (RFC 6761).
pub fn is_local_name(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses() {
        for s in [
            "127.0.0.1",
            "127.8.9.10",
            "0.0.0.0",
            "10.0.0.1",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "fc00::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
        ] {
            assert!(is_internal(ip(s)), "{s}");
        }
        for s in [
            "93.184.215.14",
            "1.1.1.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(!is_internal(ip(s)), "{s}");
        }
    }

    #[test]
    fn the_allow_list_opens_named_hosts_and_ranges() {
        let a = AllowHosts::new(&[
            "127.0.0.1".into(),
            "Receiver.Internal".into(),
            "10.1.0.0/16".into(),
        ]);
        assert!(a.permits("127.0.0.1", ip("127.0.0.1")));
        assert!(!a.permits("127.0.0.2", ip("127.0.0.2")));
        assert!(a.permits("receiver.internal.", ip("192.168.5.5")));
        assert!(a.permits("hooks.example", ip("10.1.2.3")));
        assert!(!a.permits("hooks.example", ip("10.2.0.1")));
        assert!(!a.permits("hooks.example", ip("169.254.169.254")));
        assert!(a.permits("hooks.example", ip("93.184.215.14")));
        assert!(!AllowHosts::default().permits("localhost", ip("::1")));
        assert!(is_local_name("LOCALHOST.") && is_local_name("a.localhost"));
        assert!(!is_local_name("localhost.example"));
    }
}
