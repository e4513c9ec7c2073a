"""The democratische bril (Les 7, Stap 7.2; the council in Stap 7.1): pure comparison, no widgets, no I/O.

A teaching model, not a verdict. The participant judges a case on each of the
six questions of the bril (in orde / twijfel / zorg) and chooses measures. The
model compares each judgement with the case's own judgement and consideration
(both in the data): the same, less concern ("milder") or more concern
("strenger"). For every question where the case sees doubt or concern it lists
the chosen measures that address it, or the measures that would. It adds a
note on the gemeenteraad (Stap 7.1) and on chosen measures that do not help.
Every feedback item names the step it rests on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..content.bril import BRIL_VRAGEN, BrilCasus, BrilModel


@dataclass(frozen=True)
class VraagFeedback:
    """Feedback on one question of the bril."""

    vraag: str
    naam: str
    gekozen: str | None
    """The participant's judgement (a scale id), or None when not given yet."""
    casus_niveau: str
    vergelijking: str
    """``open``, ``gelijk``, ``milder`` (less concern than the case) or ``strenger`` (more concern)."""
    label: str
    tekst: str
    stap: str
    maatregelen: tuple[str, ...] = ()
    """Chosen measures that address this question (only for the case's concerns)."""
    suggesties: tuple[str, ...] = ()
    """Measures that would address this concern, when none of the chosen ones does."""

    @property
    def zorgpunt(self) -> bool:
        """True when the case itself sees doubt or concern on this question."""
        return self.casus_niveau != "in-orde"


@dataclass(frozen=True)
class MaatregelFeedback:
    """Feedback on one chosen measure: which of the case's concerns it addresses, or why it does not help."""

    maatregel: str
    naam: str
    helpt_bij: tuple[str, ...]
    """Concerns of this case that the measure addresses."""
    tekst: str
    stap: str


@dataclass(frozen=True)
class RaadFeedback:
    """The note on the gemeenteraad for this case (Stap 7.1)."""

    gekozen: bool
    tekst: str
    stap: str


@dataclass(frozen=True)
class Uitkomst:
    """The outcome of looking at a case through the bril."""

    casus: str
    oordelen: dict[str, str | None]
    maatregelen: tuple[str, ...]
    vragen: tuple[VraagFeedback, ...]
    maatregel_feedback: tuple[MaatregelFeedback, ...]
    raad: RaadFeedback

    def count(self, vergelijking: str) -> int:
        return sum(v.vergelijking == vergelijking for v in self.vragen)

    @property
    def beoordeeld(self) -> int:
        return len(self.vragen) - self.count("open")

    @property
    def gemist(self) -> tuple[str, ...]:
        """Questions where the case sees more concern than the participant did."""
        return tuple(v.vraag for v in self.vragen if v.vergelijking == "milder")

    @property
    def zorgpunten(self) -> tuple[str, ...]:
        return tuple(v.vraag for v in self.vragen if v.zorgpunt)

    @property
    def gedekt(self) -> tuple[str, ...]:
        """The case's concerns that at least one chosen measure addresses."""
        return tuple(v.vraag for v in self.vragen if v.zorgpunt and v.maatregelen)

    @property
    def open_zorgpunten(self) -> tuple[str, ...]:
        """The case's concerns that no chosen measure addresses yet."""
        return tuple(v.vraag for v in self.vragen if v.zorgpunt and not v.maatregelen)

    def feedback_items(self) -> list[VraagFeedback | MaatregelFeedback | RaadFeedback]:
        """Every piece of feedback, each with its ``stap``."""
        return [*self.vragen, *self.maatregel_feedback, self.raad]


def compare(model: BrilModel, gekozen: str | None, casus_niveau: str) -> str:
    """How a judgement relates to the case's: ``open``, ``gelijk``, ``milder`` or ``strenger``."""
    if gekozen is None:
        return "open"
    verschil = model.niveau(gekozen).gewicht - model.niveau(casus_niveau).gewicht
    if verschil == 0:
        return "gelijk"
    return "milder" if verschil < 0 else "strenger"


def _clean_oordelen(model: BrilModel, oordelen: Mapping[str, str | None]) -> dict[str, str | None]:
    known = {n.id for n in model.schaal}
    return {v: (oordelen.get(v) if oordelen.get(v) in known else None) for v in BRIL_VRAGEN}


def _clean_maatregelen(model: BrilModel, maatregelen: Iterable[str]) -> tuple[str, ...]:
    chosen = set(maatregelen)
    return tuple(m.id for m in model.maatregelen if m.id in chosen)


def _names(model: BrilModel, ids: Iterable[str]) -> str:
    return ", ".join(model.maatregel(i).naam.lower() for i in ids)


