"""Hand-outs, a lesson book and slides, built from the lesson notebooks themselves (one source of truth).

``handreiking handouts`` (``make handouts``) executes every lesson notebook, leaves out the code and the
prompts, shows each interactive app as a screenshot of its starting state with a link and QR code, adds the
lesson's check-of-understanding questions with the worked answers on a separate last page, and writes HTML
and PDF per lesson plus an index page (the lesson book). ``handreiking slides`` (``make slides``) turns the
same executed notebooks into reveal.js slide decks.

One job per module:

- :mod:`.catalog`: which notebooks become hand-outs, in which order, their apps and their questions;
- :mod:`.execute`: run a notebook in a fresh kernel;
- :mod:`.browser`: Debian's Chromium through Playwright;
- :mod:`.appshots`: screenshots of the apps' starting state (plain Voila on 127.0.0.1);
- :mod:`.figures`: the static figure that replaces an app (screenshot, caption, link, QR code);
- :mod:`.preprocessors`: nbconvert preprocessors (apps to figures, no code, local links, slide structure);
- :mod:`.html`: the hand-out HTML (nbconvert's HTMLExporter with our template);
- :mod:`.pdf`: HTML to PDF in Chromium, and the book PDF;
- :mod:`.book`: the lesson book's index page;
- :mod:`.slides`: the slide decks (nbconvert's SlidesExporter, reveal.js from npm);
- :mod:`.build`: the whole build; :mod:`.cli`: the two commands.

This is a consumer at the top, like the notebooks: it reads content and runs notebooks, and never imports
the apps or the workshop (an app appears only as a screenshot taken in a browser).
"""
