"""Compiled page templates kept between requests on the workshop server.

Voila builds a new nbconvert exporter, and with it a new Jinja environment, for every page it serves; a new
environment has an empty template cache, so every participant who opens an app made the server parse and
compile the page templates again (measured with py-spy while 60 joined at once: about a quarter of the server's
main thread). :func:`share_compiled_templates` gives those environments one in-memory bytecode cache: the first
page compiles a template, every later page reuses its code. The cache is keyed by template name and file and
checked against the template's source, so a changed template is compiled again.
"""

from __future__ import annotations

import threading
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

__all__ = ["MemoryBytecodeCache", "share_compiled_templates"]


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache in memory: compiled template code by cache key, with the source's checksum."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, Any]] = {}
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            stored = self._code.get(bucket.key)
        if stored is not None and stored[0] == bucket.checksum:
            bucket.code = stored[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            self._code[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        with self._lock:
            self._code.clear()

    def __len__(self) -> int:
        return len(self._code)


SHARED_CACHE = MemoryBytecodeCache()
"""The cache every page environment of this server process uses."""


def share_compiled_templates(exporter_class: type, cache: BytecodeCache = SHARED_CACHE) -> None:
    """Make every Jinja environment ``exporter_class`` creates use ``cache`` (once per class; safe to repeat)."""
    original = exporter_class._create_environment  # type: ignore[attr-defined]
    if getattr(original, "_hr_cache", None) is cache:
        return

    def create_environment(self: Any) -> Any:
        environment = original(self)
        environment.bytecode_cache = cache
        return environment

    create_environment._hr_cache = cache  # type: ignore[attr-defined]
    exporter_class._create_environment = create_environment  # type: ignore[attr-defined]
