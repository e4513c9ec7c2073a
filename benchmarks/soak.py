"""Soak benchmark (not a test): a compressed 90-minute workshop against the real workshop server.

Starts ``handreiking workshop`` as a trainer does (on 127.0.0.1 and free ports, with the dashboard open) and
plays a session of 90 minutes compressed into ``--minuten`` (default 20) with ``--deelnemers`` (default 30)
simulated participants. Each participant is what a phone's browser does, without a browser: the landing page
over HTTP (keeping the cookies), then an app page and its kernel websocket, talking to the kernel as Voila's
widget manager does (``tests/workshop_support.py``). Over the session they

* arrive over the first few minutes (by the join address), open the balans app, move its controls, share;
* after a while switch to the rollen app (two apps), share there too, sometimes go back;
* end each visit in one of three ways: close the tab (Voila's shutdown beacon), let the phone sleep (the
  websocket drops without a word) and come back to the same kernel, or walk away (the page stays "open" on a
  phone that left: its kernel must be culled);
* some leave for good half-way; at the end the rest close their tabs.

Afterwards the script waits until culling has freed the kernels of pages that were left, and until the
preheated pool has refilled. What must hold (MET/MISSED):

* the run against the server (the session, then culling and refill) lasted at least ``--minuten`` (20 for
  the full run);
* no kernel of a closed or abandoned page is left after culling (every kernel id the participants got is
  gone, and the server has no kernel in use);
* the memory of the participant server with its kernels (PSS, from ``/handreiking/status``) is back within
  15% of its level after preheating;
* no request failed (page, websocket, change, share, shutdown beacon);
* every acknowledged share is in the store: for each participant and app, the last acknowledged reflection.

    .venv/bin/python benchmarks/soak.py                 # the full run: 30 participants, 20 minutes
    .venv/bin/python benchmarks/soak.py --kort          # about two minutes, 4 participants (make test runs it)

The schedule is random but repeatable (``--seed``). On a shared machine the times are noisy; the checks are not
timings. Exit code 0 when every check is MET.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import requests  # noqa: E402
from workshop_support import KernelSocket, Launcher, find_model, kernel_id_of, wait_until  # noqa: E402

from handreiking.workshop.store import open_store  # noqa: E402

SESSION_MINUTES = 90.0
"""The session being compressed."""
MEMORY_TOLERANCE = 0.15
"""The server's memory at the end may be at most this much above (or below) its level after preheating."""
ACK_WORDS = ("Gedeeld met de groep", "Bijgewerkt")
"""Words of the share panel's acknowledgement (apps/share.py)."""
FAIL_WORDS = ("lukte niet",)
"""Words of the share panel's failure message."""
APPS = ("balans", "rollen")
PSEUDONYM = re.compile(r"Je schuilnaam in deze workshop: <strong>([^<]+)</strong>")


@dataclass
class Profile:
    minutes: float
    deelnemers: int
    pool: int
    cull_minutes: float
    join_until: float = 12.0
    """Session minute by which everyone has arrived."""
    leave_share: float = 0.2
    """Share of participants that leave for good half-way."""
    visit_gap: tuple[float, float] = (8.0, 16.0)
    """Session minutes from the start of one visit to the next."""


FULL = Profile(minutes=20.0, deelnemers=30, pool=8, cull_minutes=2.0)
SHORT = Profile(
    minutes=1.0, deelnemers=4, pool=2, cull_minutes=1.0, join_until=10.0, leave_share=0.25, visit_gap=(20.0, 30.0)
)


@dataclass
class Stats:
    """Everything the participants did, and what went wrong (shared by their threads)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    usable_seconds: list[float] = field(default_factory=list)
    kernels: set[str] = field(default_factory=set)
    acknowledged: dict[tuple[str, str], str] = field(default_factory=dict)
    """(pseudonym, app) -> the reflection of the last acknowledged share."""

    def count(self, what: str, n: int = 1) -> None:
        with self.lock:
            self.counts[what] += n

    def fail(self, who: str, what: str, exc: BaseException | str) -> None:
        text = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        with self.lock:
            self.failures.append(f"{who} {what}: {text}"[:300])


class Visit:
    """One app page open on one participant's phone: its kernel and the widgets the participant uses."""

    def __init__(self, app: str, kernel_id: str, socket: KernelSocket, states: dict[str, Any]) -> None:
        self.app = app
        self.kernel_id = kernel_id
        self.socket: KernelSocket | None = socket
        self.states = states
        self.textarea = find_model(states, "TextareaModel")
        self.share_button = find_model(states, "ButtonModel", description="Deel met de groep")
        self.controls = [
            (model_id, entry)
            for model_id, entry in states.items()
            if entry.get("model_name")
            in ("SelectionSliderModel", "DropdownModel", "RadioButtonsModel", "IntSliderModel", "CheckboxModel")
        ]


