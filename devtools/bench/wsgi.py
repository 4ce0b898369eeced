"""What the bench's gunicorn serves: the portal (config.settings.bench), and in front of it a bare
WSGI app at BARE_PATH — the floor of any request through gunicorn, Django not involved."""

from config.wsgi import application as django_application

from . import BARE_PATH


def application(environ, start_response):
    if environ.get("PATH_INFO") == BARE_PATH:
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    return django_application(environ, start_response)
