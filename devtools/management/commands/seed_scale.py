"""Fill the configured database with the scale dataset of the benchmarks (see devtools.bench.scale).

Refuses to run twice: with scale data present it stops unless --reset is given, which first
deletes the scale data — and only it: demo data and real data are never touched.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools.bench.scale import ScaleSeeder, Sizes, delete_scale_data, has_scale_data, scale_cohorts

DEFAULTS = Sizes()


class Command(BaseCommand):
    help = "Crée un jeu de données à grande échelle pour les mesures de performance (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--organismes", type=int, default=DEFAULTS.organismes)
        parser.add_argument("--attendances", type=int, default=DEFAULTS.attendances, help="présences aux webinaires")
        parser.add_argument("--applications", type=int, default=DEFAULTS.applications)
        parser.add_argument("--committees", type=int, default=DEFAULTS.committees)
        parser.add_argument("--scores", type=int, default=DEFAULTS.scores, help="notes par critère")
        parser.add_argument("--messages", type=int, default=DEFAULTS.messages, help="courriels de l'outbox")
        parser.add_argument("--cohorts", type=int, default=DEFAULTS.cohorts, help="cohortes Nord Ouvert (30 organismes)")
        parser.add_argument("--batch-size", type=int, default=DEFAULTS.batch_size)
        parser.add_argument("--seed", type=int, default=2026, help="graine du hasard (jeu reproductible)")
        parser.add_argument(
            "--reset", action="store_true", help="supprime d'abord les données d'échelle existantes (et seulement elles)"
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="ne fait rien si des données d'échelle existent déjà (make bench)"
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        if has_scale_data():
            if options["if_missing"] and not options["reset"]:
                self.stdout.write("seed_scale: scale data already loaded, kept (use --reset to replace it).")
                if not scale_cohorts().exists() and options["cohorts"]:
                    # A set loaded before the cohorts were part of it: add them, not the rest again.
                    totals = ScaleSeeder(sizes=Sizes(cohorts=options["cohorts"]), seed=options["seed"],
                                         write=self.stdout.write).add_cohorts()
                    self.stdout.write(f"seed_scale: cohorts added: cohort_enrolments={totals['cohort_enrolments']}")
                return
            if not options["reset"]:
                raise CommandError("Des données d'échelle existent déjà : relancez avec --reset pour les remplacer.")
            deleted = delete_scale_data()
            self.stdout.write(
                f"Données d'échelle supprimées en {time.perf_counter() - started:.1f} s : "
                + ", ".join(f"{name} {count}" for name, count in deleted.items())
            )
        sizes = Sizes(**{name: options[name] for name in DEFAULTS.__dataclass_fields__})
        if sizes.organismes < 1:
            raise CommandError("Il faut au moins un organisme.")
        loading = time.perf_counter()
        try:
            totals = ScaleSeeder(sizes=sizes, seed=options["seed"], write=self.stdout.write).run()
        except ValueError as error:
            raise CommandError(str(error)) from None
        if connection.vendor == "postgresql":
            # What autovacuum would do soon after such a load: fresh planner statistics (and the
            # visibility map), so the bench measures the plans production would get.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        elapsed = time.perf_counter() - loading
        self.stdout.write(self.style.SUCCESS(
            f"seed_scale loaded in {elapsed:.1f} s: " + " ".join(f"{name}={count}" for name, count in totals.items())
        ))
