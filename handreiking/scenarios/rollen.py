"""Rollen kiezen en stapelen (Les 1, Stap 1.1): the teaching model, pure and deterministic.

A participant spreads 100% over the four roles of the overheid (rechtmatig,
presterend, netwerkend, responsief): a *mix*. For a vraagstuk (a case) the
model puts that mix beside each of the four factors of Stap 1.1. Each factor
pulls toward the roles with a strength 0..3 that the case declares; the model
turns that pull into shares and scores the overlap with the mix (0..100).
Tension rules (all in ``data/scenarios/rollen/model.yaml``) flag mixes that
leave out a role the case cannot do without, put everything on one role, and
so on. Every feedback item names the step it rests on.

No widgets, no I/O: the model and the case come in as validated content.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from handreiking.content.rollen import (
    ERVARING_LABELS,
    FACTOR_IDS,
    PLEK_LABELS,
    ROL_IDS,
    Oordeel,
    RollenModel,
    RollenVraagstuk,
    SpanningRegel,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FACTOR_IDS",
    "ROL_IDS",
    "FactorUitkomst",
    "Feedback",
    "Mix",
    "Spanning",
    "Uitkomst",
    "evaluate",
    "explain_model",
    "fit_score",
    "format_stappen",
    "pull_shares",
    "pulls_table",
    "rebalance",
    "validate_mix",
]

Mix = dict[str, int]
"""Percent per role, in :data:`ROL_IDS` order, integers that add up to 100."""


# --- the mix -----------------------------------------------------------------------


def validate_mix(mix: Mapping[str, Any]) -> Mix:
    """Check a mix: the four roles, whole numbers 0..100 that add up to 100. Raises ``ValueError`` (Dutch)."""
    unknown = sorted(set(mix) - set(ROL_IDS))
    missing = [r for r in ROL_IDS if r not in mix]
    if unknown or missing:
        raise ValueError(
            f"Een mix bevat precies de vier rollen ({', '.join(ROL_IDS)}); "
            f"ontbreekt: {', '.join(missing) or 'niets'}, onbekend: {', '.join(unknown) or 'niets'}."
        )
    out: Mix = {}
    for r in ROL_IDS:
        value = mix[r]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise ValueError(f"Het aandeel van {r} moet een geheel getal van 0 tot en met 100 zijn, niet {value!r}.")
        out[r] = value
    total = sum(out.values())
    if total != 100:
        raise ValueError(f"De vier aandelen moeten samen 100 zijn, nu is het samen {total}.")
    return out


def rebalance(mix: Mapping[str, int], changed_role: str, new_value: float) -> Mix:
    """Move one role to ``new_value`` and scale the other three so the mix stays at exactly 100.

    The others keep their proportions (and their order) as closely as whole
    numbers allow: each gets its floor share, and the points left over go to
    the largest remainders (ties: the handreiking's role order). If the others
    were all 0, they share the rest equally. Deterministic.
    """
    if changed_role not in ROL_IDS:
        raise ValueError(f"Onbekende rol '{changed_role}'; kies uit {', '.join(ROL_IDS)}.")
    value = min(100, max(0, round(new_value)))
    rest = 100 - value
    others = [r for r in ROL_IDS if r != changed_role]
    weights = [max(0, int(mix.get(r, 0))) for r in others]
    if sum(weights) == 0:
        weights = [1] * len(others)
    total = sum(weights)
    floors = [rest * w // total for w in weights]
    remainders = [rest * w % total for w in weights]
    left = rest - sum(floors)
    for i in sorted(range(len(others)), key=lambda i: (-remainders[i], i))[:left]:
        floors[i] += 1
    shares = dict(zip(others, floors, strict=True))
    shares[changed_role] = value
    return {r: shares[r] for r in ROL_IDS}


def pull_shares(trek: Mapping[str, int]) -> dict[str, float]:
    """A factor's pull (0..3 per role) as percentages of what it asks (adding up to 100)."""
    total = sum(trek.get(r, 0) for r in ROL_IDS)
    if total <= 0:
        raise ValueError("Een factor moet naar minstens één rol trekken.")
    return {r: 100 * trek.get(r, 0) / total for r in ROL_IDS}


def fit_score(mix: Mapping[str, int], shares: Mapping[str, float]) -> float:
    """Overlap between the mix and what a factor asks: the sum over roles of the smaller of the two (0..100)."""
    return sum(min(float(mix[r]), shares[r]) for r in ROL_IDS)


def _round(x: float) -> int:
    """Round half up (for non-negative numbers), the way people expect percentages to round."""
    return int(x + 0.5 + 1e-9)


def format_stappen(stappen: Iterable[str]) -> str:
    """``["1.1", "1.2"]`` -> ``"Stap 1.1 en Stap 1.2"``."""
    items = [f"Stap {s}" for s in dict.fromkeys(stappen)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " en " + words[-1]


# --- results -----------------------------------------------------------------------


@dataclass(frozen=True)
class Feedback:
    """One piece of feedback: a title, a Dutch text, and the steps it rests on."""

    soort: str
    """``reflectie``, ``spanning`` or ``factor``."""
    titel: str
    tekst: str
    stappen: tuple[str, ...]


@dataclass(frozen=True)
class FactorUitkomst:
    """How the mix answers one factor in this case."""

    factor: str
    naam: str
    trek: dict[str, int]
    gevraagd: dict[str, float]
    """The pull as percentages (what the factor asks)."""
    top_rollen: tuple[str, ...]
    """The role(s) this factor pulls toward most (ties keep role order)."""
    aandeel_top: int
    """The mix's share on the top role(s), together."""
    fit: int
    oordeel: str
    label: str
    tekst: str
    tip: str | None
    stappen: tuple[str, ...]


@dataclass(frozen=True)
class Spanning:
    """A tension between the mix and the case (a rule from the model or a minimum from the case)."""

    id: str
    titel: str
    tekst: str
    rollen: tuple[str, ...]
    aandeel: int
    grens: int
    stappen: tuple[str, ...]


@dataclass(frozen=True)
class Uitkomst:
    """What the model says about one mix for one vraagstuk."""

    vraagstuk: str
    mix: Mix
    factoren: tuple[FactorUitkomst, ...]
    fit: int
    oordeel: str
    label: str
    gestapeld: int
    """How many roles the mix uses (at least the model's threshold)."""
    reflectie: str
    spanningen: tuple[Spanning, ...]
    feedback: tuple[Feedback, ...]

    def factor(self, factor_id: str) -> FactorUitkomst:
        return next(f for f in self.factoren if f.factor == factor_id)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return asdict(self)


# --- evaluation --------------------------------------------------------------------


def _oordeel(oordelen: Sequence[Oordeel], score: int) -> Oordeel:
    return next(o for o in oordelen if score >= o.vanaf)


def _rol_namen(model: RollenModel, rollen: Iterable[str]) -> str:
    kort = {r.id: r.kort.lower() for r in model.rollen}
    return _join([kort[r] for r in rollen])


def _evaluate_factor(model: RollenModel, vraagstuk: RollenVraagstuk, mix: Mix, factor_id: str) -> FactorUitkomst:
    definition = next(f for f in model.factoren if f.id == factor_id)
    case_factor = vraagstuk.factor(factor_id)
    trek = {r: int(case_factor.trek.get(r, 0)) for r in ROL_IDS}
    gevraagd = pull_shares(trek)
    top = max(trek.values())
    top_rollen = tuple(r for r in ROL_IDS if trek[r] == top)
    aandeel_top = sum(mix[r] for r in top_rollen)
    fit = _round(fit_score(mix, gevraagd))
    band = _oordeel(model.fit.oordelen, fit)
    stappen = tuple(definition.stappen)
    tekort = max(ROL_IDS, key=lambda r: gevraagd[r] - mix[r])  # first in role order on a tie
    overschot = max(ROL_IDS, key=lambda r: mix[r] - gevraagd[r])
    tekst = band.sjabloon.format(
        tekort_rol=_rol_namen(model, [tekort]),
        tekort_gevraagd=_round(gevraagd[tekort]),
        tekort_aandeel=mix[tekort],
        overschot_rol=_rol_namen(model, [overschot]),
        overschot_gevraagd=_round(gevraagd[overschot]),
        overschot_aandeel=mix[overschot],
        factor=definition.naam,
        toelichting=case_factor.toelichting,
        top_rollen=_rol_namen(model, top_rollen),
        aandeel_top=aandeel_top,
        fit=fit,
        oordeel=band.label,
        stap=format_stappen(stappen),
    )
    tip = None if band is model.fit.oordelen[0] else definition.tip
    return FactorUitkomst(
        factor=factor_id,
        naam=definition.naam,
        trek=trek,
        gevraagd=gevraagd,
        top_rollen=top_rollen,
        aandeel_top=aandeel_top,
        fit=fit,
        oordeel=band.id,
        label=band.label,
        tekst=tekst,
        tip=tip,
        stappen=stappen,
    )


def _rule_applies(rule: SpanningRegel, vraagstuk: RollenVraagstuk) -> bool:
    if rule.als_plek and vraagstuk.plek not in rule.als_plek:
        return False
    return not (rule.als_ervaring and vraagstuk.ervaring not in rule.als_ervaring)


def _breaks(rule: SpanningRegel, share: int) -> bool:
    if rule.minder_dan is not None:
        return share < rule.minder_dan
    return rule.meer_dan is not None and share > rule.meer_dan


def _spanningen(model: RollenModel, vraagstuk: RollenVraagstuk, mix: Mix) -> list[Spanning]:
    out: list[Spanning] = []
    fill = {"plek": PLEK_LABELS[vraagstuk.plek], "ervaring": ERVARING_LABELS[vraagstuk.ervaring], "reden": ""}
    for minimum in vraagstuk.minimum:
        if mix[minimum.rol] < minimum.aandeel:
            stappen = tuple(dict.fromkeys(("1.1", minimum.stap)))
            tekst = model.minimum.sjabloon.format(
                **fill
                | {
                    "rollen": _rol_namen(model, [minimum.rol]),
                    "aandeel": mix[minimum.rol],
                    "grens": minimum.aandeel,
                    "reden": minimum.reden,
                    "stap": format_stappen(stappen),
                }
            )
            out.append(
                Spanning(
                    f"minimum-{minimum.rol}",
                    model.minimum.titel,
                    tekst,
                    (minimum.rol,),
                    mix[minimum.rol],
                    minimum.aandeel,
                    stappen,
                )
            )
    below_minimum = {s.rollen[0] for s in out}
    for rule in model.spanningen:
        if not _rule_applies(rule, vraagstuk):
            continue
        if rule.overslaan_bij_minimum and set(rule.rollen) <= below_minimum:
            continue
        groups = [tuple(rule.rollen)] if rule.toets == "som" else [(r,) for r in rule.rollen]
        grens = rule.minder_dan if rule.minder_dan is not None else rule.meer_dan
        assert grens is not None  # the schema's check() guarantees one limit
        for rollen in groups:
            share = sum(mix[r] for r in rollen)
            if not _breaks(rule, share):
                continue
            stappen = tuple(rule.stappen)
            tekst = rule.sjabloon.format(
                **fill
                | {
                    "rollen": _rol_namen(model, rollen),
                    "aandeel": share,
                    "grens": grens,
                    "stap": format_stappen(stappen),
                }
            )
            out.append(Spanning(rule.id, rule.titel, tekst, rollen, share, grens, stappen))
    return out


def evaluate(model: RollenModel, vraagstuk: RollenVraagstuk, mix: Mapping[str, int]) -> Uitkomst:
    """Put ``mix`` beside the four factors of ``vraagstuk``: fit per factor, tensions, reflection, feedback."""
    checked = validate_mix(mix)
    factoren = tuple(_evaluate_factor(model, vraagstuk, checked, f) for f in FACTOR_IDS)
    gewichten = {f.id: f.gewicht for f in model.factoren}
    total_weight = sum(gewichten.values())
    fit = _round(sum(f.fit * gewichten[f.factor] for f in factoren) / total_weight)
    band = _oordeel(model.reflectie.oordelen, fit)
    used = [r for r in ROL_IDS if checked[r] >= model.reflectie.gestapeld_vanaf]
    stapel_sjabloon = model.reflectie.zin_gestapeld if len(used) >= 2 else model.reflectie.zin_enkel
    gestapeld = stapel_sjabloon.format(aantal=len(used), rollen=_rol_namen(model, used))
    weakest = min(factoren, key=lambda f: f.fit)  # first in order on a tie
    reflectie_stappen = tuple(model.reflectie.stappen)
    reflectie = band.sjabloon.format(
        vraagstuk=vraagstuk.title,
        fit=fit,
        oordeel=band.label,
        aantal=len(used),
        gestapeld=gestapeld,
        zwakste=weakest.naam,
        stap=format_stappen(reflectie_stappen),
    )
    spanningen = tuple(_spanningen(model, vraagstuk, checked))
    feedback: list[Feedback] = [Feedback("reflectie", "Reflectie", reflectie, reflectie_stappen)]
    feedback += [Feedback("spanning", s.titel, s.tekst, s.stappen) for s in spanningen]
    for f in factoren:
        tekst = f.tekst if f.tip is None else f"{f.tekst} {f.tip}"
        feedback.append(Feedback("factor", f.naam, tekst, f.stappen))
    return Uitkomst(
        vraagstuk=vraagstuk.id,
        mix=checked,
        factoren=factoren,
        fit=fit,
        oordeel=band.id,
        label=band.label,
        gestapeld=len(used),
        reflectie=reflectie,
        spanningen=spanningen,
        feedback=tuple(feedback),
    )


# --- for the notebook --------------------------------------------------------------


def pulls_table(model: RollenModel, vraagstuk: RollenVraagstuk) -> pd.DataFrame:
    """The pull (0..3) of each factor toward each role in this case, as a table (rows: factors)."""
    import pandas as pd

    kort = {r.id: r.kort for r in model.rollen}
    rows = {f.naam: {kort[r]: vraagstuk.factor(f.id).trek.get(r, 0) for r in ROL_IDS} for f in model.factoren}
    return pd.DataFrame.from_dict(rows, orient="index")


def explain_model(model: RollenModel, sources: Mapping[str, Any] | None = None) -> str:
    """'Hoe werkt dit model?' in Markdown, written from the model's data (rules, numbers, what it leaves out).

    ``sources`` (e.g. ``bundled_content().sources``) adds the source's title and web address.
    """
    lines = ["### Hoe werkt dit model?", "", model.uitleg, "", "**De vier rollen** (Stap 1.1)", ""]
    lines += [f"- **{r.naam}**: {r.uitleg}" for r in model.rollen]
    lines += ["", "**De vier factoren** (Stap 1.1)", ""]
    for f in model.factoren:
        lines.append(f"- **{f.naam}** ({format_stappen(f.stappen)}): {f.uitleg}")
    lines += ["", "**Trek per factor**", "", model.trek, "", "**Aansluiting**", "", model.fit.uitleg, ""]
    lines += [f"- vanaf {o.vanaf}%: {o.label}" for o in model.fit.oordelen]
    lines += ["", f"**{model.minimum.titel}**", "", model.minimum.uitleg, "", "**Spanningen**", ""]
    for s in model.spanningen:
        lines.append(f"- **{s.titel}** ({format_stappen(s.stappen)}): {s.uitleg}")
    lines += ["", "**Reflectie**", "", model.reflectie.uitleg, "", "**Wat het model weglaat**", ""]
    lines += [f"- {item}" for item in model.laat_weg]
    source = (sources or {}).get(model.bron)
    if source is not None:
        cite = f"[{source.title}]({source.url})"
    else:
        cite = f"bron '{model.bron}' in de bronnenlijst"
    lines += ["", f"De vier rollen komen uit de bron die de handreiking bij Stap 1.1 noemt: {cite}."]
    return "\n".join(lines) + "\n"
