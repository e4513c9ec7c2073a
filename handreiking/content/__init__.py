"""The handreiking's content: typed models, one validating loader, Dutch error messages.

Modules, one job each: :mod:`.models` (the core schemas), :mod:`.kinds` (which model reads
which ``kind``), :mod:`.yamlfile` (reading one file with its line numbers), :mod:`.translate`
(pydantic errors in Dutch), :mod:`.references` (ids defined and referred to), :mod:`.validate`
(files against their models and each other), :mod:`.container` (:class:`Content`) and
:mod:`.loader` (check, full and partial loading, the bundled ``data/``). The other modules
(``balans``, ``bril``, ...) each define the kinds of one scenario or tool.
"""

from .container import Content, document_of, documents_of
from .errors import ContentError, Problem
from .loader import DATA_DIR, bundled_content, bundled_documents, check_paths, load_content, load_documents
from .models import STAP_IDS
from .validate import validate_files, yaml_files

__all__ = [
    "DATA_DIR",
    "STAP_IDS",
    "Content",
    "ContentError",
    "Problem",
    "bundled_content",
    "bundled_documents",
    "check_paths",
    "document_of",
    "documents_of",
    "load_content",
    "load_documents",
    "validate_files",
    "yaml_files",
]
