"""RemoteBrowserEndpoints for a run that names its own browser (``browser_address``)."""

from __future__ import annotations

import json

from ..domain.models import Run
from ..ports import CdpEndpoint, SecretBox


class RunBrowserAddress:
    """The run's ``browser_address`` as given, with the run's ``cdp_connect_headers``
    (opened from their sealed form); the browser is the client's, so a run's end leaves it
    running."""

    def __init__(self, secrets: SecretBox | None = None) -> None:
        self._secrets = secrets

    async def endpoint(self, run: Run) -> CdpEndpoint:
        address = run.spec.browser_address
        if not address:
            raise ValueError(f"run {run.run_id} names no browser_address")
        return CdpEndpoint(address, self._headers(run))

    def _headers(self, run: Run) -> dict[str, str]:
        sealed = run.spec.cdp_connect_headers_sealed
        if not sealed:
            return {}
        if self._secrets is None:
            raise ValueError(f"run {run.run_id} has sealed CDP headers and nothing to open them")
        return dict(json.loads(self._secrets.open(sealed)))

    async def release(self, run_id: str) -> None:
        return None
