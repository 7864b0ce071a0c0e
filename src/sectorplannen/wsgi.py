import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sectorplannen.conf.production")
application = get_wsgi_application()

# Files a killed server may have left in the upload folder go before the first request (docs/privacy.md).
from sectorplannen.portal.uploads import remove_orphans_at_start  # noqa: E402

remove_orphans_at_start()