class Participant:
    """A simulated participant: a requests session (cookies) and, at most, one open app page."""

    def __init__(self, n: int, base: str, stats: Stats, rng: random.Random, clock: Clock) -> None:
        self.name = f"deelnemer-{n:02d}"
        self.base = base
        self.stats = stats
        self.rng = rng
        self.clock = clock
        self.http = requests.Session()
        self.pseudonym = ""
        self.visit: Visit | None = None
        self.shares = 0

    # ---- primitive actions (each one counts a failure when it does not work)

    def join(self) -> bool:
        try:
            r = self.http.get(self.base + "/", timeout=60)
            r.raise_for_status()
            match = PSEUDONYM.search(r.text)
            self.pseudonym = match.group(1) if match else self.http.cookies.get("hr_deelnemer", "")
            self.stats.count("landing")
            return bool(self.pseudonym)
        except Exception as exc:
            self.stats.fail(self.name, "landing", exc)
            return False

    def open(self, app: str) -> bool:
        start = time.monotonic()
        try:
            r = self.http.get(f"{self.base}/voila/render/{app}.ipynb", timeout=240)
            r.raise_for_status()
            kernel_id = kernel_id_of(r.text)
            with self.stats.lock:
                self.stats.kernels.add(kernel_id)
            socket = KernelSocket(self.base, kernel_id, self.http.cookies.get_dict(), timeout=120)
            states = socket.widget_states(timeout=120)
            self.visit = Visit(app, kernel_id, socket, states)
        except Exception as exc:
            self.stats.fail(self.name, f"app {app} openen", exc)
            return False
        with self.stats.lock:
            self.stats.usable_seconds.append(time.monotonic() - start)
        self.stats.count("pagina")
        return True

    def _request(self, data: dict[str, Any], what: str, wait_for: tuple[str, ...] = ()) -> bool:
        """Send a comm message to the kernel; wait until it was handled (and for ``wait_for`` text, if given)."""
        visit = self.visit
        assert visit is not None and visit.socket is not None
        ks = visit.socket
        try:
            msg_id = ks.send("shell", "comm_msg", data)

            def done(m: dict[str, Any]) -> bool:
                if wait_for:
                    return m.get("msg_type") == "comm_msg" and any(w in json.dumps(m) for w in wait_for)
                return (
                    m.get("msg_type") == "status"
                    and m.get("content", {}).get("execution_state") == "idle"
                    and m.get("parent_header", {}).get("msg_id") == msg_id
                )

            reply = ks.wait_for(done, timeout=120)
            if reply is None:
                self.stats.fail(self.name, what, "geen antwoord van de kernel binnen 120 s")
                return False
            if any(w in json.dumps(reply) for w in FAIL_WORDS):
                self.stats.fail(self.name, what, "de app meldt dat het niet lukte")
                return False
        except Exception as exc:
            self.stats.fail(self.name, what, exc)
            return False
        return True

    def change(self) -> bool:
        visit = self.visit
        assert visit is not None
        model_id, entry = self.rng.choice(visit.controls)
        state = entry["state"]
        if entry["model_name"] == "IntSliderModel":
            new: dict[str, Any] = {"value": self.rng.randint(int(state.get("min", 0)), int(state.get("max", 100)))}
        elif entry["model_name"] == "CheckboxModel":
            new = {"value": not bool(state.get("value"))}
        else:
            new = {"index": self.rng.randrange(len(state.get("_options_labels") or [0]))}
        data = {"comm_id": model_id, "data": {"method": "update", "state": new, "buffer_paths": []}}
        ok = self._request(data, "instelling wijzigen")
        if ok:
            self.stats.count("wijziging")
        return ok

    def share(self) -> bool:
        visit = self.visit
        assert visit is not None
        self.shares += 1
        text = f"{self.name} deelt {self.shares} in {visit.app} ({uuid.uuid4().hex[:6]})"
        update = {"comm_id": visit.textarea, "data": {"method": "update", "state": {"value": text}, "buffer_paths": []}}
        if not self._request(update, "reflectie typen"):
            return False
        click = {"comm_id": visit.share_button, "data": {"method": "custom", "content": {"event": "click"}}}
        if not self._request(click, "delen", wait_for=ACK_WORDS + FAIL_WORDS):
            return False
        with self.stats.lock:
            self.stats.acknowledged[(self.pseudonym, visit.app)] = text
        self.stats.count("gedeeld")
        return True

    def _drop_socket(self) -> None:
        if self.visit is not None and self.visit.socket is not None:
            try:
                self.visit.socket.close()
            except Exception:
                pass
            self.visit.socket = None

    def close_tab(self) -> None:
        """The participant closes the tab: the page's shutdown beacon frees the kernel."""
        visit = self.visit
        if visit is None:
            return
        self._drop_socket()
        try:
            r = self.http.post(
                f"{self.base}/voila/api/shutdown/{visit.kernel_id}",
                files={"_xsrf": (None, self.http.cookies.get("_xsrf", ""))},
                timeout=60,
            )
            if r.status_code != 204:
                self.stats.fail(self.name, "tabblad sluiten", f"HTTP {r.status_code}")
            else:
                self.stats.count("tabblad gesloten")
        except Exception as exc:
            self.stats.fail(self.name, "tabblad sluiten", exc)
        self.visit = None

    def walk_away(self) -> None:
        """The phone leaves with the page open: the websocket drops, nobody says goodbye (culling frees it)."""
        self._drop_socket()
        self.visit = None
        self.stats.count("weggelopen")

    def sleep_and_return(self, seconds: float) -> bool:
        """The phone sleeps: the websocket drops; then it wakes and reconnects to its kernel (or reloads)."""
        visit = self.visit
        assert visit is not None
        self._drop_socket()
        self.clock.sleep(seconds)
        try:
            r = self.http.get(f"{self.base}/api/kernels/{visit.kernel_id}", timeout=60)
        except Exception as exc:
            self.stats.fail(self.name, "terugkomen", exc)
            return False
        if r.status_code == 404:  # culled while asleep: the page says so, one tap reloads a fresh app
            self.stats.count("herladen na opruimen")
            self.visit = None
            return self.open(visit.app)
        if r.status_code != 200:
            self.stats.fail(self.name, "terugkomen", f"HTTP {r.status_code}")
            return False
        try:
            visit.socket = KernelSocket(self.base, visit.kernel_id, self.http.cookies.get_dict(), timeout=120)
        except Exception as exc:
            self.stats.fail(self.name, "opnieuw verbinden", exc)
            return False
        self.stats.count("opnieuw verbonden")
        return True

    # ---- the session

    def run(self, plan: list[tuple[float, str, str]], leave_at: float | None) -> None:
        """Follow ``plan``: (session minute, app, how the visit ends); stop for good at ``leave_at``."""
        if not self.join():
            return
        for i, (minute, app, ending) in enumerate(plan):
            if leave_at is not None and minute >= leave_at:
                break
            self.clock.until(minute)
            if not self.open(app):
                continue
            visit_minutes = self.rng.uniform(3.0, 8.0)
            changes = self.rng.randint(2, 5)
            for _ in range(changes):
                self.clock.sleep_minutes(visit_minutes / (changes + 1))
                if not self.change():
                    break
            else:
                self.share()
            last = i == len(plan) - 1 or (leave_at is not None and plan[i + 1][0] >= leave_at)
            if last and leave_at is not None:
                self.walk_away()  # leaves for good with the page still open
                return
            if ending == "slaap":
                if self.sleep_and_return(self.clock.seconds(self.rng.uniform(1.0, 4.0))) and self.change():
                    self.share()
                self.close_tab()
            elif ending == "weg":
                self.walk_away()
            else:
                self.close_tab()
        if self.visit is not None:
            self.close_tab()


