import os
import sys

from django.core.wsgi import get_wsgi_application

# The app is the differential test's twin of the reference app (see manage.py).
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tests", "drf", "twins", "profiles"))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
application = get_wsgi_application()
