"""One masked CSRF token per response (dataide.csrf): the organisme dashboard's forms printed from
Python (start a demande, register to a webinar) and its template's own (sign out) carry the same
token, which Django accepts; the next response gets another mask, and a rotated secret (sign-in) a
token of the new secret."""

import re
from datetime import timedelta

import pytest
from django.middleware.csrf import _unmask_cipher_token, rotate_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from dataide.csrf import csrf_token
from tests.applications.factories import eligible_organisme
from tests.organismes.factories import member_of
from tests.trainings.factories import WebinarSessionFactory
from trainings.models import WebinarRegistration

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_every_form_of_a_page_carries_one_token_that_django_accepts():
    organisme = eligible_organisme()  # may apply: a form to start a demande
    webinar = WebinarSessionFactory(starts_at=timezone.now() + timedelta(days=3))  # a form to register
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_of(organisme))
    page = client.get(reverse("organismes:dashboard")).content.decode()
    assert f'action="{reverse("trainings:register", args=[webinar.pk])}"' in page
    assert f'action="{reverse("applications:start")}"' in page
    tokens = TOKEN.findall(page)
    assert len(tokens) >= 3 and len(set(tokens)) == 1

    answer = client.post(reverse("trainings:register", args=[webinar.pk]), {"csrfmiddlewaretoken": tokens[0]})
    assert answer.status_code == 302 and WebinarRegistration.objects.filter(webinar=webinar, organisme=organisme).exists()
    again = TOKEN.findall(client.get(reverse("organismes:dashboard")).content.decode())
    assert again[0] != tokens[0] and _unmask_cipher_token(again[0]) == _unmask_cipher_token(tokens[0])


def test_a_rotated_secret_gets_a_token_of_its_own():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "a" * 32
    first = csrf_token(request)
    assert csrf_token(request) == first and _unmask_cipher_token(first) == "a" * 32
    rotate_token(request)
    rotated = csrf_token(request)
    assert _unmask_cipher_token(rotated) == request.META["CSRF_COOKIE"] != "a" * 32