class Clock:
    """Session minutes on a compressed clock."""

    def __init__(self, minutes: float) -> None:
        self.scale = minutes * 60.0 / SESSION_MINUTES  # real seconds per session minute
        self.start = time.monotonic()

    def seconds(self, session_minutes: float) -> float:
        return session_minutes * self.scale

    def now(self) -> float:
        return (time.monotonic() - self.start) / self.scale

    def until(self, session_minute: float) -> None:
        self.sleep(max(0.0, (session_minute - self.now()) * self.scale))

    def sleep_minutes(self, session_minutes: float) -> None:
        self.sleep(self.seconds(session_minutes))

    @staticmethod
    def sleep(seconds: float) -> None:
        time.sleep(max(0.0, seconds))  # the think time of a simulated person


def make_plan(rng: random.Random, profile: Profile) -> tuple[list[tuple[float, str, str]], float | None]:
    """Visits of one participant: (session minute, app, ending), and the minute they leave for good (or None)."""
    minute = rng.uniform(0.0, profile.join_until)
    plan = []
    while minute < 80.0:
        app = "balans" if minute < 40.0 else ("rollen" if minute < 70.0 or rng.random() < 0.6 else "balans")
        ending = rng.choices(["sluiten", "slaap", "weg"], weights=[0.55, 0.3, 0.15])[0]
        plan.append((minute, app, ending))
        minute += rng.uniform(*profile.visit_gap)
    leave_at = rng.uniform(30.0, 60.0) if rng.random() < profile.leave_share else None
    return plan, leave_at


