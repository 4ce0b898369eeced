"""The performance harness of issue 8: a scale dataset (`seed_scale`) and the measurements
(`bench`). Nothing in the portal imports this package."""
