"""Balans tussen onderschatten en overvragen (Les 6, Stap 6.1): the teaching model (lesmodel).

A *casus* (a collective) and an *aanpak* (the municipality's approach) go in;
an :class:`Uitkomst` comes out: where the approach lands on one axis from
onderschatten (-1) via in balans (0) to overvragen (+1), the two pulls that put
it there, the three pitfalls of Stap 6.1 and too little support, each with a
level, a reason and the side it pulls toward, and feedback that names its step.
:func:`play_out` shows the consequences month by month.

The two ends, as this training reads the handreiking's source for Stap 6.1
(Oude Vrielink en Wijdeven 2011, footnote 19):

* **onderschatten** (-1): the municipality undervalues the collective: it takes
  over, holds the pen, helps more than the group needs;
* **overvragen** (+1): it asks too much of the volunteers, or leaves a group
  that wants a hand to carry everything alone.

Which part pulls toward which side is data (``kanten.indeling`` in the model
file). *Overspoelen met procedures en regels* pulls toward both at once: it
makes both pulls stronger but does not move the marker, so an approach that
floods the group lands on "beide", never on a cancelled-out "in balans"
(the hours its procedures cost also count in *overvragen van vrijwilligers*).

Pure and deterministic: no widgets, no I/O, no randomness. Every number comes
from the ``balans-model`` file (``data/scenarios/balans/model.yaml``); every
Dutch sentence the user sees comes from that file or from the case.
pandas is imported only inside :func:`play_out_frame`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from handreiking.content.balans import VORMEN, Aanpak, BalansCasus, BalansModel, Kant, OnderdeelSection, Param

if TYPE_CHECKING:
    import pandas as pd

Niveau = Literal["laag", "midden", "hoog"]
Oordeel = Literal["onderschatten", "in-balans", "overvragen", "beide"]

NIVEAUS: tuple[Niveau, ...] = ("laag", "midden", "hoog")
VALKUILEN: tuple[str, ...] = ("overvragen", "overnemen", "overspoelen")
"""The three pitfalls of Stap 6.1 (item ids of the ``valkuilen`` framework)."""

__all__ = [
    "NIVEAUS",
    "VALKUILEN",
    "FeedbackItem",
    "Onderdeel",
    "Uitkomst",
    "evaluate",
    "explain_model",
    "level_of",
    "needs",
    "play_out",
    "play_out_frame",
]


@dataclass(frozen=True)
class Onderdeel:
    """A part that pulls on the balance (a pitfall of Stap 6.1, or too little support): how strongly, and why."""

    id: str
    naam: str
    score: float
    niveau: Niveau
    reden: str
    stap: str
    kant: Kant
    """The side it pulls toward: onderschatten, overvragen or beide."""


@dataclass(frozen=True)
class FeedbackItem:
    """One piece of feedback, tagged with the step of the handreiking it rests on."""

    id: str
    stap: str
    soort: str
    tekst: str


@dataclass(frozen=True)
class Uitkomst:
    """What the model says about an approach for a case."""

    positie: float
    """Position on the axis: -1 = fully onderschatten, 0 = in balans, +1 = fully overvragen."""
    oordeel: Oordeel
    oordeel_tekst: str
    onderschatten: float
    """The pull toward onderschatten, 0-1: the strongest part on that side, or overspoelen."""
    overvragen: float
    """The pull toward overvragen, 0-1: the strongest part on that side, or overspoelen."""
    valkuilen: tuple[Onderdeel, ...]
    """The three pitfalls of Stap 6.1, in the order of :data:`VALKUILEN`."""
    te_weinig_steun: Onderdeel
    """Needed support that is missing (not one of the three pitfalls; it pulls toward overvragen)."""
    behoefte: dict[str, float]
    """Needed level (0-3) per support form, derived from the case."""
    uren_gevraagd: float
    uren_beschikbaar: float
    signalen: dict[str, float]
    feedback: tuple[FeedbackItem, ...]

    def valkuil(self, valkuil_id: str) -> Onderdeel:
        return next(v for v in self.valkuilen if v.id == valkuil_id)

    @property
    def onderdelen(self) -> tuple[Onderdeel, ...]:
        """Every part that pulls on the balance: the three pitfalls, then too little support."""
        return (*self.valkuilen, self.te_weinig_steun)

    def strongest(self, kant: Kant) -> float:
        """The score of the strongest part whose own side is ``kant`` (0 when none)."""
        return max((p.score for p in self.onderdelen if p.kant == kant), default=0.0)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON data (for the workshop answer and the dashboard)."""
        return asdict(self)


