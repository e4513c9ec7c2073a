"""The participant server's landing page (``/``): the session page first, then every app on its own page."""

from __future__ import annotations

import re
from pathlib import Path

from handreiking.templating import render
from handreiking.workshop.voila_app import app_titles, landing_links

ROOT = Path(__file__).resolve().parents[2]
APPS_DIR = ROOT / "notebooks" / "apps"


def _page(apps_dir: Path) -> str:
    session, apps = landing_links(apps_dir, "/")
    return render("handreiking.workshop", "landing.html.j2", session=session, apps=apps, pseudonym="Rode-Vos-12")


def test_the_landing_page_leads_to_the_session_page_first() -> None:
    """The first link on the page is the session page, marked as where to start; every other app follows, each
    with its own link (for Binder-style use and for an app outside the session)."""
    html = _page(APPS_DIR)
    links = re.findall(r'<a[^>]*href="([^"]+)"', html)
    assert links[0] == "/voila/render/sessie.ipynb"
    assert 'class="start"' in html.split(links[1])[0] and "Begin hier" in html
    others = [f"/voila/render/{name}" for name, _title in app_titles(APPS_DIR) if name != "sessie.ipynb"]
    assert links[1:] == others and "/voila/render/rollen.ipynb" in others
    assert "/voila/render/sessie.ipynb" not in links[1:]
    assert "<strong>Rode-Vos-12</strong>" in html


def test_without_a_session_page_the_landing_page_lists_the_apps(tmp_path: Path) -> None:
    """A trainer's own apps folder without the session page: the plain list, as before."""
    for name in ("overzicht", "rollen"):
        (tmp_path / f"{name}.ipynb").write_bytes((APPS_DIR / f"{name}.ipynb").read_bytes())
    session, _apps = landing_links(tmp_path, "/")
    assert session is None
    html = _page(tmp_path)
    assert re.findall(r'<a[^>]*href="([^"]+)"', html) == ["/voila/render/overzicht.ipynb", "/voila/render/rollen.ipynb"]
    assert "Begin hier" not in html and 'class="start"' not in html
