"""Compiled page templates are shared between the Jinja environments Voila creates per page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader

from handreiking.workshop import template_cache
from handreiking.workshop.template_cache import MemoryBytecodeCache, share_compiled_templates


def _environment(folder: Path, cache: MemoryBytecodeCache) -> Environment:
    return Environment(loader=FileSystemLoader(folder), bytecode_cache=cache, autoescape=True)


def test_a_second_environment_reuses_the_compiled_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "page.html").write_text("<p>{{ naam }}</p>", encoding="utf-8")
    cache = MemoryBytecodeCache()
    compiled: list[str] = []
    original = Environment.compile

    def counting(self: Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(str(name))
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    first = _environment(tmp_path, cache).get_template("page.html").render(naam="Groene-Uil-42")
    second = _environment(tmp_path, cache).get_template("page.html").render(naam="<b>")
    assert compiled == ["page.html"], "the second environment compiled the template again"
    assert first == "<p>Groene-Uil-42</p>" and second == "<p>&lt;b&gt;</p>"  # its own variables, still escaped
    assert len(cache) == 1


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("oud {{ x }}", encoding="utf-8")
    cache = MemoryBytecodeCache()
    assert _environment(tmp_path, cache).get_template("page.html").render(x=1) == "oud 1"
    page.write_text("nieuw {{ x }}", encoding="utf-8")
    assert _environment(tmp_path, cache).get_template("page.html").render(x=2) == "nieuw 2"


def test_voila_exporters_get_the_shared_cache_once(monkeypatch: pytest.MonkeyPatch) -> None:
    class Exporter:
        made = 0

        def _create_environment(self) -> Environment:
            Exporter.made += 1
            return Environment()

    cache = MemoryBytecodeCache()
    share_compiled_templates(Exporter, cache)
    share_compiled_templates(Exporter, cache)  # a second call does not wrap twice
    environment = Exporter()._create_environment()
    assert environment.bytecode_cache is cache and Exporter.made == 1


def test_voilas_own_exporter_builds_environments_with_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Voila's exporter (the class every page's renderer builds) gets the cache, as the workshop server wires it."""
    from voila.exporter import VoilaExporter

    monkeypatch.setattr(VoilaExporter, "_create_environment", VoilaExporter._create_environment)  # restored after
    cache = MemoryBytecodeCache()
    share_compiled_templates(VoilaExporter, cache)
    assert VoilaExporter(template_name="lab").environment.bytecode_cache is cache
    assert isinstance(template_cache.SHARED_CACHE, MemoryBytecodeCache)
