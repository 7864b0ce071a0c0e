"""Finding 9 of the security review: production settings for a TLS proxy, and static files served
by the application (whitenoise)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = """
import json, os
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
call_command("collectstatic", "--noinput", verbosity=0)
client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="localhost")
css = client.get("/static/portal/css/portal.css")
plain = Client(SERVER_NAME="localhost").get("/static/portal/css/portal.css")
print(json.dumps({"proxy": settings.SECURE_PROXY_SSL_HEADER, "redirect": settings.SECURE_SSL_REDIRECT,
                  "css": css.status_code, "plain": plain.status_code,
                  "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE}))
"""


def _run(tmp_path, **env) -> dict:
    environ = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "sectorplannen.conf.production",
               "SECRET_KEY": "x" * 50, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
               "SECTORPLANNEN_DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": "localhost",
               "SECTORPLANNEN_BSN_ENCRYPTION_KEYS": "Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXktLS0=",
               "SECTORPLANNEN_PSEUDONYM_KEY": "74" * 32, **env}
    p = subprocess.run([sys.executable, "-c", SCRIPT], env=environ, capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_behind_a_tls_proxy_static_files_are_served_and_http_redirects(tmp_path):
    got = _run(tmp_path, SECTORPLANNEN_TLS_PROXY="1")
    assert got["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"] and got["redirect"] is True
    assert got["whitenoise"] and got["css"] == 200  # https (through the proxy): the file itself
    assert got["plain"] == 301  # plain http: redirected to https


def test_without_a_proxy_the_header_is_not_trusted(tmp_path):
    got = _run(tmp_path, SECTORPLANNEN_SSL_REDIRECT="0")
    assert got["proxy"] is None and got["redirect"] is False and got["plain"] == 200