def _clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


def _v(p: Param) -> float:
    return p.waarde


def level_of(model: BalansModel, score: float) -> Niveau:
    """``laag``, ``midden`` or ``hoog`` for a score 0-1, by the thresholds in the model."""
    if score >= _v(model.niveaus.hoog_vanaf):
        return "hoog"
    if score >= _v(model.niveaus.midden_vanaf):
        return "midden"
    return "laag"


def features(model: BalansModel, casus: BalansCasus) -> dict[str, float]:
    """The case's features, each 0-1: its four needs, its inexperience and its shortage of people."""
    b = casus.behoeften
    return {
        "expertise": b.expertise / 3,
        "geld": b.geld / 3,
        "netwerk": b.netwerk / 3,
        "proces": b.proces / 3,
        "onervarenheid": 1 - casus.ervaring / 3,
        "menskrachttekort": _clip(1 - casus.uren_per_week / max(_v(model.behoefte.ruim_uren), 1e-9)),
    }


def needs(model: BalansModel, casus: BalansCasus) -> dict[str, float]:
    """The level (0-3) of each support form this case needs: 3 x the weighted sum of its features."""
    f = features(model, casus)
    return {
        vorm: round(3 * sum(w * f[k] for k, w in model.behoefte.gewichten[vorm].items()), 3)  # type: ignore[index]
        for vorm in VORMEN
    }


def _pen_weight(model: BalansModel, pen: str) -> float:
    return {"collectief": 0.0, "samen": _v(model.overnemen.pen_samen), "gemeente": _v(model.overnemen.pen_gemeente)}[
        pen
    ]


def hours_asked(model: BalansModel, casus: BalansCasus, aanpak: Aanpak) -> float:
    """Volunteer hours per week the municipality's asks cost (reporting, meetings, procedures)."""
    o = model.overvragen
    onervaren = 1 - casus.ervaring / 3
    return (
        aanpak.rapportage * _v(o.uren_rapportage)
        + aanpak.vergaderingen * _v(o.uren_vergaderingen)
        + aanpak.procedures * _v(o.uren_procedures) * (1 + _v(o.onervaren_toeslag) * onervaren)
    )


def _names(model_labels: dict[str, str], items: list[str], none: str) -> str:
    names = [model_labels[i] for i in items]
    if not names:
        return none
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def sides(model: BalansModel, scores: dict[str, float]) -> tuple[float, float, float]:
    """The pulls toward onderschatten and overvragen (each 0-1) and the position (-1 to +1).

    ``scores`` holds the score (0-1) of each part of :data:`~handreiking.content.balans.ONDERDELEN`.
    Each side pulls as hard as its strongest part; a part on ``beide`` pulls on both sides equally.
    The position is the strongest part on the overvragen side minus the strongest on the
    onderschatten side: a part on ``beide`` adds the same to both and so never moves it.
    """
    kant = {i.onderdeel: i.kant for i in model.kanten.indeling}

    def strongest(side: str) -> float:
        return max((score for part, score in scores.items() if kant[part] == side), default=0.0)

    links, rechts, beide = strongest("onderschatten"), strongest("overvragen"), strongest("beide")
    positie = round(_clip(rechts - links, -1.0, 1.0), 3)
    return round(max(links, beide), 3), round(max(rechts, beide), 3), positie


