"""The apps are readable on a projector (1280x720) and a phone (390x844): nothing cut off, nothing overlapping.

Screenshots of every app at both sizes go to tests/browser/artifacts/ (ignored by git) for a human look:
``<server>-<app>-<size>.png`` is what the participant sees first, ``...-full.png`` the whole app.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_harness import PHONE, PROJECTOR, LoadedApp
from widgets_dom import HEADINGS, INTERACTIVE, boxes, overlaps

VIEWPORTS = {"projector": PROJECTOR, "phone": PHONE}

TALL_JS = """() => Math.max(document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('#rendered_cells, .lm-BoxPanel-child')].map(e => e.scrollHeight))"""
"""The app's full height (Voila's own front end scrolled inside #rendered_cells; our page scrolls as a page)."""

SIDEWAYS_JS = """() => {
  const out = [];
  const root = document.scrollingElement || document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push(['document', root.clientWidth, root.scrollWidth]);
  for (const e of document.querySelectorAll('body *')) {
    const s = getComputedStyle(e);
    // a data table may scroll inside its own labelled, focusable region (WCAG 1.4.10 allows it for tables)
    if (e.getAttribute('role') === 'region' && e.hasAttribute('aria-label') && e.querySelector('table')) continue;
    if (['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) {
      const text = (e.innerText || '').trim().slice(0, 30);
      out.push([e.tagName.toLowerCase() + '.' + String(e.className).slice(0, 50) + ' "' + text + '"',
                e.clientWidth, e.scrollWidth]);
    }
  }
  return out;
}"""
"""The page, or a box inside it, that scrolls sideways (a participant would have to swipe to see it all)."""


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_app_fits_the_screen(loaded_app: LoadedApp, size: str, artifacts: Path) -> None:
    """No sideways scrolling, every control and heading inside the screen width, none overlapping another."""
    viewport = VIEWPORTS[size]
    page = loaded_app.page
    page.set_viewport_size(viewport)
    page.wait_for_timeout(400)  # let the layout settle after the resize
    name = f"{loaded_app.server.name}-{loaded_app.name}-{size}"
    page.screenshot(path=str(artifacts / f"{name}.png"))
    tall = int(page.evaluate(TALL_JS))
    page.set_viewport_size({"width": viewport["width"], "height": min(max(tall, viewport["height"]), 8000)})
    page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / f"{name}-full.png"))
    page.set_viewport_size(viewport)
    page.wait_for_timeout(200)

    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways == [], f"scrolls sideways at {viewport['width']} px (element, clientWidth, scrollWidth): {sideways}"

    width = viewport["width"]
    cut = [
        f"{b['tag']}.{b['cls']} '{b['text']}' ({b['left']:.0f}..{b['right']:.0f})"
        for b in boxes(page, f"{INTERACTIVE}, {HEADINGS}")
        if b["left"] < -1 or b["right"] > width + 1
    ]
    assert cut == [], f"cut off at {width} px: {cut}"
    assert overlaps(page, f"{INTERACTIVE}, {HEADINGS}") == []


LOWEST_CONTROL_JS = f"""() => {{
  const bottoms = [...document.querySelectorAll({INTERACTIVE!r})].map(e => e.getBoundingClientRect())
    .filter(r => r.height > 0).map(r => r.bottom);
  return bottoms.length ? Math.max(...bottoms) : null;
}}"""
"""Where the lowest visible control ends, in the viewport's coordinates."""


def test_page_scrolls_to_the_end_of_the_app(loaded_app: LoadedApp) -> None:
    """On a phone the page itself scrolls down to the app's last control (JupyterLab's styles hide the body's
    overflow; the page must undo that, or everything below the first screen is out of reach)."""
    page = loaded_app.page
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    try:
        tall = int(page.evaluate("document.scrollingElement.scrollHeight"))
        if tall > PHONE["height"] + 1:  # (the session page and the question page fit on one screen)
            page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
            for _ in range(80):
                page.mouse.wheel(0, 600)
                if page.evaluate("window.scrollY + window.innerHeight >= document.scrollingElement.scrollHeight - 2"):
                    break
            page.wait_for_timeout(200)
            assert page.evaluate("window.scrollY") > 0, "the page does not scroll"
        bottom = page.evaluate(LOWEST_CONTROL_JS)
        assert bottom is not None and bottom <= PHONE["height"] + 1, f"the lowest control ends at {bottom} px"
    finally:
        page.evaluate("window.scrollTo(0, 0)")
        page.set_viewport_size(PROJECTOR)
