"""Timing pages over HTTP against the bench's gunicorn, as people's browsers reach the portal.

One interleaved run: every round visits every page, so whatever else the machine does at that
moment hits all pages alike. Per page and round: one request alone (its latency), then a burst at
CONCURRENCY connections (its throughput). The query count is asked once per page through the
side channel of devtools.bench.counting."""

import http.client
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .counting import ANSWER_HEADER, ASK_HEADER
from .measure import percentile_95

CONCURRENCY = 8
READ_SIZE = 256 * 1024
# A page slower than this alone gets its burst in the first round only (the 50 000-row export).
SLOW_PAGE_MS = 500


@dataclass
class HttpPage:
    name: str
    url: str
    cookie: str = ""
    samples: list[float] = field(default_factory=list)
    burst_requests: int = 0
    burst_seconds: float = 0.0
    queries: int | None = None
    etag: str = ""
    not_modified_status: int | None = None
    error: str = ""
    every_round_burst: bool = True
    """False for pages without a throughput target: their burst runs in the first round only."""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95_ms(self) -> float:
        return percentile_95(self.samples)

    @property
    def rps(self) -> float | None:
        return self.burst_requests / self.burst_seconds if self.burst_seconds else None

    @property
    def slow(self) -> bool:
        return bool(self.samples) and self.samples[0] > SLOW_PAGE_MS


class HttpClient:
    """A new connection per request, as gunicorn's sync workers close each one. The proxy header
    says the request came in over TLS, as production's load balancer does (SECURE_PROXY_SSL_HEADER)."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port

    def get(self, page: HttpPage, headers: dict | None = None) -> tuple[int, dict]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=300)
        try:
            sent = {"X-Forwarded-Proto": "https", "Accept-Language": "fr", **(headers or {})}
            if page.cookie:
                sent["Cookie"] = page.cookie
            connection.request("GET", page.url, headers=sent)
            response = connection.getresponse()
            while response.read(READ_SIZE):
                pass
            return response.status, dict(response.getheaders())
        finally:
            connection.close()

    def timed(self, page: HttpPage) -> float:
        started = time.perf_counter()
        self.get(page)
        return (time.perf_counter() - started) * 1000


COUNTING_REQUESTS = 4


def prepare(client: HttpClient, page: HttpPage, warmup: int):
    """Warm the page up, check it answers 200, count its queries, check its 304."""
    status, headers = client.get(page)
    if status != 200:
        location = headers.get("Location", "")
        page.error = f"HTTP{status}" + (f"->{location}" if location else "") + f" url={page.url}"
        return
    for _ in range(max(warmup - 1, 0)):
        client.get(page)
    # Counted over a few requests, the fewest kept: each lands on any of the server's workers, and a
    # worker's first request of a page may read reference data the process then keeps (the
    # register's regions and tiers), which is not what the page costs from then on.
    counts = []
    for _ in range(COUNTING_REQUESTS):
        _status, headers = client.get(page, {ASK_HEADER: "1"})
        if ANSWER_HEADER in headers:
            counts.append(int(headers[ANSWER_HEADER]))
    page.queries = min(counts) if counts else None
    page.etag = headers.get("ETag", "")
    if page.etag:
        page.not_modified_status, _headers = client.get(page, {"If-None-Match": page.etag})


def run_rounds(client: HttpClient, pages: list[HttpPage], *, rounds: int, burst: int):
    measured = [page for page in pages if not page.error]
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for number in range(rounds):
            for page in measured:
                page.samples.append(client.timed(page))
                if number > 0 and (page.slow or not page.every_round_burst):
                    continue
                requests = CONCURRENCY if page.slow else burst
                started = time.perf_counter()
                list(pool.map(lambda _index, page=page: client.get(page), range(requests)))
                page.burst_seconds += time.perf_counter() - started
                page.burst_requests += requests
