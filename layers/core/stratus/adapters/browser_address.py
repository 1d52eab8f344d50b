"""RemoteBrowserEndpoints for a run that names its own browser (``browser_address``)."""

from __future__ import annotations

from ..domain.models import Run
from ..ports import CdpEndpoint


class RunBrowserAddress:
    """The run's ``browser_address`` as given, without headers; the browser is the
    client's, so a run's end leaves it running."""

    async def endpoint(self, run: Run) -> CdpEndpoint:
        address = run.spec.browser_address
        if not address:
            raise ValueError(f"run {run.run_id} names no browser_address")
        return CdpEndpoint(address)

    async def release(self, run_id: str) -> None:
        return None
