"""One masked CSRF token per response (dataide.csrf): the organisme dashboard's forms printed from
Python (start a demande, register to a webinar) and its template's own (sign out) carry the same
token, which Django accepts; the next response gets another mask, and a rotated secret (sign-in) a
token of the new secret. The mask is drawn as Django draws it, uniformly, and the cookie is renewed
as Django's get_token renews it."""

import re
from datetime import timedelta

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _get_new_csrf_string, _unmask_cipher_token, rotate_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from dataide.csrf import _masked, csrf_token
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


def test_a_token_is_one_django_unmasks_with_a_mask_of_every_character_at_every_place():
    secret = _get_new_csrf_string()
    tokens = [_masked(secret) for _ in range(2000)]
    assert all(len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS) for token in tokens)
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    # 2 000 masks miss a given character at a given place once in 10¹⁴: a mask drawn from fewer
    # characters at some place misses some (it does not tell whether places are independent:
    # that rests on the mask being one number below 62³² read digit by digit).
    assert all({token[place] for token in tokens} == set(CSRF_ALLOWED_CHARS) for place in range(32))


def test_a_page_with_a_form_renews_the_csrf_cookie_as_djangos_token_does():
    client = Client()
    client.get(reverse("portal:help"))
    secret = client.cookies["csrftoken"].value
    response = client.get(reverse("portal:help"))
    assert response.cookies["csrftoken"].value == secret
    assert _unmask_cipher_token(TOKEN.search(response.content.decode()).group(1)) == secret
