"""The performance harness of issue 8: a scale dataset (`seed_scale`) and the measurements
(`bench`). Nothing in the portal imports this package."""

# The bare WSGI app's address, served by devtools.bench.wsgi before Django sees the request.
BARE_PATH = "/bench/wsgi/"
