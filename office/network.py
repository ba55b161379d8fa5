"""Where a request comes from, for the rules that count per address (the issuing limit, the
login throttle).

Behind a reverse proxy every request comes from the proxy; only when the office names its
proxies (ONEWINDOW_TRUSTED_PROXIES) is X-Forwarded-For believed, and then only the part the
proxies added: the rightmost address that is not one of them. Anything else a client writes
into that header is ignored, so no one picks their own address.
"""

from ipaddress import ip_address

from office.limits import CLIENT_MAX


def trusted_proxies(setting) -> frozenset[str]:
    """ONEWINDOW_TRUSTED_PROXIES ("10.0.0.2,10.0.0.3", or a list) as a set of addresses."""
    if not setting:
        return frozenset()
    items = setting.split(",") if isinstance(setting, str) else setting
    return frozenset(str(ip_address(str(item).strip())) for item in items if str(item).strip())


def client_address(remote_addr: str | None, forwarded_for: str | None, trusted: frozenset[str]) -> str:
    """The address of the client behind any trusted proxies."""
    address = remote_addr or ""
    if address not in trusted or not forwarded_for:
        return address[:CLIENT_MAX]
    for hop in reversed([part.strip() for part in forwarded_for.split(",")]):
        try:
            hop = str(ip_address(hop))
        except ValueError:
            return address[:CLIENT_MAX]  # a hop that is no address: believe the proxy only
        if hop not in trusted:
            return hop[:CLIENT_MAX]
        address = hop
    return address[:CLIENT_MAX]
