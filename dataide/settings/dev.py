from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Without an SMTP server configured, development prints e-mails to the console.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
