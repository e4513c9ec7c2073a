"""Cache headers for the static files of the workshop's Voila pages, so a phone fetches them once.

Plain Voila sends its ~100 front-end files with no cache lifetime (or ``no-cache`` for the widget
extensions), so every app a participant opens fetches or revalidates all of them again. Here:

* a file whose **name carries a content hash** (the widget extensions' ``remoteEntry.<hash>.js`` and
  ``<n>.<hash>.js`` chunks, the fonts) or whose URL carries one (``?v=<hash>``, Voila's template files) is
  sent as ``public, max-age=31536000, immutable``: the browser keeps it for a year and never asks again;
* Voila's own bundle (``voila.js`` and its ``<n>.voila.js`` chunks) has no hash in its file names. The
  page therefore loads it from ``voila/static/h-<fingerprint>/``, where the fingerprint is a hash of the
  content of all of Voila's static files, computed when the server starts: a new Voila version gets a new
  address, so these files can be immutable too. An address with another fingerprint is not found (404).
  The page's own front end (``hr-page.js`` and ``.css``, from the template's ``static`` folder, which the
  workshop server puts in front of Voila's) is served from the same address and counted in the fingerprint;
* everything else revalidates cheaply: ``no-cache`` with an ``ETag`` (a repeat costs a 304 without a body).

The immutable files are also compressed once and kept in memory (gzip), instead of being compressed again for
every participant: a room that joins at once asks for the same files dozens of times.

The page document itself stays ``no-store`` (Voila's default): it holds the kernel of this one visit.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import tornado.web
from jupyter_server.base.handlers import FileFindHandler
from jupyter_server.utils import url_path_join
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler

IMMUTABLE = "public, max-age=31536000, immutable"
"""For a URL whose content can never change (a year is the longest lifetime browsers honour)."""
REVALIDATE = "no-cache"
"""Keep the file, but ask the server first; with the ETag the answer is a 304 without a body."""

HASHED_NAME = re.compile(r"(?:^|[./-])[0-9a-f]{16,}\.[a-z0-9]+$")
"""A file name that carries a content hash of at least 16 hex digits (webpack's [contenthash])."""

FINGERPRINT_PREFIX = "h-"


def has_hashed_name(path: str) -> bool:
    """True for ``remoteEntry.c8c9eed2cdefdeac.js``, ``718.a7a3f80ef4813fab.js``, ``af6397503fcefbd61397.ttf``."""
    return bool(HASHED_NAME.search(path.rsplit("/", 1)[-1]))


def fingerprint(paths: Sequence[str | os.PathLike[str]]) -> str:
    """A short hash of the names and contents of every file under ``paths`` (in order; missing ones skipped)."""
    digest = hashlib.sha256()
    for root in paths:
        base = Path(root)
        if not base.is_dir():
            continue
        for file in sorted(p for p in base.rglob("*") if p.is_file()):
            digest.update(file.relative_to(base).as_posix().encode("utf-8") + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


class PrecompressedMixin:
    """Serve a compressible file gzip-compressed, compressed once per process and kept in memory.

    For a browser that accepts gzip and asks for the whole file (no Range). Tornado's own gzip transform
    leaves a response alone that already has a Content-Encoding.
    """

    COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".map", ".txt", ".html")
    _gzipped: ClassVar[dict[str, bytes]] = {}
    absolute_path: str | None
    request: Any

    def _gzip_wanted(self) -> bool:
        return bool(
            self.absolute_path
            and self.absolute_path.endswith(self.COMPRESSIBLE)
            and "gzip" in self.request.headers.get("Accept-Encoding", "")
            and "Range" not in self.request.headers
        )

    def _gzip_bytes(self) -> bytes:
        assert self.absolute_path is not None
        data = self._gzipped.get(self.absolute_path)
        if data is None:
            data = gzip.compress(Path(self.absolute_path).read_bytes(), compresslevel=9, mtime=0)
            self._gzipped[self.absolute_path] = data
        return data

    @classmethod
    def get_content_version(cls, abspath: str) -> str:
        """The ETag source: the hash of the file itself (Tornado's, which reads it through the class)."""
        return tornado.web.StaticFileHandler.get_content_version(abspath)

    def get_content_size(self) -> int:
        return len(self._gzip_bytes()) if self._gzip_wanted() else super().get_content_size()  # type: ignore[misc]

    def get_content(self, abspath: str, start: int | None = None, end: int | None = None) -> Any:  # type: ignore[override]
        if self._gzip_wanted():
            return self._gzip_bytes()
        return super().get_content(abspath, start, end)  # type: ignore[misc]

    def mark_compressed(self) -> None:
        if self._gzip_wanted():
            self.set_header("Content-Encoding", "gzip")  # type: ignore[attr-defined]
            self.set_header("Vary", "Accept-Encoding")  # type: ignore[attr-defined]


class RevalidatedStaticHandler(MultiStaticFileHandler):
    """Voila's ``voila/static/<file>`` at its unhashed address: ``no-cache`` with an ETag."""

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", IMMUTABLE if has_hashed_name(path) else REVALIDATE)


class FingerprintedStaticHandler(PrecompressedMixin, MultiStaticFileHandler):
    """Voila's static files under ``voila/static/h-<fingerprint>/``: immutable, 404 for another fingerprint."""

    def initialize(self, paths: list[str], fingerprint: str, default_filename: str | None = None) -> None:  # type: ignore[override]
        self.fingerprint = fingerprint
        super().initialize(paths, default_filename=default_filename)

    async def get(self, fingerprint: str, path: str, include_body: bool = True) -> None:  # type: ignore[override]
        if fingerprint != self.fingerprint:
            raise tornado.web.HTTPError(404)
        await super().get(path, include_body)

    async def head(self, fingerprint: str, path: str) -> None:  # type: ignore[override]
        await self.get(fingerprint, path, include_body=False)

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", IMMUTABLE)
        self.mark_compressed()


class CachedTemplateStaticHandler(TemplateStaticFileHandler):
    """Voila's template files (``voila/templates/<name>/static/...``): immutable with ``?v=``, else revalidate."""

    def set_extra_headers(self, path: str) -> None:
        versioned = "v" in self.request.arguments or has_hashed_name(path)
        self.set_header("Cache-Control", IMMUTABLE if versioned else REVALIDATE)


class CachedLabextensionsHandler(PrecompressedMixin, FileFindHandler):
    """The widget extensions' files: immutable when the name carries a hash, else revalidate with an ETag.

    Jupyter's handler sends ``no-cache`` for all of them and no ETag (only Last-Modified).
    """

    def compute_etag(self) -> str | None:
        return tornado.web.StaticFileHandler.compute_etag(self)

    def _gzip_wanted(self) -> bool:
        return has_hashed_name(self.request.path) and super()._gzip_wanted()

    def set_headers(self) -> None:
        super().set_headers()
        self.set_header("Cache-Control", IMMUTABLE if has_hashed_name(self.request.path) else REVALIDATE)
        self.mark_compressed()


PageConfigHook = Callable[..., dict[str, Any]]


class StaticCache:
    """Cache headers and the fingerprinted static address for one Voila application.

    Use :meth:`page_config_hook` as Voila's ``page_config_hook`` (it must be set before Voila builds its
    kernel manager, which renders preheated pages) and pass Voila's handlers through :meth:`handlers`.
    """

    def __init__(self, static_paths: Sequence[str], server_url: str) -> None:
        self.static_paths = list(static_paths)
        self.server_url = server_url
        self.fingerprint = fingerprint(self.static_paths)

    def static_url(self, base_url: str) -> str:
        """The page's ``fullStaticUrl``: Voila's static files under this build's fingerprint."""
        return url_path_join(base_url, f"voila/static/{FINGERPRINT_PREFIX}{self.fingerprint}")

    def page_config_hook(self, previous: PageConfigHook | None = None) -> PageConfigHook:
        """A page-config hook that points ``fullStaticUrl`` at the fingerprinted address (after ``previous``)."""

        def hook(page_config: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            if previous is not None:
                page_config = previous(page_config, **kwargs)
            page_config["fullStaticUrl"] = self.static_url(kwargs["base_url"])
            return page_config

        return hook

    def handlers(self, handlers: list) -> list:
        """Voila's handlers with ours for its static routes, and the fingerprinted route in front."""
        replace = {
            MultiStaticFileHandler: RevalidatedStaticHandler,
            TemplateStaticFileHandler: CachedTemplateStaticHandler,
            FileFindHandler: CachedLabextensionsHandler,
        }
        out = []
        for spec in handlers:
            handler = spec[1] if len(spec) > 1 else None
            if isinstance(handler, type) and handler in replace:
                spec = (spec[0], replace[handler], *spec[2:])
            out.append(spec)
        fingerprinted = (
            url_path_join(self.server_url, rf"/voila/static/{FINGERPRINT_PREFIX}([0-9a-f]+)/(.*)"),
            FingerprintedStaticHandler,
            {"paths": self.static_paths, "fingerprint": self.fingerprint},
        )
        return [fingerprinted, *out]
