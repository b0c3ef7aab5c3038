//! Who is asking, as far as the network tells: the socket peer (axum's `ConnectInfo`), or — when
//! the peer is a trusted reverse proxy — the address that proxy appended to `X-Forwarded-For`.
//! In-process calls (tests) have no peer: they are one shared "unknown" client.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::Request;

/// The key a client is counted under: its IPv4 address, or its IPv6 /64 (one subscriber gets a
/// whole /64, so counting single IPv6 addresses would count nothing). `None`: unknown.
pub type ClientKey = Option<IpAddr>;

/// Parses `JIANQUAN_TRUSTED_PROXY`: IP addresses separated by commas; a wrong entry is logged and skipped.
pub fn parse_proxies(raw: &str) -> Vec<IpAddr> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|s| match s.parse() {
            Ok(ip) => Some(ip),
            Err(_) => {
                tracing::error!(entry = s, "JIANQUAN_TRUSTED_PROXY: not an IP address; ignored");
                None
            }
        })
        .collect()
}

/// The client's address: the peer, or — when the peer is a trusted proxy — the rightmost
/// `X-Forwarded-For` entry that is not itself a trusted proxy (entries further left were written
/// by the client or by proxies we do not know, and prove nothing).
pub fn client_ip<B>(request: &Request<B>, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
        .rev()
        .find(|ip| !trusted.contains(ip));
    Some(forwarded.unwrap_or(peer))
}

/// The rate-limit key of a client.
pub fn client_key<B>(request: &Request<B>, trusted: &[IpAddr]) -> ClientKey {
    client_ip(request, trusted).map(|ip| match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(prefix))
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(peer: &str, forwarded: Option<&str>) -> Request<()> {
        let mut builder = Request::get("/");
        if let Some(f) = forwarded {
            builder = builder.header("x-forwarded-for", f);
        }
        let mut request = builder.body(()).unwrap();
        request.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        request
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy_and_only_its_own_entry() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let direct = request("192.0.2.7:5000", Some("198.51.100.1"));
        assert_eq!(client_ip(&direct, &[proxy]), Some("192.0.2.7".parse().unwrap()), "not a proxy: header ignored");
        let proxied = request("10.0.0.1:5000", Some("203.0.113.9, 198.51.100.1"));
        assert_eq!(client_ip(&proxied, &[proxy]), Some("198.51.100.1".parse().unwrap()), "the proxy's own entry");
        let chained = request("10.0.0.1:5000", Some("203.0.113.9, 198.51.100.1, 10.0.0.2"));
        let both: [IpAddr; 2] = [proxy, "10.0.0.2".parse().unwrap()];
        assert_eq!(client_ip(&chained, &both), Some("198.51.100.1".parse().unwrap()), "past a chain of proxies");
        let bare = request("10.0.0.1:5000", None);
        assert_eq!(client_ip(&bare, &[proxy]), Some(proxy));
        let unknown = Request::get("/").body(()).unwrap();
        assert_eq!(client_key(&unknown, &[]), None);
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_prefix() {
        let a = request("[2001:db8:1:2:aaaa::1]:5000", None);
        let b = request("[2001:db8:1:2:bbbb::9]:5000", None);
        assert_eq!(client_key(&a, &[]), client_key(&b, &[]));
        assert_eq!(client_key(&a, &[]), Some("2001:db8:1:2::".parse().unwrap()));
    }
}
