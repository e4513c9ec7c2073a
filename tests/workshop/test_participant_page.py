"""The participant page outside the browser: cache rules, the named Voila template and its configuration.

The browser checks (cache headers as served, a second app's bytes, accessible names) are in tests/browser.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import socket
import threading
import tomllib
from pathlib import Path

import pytest
import requests
import tornado.httpserver
import tornado.ioloop
import tornado.web
from jupyter_server.base.handlers import FileFindHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler

from handreiking.workshop import static_cache, voila_template
from handreiking.workshop.config import PAGE_EXTENSIONS, TEMPLATE_DIR

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "hashed"),
    [
        ("remoteEntry.c8c9eed2cdefdeac.js", True),
        ("718.a7a3f80ef4813fab.js", True),
        ("af6397503fcefbd61397.ttf", True),
        ("static/remoteEntry.5cbb9d2323598fbda535.js", True),
        ("1807.voila.js", False),
        ("voila.js", False),
        ("package.json", False),
        ("deadbeef.js", False),
    ],
)
def test_hashed_names(name: str, hashed: bool) -> None:
    """Only a name with a content hash of 16 or more hex digits counts as hashed (webpack's [contenthash])."""
    assert static_cache.has_hashed_name(name) is hashed


def test_fingerprint_follows_the_content(tmp_path: Path) -> None:
    """The fingerprint changes with any file's content or name, not with a missing folder."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "voila.js").write_text("one")
    first = static_cache.fingerprint([tmp_path / "a", tmp_path / "missing"])
    assert first == static_cache.fingerprint([tmp_path / "a"])
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    (tmp_path / "a" / "voila.js").write_text("two")
    second = static_cache.fingerprint([tmp_path / "a"])
    assert second != first
    (tmp_path / "a" / "voila.js").rename(tmp_path / "a" / "other.js")
    assert static_cache.fingerprint([tmp_path / "a"]) != second


def test_page_config_hook_points_at_the_fingerprint(tmp_path: Path) -> None:
    """The page loads Voila's bundle from voila/static/h-<fingerprint>, after any hook configured before."""
    (tmp_path / "voila.js").write_text("x")
    cache = static_cache.StaticCache([str(tmp_path)], "/")

    def earlier(config: dict, **kwargs: object) -> dict:
        return {**config, "earlier": True}

    hook = cache.page_config_hook(earlier)
    config = hook({"fullStaticUrl": "/base/voila/static"}, base_url="/base/", notebook_path="x.ipynb")
    assert config["fullStaticUrl"] == f"/base/voila/static/h-{cache.fingerprint}"
    assert config["earlier"] is True


def test_handlers_are_replaced_and_the_fingerprinted_route_comes_first(tmp_path: Path) -> None:
    cache = static_cache.StaticCache([str(tmp_path)], "/")
    voila = [
        ("/voila/templates/(.*)", TemplateStaticFileHandler),
        ("/voila/static/(.*)", MultiStaticFileHandler, {"paths": [str(tmp_path)]}),
        ("/voila/labextensions/(.*)", FileFindHandler, {"path": [str(tmp_path)], "no_cache_paths": ["/"]}),
        ("/other", object),
    ]
    handlers = cache.handlers(voila)
    assert handlers[0][1] is static_cache.FingerprintedStaticHandler
    assert re.fullmatch(handlers[0][0], "/voila/static/h-0123abcd/voila.js")
    assert [h[1] for h in handlers[1:]] == [
        static_cache.CachedTemplateStaticHandler,
        static_cache.RevalidatedStaticHandler,
        static_cache.CachedLabextensionsHandler,
        object,
    ]
    assert handlers[2][2] == {"paths": [str(tmp_path)]}


def test_repository_voila_json_selects_the_template() -> None:
    """`voila` started from the repository and Binder use our template and load only the widget extensions,
    the same as the workshop server."""
    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))["VoilaConfiguration"]
    assert config["template"] == voila_template.TEMPLATE_NAME
    assert config["extension_allowlist"] == PAGE_EXTENSIONS


