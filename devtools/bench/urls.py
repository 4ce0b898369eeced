"""The project's URLs plus the bench's baselines: a view that does nothing, reached through the same
middleware stack as every page, so a page's ratio to it is the cost of the page itself; and the
floor of every real page — the site's layout for a signed-in person, with nothing in it."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def baseline(request):
    return HttpResponse("ok", content_type="text/plain")


def empty_page(request):
    return render(request, "base.html")


urlpatterns = [
    path("bench/baseline/", baseline, name="bench_baseline"),
    path("bench/page-vide/", empty_page, name="bench_empty_page"),
    *project_urlpatterns,
]
