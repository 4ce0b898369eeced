"""gunicorn's settings file for the production image (`gunicorn -c config/gunicorn.py …` in the
Dockerfile and docker-compose.yml; bind address and workers stay on their command lines)."""

import gunicorn.http.wsgi

# gunicorn has no setting for its `Server` header and writes its product name into every response
# from this module global: a neutral word tells a scanner nothing about the software behind it.
gunicorn.http.wsgi.SERVER = "DATAide"