def evaluate(
    model: BrilModel, casus: BrilCasus, oordelen: Mapping[str, str | None], maatregelen: Iterable[str] = ()
) -> Uitkomst:
    """Compare ``oordelen`` (question id -> scale id or None) and the chosen ``maatregelen`` with ``casus``.

    Unknown question, scale or measure ids are ignored (they count as not given).
    """
    clean = _clean_oordelen(model, oordelen)
    chosen = _clean_maatregelen(model, maatregelen)

    vragen: list[VraagFeedback] = []
    for vraag in model.vragen:
        overweging = casus.overweging(vraag.id)
        gekozen = clean[vraag.id]
        vergelijking = model.vergelijking(compare(model, gekozen, overweging.niveau))
        zorgpunt = overweging.niveau != "in-orde"
        helpen = tuple(m for m in chosen if vraag.id in model.maatregel(m).helpt_bij) if zorgpunt else ()
        suggesties = (
            tuple(m.id for m in model.maatregelen if vraag.id in m.helpt_bij) if zorgpunt and not helpen else ()
        )
        if gekozen is None:
            tekst = f"{vergelijking.tekst} {vraag.vraag}"
        else:
            casus_label = model.niveau(overweging.niveau).label.lower()
            parts = [vergelijking.tekst, f"De casus zegt: {casus_label}. {overweging.overweging}"]
            if zorgpunt:
                parts.append(vraag.tip)
                if helpen:
                    parts.append(f"Jouw maatregelen die hierbij helpen: {_names(model, helpen)}.")
                else:
                    parts.append(f"{model.geen_maatregel} Bijvoorbeeld: {_names(model, suggesties)}.")
            tekst = " ".join(parts)
        vragen.append(
            VraagFeedback(
                vraag=vraag.id,
                naam=vraag.kort,
                gekozen=gekozen,
                casus_niveau=overweging.niveau,
                vergelijking=vergelijking.id,
                label=vergelijking.label,
                tekst=tekst,
                stap=vraag.stap,
                maatregelen=helpen,
                suggesties=suggesties,
            )
        )

    zorgpunten = set(casus.zorgpunten)
    maatregel_feedback: list[MaatregelFeedback] = []
    for mid in chosen:
        m = model.maatregel(mid)
        helpt = tuple(v for v in BRIL_VRAGEN if v in m.helpt_bij and v in zorgpunten)
        if m.valkuil is not None:
            tekst = m.valkuil
        elif helpt:
            namen = ", ".join(model.vraag(v).kort.lower() for v in helpt)
            tekst = f"Helpt in deze casus bij: {namen}."
        else:
            namen = ", ".join(model.vraag(v).kort.lower() for v in m.helpt_bij)
            tekst = f"Helpt bij {namen}, maar daar ziet deze casus geen probleem. Niet fout, wel minder nodig."
        maatregel_feedback.append(MaatregelFeedback(m.id, m.naam, helpt, tekst, m.stap))

    raad_gekozen = model.raad.maatregel in chosen
    raad_tekst = (model.raad.gekozen if raad_gekozen else model.raad.niet_gekozen) + " " + casus.raad
    raad = RaadFeedback(raad_gekozen, raad_tekst, model.raad.stap)

    return Uitkomst(
        casus=casus.id,
        oordelen=clean,
        maatregelen=chosen,
        vragen=tuple(vragen),
        maatregel_feedback=tuple(maatregel_feedback),
        raad=raad,
    )


def explain_model(model: BrilModel) -> str:
    """'Hoe werkt dit model?' as Markdown, written out from the data."""
    lines = [f"### Hoe werkt dit model? ({model.title})", "", model.uitleg, "", "**De zes vragen van de bril**", ""]
    for n, vraag in enumerate(model.vragen, start=1):
        lines.append(f"{n}. **{vraag.kort}** (Stap {vraag.stap}): {vraag.vraag} {vraag.uitleg}")
    lines += ["", "**De schaal**", ""]
    lines += [f"- {n.label}: {n.uitleg}" for n in model.schaal]
    lines += ["", "**Hoe je oordeel wordt vergeleken**", ""]
    lines += [f"- {v.label}: {v.tekst}" for v in model.vergelijkingen]
    lines += ["", "**De maatregelen**", "", model.maatregelen_uitleg, ""]
    for m in model.maatregelen:
        if m.valkuil is not None:
            lines.append(f"- {m.naam} (Stap {m.stap}): helpt bij geen van de vragen. {m.valkuil}")
        else:
            helpt = ", ".join(model.vraag(v).kort.lower() for v in m.helpt_bij)
            lines.append(f"- {m.naam} (Stap {m.stap}): helpt bij {helpt}. {m.uitleg}")
    lines += ["", f"**De gemeenteraad** (Stap {model.raad.stap}): {model.raad.niet_gekozen}"]
    lines += ["", "**Wat het model weglaat**", ""]
    lines += [f"- {item}" for item in model.laat_weg]
    return "\n".join(lines) + "\n"


def casus_markdown(casus: BrilCasus, model: BrilModel, level: int = 4) -> str:
    """A case with its own considerations per question, for the worked answer in a notebook."""
    lines = [f"{'#' * level} {casus.title}", "", casus.summary, ""]
    lines += [f"- {f}" for f in casus.feiten]
    lines += ["", "**De overwegingen van de casus**", ""]
    for vraag in model.vragen:
        o = casus.overweging(vraag.id)
        lines.append(f"- **{vraag.kort}: {model.niveau(o.niveau).label.lower()}.** {o.overweging}")
    lines += ["", f"**De raad (Stap {model.raad.stap}).** {casus.raad}"]
    if casus.kanttekening:
        lines += ["", f"*{casus.kanttekening}*"]
    return "\n".join(lines) + "\n"