def stable_memory(launcher: Launcher, timeout: float = 300.0) -> float | None:
    """The participant server's memory (MB, PSS) once two readings 5 s apart differ by less than 2%."""
    readings: list[float] = []

    def settled() -> bool:
        mb = float(launcher.status().get("geheugen", {}).get("totaal_mb", 0.0))
        readings.append(mb)
        return len(readings) >= 2 and readings[-2] > 0 and abs(readings[-1] - readings[-2]) <= 0.02 * readings[-2]

    return readings[-1] if wait_until(settled, timeout=timeout, interval=5.0) else None


def pool_full(launcher: Launcher, expected: int) -> bool:
    kernels = launcher.status().get("kernels", {})
    return int(kernels.get("klaargezet", 0)) >= expected and int(kernels.get("starten", 0)) == 0


def run(profile: Profile, seed: int, folder: Path) -> int:
    rng = random.Random(seed)
    print(
        f"Soak: {profile.deelnemers} deelnemers, een sessie van {SESSION_MINUTES:.0f} minuten in "
        f"{profile.minutes:g} minuten, {profile.pool} klaargezette apps per app, opruimen na "
        f"{profile.cull_minutes:g} min (seed {seed})",
        flush=True,
    )
    launcher = Launcher(
        folder,
        APPS,
        "--deelnemers",
        str(profile.deelnemers),
        "--voorverwarmd",
        str(profile.pool),
        "--opruimen-na",
        str(profile.cull_minutes),
        *(arg for app in APPS for arg in ("--app", app)),
    )
    try:
        return _session(launcher, profile, rng)
    finally:
        launcher.cleanup()