def evaluate(model: BalansModel, casus: BalansCasus, aanpak: Aanpak) -> Uitkomst:
    """Where ``aanpak`` lands for ``casus``: the axis, the verdict, the parts that pull and the feedback."""
    z = casus.zelfsturing / 3
    nodig = needs(model, casus)
    gegeven = {v: float(aanpak.level(v)) for v in VORMEN}
    tekort = {v: max(0.0, nodig[v] - gegeven[v]) / 3 for v in VORMEN}
    teveel = {v: max(0.0, gegeven[v] - nodig[v]) / 3 for v in VORMEN}
    pen = _pen_weight(model, aanpak.pen)

    # Te weinig steun: needed support that is missing, plus leaving the pen alone with a group that wants a hand.
    w = model.te_weinig_steun
    hand_zonder_pen = (1 - z) * (1 - pen)
    weinig = _clip(_v(w.versterking) * sum(tekort.values()) / len(VORMEN) + _v(w.hand_zonder_pen) * hand_zonder_pen)

    # Overvragen van vrijwilligers: the hours asked against the hours the volunteers have.
    o = model.overvragen
    gevraagd = hours_asked(model, casus, aanpak)
    beschikbaar = casus.uren_per_week + (_v(o.procesbegeleider_uren) if aanpak.procesbegeleider else 0.0)
    ratio = gevraagd / max(beschikbaar, 1.0)
    overvragen = _clip((ratio - _v(o.vanaf)) / max(_v(o.volledig) - _v(o.vanaf), 1e-9))

    # Overnemen van het initiatief: the pen, and support beyond the need, weighed by the wish to steer itself.
    n = model.overnemen
    teveel_score = sum(w * teveel[v] for v, w in n.teveel_gewichten.items())  # type: ignore[misc]
    zelf = _v(n.basis) + (1 - _v(n.basis)) * z
    overnemen = _clip(zelf * (pen + _v(n.teveel_versterking) * teveel_score))

    # Overspoelen met procedures en regels: procedures and reporting, damped by connecting and by experience.
    s = model.overspoelen
    druk = _v(s.gewicht_procedures) * aanpak.procedures / 3 + _v(s.gewicht_rapportage) * aanpak.rapportage / 3
    demping = _v(s.demping_verbinden) * gegeven["institutioneel-verbinden"] / 3 + _v(s.demping_ervaring) * (
        casus.ervaring / 3
    )
    overspoelen = _clip(druk * (1 - demping))

    scores = {"te-weinig-steun": weinig, "overvragen": overvragen, "overnemen": overnemen, "overspoelen": overspoelen}
    links, rechts, positie = sides(model, scores)
    grens = _v(model.positie.in_balans)
    midden = _v(model.niveaus.midden_vanaf)
    oordeel: Oordeel
    if positie < -grens:
        oordeel = "onderschatten"
    elif positie > grens:
        oordeel = "overvragen"
    elif links >= midden and rechts >= midden:
        oordeel = "beide"
    else:
        oordeel = "in-balans"

    labels = model.labels
    tekort_vormen = [v for v in VORMEN if tekort[v] * 3 >= 1]
    teveel_vormen = [v for v in VORMEN if teveel[v] * 3 >= 1]
    values: dict[str, Any] = {
        "uren_gevraagd": f"{gevraagd:.0f}",
        "uren_beschikbaar": f"{beschikbaar:.0f}",
        "procent": f"{100 * ratio:.0f}",
        "pen": labels.pen[aanpak.pen],
        "zelfsturing": labels.zelfsturing[casus.zelfsturing],
        "procedures": labels.niveau[aanpak.procedures],
        "rapportage": labels.niveau[aanpak.rapportage],
        "vergaderingen": labels.niveau[aanpak.vergaderingen],
        "tekort_vormen": _names(labels.vorm, tekort_vormen, labels.geen),
        "teveel_vormen": _names(labels.vorm, teveel_vormen, labels.geen),
        "verbinden": labels.niveau[aanpak.level("institutioneel-verbinden")],
    }
    kant = {i.onderdeel: i.kant for i in model.kanten.indeling}

    def part(pid: str, section: OnderdeelSection) -> Onderdeel:
        return Onderdeel(
            id=pid,
            naam=section.naam,
            score=round(scores[pid], 3),
            niveau=level_of(model, scores[pid]),
            reden=section.reden.format_map(values),
            stap="6.1",
            kant=kant[pid],
        )

    valkuilen = (part("overvragen", o), part("overnemen", n), part("overspoelen", s))

    signalen: dict[str, float] = {
        **{k: round(val, 3) for k, val in scores.items()},
        "in-balans": 1.0 if oordeel == "in-balans" else 0.0,
        "beide": 1.0 if oordeel == "beide" else 0.0,
        "hand-zonder-pen": round(hand_zonder_pen, 3),
        "geen-procesbegeleider": 0.0 if aanpak.procesbegeleider else round(overvragen, 3),
        **{f"tekort-{v}": round(tekort[v], 3) for v in VORMEN},
        **{f"teveel-{v}": round(teveel[v], 3) for v in VORMEN},
    }
    feedback = tuple(
        FeedbackItem(id=r.id, stap=r.stap, soort=r.soort, tekst=r.tekst.format_map(values))
        for r in model.feedback
        if signalen[r.signaal] >= r.vanaf and (r.signaal in ("in-balans", "beide") or signalen[r.signaal] > 0)
    )
    return Uitkomst(
        positie=positie,
        oordeel=oordeel,
        oordeel_tekst=model.positie.oordelen[oordeel],
        onderschatten=links,
        overvragen=rechts,
        valkuilen=valkuilen,
        te_weinig_steun=part("te-weinig-steun", w),
        behoefte=nodig,
        uren_gevraagd=round(gevraagd, 2),
        uren_beschikbaar=round(beschikbaar, 2),
        signalen=signalen,
        feedback=feedback,
    )


