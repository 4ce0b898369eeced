"""The web server `make bench` starts (devtools.bench.server): production settings — DEBUG off,
JSON logs, the manifest static storage, persistent database connections — on local hosts, plus
the bench's two baselines and its query counter. Never used to serve anyone."""

import sys

from .base import env

# prod.py reads these from the environment; the bench hands them over (its SECRET_KEY is the one
# that signed the sessions it made, see devtools.bench.server).
from .prod import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "devtools.bench.urls"
# The query count of a request, asked for by a header and answered by one (devtools.bench.counting).
MIDDLEWARE = ["devtools.bench.counting.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
# The CSV export is timed as the streamed response of every row, never handed to a task.
EXPORT_ASYNC_THRESHOLD = env.int("EXPORT_ASYNC_THRESHOLD", default=sys.maxsize)
