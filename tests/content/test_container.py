"""The Content container: documents by kind, with a Dutch message when a kind has no file."""

from __future__ import annotations

import pytest

from handreiking.content import Content, document_of, documents_of


def test_documents_of_lists_a_kind_in_file_order(content: Content) -> None:
    """All documents of a kind come back, in the order the loader read them."""
    assert documents_of("oefening", content) == content.documents["oefening"]
    assert len(documents_of("oefening", content)) > 1


def test_document_of_is_the_first(content: Content) -> None:
    """The single-document accessor gives the first file of the kind (a scenario's model file)."""
    assert document_of("oefening", content) is content.documents["oefening"][0]


def test_a_kind_without_files_is_a_dutch_key_error(content: Content) -> None:
    """Asking for a kind that has no file says so in Dutch, naming the kind."""
    with pytest.raises(KeyError, match="geen bestand met 'kind: bestaat-niet'"):
        documents_of("bestaat-niet", content)


def test_of_kind_returns_a_copy(content: Content) -> None:
    """Changing the list a caller got leaves the loaded content alone."""
    found = content.of_kind("oefening")
    found.clear()
    assert content.of_kind("oefening")


def test_stap_and_les_of(content: Content) -> None:
    """A step is found by id, and so is the lesson it belongs to."""
    assert content.stap("6.1").id == "6.1"
    assert content.les_of("6.1").number == 6
