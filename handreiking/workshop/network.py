"""The room's network: which address participants must reach, and which networks this laptop is on.

Without ``--adres`` the participant server listens on every network of the laptop (``0.0.0.0``), so it keeps
working when the laptop gets another address after sleep or moves to another Wi-Fi; the address shown to
the room is the one the laptop uses now (:func:`handreiking.workshop.config.lan_address`). The workshop's
kernels get the join address as ``http://0.0.0.0:PORT/`` in that case: :func:`current_join_url` turns it
into today's address each time the dashboard asks.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from . import config

WILDCARDS = ("0.0.0.0", "", "::")
CHECK_PATH = "verbinding"
"""The tiny page a participant can open to see whether their phone reaches the workshop."""
STATUS_PATH = "handreiking/status"
"""The small JSON answer that says "this is a workshop of handreiking" (see :mod:`.status`)."""


@dataclass(frozen=True)
class Network:
    """One IPv4 address of this machine on a network interface that is up."""

    interface: str
    address: str

    @property
    def virtual(self) -> bool:
        """A network of a virtual machine, container or VPN (participants are rarely on it)."""
        name = self.interface.lower()
        return name.startswith(("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "utun", "tun", "tap", "wg"))


def networks() -> list[Network]:
    """This machine's IPv4 networks that are up, without loopback and self-assigned (169.254.x.x) addresses."""
    import socket

    try:
        import psutil

        addrs = psutil.net_if_addrs()
        stats = psutil.net_if_stats()
    except Exception:
        return []
    found = []
    for name, entries in sorted(addrs.items()):
        if name in stats and not stats[name].isup:
            continue
        for entry in entries:
            if entry.family != socket.AF_INET:
                continue
            try:
                ip = ipaddress.ip_address(entry.address)
            except ValueError:
                continue
            if ip.is_loopback or ip.is_link_local or ip.is_unspecified:
                continue
            found.append(Network(name, entry.address))
    return found


def join_url_for(address: str, port: int) -> str:
    """``http://<host>:<port>/`` for the address a server binds (the wildcard becomes today's LAN address)."""
    return f"http://{config.url_host(address)}:{port}/"


def current_join_url(url: str) -> str:
    """The join address as it is now: a wildcard host (``0.0.0.0``) becomes this laptop's current LAN address."""
    parts = urlsplit(url)
    if (parts.hostname or "") not in WILDCARDS or not url:
        return url
    port = f":{parts.port}" if parts.port else ""
    host = config.url_host(config.lan_address())
    return urlunsplit((parts.scheme, f"{host}{port}", parts.path or "/", parts.query, ""))


def local_base_url(url: str) -> str:
    """Where a process on this laptop reaches the participant server: a wildcard host becomes 127.0.0.1."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host in WILDCARDS:
        host = "127.0.0.1"
    host = f"[{host}]" if ":" in host else host
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme or 'http'}://{host}{port}/"


def check_url(join_url: str) -> str:
    """The check page for participants next to the join address."""
    return join_url.rstrip("/") + "/" + CHECK_PATH


def describe(address: str, port: int) -> list[str]:
    """What the trainer reads at start: where phones must connect, and whether there is more than one network."""
    shown = config.url_host(address)
    lines = [f"  Telefoons moeten deze laptop bereiken op {shown}, poort {port} (TCP)."]
    if address in WILDCARDS:
        found = networks()
        if not found:
            lines.append("  Deze laptop heeft nu geen netwerk; de groep kan pas meedoen als er een netwerk is.")
        elif len(found) > 1:
            listed = ", ".join(
                f"{n.interface} {n.address}"
                + (" (gekozen)" if n.address == config.lan_address() else "")
                + (" (virtueel)" if n.virtual else "")
                for n in found
            )
            lines.append(f"  Deze laptop zit op {len(found)} netwerken: {listed}.")
            lines.append("  Zit de groep op een ander netwerk dan het gekozen adres? Start dan met --adres ADRES.")
    elif config.is_loopback(address):
        lines.append("  Dit adres werkt alleen op deze laptop zelf; laat --adres weg voor de groep.")
    return lines
