"""The handreiking's content: typed models, one validating loader, Dutch error messages."""

from .errors import ContentError, Problem
from .loader import DATA_DIR, Content, bundled_content, bundled_documents, check_paths, load_content, load_documents
from .models import STAP_IDS

__all__ = [
    "DATA_DIR",
    "STAP_IDS",
    "Content",
    "ContentError",
    "Problem",
    "bundled_content",
    "bundled_documents",
    "check_paths",
    "load_content",
    "load_documents",
]
