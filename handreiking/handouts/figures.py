"""The static stand-ins for interactive apps in a hand-out or slide deck: HTML, Dutch, with text alternatives.

An app becomes a figure: the screenshot of its starting state (see :mod:`.appshots`) with a text alternative
built from what the picture shows, a caption that says it is a screenshot and how to open the app yourself
(Binder link and QR code; in a workshop the trainer's link), and no script. An oefening (multiple-choice
exercise) becomes a pointer to the questions at the end of the hand-out.
"""

from __future__ import annotations

import base64
from html import escape

import segno

from .appshots import AppShot
from .catalog import binder_app_url

QUESTIONS_ID = "controleer-je-begrip"
"""The id of the hand-out's questions section (a figure for an oefening links to it)."""


def qr_img(url: str, alt: str) -> str:
    """A QR code for ``url`` as an inline PNG image with a text alternative."""
    uri = segno.make(url, error="m").png_data_uri(scale=3, border=2)
    return f'<img class="hr-qr" src="{uri}" alt="{escape(alt)}" width="120" height="120">'


def screenshot_alt(shot: AppShot) -> str:
    """What the screenshot shows, in words: the app and the parts visible in its starting state."""
    parts = [h for h in shot.headings[1:] if h != shot.title][:8]
    alt = f"Schermafdruk van de app ‘{shot.title}’ zoals hij opent"
    if parts:
        alt += ", met de onderdelen: " + "; ".join(parts)
    return alt + ("; alleen het bovenste deel van de app staat in beeld." if shot.clipped else ".")


def app_figure(app: str, title: str, shot: AppShot | None, handout: bool = True) -> str:
    """The figure that replaces app ``app`` (``notebooks/apps/<app>.ipynb``) in a hand-out (or a slide deck)."""
    made = "deze hand-out werd gebouwd" if handout else "deze dia's werden gebouwd"
    url = binder_app_url(app)
    if shot is not None:
        data = base64.b64encode(shot.png).decode("ascii")
        picture = f'<img class="hr-shot" src="data:image/png;base64,{data}" alt="{escape(screenshot_alt(shot))}">'
        what = f"De afbeelding is een schermafdruk van de app zoals hij opent, gemaakt toen {made}" + (
            " (alleen het bovenste deel)." if shot.clipped else "."
        )
    else:
        picture = ""
        what = f"Toen {made}, kon er geen schermafdruk van de app worden gemaakt."
    return (
        '<figure class="hr-app-figuur">'
        + picture
        + "<figcaption>"
        + f"<p><strong>App: {escape(title)}.</strong> In het notebook staat hier een app waarin je zelf keuzes maakt "
        + f"en meteen ziet wat ze doen. {what}</p>"
        + '<div class="hr-open">'
        + qr_img(url, f"QR-code die de app ‘{title}’ op Binder opent")
        + f'<p>Zelf proberen: <a class="hr-binder" href="{escape(url)}">'
        + f"open de app ‘{escape(title)}’ online (Binder)</a>; scan de QR-code met je telefoon, of open in een "
        + "workshop de link of QR-code die de trainer laat zien en kies daar deze app. De app opent in de browser, "
        + "zonder code.</p>"
        + "</div></figcaption></figure>"
    )


def oefening_note(title: str, handout: bool = True) -> str:
    """What replaces an oefening app: where its questions and worked answers are (in a hand-out: at the end)."""
    where = (
        f'In deze hand-out staan de vragen achteraan, bij <a href="#{QUESTIONS_ID}">Controleer je begrip</a>; '
        "de uitgewerkte antwoorden staan op de laatste pagina."
        if handout
        else "De vragen en de uitgewerkte antwoorden staan ook achteraan in de hand-out van deze les."
    )
    return (
        '<div class="hr-oefening-verwijzing" role="note">'
        + f"<p><strong>Oefening: {escape(title)}.</strong> In het notebook beantwoord je hier meerkeuzevragen en "
        + f"krijg je meteen feedback. {where}</p></div>"
    )
