"""The overview app shows the handreiking's lessons and vuistregels from data/."""

from __future__ import annotations

from handreiking.apps.overzicht import OverzichtApp
from handreiking.content import Content


def test_shows_the_three_vuistregels(content: Content) -> None:
    """The header lists the three vuistregels by their titles."""
    app = OverzichtApp.from_data(content)
    header = app.children[0].value
    assert all(v.title in header for v in content.introduction.vuistregels)


def test_choosing_a_lesson_shows_its_steps(content: Content) -> None:
    """Choosing Les 3 shows Les 3's title and its steps 3.1-3.3, not Les 1's."""
    app = OverzichtApp.from_data(content)
    assert "Stap 1.1" in app.les_view.value
    app.les_select.value = 3
    assert content.lessen[3].title in app.les_view.value
    assert all(f"Stap 3.{i}" in app.les_view.value for i in (1, 2, 3))
    assert "Stap 1.1" not in app.les_view.value


def test_every_lesson_is_selectable(content: Content) -> None:
    """The lesson selector offers all seven lessons, each with a visible label."""
    app = OverzichtApp.from_data(content)
    assert [v for _, v in app.les_select.options] == [1, 2, 3, 4, 5, 6, 7]
    assert app.les_select.description