def play_out(model: BalansModel, casus: BalansCasus, aanpak: Aanpak) -> list[dict[str, float]]:
    """Month records (month 0 = start): energy of the volunteers, progress and ownership, each 0-100.

    Energy and ownership move each month a fixed share (``tempo``) toward the level the approach
    leads to; progress grows each month with a speed that depends on experience, covered needs,
    the pen and procedures, times the energy left.
    """
    u = evaluate(model, casus, aanpak)
    p = model.verloop
    z = casus.zelfsturing / 3
    pen = _pen_weight(model, aanpak.pen)
    kracht = aanpak.level("in-hun-kracht-zetten") / 3
    tekort_mensen = features(model, casus)["menskrachttekort"]
    vitaal = aanpak.level("gemeenschap-vitaliseren") / 3 * tekort_mensen
    nodig = u.behoefte
    totaal = sum(nodig.values())
    dekking = sum(min(float(aanpak.level(v)), nodig[v]) for v in VORMEN) / totaal if totaal > 0 else 1.0
    score = {v.id: v.score for v in u.valkuilen}

    energie_doel = 100 * _clip(
        1
        - _v(p.energie_overvragen) * score["overvragen"]
        - _v(p.energie_overspoelen) * score["overspoelen"]
        - _v(p.energie_overnemen) * score["overnemen"]
        - _v(p.energie_te_weinig_steun) * u.te_weinig_steun.score
        + _v(p.energie_kracht) * kracht
        + _v(p.energie_vitaliseren) * vitaal
    )
    eigen_start = _clip(_v(p.eigenaarschap_start) + _v(p.eigenaarschap_zelfsturing) * z, 0, 100)
    eigen_doel = _clip(
        eigen_start
        - 100 * _v(p.eigenaarschap_overnemen) * score["overnemen"]
        + 100 * _v(p.eigenaarschap_kracht) * kracht,
        0,
        100,
    )
    snelheid = (
        _v(p.voortgang_basis)
        * (1 + _v(p.voortgang_ervaring) * casus.ervaring / 3)
        * (1 - _v(p.voortgang_dekking) * (1 - dekking))
        * (1 + _v(p.voortgang_pen) * pen)
        * (1 - _v(p.voortgang_overspoelen) * score["overspoelen"])
    )
    tempo = _clip(_v(p.tempo))
    energie = _clip(_v(p.energie_start), 0, 100)
    eigen = eigen_start
    voortgang = 0.0
    records = [{"maand": 0, "energie": round(energie, 1), "voortgang": 0.0, "eigenaarschap": round(eigen, 1)}]
    for maand in range(1, int(_v(p.maanden)) + 1):
        energie += tempo * (energie_doel - energie)
        eigen += tempo * (eigen_doel - eigen)
        voortgang = _clip(voortgang + max(0.0, snelheid) * energie / 100, 0, 100)
        records.append(
            {
                "maand": maand,
                "energie": round(energie, 1),
                "voortgang": round(voortgang, 1),
                "eigenaarschap": round(eigen, 1),
            }
        )
    return records


