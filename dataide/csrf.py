"""One masked CSRF token per response, masked cheaply.

Django's get_token masks the secret anew on every call, and a page whose panels print their forms
from Python called it once per panel, then once more for the template's `{% csrf_token %}`. The
mask protects the secret from compression attacks reading one response (BREACH), which every form
of that response can share, as the template's own token already was; the secret itself is
Django's, unchanged.

Django draws the mask a character at a time (`secrets.choice`, 32 times) and adds it to the
secret through two generators: some 490 Python calls on every page, since every page has a form
(the language switcher). `_masked` draws the same uniformly random mask as one number below
62³² (`secrets.randbelow`) and adds it in one pass: the token Django's `_unmask_cipher_token`
reads (re-read Django's `_mask_cipher_secret` on an upgrade; tests/dataide/test_csrf.py checks)."""

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

_KEPT = "_dataide_csrf_token"  # (the secret it masks, the masked token) on the request
_BASE = len(CSRF_ALLOWED_CHARS)
_DIGIT = {char: digit for digit, char in enumerate(CSRF_ALLOWED_CHARS)}
_PLACES = [_BASE**place for place in range(CSRF_SECRET_LENGTH)]
_MASKS = _BASE**CSRF_SECRET_LENGTH  # every mask of CSRF_SECRET_LENGTH characters


def csrf_token(request) -> str:
    """get_token(request), masked once for the request: again only if the secret changed since
    (rotate_token, at sign-in)."""
    secret = request.META.get("CSRF_COOKIE")
    kept = getattr(request, _KEPT, None)
    if kept is not None and kept[0] == secret:
        return kept[1]
    if secret is None:
        token = get_token(request)  # a first visit: Django draws the secret and sets its cookie
    else:
        # As get_token does: the cookie is sent again, so that its expiry is renewed.
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
        token = _masked(secret)
    setattr(request, _KEPT, (request.META.get("CSRF_COOKIE"), token))
    return token


def _masked(secret: str) -> str:
    """Django's _mask_cipher_secret(secret): a random mask, then each character of the secret
    moved along the allowed characters by the mask's character at its place."""
    number = secrets.randbelow(_MASKS)
    mask = [number // place % _BASE for place in _PLACES]
    return "".join([CSRF_ALLOWED_CHARS[digit] for digit in mask]) + "".join(
        [CSRF_ALLOWED_CHARS[(_DIGIT[char] + digit) % _BASE] for char, digit in zip(secret, mask, strict=True)]
    )


def context(request) -> dict:
    """Context processor: the templates' `{% csrf_token %}` writes the same token as the forms
    printed from Python (it overrides Django's built-in processor, which masks its own)."""
    return {"csrf_token": SimpleLazyObject(lambda: csrf_token(request))}
