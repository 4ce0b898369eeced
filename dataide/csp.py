"""django-csp's middleware with the policy of the settings built once per process.

On every response django-csp copies its policy parts into a dictionary (`dataclasses.asdict`)
and builds the header from the settings again, twice (enforced and report-only): some 300 Python
calls a response, the same header every time but for the response's nonce. Here a response
without a policy of its own (`@csp_update`, `@csp_replace`, `@csp`) gets the settings'
header built once, with the nonce put in its place; the others are built as django-csp builds
them. The nonce stays one per response, drawn by django-csp. `process_response` repeats
django-csp 4.0's: re-read it on an upgrade (tests/dataide/test_security_headers.py compares
both)."""

import http.client
from dataclasses import asdict
from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

# Django's debug pages run inline scripts: django-csp leaves them without a policy.
_DEBUG_PAGES = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
# (report-only, the header, the response's exemption, the setting of its excluded URL prefixes)
_KINDS = (
    (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
    (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)
_NONCE = "\x00nonce\x00"  # where the response's nonce goes in the header built once


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request, response):
        if response.status_code in _DEBUG_PAGES and settings.DEBUG:
            return response
        for report_only, header, exemption, setting in _KINDS:
            parts = self.get_policy_parts(request=request, response=response, report_only=report_only)
            if parts.config is None and parts.update is None and parts.replace is None:
                policy = _settings_policy(report_only, parts.nonce)
            else:
                policy = build_policy(**asdict(parts), report_only=report_only)
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if (policy and header not in response and getattr(response, exemption, False) is False
                    and not request.path_info.startswith(tuple(excluded))):
                response[header] = policy
        # As django-csp does: a nonce asked for once the header is written would be in no header.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _settings_policy(report_only: bool, nonce: str | None) -> str:
    with_nonce, without = _settings_policies(report_only)
    return nonce.join(with_nonce) if nonce else without


@cache
def _settings_policies(report_only: bool) -> tuple[list[str], str]:
    """(the settings' header split where a nonce goes, the header of a response without nonce)."""
    return build_policy(nonce=_NONCE, report_only=report_only).split(_NONCE), build_policy(report_only=report_only)


def _forget(**kwargs):
    _settings_policies.cache_clear()


setting_changed.connect(_forget)
