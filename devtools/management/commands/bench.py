"""Measure the portal against the configured database (PostgreSQL when DATABASE_URL is set) and the
scale set of `seed_scale`: pages over HTTP through a gunicorn it starts and stops itself
(devtools.bench.server, production settings), then concurrent awards, the guide PDF, the outbox.
Prints one line per measurement (`bench <name> …`), one per target (`target … PASS|FAIL`), and
writes every figure to a JSON file so runs can be compared.

`--profile` times the pages in this process instead (django.test.Client), for profiling only:
`--profile-page NAME` prints where one request of that page spends its time.

Targets are reported, never asserted: see README « Benchmarks »."""

import cProfile
import io
import json
import pstats
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import translation

from dataide.compiled import readable_sql
from devtools.bench import scenarios
from devtools.bench.load import HttpClient, HttpPage, prepare, run_rounds
from devtools.bench.measure import PageResult, consume, measure_page, peak_memory_mb, timed
from devtools.bench.pages import (
    AUDIENCE,
    BASELINE,
    CONDITIONAL_PAGES,
    EXPORT,
    PEOPLE,
    STAFF,
    MissingScaleData,
    Subjects,
    missing_url_reason,
    page_plan,
    signed_in_clients,
)
from devtools.bench.scale import dataset_sizes
from devtools.bench.server import WORKERS, gunicorn

# Issue 20's targets, over HTTP, within one run.
EMPTY_TO_TRIVIAL_TARGET = 3.0
PEOPLE_RATIO_TARGET = 3.0
PEOPLE_RPS_TARGET = 150.0
STAFF_RATIO_TARGET = 5.0
PAGE_QUERIES_TARGET = 15
EXPORT_MS_TARGET = 1000.0
GUIDE_COLD_SECONDS_TARGET = 2.0
QUEUE_SECONDS_TARGET = 5.0
DELIVERY_RATE_TARGET = 50.0


def _git_commit() -> dict:
    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()

    try:
        return {"commit": git("rev-parse", "HEAD") or None, "dirty": bool(git("status", "--porcelain"))}
    except OSError:
        return {"commit": None, "dirty": None}


