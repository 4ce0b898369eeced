"""Small helpers the tests share (signing in with MFA, reading pages)."""

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)


def enable_totp(user) -> str:
    """Turn on TOTP for a user as allauth does after enrolment; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_totp_code(secret: str) -> str:
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
