"""The dashboard's "Server en netwerk" section: join address (new QR code when it changes), memory, kernels."""

from __future__ import annotations

from typing import Any

from handreiking.apps.dashboard import DashboardApp
from handreiking.apps.server_status import ServerStatusView

STATUS = {
    "programma": "handreiking",
    "rol": "deelnemers",
    "kernels": {"totaal": 23, "klaargezet": 20, "in_gebruik": 3, "starten": 1},
    "geheugen": {"totaal_mb": 3400.0, "server_mb": 120.0, "processen": 24, "maat": "PSS"},
}


class Laptop:
    """A laptop whose address can change (after sleep) and whose server answers or not."""

    def __init__(self) -> None:
        self.address = "192.168.1.23"
        self.status: dict[str, Any] = dict(STATUS)
        self.free = 9000

    def url(self, served: str) -> str:
        return served.replace("0.0.0.0", self.address)


def _view(laptop: Laptop, **kw: Any) -> ServerStatusView:
    return ServerStatusView(
        "http://0.0.0.0:8866/",
        status=lambda: laptop.status,
        free_mb=lambda: laptop.free,
        total_mb=lambda: 16000,
        current_url=laptop.url,
        autostart=False,
        **kw,
    )


def test_shows_memory_and_kernels() -> None:
    view = _view(Laptop())
    html = view.server_html.value
    assert "3,3 GB" in html and "23 kernels" in html and "20 klaargezet, 3 in gebruik" in html
    assert "1 aan het starten" in html and "Vrij op deze laptop: 8,8 GB" in html
    assert "raakt op" not in html


def test_warns_when_memory_gets_tight() -> None:
    laptop = Laptop()
    view = _view(laptop)
    laptop.free = 700
    view.refresh()
    assert view.figures is not None and view.figures.tight
    assert "Het vrije geheugen raakt op" in view.server_html.value


def test_server_that_does_not_answer_is_said_so() -> None:
    laptop = Laptop()
    laptop.status = {}
    view = _view(laptop)
    assert view.figures is None and "antwoordt nu niet" in view.server_html.value


def test_join_address_and_check_page() -> None:
    view = _view(Laptop())
    html = view.address_html.value
    assert "http://192.168.1.23:8866/" in html and "http://192.168.1.23:8866/verbinding" in html
    assert "veranderd" not in html and "<svg" not in html


def test_changed_address_gets_a_new_qr_code_here_and_at_the_top() -> None:
    """After sleep the laptop has another address: the section says so with a new QR code, the top follows."""
    laptop = Laptop()
    told: list[str] = []
    view = _view(laptop, on_join_url=told.append)
    laptop.address = "10.0.0.7"
    view.refresh()
    html = view.address_html.value
    assert "http://10.0.0.7:8866/" in html and "veranderd" in html and "192.168.1.23" in html and "<svg" in html
    assert told == ["http://10.0.0.7:8866/"]
    view.refresh()
    assert told == ["http://10.0.0.7:8866/"]  # told once per change


def test_dashboard_shows_the_new_address_at_the_top() -> None:
    class EmptyStore:
        def answers(self, session: str) -> list[Any]:
            return []

        def get_session(self, code: str) -> Any:
            return None

    laptop = Laptop()
    view = _view(laptop)
    dashboard = DashboardApp(EmptyStore(), "ABCD23", view.join_url, views=(view,), autostart=False)
    view.on_join_url = dashboard.set_join_url
    assert "http://192.168.1.23:8866/" in dashboard.qr_html.value
    laptop.address = "10.0.0.7"
    view.refresh()
    assert "http://10.0.0.7:8866/" in dashboard.qr_html.value and "192.168.1.23" not in dashboard.qr_html.value
    assert view.widget in dashboard.children
