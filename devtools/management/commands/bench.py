"""Measure the portal against the configured database (PostgreSQL when DATABASE_URL is set) and the
scale set of `seed_scale`: pages, concurrent awards, the guide PDF, the outbox. Prints one line per
measurement (`bench <name> …`) and writes every figure to a JSON file so runs can be compared.

Targets are reported, never asserted: see README « Benchmarks »."""

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import translation

from devtools.bench import scenarios
from devtools.bench.measure import PageResult, measure_page, peak_memory_mb, timed
from devtools.bench.pages import MissingScaleData, Subjects, missing_url_reason, page_plan
from devtools.bench.scale import dataset_sizes

PAGE_RATIO_TARGET = 3.0
PAGE_QUERIES_TARGET = 15
EXPORT_SECONDS_TARGET = 10.0
GUIDE_DOWNLOAD_RATIO_TARGET = 2.0
GUIDE_COLD_SECONDS_TARGET = 2.0
QUEUE_SECONDS_TARGET = 5.0
DELIVERY_RATE_TARGET = 50.0
# Not pages of the portal: held to their own targets below.
NOT_PAGES = {"baseline", "empty_page", "csv_export", "guide_download"}


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
        parser.add_argument("--requests", type=int, default=30, help="requêtes mesurées par page")
        parser.add_argument("--warmup", type=int, default=3, help="requêtes de mise en route par page")
        parser.add_argument("--export-requests", type=int, default=3, help="requêtes mesurées pour l'export CSV")
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
        results["pages"] = self._pages(subjects, options)
        results["csv_export_memory"] = self._export_memory(subjects, results["pages"])
        self._line(
            f"bench guide_render cold_ms={results['guide']['cold_s'] * 1000:.0f} "
            f"warm_ms={(results['guide']['warm_median_s'] or 0) * 1000:.0f}"
        )
        results["awards"] = self._awards(subjects, options)
        results["outbox"] = self._outbox(options)
        results["targets"] = self._targets(results, options.get("compare"))
        return results

    def _pages(self, subjects, options) -> dict:
        pages = {}
        baseline = None
        for name, client, url in page_plan(subjects):
            if url is None:
                result = PageResult(name=name, url="", skipped=missing_url_reason(name))
            else:
                export = name == "csv_export"
                result = measure_page(
                    name, client, url,
                    requests=options["export_requests"] if export else options["requests"],
                    warmup=1 if export else options["warmup"],
                )
            if name == "baseline":
                baseline = result.median_ms or None
            if baseline and not (result.error or result.skipped):
                result.ratio = result.median_ms / baseline
            pages[name] = result.as_dict()
            self._line(result.line())
        return pages

    def _export_memory(self, subjects, pages) -> dict:
        export = pages["csv_export"]
        if export["error"] or export["skipped"]:
            self._line(f"bench csv_export_memory skipped={export['error'] or export['skipped']}")
            return {"skipped": export["error"] or export["skipped"]}
        client = next(client for name, client, _url in page_plan(subjects) if name == "csv_export")
        peak_mb, size = peak_memory_mb(client, export["url"])
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
        if not settings.REDIS_URL or connection.vendor != "postgresql":
            reason = "needs REDIS_URL and PostgreSQL (a real worker process)"
            self._line(f"bench outbox_delivery skipped={reason.replace(' ', '_')}")
            outbox["delivery"] = {"skipped": reason}
            return outbox
        seconds, delivery = timed(scenarios.bench_delivery, message_ids=message_ids, timeout=options["delivery_timeout"])
        outbox["delivery"] = delivery
        self._line(
            f"bench outbox_delivery messages={delivery['messages']} sent={delivery['sent']} "
            f"received_by_smtp={delivery['received_by_smtp']} seconds={delivery['seconds']:.1f} per_s={delivery['per_s']:.1f}"
        )
        return outbox

    def _targets(self, results, compare_path) -> list[dict]:
        pages = results["pages"]
        targets = []

        def target(name, goal, measured, met):
            targets.append({"name": name, "target": goal, "measured": measured, "met": met})

        for name, page in pages.items():
            if page["skipped"] or page["error"]:
                target(name, "page measured", page["skipped"] or page["error"], False)
                continue
            if name not in NOT_PAGES:
                target(f"{name} ratio", f"<= {PAGE_RATIO_TARGET}", round(page["ratio"], 2), page["ratio"] <= PAGE_RATIO_TARGET)
                target(f"{name} queries", f"<= {PAGE_QUERIES_TARGET}", page["queries"], page["queries"] <= PAGE_QUERIES_TARGET)
        export = pages["csv_export"]
        if not (export["skipped"] or export["error"]):
            target("csv_export seconds", f"<= {EXPORT_SECONDS_TARGET}", round(export["median_ms"] / 1000, 2),
                   export["median_ms"] / 1000 <= EXPORT_SECONDS_TARGET)
        guide = pages["guide_download"]
        if guide["ratio"] is not None:
            target("guide_download ratio", f"<= {GUIDE_DOWNLOAD_RATIO_TARGET}", round(guide["ratio"], 2),
                   guide["ratio"] <= GUIDE_DOWNLOAD_RATIO_TARGET)
        cold = results["guide"]["cold_s"]
        target("guide_render cold seconds", f"<= {GUIDE_COLD_SECONDS_TARGET}", round(cold, 2), cold <= GUIDE_COLD_SECONDS_TARGET)
        awards = results["awards"]
        if "within_quota" in awards:
            target("awards within quota", "no award over quota", awards["awards_in_tier_after"], awards["within_quota"])
        for path in ("queue", "queue_bulk"):
            queue_s = results["outbox"][path]["queue_s"]
            target(f"outbox {path} seconds", f"<= {QUEUE_SECONDS_TARGET}", round(queue_s, 2), queue_s <= QUEUE_SECONDS_TARGET)
        delivery = results["outbox"]["delivery"]
        if "per_s" in delivery:
            target("outbox delivery per second", f">= {DELIVERY_RATE_TARGET}", round(delivery["per_s"], 1),
                   delivery["per_s"] >= DELIVERY_RATE_TARGET)
        if compare_path:
            other = json.loads(Path(compare_path).read_text(encoding="utf-8"))["pages"]
            for name, page in pages.items():
                if name in other and not (page["skipped"] or page["error"] or other[name].get("skipped")):
                    target(f"{name} queries same as {Path(compare_path).name}", other[name]["queries"], page["queries"],
                           page["queries"] == other[name]["queries"])
        missed = [t["name"] for t in targets if not t["met"]]
        self._line(f"bench targets met={len(targets) - len(missed)}/{len(targets)} missed={','.join(missed) or '-'}")
        return targets