def play_out_frame(model: BalansModel, casus: BalansCasus, aanpak: Aanpak) -> pd.DataFrame:
    """:func:`play_out` as a pandas DataFrame indexed by month (for the lesson notebook)."""
    import pandas as pd

    return pd.DataFrame(play_out(model, casus, aanpak)).set_index("maand")


def explain_model(model: BalansModel, sources: dict[str, Any] | None = None) -> str:
    """'Hoe werkt dit model?' as Markdown, generated from the model file (its ``uitleg`` and numbers)."""
    out = [f"## {model.title}", "", model.intro, ""]
    kanten = model.kanten
    out += [f"### {kanten.titel}", "", kanten.uitleg, ""]
    out += ["| onderdeel | kant | waarom |", "|---|---|---|"]
    names = {
        "te-weinig-steun": model.te_weinig_steun.naam,
        "overvragen": model.overvragen.naam,
        "overnemen": model.overnemen.naam,
        "overspoelen": model.overspoelen.naam,
    }
    for i in kanten.indeling:
        out.append(f"| {names[i.onderdeel]} | {model.labels.kant[i.kant]} | {i.waarom} |")
    out.append("")
    sections = [
        model.behoefte,
        model.te_weinig_steun,
        model.overvragen,
        model.overnemen,
        model.overspoelen,
        model.positie,
        model.niveaus,
        model.verloop,
    ]
    for section in sections:
        out += [f"### {section.titel}", "", section.uitleg, ""]
        if section is model.behoefte:
            kenmerken = sorted({k for w in model.behoefte.gewichten.values() for k in w})
            out.append("| ondersteuningsvorm | " + " | ".join(kenmerken) + " |")
            out.append("|---|" + "---|" * len(kenmerken))
            for vorm, gewichten in model.behoefte.gewichten.items():
                cells = [f"{gewichten.get(k, 0):g}" for k in kenmerken]  # type: ignore[call-overload]
                out.append(f"| {model.labels.vorm[vorm]} | " + " | ".join(cells) + " |")
            out.append("")
        for name in type(section).model_fields:
            value = getattr(section, name)
            if isinstance(value, Param):
                out.append(f"- **{name.replace('_', ' ')}** = {value.waarde:g}: {value.uitleg}")
        if section is model.overnemen:
            for vorm, w in model.overnemen.teveel_gewichten.items():
                out.append(f"- **gewicht teveel {model.labels.vorm[vorm]}** = {w:g}")
        if section is model.positie:
            out += [f"- **{o}**: {tekst}" for o, tekst in model.positie.oordelen.items()]
        out.append("")
    out += ["### Welke feedback geeft het model?", "", model.feedback_uitleg, ""]
    out += ["| als | vanaf | stap | soort |", "|---|---|---|---|"]
    for r in model.feedback:
        out.append(f"| {r.signaal} | {r.vanaf:g} | Stap {r.stap} | {r.soort} |")
    out += ["", "### Wat laat dit model weg?", ""]
    out += [f"- **{w.wat}** {w.waarom}" for w in model.weglatingen]
    if model.sources:
        out += ["", "### Bronnen", ""]
        for sid in model.sources:
            src = (sources or {}).get(sid)
            out.append(f"- [{src.title}]({src.url})" if src is not None else f"- {sid}")
    return "\n".join(out) + "\n"
