"""Is this kernel's page still open? Asked of the Voila server that started the kernel.

The server counts the page connections (websockets) of every kernel and reports them in its kernel model,
``GET /api/kernels/<id>`` -> ``{"connections": n, ...}``: the same number its culler uses to decide that a
kernel's page is gone. A kernel finds its server and its own id in the ``VOILA_*`` variables Voila sets
(as :mod:`.participant` does). Standard library only; never raises.
"""

from __future__ import annotations

import json
import os
import urllib.request

TIMEOUT = 2.0


def kernel_url() -> str | None:
    """The address of this kernel's model on its Voila server, or None outside a Voila kernel."""
    kernel = os.environ.get("VOILA_KERNEL_ID", "")
    if not kernel:
        return None
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1") or "127.0.0.1"
    port = os.environ.get("VOILA_APP_PORT", "")
    if not port:
        return None
    base = os.environ.get("VOILA_SERVER_URL") or os.environ.get("VOILA_BASE_URL") or "/"
    if not base.endswith("/"):
        base += "/"
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}{base}api/kernels/{kernel}"


def page_connected(url: str | None = None, timeout: float = TIMEOUT) -> bool | None:
    """True while a page is connected to this kernel, False when none is, None when the server cannot tell."""
    url = url or kernel_url()
    if url is None:
        return None
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            model = json.loads(response.read(65536))
    except urllib.error.HTTPError:
        return None  # no answer we can trust (a 404 may also mean the route is switched off): keep polling
    except (OSError, ValueError):
        return None
    connections = model.get("connections") if isinstance(model, dict) else None
    return connections > 0 if isinstance(connections, int) else None
