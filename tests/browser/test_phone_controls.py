"""On a phone (390x844) every control's label and value can be read in full (issue 15).

Nothing a participant needs to read may end in "…" or be clipped: a slider's label and its readout ("een
beetje", not "een beetj"), a checkbox's or radio button's label, a dropdown's label and the option it shows
(a choice too long for a phone's dropdown is written out in full in the app as well).
On a phone every slider's label stands above the slider, so all sliders of an app start at the same place.
The apps run under plain Voila here (the workshop server serves the same widgets with the same styles).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_harness import PHONE, Server, close_page_kernel, discover_apps, open_app, plain_voila

CUT_JS = r"""() => {
  const cut = [];
  const clipped = (el) => el && el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1;
  const text = (el) => (el.innerText || el.textContent || '').trim().slice(0, 40);
  for (const box of document.querySelectorAll('.hr-app .widget-inline-hbox, .hr-app .widget-inline-vbox')) {
    const label = box.querySelector(':scope > .widget-label');
    if (clipped(label)) cut.push(['label', text(label)]);
    const readout = box.querySelector(':scope > .widget-readout');
    if (clipped(readout)) cut.push(['readout', text(readout)]);
  }
  for (const span of document.querySelectorAll('.hr-app .widget-label-basic span, .hr-app .widget-radio-box label')) {
    if (clipped(span)) cut.push(['option', text(span)]);
  }
  // A dropdown shows its choice on one line; a choice too long for it must be written out in the app as well.
  const ctx = document.createElement('canvas').getContext('2d');
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const written = norm([...document.querySelectorAll('.hr-app .widget-html-content')].map(e => e.innerText).join(' '));
  for (const select of document.querySelectorAll('.hr-app select')) {
    if (select.offsetParent === null || select.multiple) continue;
    const style = getComputedStyle(select);
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const shown = select.options[select.selectedIndex];
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (shown && ctx.measureText(shown.text).width > room + 1 && !written.includes(norm(shown.text))) {
      cut.push(['select', shown.text.slice(0, 40)]);
    }
  }
  return cut;
}"""

STARTS_JS = """() => [...document.querySelectorAll('.hr-app .widget-hslider')]
  .filter(e => e.offsetParent !== null)
  .map(e => Math.round(e.querySelector('.slider-container').getBoundingClientRect().left))"""


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    server = Server(plain_voila(), tmp_path_factory.mktemp("phone") / "voila.log")
    try:
        yield server.spec
    finally:
        server.stop()


@pytest.mark.parametrize("app", discover_apps())
def test_every_label_and_value_is_readable_on_a_phone(voila: Any, browser: Any, app: str, artifacts: Path) -> None:
    context = browser.new_context(viewport=dict(PHONE), locale="nl-NL")
    page = context.new_page()
    try:
        open_app(page, voila.app_url(app))
        page.wait_for_timeout(300)  # let the layout settle
        page.screenshot(path=str(artifacts / f"phone-controls-{app}.png"), full_page=True)
        assert page.evaluate(CUT_JS) == [], f"{app}: cut off on a phone"
        starts = page.evaluate(STARTS_JS)
        assert len(set(starts)) <= 1, f"{app}: the sliders start at different places: {starts}"
    finally:
        close_page_kernel(page)
        context.close()
