"""Figures of the trainer dashboard: where the room lands (balans) and the room's role mix (rollen).

Built on ``matplotlib.figure.Figure`` (never pyplot), large type for a projector; every bar carries
its number, so nothing rests on colour alone.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from handreiking.workshop.aggregate import BalansRoom, RollenRoom

from .render import PALETTE, new_figure

ROL_LABELS = {
    "rechtmatig": "Rechtmatig",
    "presterend": "Presterend",
    "netwerkend": "Netwerkend",
    "responsief": "Responsief",
}


def balans_room_figure(room: BalansRoom) -> Figure:
    """Histogram of the room's positions from onderschatten (-1) to overvragen (+1), with the mean marked."""
    fig = new_figure(7.2, 3.2)
    ax = fig.add_subplot()
    edges = room.bin_edges
    width = edges[1] - edges[0]
    centres = [e + width / 2 for e in edges[:-1]]
    colours = [
        PALETTE["bad"] if abs(c) > 0.5 else PALETTE["warn"] if abs(c) > 0.25 else PALETTE["good"] for c in centres
    ]
    bars = ax.bar(centres, room.bins, width=width * 0.9, color=colours)
    for bar, n in zip(bars, room.bins, strict=True):
        if n:
            ax.annotate(
                str(n),
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=12,
                color=PALETTE["ink"],
            )
    if room.mean is not None:
        ax.axvline(room.mean, color=PALETTE["accent"], linewidth=2.5, linestyle="--")
        ax.annotate(
            f"gemiddeld {room.mean:+.2f}",
            (room.mean, max(room.bins or (1,)) * 1.05 + 0.3),
            ha="center",
            fontsize=11,
            color=PALETTE["accent"],
        )
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(0, max(max(room.bins or (0,)), 1) * 1.3 + 0.5)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["onderschatten", "", "in balans", "", "overvragen"], fontsize=12)
    ax.set_ylabel("deelnemers", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def balans_room_alt(room: BalansRoom) -> str:
    if not room.count:
        return "Nog geen antwoorden voor de balans."
    parts = ", ".join(f"{k}: {v}" for k, v in room.oordelen.items())
    return f"{room.count} antwoorden op de as van onderschatten naar overvragen; gemiddeld {room.mean:+.2f}. {parts}."


def rollen_room_figure(room: RollenRoom) -> Figure:
    """Mean share per role (bar) with the spread: lowest-highest (thin line) and ± one standard deviation."""
    fig = new_figure(7.2, 3.0)
    ax = fig.add_subplot()
    stats = list(room.rollen)
    ys = list(range(len(stats)))[::-1]
    for y, s in zip(ys, stats, strict=True):
        ax.barh(y, s.mean, height=0.6, color=PALETTE["light"], edgecolor=PALETTE["accent"])
        ax.plot([s.low, s.high], [y, y], color=PALETTE["muted"], linewidth=1.2)
        ax.errorbar(s.mean, y, xerr=s.stdev, color=PALETTE["ink"], capsize=6, linewidth=2)
        ax.annotate(f"{s.mean:.0f}% (±{s.stdev:.0f})", (101, y), va="center", fontsize=12, color=PALETTE["ink"])
    ax.set_yticks(ys, [ROL_LABELS.get(s.rol, s.rol) for s in stats], fontsize=12)
    ax.set_xlim(0, 130)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def rollen_room_alt(room: RollenRoom) -> str:
    if not room.count:
        return "Nog geen antwoorden voor de rollen."
    parts = "; ".join(
        f"{ROL_LABELS.get(s.rol, s.rol).lower()} gemiddeld {s.mean:.0f}% "
        f"(spreiding {s.stdev:.0f}, van {s.low} tot {s.high})"
        for s in room.rollen
    )
    return f"Gemiddelde rolmix van {room.count} deelnemers: {parts}."
