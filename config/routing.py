"""WebSocket routes of every capability; live meetings add theirs here."""

websocket_urlpatterns: list = []
