"""What the trainer sees in the terminal once the workshop runs: the addresses, a QR code, how to stop."""

from __future__ import annotations

from ..content.dutch import count
from .config import KERNEL_MB, OTHER_POOL, is_loopback, pool_size
from .network import check_url
from .network import describe as describe_network
from .supervisor import WorkshopServers


def qr_terminal(url: str) -> str:
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def banner(servers: WorkshopServers) -> str:
    s = servers.settings
    lines = [
        "",
        f"Workshop gestart. Sessiecode: {servers.session}",
        "",
        f"Deelnemers openen:  {servers.join_url}",
    ]
    if not is_loopback(s.address) and "//127.0.0.1:" not in servers.join_url:
        lines.append("  (het netwerkadres van deze computer: de groep kan meedoen via hetzelfde netwerk)")
    lines += describe_network(s.address, s.port)
    lines.append(f"  Werkt het niet op een telefoon? Laat die {check_url(servers.join_url)} openen (zie de README).")
    apps = ", ".join(s.focus_apps) if s.focus_apps else "elke app"
    others = f", {OTHER_POOL} voor de andere apps" if s.focus_apps else ""
    room = count(s.deelnemers, "deelnemer", "deelnemers")
    lines += [
        f"Dashboard trainer:  {servers.dashboard_url}",
        "  (alleen op deze computer)" if is_loopback(s.dashboard_address) else "  (alleen met de token in het adres)",
        f"Klaargezette apps:  {pool_size(s.deelnemers, s.pool)} voor {apps}{others} ({room}; "
        f"ca. {KERNEL_MB} MB per app; kies met --les, --app of --voorverwarmd)",
        f"Antwoorden:         {s.store_target}",
        "",
        qr_terminal(servers.join_url),
        f"Stoppen: Ctrl+C (of sluit dit venster). Later verder: handreiking workshop --sessie {servers.session}",
    ]
    return "\n".join(lines)
