"""One masked CSRF token per response.

Django's get_token masks the secret anew on every call (32 random characters: some 500 Python
calls), and a page whose panels print their forms from Python called it once per panel, then once
more for the template's `{% csrf_token %}`. The mask protects the secret from compression attacks
reading one response (BREACH), which every form of that response can share, as the template's
own token already was; the secret itself is Django's, unchanged."""

from django.middleware.csrf import get_token
from django.utils.functional import SimpleLazyObject

_KEPT = "_dataide_csrf_token"  # (the secret it masks, the masked token) on the request


def csrf_token(request) -> str:
    """get_token(request), masked once for the request: again only if the secret changed since
    (rotate_token, at sign-in)."""
    kept = getattr(request, _KEPT, None)
    if kept is not None and kept[0] == request.META.get("CSRF_COOKIE"):
        return kept[1]
    token = get_token(request)
    setattr(request, _KEPT, (request.META.get("CSRF_COOKIE"), token))
    return token


def context(request) -> dict:
    """Context processor: the templates' `{% csrf_token %}` writes the same token as the forms
    printed from Python (it overrides Django's built-in processor, which masks its own)."""
    return {"csrf_token": SimpleLazyObject(lambda: csrf_token(request))}
