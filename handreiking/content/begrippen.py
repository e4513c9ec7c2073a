"""Schema of the begrippenlijst, the glossary (``kind: begrippen``, ``data/begrippen.yaml``).

A participant meets many terms: some are the handreiking's own (burgercollectief,
uitdaagrecht, the four roles, the three valkuilen), some come from the world the
handreiking was written in (RES, the Omgevingswet) and a few belong to this
training (lesmodel). Each term has a short explanation in our own words, the
places in the handreiking where it matters (a step, or a lesson's introduction,
or the introductie or achtergrond) and, optionally, related terms. A term that
the handreiking does not itself explain is marked ``own_addition`` and is shown
as our own addition.

``forms`` lists other spellings of the term as it occurs in running text
(plural, abbreviation); :func:`handreiking.apps.lesson.link_begrippen` uses the term
and its forms to link the first use of a term in a lesson to its entry, and
:func:`handreiking.apps.lesson.begrippen_notebook_cells` renders the entries for
``notebooks/begrippen.ipynb`` (one anchor per term, ``#begrip-<id>``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .container import Content, document_of
from .models import Id, Model, Text, Vindplaats

Issue = tuple[tuple[str | int, ...], str]

Plek = Literal[Vindplaats, "introductie", "achtergrond"]
"""Where a term matters: a step (``"3.3"``), a lesson's introduction (``"les-2"``), the introductie or achtergrond."""


class Begrip(Model):
    """One term of the glossary."""

    id: Id
    term: Text = Field(description="The term as the glossary shows it, e.g. 'Uitdaagrecht (Right to Challenge)'.")
    explanation: Text = Field(description="A short explanation in our own words (one to three sentences).")
    stappen: list[Plek] = Field(min_length=1, description="Where in the handreiking the term matters.")
    see_also: list[Id] = Field(default_factory=list, description="Ids of related terms in this glossary.")
    forms: list[Text] = Field(
        default_factory=list,
        description="How the term occurs in running text (plural, short form), for linking its first use.",
    )
    own_addition: bool = Field(
        default=False, description="True when the handreiking does not explain the term itself (our own addition)."
    )

    @property
    def link_forms(self) -> list[str]:
        """The words that link to this entry, longest first (so 'ABCD-methode' wins over 'ABCD')."""
        words = [self.term.split(" (")[0], *self.forms]
        return sorted(dict.fromkeys(words), key=len, reverse=True)


class Begrippen(Model):
    kind: Literal["begrippen"]
    title: Text
    begrippen: list[Begrip] = Field(min_length=1)

    def by_id(self) -> dict[str, Begrip]:
        return {b.id: b for b in self.begrippen}

    def check(self) -> list[Issue]:
        """Ids and link words are unique; see-also refers to other terms that exist."""
        out: list[Issue] = []
        ids: dict[str, int] = {}
        words: dict[str, str] = {}
        for i, begrip in enumerate(self.begrippen):
            if begrip.id in ids:
                out.append(((("begrippen", i, "id")), f"de id '{begrip.id}' komt twee keer voor. Kies een andere id."))
            ids.setdefault(begrip.id, i)
            for word in begrip.link_forms:
                other = words.setdefault(word.lower(), begrip.id)
                if other != begrip.id:
                    out.append(
                        (
                            ("begrippen", i, "forms"),
                            f"het woord '{word}' hoort al bij het begrip '{other}'. Een woord mag maar naar "
                            "één begrip verwijzen; haal het bij een van beide weg.",
                        )
                    )
        for i, begrip in enumerate(self.begrippen):
            for j, ref in enumerate(begrip.see_also):
                if ref == begrip.id:
                    out.append((("begrippen", i, "see_also", j), "een begrip kan niet naar zichzelf verwijzen."))
                elif ref not in ids:
                    out.append(
                        (
                            ("begrippen", i, "see_also", j),
                            f"verwijst naar het begrip '{ref}', maar dat staat niet in de begrippenlijst.",
                        )
                    )
        return out


def begrippen_data(content: Content) -> Begrippen:
    """The glossary in ``content``."""
    return document_of("begrippen", content)


KINDS: dict[str, type[BaseModel]] = {"begrippen": Begrippen}
KIND_LABELS: dict[str, str] = {"begrippen": "de begrippenlijst"}