def test_template_is_packaged_as_data_files() -> None:
    """A regular pip install puts every template file in share/jupyter/voila/templates/handreiking."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    files = data["tool"]["setuptools"]["data-files"][f"share/jupyter/voila/templates/{voila_template.TEMPLATE_NAME}"]
    packaged = {Path(f).name for f in files}
    assert packaged == {p.name for p in TEMPLATE_DIR.iterdir() if p.is_file()}
    static = data["tool"]["setuptools"]["data-files"][
        f"share/jupyter/voila/templates/{voila_template.TEMPLATE_NAME}/static"
    ]
    assert {Path(f).name for f in static} == {p.name for p in (TEMPLATE_DIR / "static").iterdir()}
    assert json.loads((TEMPLATE_DIR / "conf.json").read_text(encoding="utf-8")) == {"base_template": "lab"}


def test_install_links_the_template(tmp_path: Path) -> None:
    """The installer makes the named template available in an environment, and can run again."""
    assert not voila_template.is_installed(tmp_path)
    target = voila_template.install(tmp_path)
    assert target == tmp_path / "share" / "jupyter" / "voila" / "templates" / "handreiking"
    assert voila_template.is_installed(tmp_path)
    assert voila_template.install(tmp_path) == target
    assert (target / "index.html.j2").read_text(encoding="utf-8") == (TEMPLATE_DIR / "index.html.j2").read_text(
        encoding="utf-8"
    )


def test_binder_and_make_install_the_template() -> None:
    """postBuild (Binder) and make's install step put the named template in place (an editable install
    does not install data files)."""
    command = "python -m handreiking.workshop.voila_template"
    assert command in (ROOT / "postBuild").read_text(encoding="utf-8")
    assert command in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_template_has_no_mathjax_and_names_sliders() -> None:
    """The page names a do-nothing typesetter (no MathJax download) and runs the naming script."""
    page = (TEMPLATE_DIR / "index.html.j2").read_text(encoding="utf-8")
    assert 'fullMathjaxUrl="data:text/javascript,//"' in page
    assert "window.MathJax = {Hub:" in page
    assert '{% include "hr-a11y.html.j2" %}' in page
    assert 'role="main"' in page
    script = (TEMPLATE_DIR / "hr-a11y.html.j2").read_text(encoding="utf-8")
    assert "aria-labelledby" in script and "aria-valuetext" in script


def test_immutable_files_are_served_compressed_once(tmp_path: Path) -> None:
    """A fingerprinted file goes out gzip-compressed from memory (the same bytes for every participant), with
    the uncompressed file's ETag; a client that does not accept gzip gets the file itself."""
    (tmp_path / "voila.js").write_text("console.log('hallo');\n" * 200)
    cache = static_cache.StaticCache([str(tmp_path)], "/")
    app = tornado.web.Application(cache.handlers([]), compress_response=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    loop_ready = threading.Event()
    holder: dict = {}

    def serve() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        server = tornado.httpserver.HTTPServer(app)
        server.listen(port, "127.0.0.1")
        holder["loop"] = tornado.ioloop.IOLoop.current()
        holder["server"] = server
        loop_ready.set()
        holder["loop"].start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    loop_ready.wait(10)
    try:
        url = f"http://127.0.0.1:{port}/voila/static/h-{cache.fingerprint}/voila.js"
        raw = requests.get(url, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=10).raw
        body = raw.read(decode_content=False)
        assert raw.headers["Content-Encoding"] == "gzip"
        assert raw.headers["Cache-Control"] == static_cache.IMMUTABLE
        assert gzip.decompress(body) == (tmp_path / "voila.js").read_bytes()
        assert int(raw.headers["Content-Length"]) == len(body)
        plain = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=10)
        assert "Content-Encoding" not in plain.headers
        assert plain.content == (tmp_path / "voila.js").read_bytes()
        assert plain.headers["ETag"] == raw.headers["ETag"]
        again = requests.get(url, headers={"If-None-Match": plain.headers["ETag"]}, timeout=10)
        assert again.status_code == 304
    finally:
        holder["loop"].add_callback(holder["server"].stop)
        holder["loop"].add_callback(holder["loop"].stop)
        thread.join(10)
