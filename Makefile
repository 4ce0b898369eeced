# The two commands: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install setup serve bench bench-smoke messages check-deploy clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Migrate, cache table, reference and demo data: safe to run again (idempotent).
setup: install
	# The cache table first: migrate's post_migrate handlers already forget cached permissions.
	$(MANAGE) createcachetable
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo

# SQLite and in-process tasks by default; with DATABASE_URL and REDIS_URL set, PostgreSQL plus a
# real Celery worker and beat beside the web server (Procfile, run by honcho). Links in e-mails and
# PDFs (SITE_URL) point at the server started here, `make run PORT=8001` included, unless SITE_URL
# is set in the environment.
RUN_SITE_URL = $(or $(SITE_URL),http://$(HOST):$(PORT))
run: setup
	@export SITE_URL="$(RUN_SITE_URL)"; \
	if [ -n "$$REDIS_URL" ]; then \
		PORT=$(PORT) HOST=$(HOST) $(VENV)/bin/honcho start -f Procfile.dev; \
	else \
		$(MANAGE) runserver $(HOST):$(PORT); \
	fi

# The browser tests (tests/browser) need Debian's Chromium and axe-core (npm ci --prefix tests/browser);
# without them they skip with the reason, except under CI=true where they fail.
# The suite runs on one pytest-xdist worker per core (PYTEST_WORKERS=0: in this one process); each
# worker has its own test database, files and Redis database (config/settings/test.py). Files go
# whole to a worker (loadfile), so a module's real Celery worker or browser starts once. Not
# loadgroup: with pytest 9.2 it silently stops grouping (pytest-xdist issue #1386).
PYTEST_WORKERS ?= auto
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	@if [ ! -x /usr/bin/chromium ] || [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then \
		echo "make test: browser tests (tests/browser) SKIPPED: they need /usr/bin/chromium and npm ci --prefix tests/browser, which .ci/run installs (under CI=true they fail instead)"; \
	fi
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Benchmarks (README « Benchmarks »): loads the scale set once (SEED_ARGS: sizes, --reset), starts its
# own gunicorn (3 sync workers, config.settings.bench), times every page over HTTP in one interleaved
# run, stops the server, prints one line per page and per target and writes bench/results.json.
# Use PostgreSQL and Redis: DATABASE_URL=… REDIS_URL=… make bench (BENCH_ARGS=--profile: in-process).
bench: setup
	$(MANAGE) seed_scale --if-missing $(SEED_ARGS)
	$(MANAGE) bench $(BENCH_ARGS)

bench-smoke: install
	$(PY) -m pytest tests/test_bench_smoke.py

# Maintainers only (needs GNU gettext): refresh and compile the catalogs.
messages: install
	$(MANAGE) makemessages --locale fr --locale en --ignore "$(VENV)/*" --ignore "tests/*" --ignore "staticfiles/*" --no-obsolete --no-wrap
	# French msgids: the French catalog is the identity, kept complete for tools that check it.
	$(MANAGE) complete_french_catalog
	$(MANAGE) compilemessages --ignore "$(VENV)/*"

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.prod SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
		ALLOWED_HOSTS=dataide.example.org DATABASE_URL=$${DATABASE_URL:-sqlite:///db.sqlite3} \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media private
