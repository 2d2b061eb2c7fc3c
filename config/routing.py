"""WebSocket routes of every capability (live meetings).

Participants' sockets skip the session and user lookup (AuthMiddlewareStack costs a thread hop and a
query per connection, and a participant has no account); the presenter's socket needs the signed-in
member, so only its route is wrapped (a member who still owes the second step of two-factor
authentication, or whose session has run out, is anonymous there). asgi.py puts the origin check in
front of all of them.
"""

from channels.auth import AuthMiddlewareStack
from django.urls import path, re_path

from ouderpartner.accounts.middleware import TwoFactorWebsocketMiddleware
from ouderpartner.live import consumers

websocket_urlpatterns: list = [
    # A participant's phone: the token cookie (path /j/<code>/) comes along with the handshake.
    re_path(
        r"^j/(?P<code>[0-9]{6,8})/socket/$", consumers.ParticipantConsumer.as_asgi(), name="live_participant"
    ),
    # The presenter screen and the remote control of a meeting (members of its workspace only).
    path(
        "w/<slug:ws>/live/sessions/<int:pk>/socket/",
        AuthMiddlewareStack(TwoFactorWebsocketMiddleware(consumers.PresenterConsumer.as_asgi())),
        name="live_presenter",
    ),
]
