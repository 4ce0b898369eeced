"""Small helpers the tests share (signing in with MFA, reading pages)."""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.forms.models import model_to_dict
from django.urls import reverse


def enable_totp(user) -> str:
    """Turn on TOTP for a user as allauth does after enrolment; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_totp_code(secret: str, *, valid_for_seconds: float = 0) -> str:
    """The code of the current period; with `valid_for_seconds`, of a period that still has that
    long to run (it waits for the next one): a browser typing it, on a loaded machine, may
    otherwise reach the server in the next period, where the code is refused."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < valid_for_seconds:
        time.sleep(left + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def login_staff(client, user):
    """A staff session that has passed MFA: enrolled, then signed in."""
    enable_totp(user)
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> str:
    """The text of a PDF, with line breaks and (narrow) no-break spaces read as single spaces."""
    import io

    from pypdf import PdfReader

    return " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def at_the_same_moment(work, arguments) -> list:
    """Run `work(argument)` in one thread per argument, released together by a barrier, each on
    its own database connection (real concurrent transactions). Returns one outcome per thread:
    the value `work` returned, or the code of the ValidationError it raised (any other exception
    is returned as is, for the assertion to show)."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection

    barrier = threading.Barrier(len(arguments))
    outcomes, lock = [], threading.Lock()

    def run(argument):
        try:
            barrier.wait()
            outcome = work(argument)
        except ValidationError as error:
            outcome = _first_code(error)
        except Exception as error:  # returned for the test's assertion to show
            outcome = error
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _first_code(error) -> str:
    errors = error.error_list if hasattr(error, "error_list") else [e for es in error.error_dict.values() for e in es]
    return next((e.code for e in errors if e.code), "invalid")


def _form_data(instance, **changes) -> dict:
    """What the admin's change form posts for `instance`, with `changes`."""
    data = {name: value for name, value in model_to_dict(instance).items() if value is not None}
    data.update(changes)
    return {
        name: [getattr(item, "pk", item) for item in value] if isinstance(value, list) else value
        for name, value in data.items()
    }


def post_admin_change(client, instance, **changes):
    """Save `instance` through its admin change form with `changes`, as staff do."""
    opts = instance._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
    return client.post(url, {**_form_data(instance, **changes), "_save": "Enregistrer"})


_CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def without_csrf(html) -> str:
    """The HTML with its CSRF tokens blanked: every response masks the token afresh."""
    return _CSRF_VALUE.sub('name="csrfmiddlewaretoken" value=""', str(html))


def comparable(html) -> str:
    """`same_markup` of the HTML without its CSRF tokens: printed rows against their former template."""
    return same_markup(without_csrf(html))


def same_markup(html: str) -> str:
    """HTML with the whitespace between tags and inside them collapsed (what the browser ignores),
    for comparing markup printed from Python with its former template."""
    return re.sub(r"\s+", " ", re.sub(r"\s+>", ">", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)))).strip()
