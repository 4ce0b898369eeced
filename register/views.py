"""Public pages of the register: anyone may read them, signed in or not."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.views.decorators.http import condition, require_GET

from committees.models import SeatKind
from programs.selectors import current_program

from .charts import register_charts
from .forms import RegisterFilterForm
from .opendata import csv_chunks, feed_language, feed_state, json_chunks, kept_register_totals
from .process import SMALL_CELL, criteria_changelog, review_statistics, tiers_with_criteria, year_statistics
from .selectors import award_program_year, filtered_awards, listed_awards, published_award

PAGE_SIZE = 50
# A feed's body is kept under its ETag: any change of the register makes a new ETag (feed_state),
# so a kept body is never out of date, and building one (every grant serialised) is paid once
# per change instead of once per download. Old ETags' bodies simply expire.
FEED_SECONDS = 3600
# Each web process also holds the last body of each feed it served, under the same key: reading
# a few megabytes back from the shared cache on every download cost more than the rest of the
# request. One body per feed and language, so the memory held stays bounded.
_served_feeds: dict[str, tuple[str, bytes]] = {}


@require_GET
def grant_list(request):
    program = current_program()
    form = RegisterFilterForm(request.GET or None, program=program)
    filters = form.filters()
    etag = _etag(request)
    totals = kept_register_totals(filters, program, etag)
    # The pages of the same awards (no second count); their rows are read only when not kept.
    page = Paginator(range(totals.count), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query = query.urlencode()
    page.object_list, results = _kept_results(etag, program, query, page, totals, filters)  # the listed numbers
    return render(request, "register/grant_list.html", {
        "form": form, "page_obj": page, "totals": totals, "results": results, "program": program,
    })


def _kept_results(etag: str, program, query: str, page, totals, filters) -> tuple[list[str], str]:
    """The numbers of the page's awards and its rendered totals, charts and table, kept under the
    register's ETag (which also carries the language) with the program, the filters and the page
    number: a change of the register gives a new ETag, so nothing kept is ever out of date.
    Building them (the 50 rows, the charts, the table) is paid once per change and page instead
    of per view. The rows themselves are not kept: they are printed in the HTML, and unpickling
    fifty model instances cost more than the rest of the cache read."""
    key = "register:page:" + hashlib.sha256(
        f"{etag}:{program and program.pk}:{query}:{page.number}".encode()
    ).hexdigest()
    kept = cache.get(key)
    if kept is None:
        bottom = (page.number - 1) * PAGE_SIZE
        page.object_list = list(listed_awards(filtered_awards(filters))[bottom:bottom + PAGE_SIZE])
        html = render_to_string("register/_results.html", {
            "page_obj": page, "totals": totals, "charts": register_charts(totals), "query": query,
        })
        kept = ([award.number for award in page.object_list], html)
        cache.set(key, kept, timeout=FEED_SECONDS)
    numbers, html = kept
    return numbers, mark_safe(html)  # our own template's output, escaped when it was rendered


@require_GET
def grant_detail(request, number):
    award = published_award(number)
    return render(request, "register/grant_detail.html", {"award": award, "year": award_program_year(award)})


def _state(request):
    """ETag and Last-Modified, computed once per request for the two `condition` callbacks."""
    if not hasattr(request, "_register_feed_state"):
        request._register_feed_state = feed_state(feed_language())
    return request._register_feed_state


def _etag(request):
    return _state(request)[0]


def _last_modified(request):
    return _state(request)[1]


def _kept(feed: str, key: str, chunks):
    """Stream the chunks, and keep the whole body once the last one is sent (a download broken
    off keeps nothing)."""
    parts = []
    for chunk in chunks:
        part = chunk.encode("utf-8")
        parts.append(part)
        yield part
    body = b"".join(parts)
    cache.set(key, body, timeout=FEED_SECONDS)
    _served_feeds[feed] = (key, body)


def _kept_body(feed: str, key: str) -> bytes | None:
    served_key, body = _served_feeds.get(feed, ("", None))
    if served_key == key:
        return body
    body = cache.get(key)
    if body is not None:
        _served_feeds[feed] = (key, body)
    return body


def _feed(request, kind: str, chunks, content_type: str, filename: str):
    """`chunks`: a function giving the feed's text chunks, called only when no body is kept."""
    feed, key = f"{kind}:{feed_language()}", f"register:feed:{kind}:{_etag(request)}"
    body = _kept_body(feed, key)
    content = (body,) if body is not None else _kept(feed, key, chunks())
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_GET
@condition(etag_func=_etag, last_modified_func=_last_modified)
def grants_json(request):
    """The register as a 360Giving JSON package, streamed; 304 when the client's copy is current."""
    language = feed_language()
    return _feed(request, "json", lambda: json_chunks(language, _last_modified(request)),
                 "application/json; charset=utf-8", "dataide-bourses-360giving.json")


@require_GET
@condition(etag_func=_etag, last_modified_func=_last_modified)
def grants_csv(request):
    """The same grants as CSV with the standard's column titles."""
    return _feed(request, "csv", lambda: csv_chunks(feed_language()), "text/csv; charset=utf-8",
                 "dataide-bourses-360giving.csv")


@require_GET
def how_grants_are_awarded(request):
    """« Comment les bourses sont attribuées », generated from the program's data."""
    program = current_program()
    usages = tiers_with_criteria(program) if program else []
    changelog = criteria_changelog(program) if program else {}
    return render(request, "register/process.html", {
        "program": program,
        "tiers": [(usage, changelog.get(usage.tier.pk, [])) for usage in usages],
        "seat_kinds": SeatKind.choices,
        "years": year_statistics(program) if program else [],
        "reviews": review_statistics(program) if program else {},
        "small_cell": SMALL_CELL,
    })
