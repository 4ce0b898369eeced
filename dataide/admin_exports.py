"""« Exporter (CSV) » on admin lists: the rows the list shows — same filters, same search, same
regional limits — streamed to the browser, or, above `async_threshold()` rows, written by a Celery
task into private storage and downloaded from a link the admin gives at once.

A ModelAdmin opts in with `CsvExportAdminMixin`, `export_columns` (dataide.exports.Column list)
and `export_prefix` (the file name's start). The task rebuilds the list from the admin itself, so
a background export can never hold rows the person could not see in the list."""

import re
import tempfile
from functools import partial
from uuid import uuid4

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.files import File
from django.db import transaction
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from dataide.storage import list_folder, private_storage, stored_file_response

from .exports import async_threshold, csv_filename, streaming_csv_response, write_csv

EXPORT_ROOT = "exports"
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def export_directory(user_id: int, token: str) -> str:
    # Files are kept per person: only the one who asked can download theirs.
    return f"{EXPORT_ROOT}/{user_id}/{token}"


def _request_for(user, querystring: str) -> HttpRequest:
    request = HttpRequest()
    request.method = "GET"
    request.user = user
    request.GET = QueryDict(querystring)
    return request


def write_admin_export(*, model_admin, user, querystring: str, ids, token: str) -> str:
    """Write the list `user` sees at `querystring` (only `ids` when given) into private storage;
    returns the stored name."""
    queryset = model_admin.export_queryset(_request_for(user, querystring), ids)
    with tempfile.TemporaryFile() as spool:
        write_csv(queryset, model_admin.export_columns, spool)
        spool.seek(0)
        name = f"{export_directory(user.pk, token)}/{csv_filename(model_admin.export_prefix)}"
        return private_storage().save(name, File(spool, name=name))


class CsvExportAdminMixin:
    export_columns: list = []
    export_prefix = "export"
    change_list_template = "admin/dataide/export_change_list.html"
    actions = ["export_selection"]

    def _url_name(self, suffix: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def get_urls(self):
        return [
            path("export/", self.admin_site.admin_view(self.export_view), name=self._url_name("export")),
            path(
                "export/<str:token>/",
                self.admin_site.admin_view(self.export_download_view),
                name=self._url_name("export_download"),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        export_url = reverse(f"admin:{self._url_name('export')}")
        if request.GET:
            export_url += "?" + request.GET.urlencode()
        return super().changelist_view(request, {"export_url": export_url, **(extra_context or {})})

    def export_queryset(self, request, ids=None):
        """The admin list's rows for this request (filters, search, ordering, regional limits)."""
        queryset = self.get_changelist_instance(request).queryset
        return queryset.filter(pk__in=ids) if ids is not None else queryset

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        try:
            queryset = self.export_queryset(request)
        except IncorrectLookupParameters:
            messages.error(request, _("Les filtres de la liste ne sont pas valides : l'export n'a pas été produit."))
            return redirect(f"admin:{self._url_name('changelist')}")
        return self.export_response(request, queryset, querystring=request.GET.urlencode())

    @admin.action(description=gettext_lazy("Exporter la sélection (CSV)"))
    def export_selection(self, request, queryset):
        selected_all = request.POST.get("select_across") == "1"
        ids = None if selected_all else list(queryset.values_list("pk", flat=True))
        return self.export_response(request, queryset, querystring=request.GET.urlencode(), ids=ids)

    def export_response(self, request, queryset, *, querystring: str, ids=None):
        count = queryset.count()
        if count <= async_threshold():
            return streaming_csv_response(queryset, self.export_columns, self.export_prefix)
        token = self._start_background_export(request, querystring=querystring, ids=ids, count=count)
        download_url = reverse(f"admin:{self._url_name('export_download')}", args=[token])
        messages.info(
            request,
            format_html(
                "{} <a href=\"{}\">{}</a>",
                ngettext(
                    "L'export de %(count)s ligne est en préparation.",
                    "L'export de %(count)s lignes est en préparation.",
                    count,
                ) % {"count": count},
                download_url,
                _("Télécharger le fichier (prêt dans quelques minutes)"),
            ),
        )
        changelist = reverse(f"admin:{self._url_name('changelist')}")
        return redirect(f"{changelist}?{querystring}" if querystring else changelist)

    def _start_background_export(self, request, *, querystring: str, ids, count: int) -> str:
        from dataide.broker import queue_task
        from dataide.tasks import build_admin_export

        token = uuid4().hex
        with transaction.atomic():
            record_event(
                actor=request.user, action=AuditEventType.EXPORT_REQUESTED, model=self.opts.label, filters=querystring,
                rows=count, token=token,
            )
            transaction.on_commit(
                partial(queue_task, build_admin_export, self.opts.label, request.user.pk, querystring, ids, token,
                        get_language())
            )
        return token

    def export_download_view(self, request, token):
        if not self.has_view_permission(request) or not TOKEN.match(token):
            raise Http404
        storage = private_storage()
        directory = export_directory(request.user.pk, token)
        files = list_folder(storage, directory)[1]
        if not files:
            messages.info(request, _("Le fichier n'est pas encore prêt : réessayez dans quelques instants."))
            return redirect(f"admin:{self._url_name('changelist')}")
        return stored_file_response(
            storage, f"{directory}/{files[0]}", filename=files[0], content_type="text/csv; charset=utf-8",
        )