class Command(BaseCommand):
    help = "Mesure les performances du portail sur le jeu de données d'échelle (voir seed_scale)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=20, help="tours sur toutes les pages (HTTP)")
        parser.add_argument("--burst", type=int, default=24, help="requêtes par page et par tour à 8 connexions")
        parser.add_argument("--warmup", type=int, default=3, help="requêtes de mise en route par page")
        parser.add_argument("--profile", action="store_true", help="mesure dans ce processus (profilage seulement)")
        parser.add_argument("--profile-page", help="profil cProfile d'une requête de cette page (dans ce processus)")
        parser.add_argument("--profile-sort", default="cumulative", help="--profile-page : ordre (cumulative, tottime, ncalls…)")
        parser.add_argument(
            "--profile-match", default="", help="--profile-page : seulement les fonctions dont le fichier ou le nom correspond (regex)"
        )
        parser.add_argument(
            "--profile-callers", action="store_true", help="--profile-page : qui appelle les fonctions retenues par --profile-match"
        )
        parser.add_argument(
            "--queries-page", help="les requêtes SQL d'une requête de cette page, avec leur durée (dans ce processus)"
        )
        parser.add_argument("--explain", action="store_true", help="--queries-page : EXPLAIN ANALYZE de chaque requête")
        parser.add_argument("--requests", type=int, default=30, help="--profile : requêtes mesurées par page")
        parser.add_argument("--export-requests", type=int, default=3, help="--profile : requêtes pour l'export CSV")
        parser.add_argument("--no-scenarios", action="store_true", help="les pages seulement (ni attributions ni outbox)")
        parser.add_argument(
            "--only", default="",
            help="ces pages seulement (noms séparés par des virgules), plus les pages de référence : pour mesurer un correctif",
        )
        parser.add_argument("--award-workers", type=int, default=20)
        parser.add_argument("--award-places", type=int, default=10)
        parser.add_argument("--award-candidates", type=int, default=30)
        parser.add_argument("--messages", type=int, default=3000, help="courriels mis en file (un par organisme)")
        parser.add_argument("--delivery-timeout", type=float, default=300.0)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "bench" / "results.json"))
        parser.add_argument("--compare", help="résultats d'un autre jeu (petit) : le nombre de requêtes doit être le même")

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        # Production keeps database connections open between requests (CONN_MAX_AGE): so does
        # the bench, or every page would pay a new PostgreSQL connection that the baseline does not.
        connection.close()
        conn_max_age = connection.settings_dict["CONN_MAX_AGE"]
        connection.settings_dict["CONN_MAX_AGE"] = None
        try:
            results = self._run_with_bench_settings(options)
        finally:
            connection.settings_dict["CONN_MAX_AGE"] = conn_max_age
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        self.stdout.write(f"bench results written to {output}")

    def _run_with_bench_settings(self, options) -> dict:
        with override_settings(
            ROOT_URLCONF="devtools.bench.urls",
            DEBUG=False,
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            # Without a broker, e-mails are delivered in-process: keep them in memory.
            EMAIL_BACKEND=settings.EMAIL_BACKEND if settings.REDIS_URL else "django.core.mail.backends.locmem.EmailBackend",
            # The CSV export is timed as a streamed response of every row (no background task).
            EXPORT_ASYNC_THRESHOLD=sys.maxsize,
        ):
            return self._run(options)

    def _line(self, text: str):
        self.stdout.write(text)
        self.stdout.flush()

    def _run(self, options) -> dict:
        try:
            subjects = Subjects.from_scale_set()
        except MissingScaleData as error:
            raise CommandError(str(error)) from None
        results = {
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "git": _git_commit(),
            "database": {"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"])},
            "broker": "redis" if settings.REDIS_URL else "in-process",
            "dataset": dataset_sizes(),
            "options": {k: v for k, v in options.items() if k in {
                "requests", "warmup", "export_requests", "award_workers", "award_places", "award_candidates", "messages",
            }},
        }
        # First, while the process is cold: the guide PDF (it also stores the guide downloaded below).
        results["guide"] = scenarios.bench_guide_render()
        if options["profile_page"]:
            self._profile_one(
                subjects, options["profile_page"], options["profile_sort"], options["profile_match"], options["profile_callers"]
            )
            return results
        if options["queries_page"]:
            self._queries_of_one(subjects, options["queries_page"], explain=options["explain"])
            return results
        results["pages"] = self._profile_pages(subjects, options) if options["profile"] else self._http_pages(subjects, options)
        results["csv_export_memory"] = self._export_memory(subjects, results["pages"])
        self._line(
            f"bench guide_render cold_ms={results['guide']['cold_s'] * 1000:.0f} "
            f"warm_ms={(results['guide']['warm_median_s'] or 0) * 1000:.0f}"
        )
        if not options["no_scenarios"]:
            results["awards"] = self._awards(subjects, options)
            results["outbox"] = self._outbox(options)
        results["targets"] = self._targets(results, options)
        return results

    def _http_pages(self, subjects, options) -> dict:
        """Every page over HTTP through the bench's gunicorn, in one interleaved run."""
        sessions = {who: client.cookies.get(settings.SESSION_COOKIE_NAME) for who, client in signed_in_clients(subjects).items()}
        pages = []
        for name, who, url in _selected(page_plan(subjects), options["only"]):
            cookie = sessions[who]
            pages.append(HttpPage(
                name=name, url=url or "", cookie=f"{cookie.key}={cookie.value}" if cookie else "",
                error="" if url else missing_url_reason(name),
                every_round_burst=AUDIENCE[name] in (BASELINE, PEOPLE),
            ))
        log = Path(options["output"]).with_name("gunicorn.log")
        with gunicorn(log=log) as (url, pid):
            self._line(f"bench server gunicorn pid={pid} workers={WORKERS} url={url} settings=config.settings.bench")
            client = HttpClient(url)
            for page in pages:
                if not page.error:
                    prepare(client, page, options["warmup"])
            run_rounds(client, pages, rounds=options["rounds"], burst=options["burst"])
        self._line(f"bench server stopped pid={pid}")
        return self._http_results(pages)

    def _http_results(self, pages: list[HttpPage]) -> dict:
        medians = {page.name: page.median_ms for page in pages if page.samples}
        results = {}
        for page in pages:
            result = {"name": page.name, "url": page.url, "error": page.error, "audience": AUDIENCE[page.name]}
            if page.error:
                self._line(f"bench {page.name} error={page.error}")
            else:
                rps = page.rps
                result.update({
                    "median_ms": page.median_ms, "p95_ms": page.p95_ms, "rps": rps, "queries": page.queries,
                    "requests": len(page.samples) + page.burst_requests,
                    "ratio_trivial": _ratio(page.median_ms, medians.get("trivial")),
                    "ratio_empty": _ratio(page.median_ms, medians.get("empty_page")),
                    "not_modified_status": page.not_modified_status,
                })
                self._line(
                    f"bench {page.name} median_ms={page.median_ms:.1f} p95_ms={page.p95_ms:.1f} "
                    f"rps={_figure(rps, 0)} ratio_trivial={_figure(result['ratio_trivial'], 2)} "
                    f"ratio_empty={_figure(result['ratio_empty'], 2)} queries={_figure(page.queries, 0)}"
                )
            results[page.name] = result
        return results

    def _profile_pages(self, subjects, options) -> dict:
        """The pages timed in this process (no HTTP, no server): for profiling, not for targets."""
        clients = signed_in_clients(subjects)
        pages = {}
        baseline = None
        for name, who, url in page_plan(subjects):
            if AUDIENCE[name] == BASELINE and name != "trivial":
                continue
            if url is None:
                result = PageResult(name=name, url="", skipped=missing_url_reason(name))
            else:
                export = name == "csv_export"
                result = measure_page(
                    name, clients[who], url,
                    requests=options["export_requests"] if export else options["requests"],
                    warmup=1 if export else options["warmup"],
                )
            if name == "trivial":
                baseline = result.median_ms or None
            if baseline and not (result.error or result.skipped):
                result.ratio = result.median_ms / baseline
            pages[name] = result.as_dict()
            self._line(result.line())
        return pages

    @staticmethod
    def _warm_client(subjects, name: str):
        """The signed-in client of a page and its URL, after one request: what follows shows a
        request as the server serves most of them."""
        plan = {page: (who, url) for page, who, url in page_plan(subjects)}
        if name not in plan or plan[name][1] is None:
            raise CommandError(f"Page inconnue ou absente : {name} (pages : {', '.join(plan)})")
        who, url = plan[name]
        client = signed_in_clients(subjects)[who]
        consume(client.get(url))
        return client, url

    def _queries_of_one(self, subjects, name: str, explain: bool):
        """Where a page's database time goes: each statement of one request with its duration, the
        slowest first (and PostgreSQL's plan with --explain)."""
        client, url = self._warm_client(subjects, name)
        for _ in range(8):  # PostgreSQL plans a prepared statement's first five executions anew
            consume(client.get(url))
        timings = []  # (ms, sql, params): Django's own capture rounds to the millisecond

        def timed_statement(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append(((time.perf_counter() - started) * 1000, sql, params))

        with connection.execute_wrapper(timed_statement):
            consume(client.get(url))
        timings.sort(key=lambda timing: -timing[0])
        self._line(f"bench {name} queries={len(timings)} sql_ms={sum(timing[0] for timing in timings):.1f}")
        for ms, sql, params in timings:
            self._line(f"{ms:7.2f} ms  {readable_sql(sql)}  {params}")
            if explain and sql.lstrip().upper().startswith(("SELECT", "EXECUTE")):
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                    self._line("\n".join(f"          {row[0]}" for row in cursor.fetchall()))

    def _profile_one(self, subjects, name: str, sort: str, match: str = "", callers: bool = False):
        client, url = self._warm_client(subjects, name)
        profile = cProfile.Profile()
        profile.runcall(lambda: consume(client.get(url)))
        # One write: the command's stdout ends every write with a newline, and pstats writes a
        # table cell at a time.
        text = io.StringIO()
        restrictions = (match, 45) if match else (45,)
        stats = pstats.Stats(profile, stream=text).sort_stats(sort)
        if callers:
            stats.print_callers(*restrictions)
        else:
            stats.print_stats(*restrictions)
        self.stdout.write(text.getvalue())

    def _export_memory(self, subjects, pages) -> dict:
        """Python memory at the peak of one export, in this process (flat whatever the rows)."""
        export = pages.get("csv_export") or {"error": "", "skipped": "not in --only"}
        if export["error"] or export.get("skipped"):
            self._line(f"bench csv_export_memory skipped={export['error'] or export['skipped']}")
            return {"skipped": export["error"] or export["skipped"]}
        peak_mb, size = peak_memory_mb(signed_in_clients(subjects)["staff"], export["url"])
        self._line(f"bench csv_export_memory peak_mb={peak_mb:.1f} bytes={size}")
        return {"peak_mb": peak_mb, "bytes": size}

    def _awards(self, subjects, options) -> dict:
        awards = scenarios.bench_awards(
            staff=subjects.staff,
            workers=options["award_workers"],
            places_left=options["award_places"],
            candidates=options["award_candidates"],
        )
        if "skipped" in awards:
            self._line(f"bench awards_concurrent skipped={awards['skipped']}")
            return awards
        check = "ok" if awards["within_quota"] else "OVER-QUOTA"
        self._line(
            f"bench awards_concurrent workers={awards['workers']} candidates={awards['candidates']} "
            f"awarded={awards['awarded']} refused={awards['refused']} awards_per_s={awards['awards_per_s']:.1f} "
            f"decisions_per_s={awards['decisions_per_s']:.1f} quota_check={check} "
            f"(awards {awards['awards_in_tier_after']} / quota {awards['quota']})"
        )
        return awards

    def _outbox(self, options) -> dict:
        purged = scenarios.purge_broker()
        queued = scenarios.bench_queue_messages(count=options["messages"])
        message_ids = queued.pop("message_ids")
        self._line(
            f"bench outbox_queue messages={queued['messages']} queue_s={queued['queue_s']:.2f} "
            f"commit_s={queued['commit_s']:.2f} per_s={queued['messages'] / queued['queue_s']:.0f}"
        )
        bulk = scenarios.bench_queue_messages_bulk(count=options["messages"])
        self._line(
            f"bench outbox_queue_bulk messages={bulk['messages']} queue_s={bulk['queue_s']:.2f} "
            f"per_s={bulk['messages'] / bulk['queue_s']:.0f}"
        )
        outbox = {"queue": queued, "queue_bulk": bulk, "purged_before": purged}
        try:
            outbox["delivery"] = self._delivery(message_ids, options)
        finally:
            outbox["tidy_up"] = tidied = scenarios.tidy_up(message_ids=message_ids)
            self._line(
                f"bench tidy_up messages_deleted={tidied['messages_deleted']} vacuumed={','.join(tidied['vacuumed']) or '-'}"
            )
        return outbox

    def _delivery(self, message_ids: list[int], options) -> dict:
        if not settings.REDIS_URL or connection.vendor != "postgresql":
            reason = "needs REDIS_URL and PostgreSQL (a real worker process)"
            self._line(f"bench outbox_delivery skipped={reason.replace(' ', '_')}")
            return {"skipped": reason}
        _seconds, delivery = timed(scenarios.bench_delivery, message_ids=message_ids, timeout=options["delivery_timeout"])
        self._line(
            f"bench outbox_delivery messages={delivery['messages']} sent={delivery['sent']} "
            f"received_by_smtp={delivery['received_by_smtp']} seconds={delivery['seconds']:.1f} per_s={delivery['per_s']:.1f}"
        )
        return delivery

    def _targets(self, results, options) -> list[dict]:
        targets = []

        def target(name, goal, measured, met):
            targets.append({"name": name, "target": goal, "measured": measured, "met": met})
            self._line(f"target {name} goal={goal.replace(' ', '')} measured={measured} {'PASS' if met else 'FAIL'}")

        if not options["profile"]:
            self._page_targets(results["pages"], target)
        cold = results["guide"]["cold_s"]
        target("guide_render_cold_s", f"<= {GUIDE_COLD_SECONDS_TARGET}", round(cold, 2), cold <= GUIDE_COLD_SECONDS_TARGET)
        awards = results.get("awards", {})
        if "within_quota" in awards:
            target("awards_within_quota", "no award over quota", awards["awards_in_tier_after"], awards["within_quota"])
        for path in ("queue", "queue_bulk") if "outbox" in results else ():
            queue_s = results["outbox"][path]["queue_s"]
            target(f"outbox_{path}_s", f"<= {QUEUE_SECONDS_TARGET}", round(queue_s, 2), queue_s <= QUEUE_SECONDS_TARGET)
        delivery = results.get("outbox", {}).get("delivery", {})
        if "per_s" in delivery:
            target("outbox_delivery_per_s", f">= {DELIVERY_RATE_TARGET}", round(delivery["per_s"], 1),
                   delivery["per_s"] >= DELIVERY_RATE_TARGET)
        if options.get("compare"):
            other = json.loads(Path(options["compare"]).read_text(encoding="utf-8"))["pages"]
            for name, page in results["pages"].items():
                if page.get("queries") is not None and other.get(name, {}).get("queries") is not None:
                    target(f"{name}_queries_same_as_small", f"== {other[name]['queries']}", page["queries"],
                           page["queries"] == other[name]["queries"])
        missed = [t["name"] for t in targets if not t["met"]]
        self._line(f"bench targets met={len(targets) - len(missed)}/{len(targets)} missed={','.join(missed) or '-'}")
        return targets

    @staticmethod
    def _page_targets(pages: dict, target):
        for name, page in pages.items():
            if page["error"]:
                target(f"{name}_measured", "HTTP 200", page["error"], False)
                continue
            audience = AUDIENCE[name]
            if name == "empty_page":
                target("empty_page_ratio_trivial", f"<= {EMPTY_TO_TRIVIAL_TARGET}", round(page["ratio_trivial"], 2),
                       page["ratio_trivial"] <= EMPTY_TO_TRIVIAL_TARGET)
            if audience == PEOPLE:
                target(f"{name}_ratio_empty", f"<= {PEOPLE_RATIO_TARGET}", round(page["ratio_empty"], 2),
                       page["ratio_empty"] <= PEOPLE_RATIO_TARGET)
                target(f"{name}_rps", f">= {PEOPLE_RPS_TARGET}", round(page["rps"]), page["rps"] >= PEOPLE_RPS_TARGET)
            if audience == STAFF:
                target(f"{name}_ratio_empty", f"<= {STAFF_RATIO_TARGET}", round(page["ratio_empty"], 2),
                       page["ratio_empty"] <= STAFF_RATIO_TARGET)
            if audience == EXPORT:
                target(f"{name}_ms", f"<= {EXPORT_MS_TARGET:.0f}", round(page["median_ms"]), page["median_ms"] <= EXPORT_MS_TARGET)
            if page["queries"] is not None:
                target(f"{name}_queries", f"<= {PAGE_QUERIES_TARGET}", page["queries"], page["queries"] <= PAGE_QUERIES_TARGET)
            if name in CONDITIONAL_PAGES:
                target(f"{name}_304", "304 with If-None-Match", page["not_modified_status"], page["not_modified_status"] == 304)


def _ratio(value: float, floor: float | None) -> float | None:
    return value / floor if floor else None


def _figure(value, decimals: int) -> str:
    return "-" if value is None else f"{value:.{decimals}f}"


def _selected(plan, only: str):
    """The plan cut to the pages named in `only` (comma-separated) and the baselines every ratio
    needs; the whole plan when `only` is empty."""
    names = {name.strip() for name in only.split(",") if name.strip()}
    if not names:
        return plan
    return [(name, who, url) for name, who, url in plan if name in names or AUDIENCE[name] == BASELINE]
