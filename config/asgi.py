"""ASGI entry point: Django for HTTP, Channels for WebSockets (routes in config/routing.py)."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Only pages of our own hosts may open sockets (ALLOWED_HOSTS); the presenter's route adds the
        # signed-in user itself (routing.py).
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
    }
)

# Load every view now rather than on the first request (which may be a burst of participants joining).
get_resolver().url_patterns  # noqa: B018

# Everything loaded so far (Django, the apps, the URL configuration) lives as long as the process: move
# it out of the garbage collector's way, so full collections stay short (REALTIME.md, pitfall 3). The
# live hub freezes again as sockets come in (ouderpartner/live/realtime.py).
gc.collect()
gc.freeze()
