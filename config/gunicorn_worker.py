"""gunicorn's worker for Ouderpartner (deploy/gunicorn.conf.py): uvicorn-worker with the options `make run`
passes to uvicorn, so production sockets behave as the measured ones (docs/live-realtime.md).

- `ws_max_size`: uvicorn refuses WebSocket frames over 64 KiB before reading them (its default is 16 MiB);
  the consumers close anything over 4,096 characters anyway.
- `ws_per_message_deflate`: off. Compressing thousands of small frames costs CPU per socket and memory
  per connection; the messages are a few hundred bytes.
- `lifespan`: off. Django's ASGI handler has no lifespan events (uvicorn would only log that).
"""

from uvicorn_worker import UvicornWorker


class Worker(UvicornWorker):
    CONFIG_KWARGS = {
        **UvicornWorker.CONFIG_KWARGS,
        "lifespan": "off",
        "ws_max_size": 65536,
        "ws_per_message_deflate": False,
    }
