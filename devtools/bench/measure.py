"""Timing one page many times through django.test.Client, in-process, against the configured
database: wall time per request (median and 95th percentile) and the number of queries."""

import statistics
import time
import tracemalloc
from dataclasses import asdict, dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class PageResult:
    name: str
    url: str
    median_ms: float = 0.0
    p95_ms: float = 0.0
    queries: int = 0
    requests: int = 0
    ratio: float | None = None
    error: str = ""
    skipped: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        if self.skipped:
            return f"bench {self.name} skipped={self.skipped}"
        if self.error:
            return f"bench {self.name} error={self.error}"
        ratio = f"{self.ratio:.2f}" if self.ratio is not None else "-"
        return f"bench {self.name} median_ms={self.median_ms:.1f} p95_ms={self.p95_ms:.1f} ratio={ratio} queries={self.queries}"


def percentile_95(samples: list[float]) -> float:
    if len(samples) < 2:
        return max(samples)
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def consume(response) -> int:
    """Read the whole body, as a browser would: streamed exports and files are only produced then."""
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        return size
    return len(response.content)


def _get(client, url):
    response = client.get(url)
    consume(response)
    return response


# A page slower than this on its first request is timed over `slow_requests` only, so one very
# slow page does not make the whole run last an hour (the JSON says how many were timed).
SLOW_PAGE_MS = 1000


def measure_page(name: str, client, url: str, *, requests: int, warmup: int, slow_requests: int = 5) -> PageResult:
    result = PageResult(name=name, url=url, requests=requests)
    started = time.perf_counter()
    response = _get(client, url)
    if (time.perf_counter() - started) * 1000 > SLOW_PAGE_MS:
        requests = result.requests = min(requests, slow_requests)
    if response.status_code != 200:
        location = response.get("Location", "")
        result.error = f"HTTP{response.status_code}" + (f"->{location}" if location else "") + f" url={url}"
        return result
    for _ in range(max(warmup - 1, 0)):
        _get(client, url)
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        _get(client, url)
        samples.append((time.perf_counter() - started) * 1000)
    # Counted on a request of its own: capturing queries slows the cursor a little.
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    result.median_ms = statistics.median(samples)
    result.p95_ms = percentile_95(samples)
    result.queries = len(captured.captured_queries)
    return result


def peak_memory_mb(client, url: str) -> tuple[float, int]:
    """Python memory at the peak of one request and the size of its body (flat memory check)."""
    tracemalloc.start()
    try:
        size = consume(client.get(url))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024 / 1024, size


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - started, value