def _session(launcher: Launcher, profile: Profile, rng: random.Random) -> int:
    t0 = time.monotonic()
    preheated = profile.pool * len(APPS)
    if not launcher.wait_ready(timeout=900, preheated=preheated):
        print(f"De workshop kwam niet klaar:\n{launcher.output()[-3000:]}")
        return 1
    requests.get(launcher.dashboard_url + "/", timeout=240).raise_for_status()  # the trainer's dashboard is open
    baseline = stable_memory(launcher)
    ready = time.monotonic() - t0
    print(f"Klaar na {ready:.0f} s; geheugen na het voorverwarmen: {baseline or 0:.0f} MB", flush=True)

    stats = Stats()
    clock = Clock(profile.minutes)
    peak = {"mb": baseline or 0.0, "in_use": 0}
    running = threading.Event()
    running.set()

    def watch() -> None:
        while running.is_set():
            status = launcher.status()
            with stats.lock:
                peak["mb"] = max(peak["mb"], float(status.get("geheugen", {}).get("totaal_mb", 0.0)))
                peak["in_use"] = max(peak["in_use"], int(status.get("kernels", {}).get("in_gebruik", 0)))
            time.sleep(5.0)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    threads = []
    for n in range(profile.deelnemers):
        plan, leave_at = make_plan(rng, profile)
        participant = Participant(n, launcher.base_url, stats, random.Random(rng.random()), clock)
        threads.append(threading.Thread(target=participant.run, args=(plan, leave_at), name=participant.name))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    session_seconds = time.monotonic() - clock.start
    running.clear()
    print(f"Sessie gespeeld in {session_seconds / 60:.1f} minuten; wachten op opruimen en aanvullen…", flush=True)

    cull_deadline = 60 * profile.cull_minutes + 300 + 60
    culled = wait_until(
        lambda: int(launcher.status().get("kernels", {}).get("in_gebruik", -1)) == 0,
        timeout=cull_deadline,
        interval=5.0,
    )
    left = [k for k in sorted(stats.kernels) if _kernel_exists(launcher.base_url, k)]
    refilled = wait_until(lambda: pool_full(launcher, preheated), timeout=600, interval=5.0)
    end_mb = stable_memory(launcher)
    total_minutes = (time.monotonic() - t0) / 60
    soak_minutes = (time.monotonic() - clock.start) / 60  # participants, then culling and refill, on the server

    with open_store(str(launcher.data_dir)) as store:
        rows = store.answers(launcher.session)
    stored = {(r.participant, r.scenario): r.reflectie for r in rows}
    missing = [key for key, text in stats.acknowledged.items() if stored.get(key) != text]

    drift = None if not baseline or end_mb is None else (end_mb - baseline) / baseline
    usable = sorted(stats.usable_seconds)
    print("\n== Cijfers")
    print(
        f"  duur: {total_minutes:.1f} min in totaal; belasting {soak_minutes:.1f} min "
        f"(sessie {session_seconds / 60:.1f} min, dan opruimen en aanvullen)"
    )
    actions = ", ".join(f"{k} {v}" for k, v in sorted(stats.counts.items()))
    print(f"  deelnemers: {profile.deelnemers}; acties: {actions}")
    if usable:
        p95 = usable[min(len(usable) - 1, round(0.95 * (len(usable) - 1)))]
        print(f"  app bruikbaar na: p50 {statistics.median(usable):.1f} s, p95 {p95:.1f} s, max {usable[-1]:.1f} s")
    print(f"  kernels van deelnemers: {len(stats.kernels)} gebruikt, hoogstens {peak['in_use']} tegelijk in gebruik")
    print(
        f"  geheugen deelnemersserver (PSS): na voorverwarmen {baseline or 0:.0f} MB, hoogste {peak['mb']:.0f} MB, "
        f"aan het eind {end_mb or 0:.0f} MB" + (f" ({drift:+.1%})" if drift is not None else "")
    )
    print(f"  antwoorden: {len(stats.acknowledged)} bevestigd, {len(stored)} in de opslag, {len(missing)} ontbreken")
    print(f"  mislukte verzoeken: {len(stats.failures)}")
    for line in stats.failures[:10]:
        print(f"    - {line}")

    checks = [
        (f"duur >= {profile.minutes:g} min", soak_minutes >= profile.minutes),
        ("geen kernel van een gesloten pagina over na opruimen", bool(culled) and not left and bool(refilled)),
        (
            f"geheugen terug binnen {MEMORY_TOLERANCE:.0%} van na het voorverwarmen",
            drift is not None and abs(drift) <= MEMORY_TOLERANCE,
        ),
        ("geen mislukt verzoek", not stats.failures),
        ("elk gedeeld antwoord in de opslag", not missing and bool(stats.acknowledged)),
    ]
    print("\n== Doelen")
    for name, ok in checks:
        print(f"  {'MET' if ok else 'MISSED':6} {name}")
    if left:
        print(f"  nog aanwezige kernels: {left[:5]}")
    return 0 if all(ok for _, ok in checks) else 1


def _kernel_exists(base: str, kernel_id: str) -> bool:
    try:
        return requests.get(f"{base}/api/kernels/{kernel_id}", timeout=30).status_code != 404
    except requests.RequestException:
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kort", action="store_true", help="korte run (ca. 2 minuten, 4 deelnemers)")
    parser.add_argument("--minuten", type=float, default=None, help="duur van de sessie (standaard 20)")
    parser.add_argument("--deelnemers", type=int, default=None)
    parser.add_argument("--voorverwarmd", type=int, default=None, help="klaargezette apps per app")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--map", type=Path, default=None, help="map voor de gegevens en logs (standaard tijdelijk)")
    args = parser.parse_args(argv)
    base = SHORT if args.kort else FULL
    profile = Profile(
        minutes=args.minuten or base.minutes,
        deelnemers=args.deelnemers or base.deelnemers,
        pool=args.voorverwarmd or base.pool,
        cull_minutes=base.cull_minutes,
        join_until=base.join_until,
        leave_share=base.leave_share,
        visit_gap=base.visit_gap,
    )
    if args.map is not None:
        return run(profile, args.seed, args.map)
    with tempfile.TemporaryDirectory(prefix="hr-soak-") as tmp:
        return run(profile, args.seed, Path(tmp))


if __name__ == "__main__":
    raise SystemExit(main())
