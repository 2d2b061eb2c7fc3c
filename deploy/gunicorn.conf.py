"""Gunicorn settings for Ouderpartner in production: uvicorn workers (HTTP and WebSockets) behind nginx."""

import multiprocessing
import os

# nginx talks to this address; never expose it to the internet directly.
bind = os.environ.get("BIND", "127.0.0.1:8000")
# ASGI: one uvicorn event loop per worker. Several workers need REDIS_URL (channel layer and cache).
# config/gunicorn_worker.py: uvicorn_worker.UvicornWorker with 64 KiB WebSocket frames, no compression.
worker_class = "config.gunicorn_worker.Worker"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
# Trust X-Forwarded-* headers only from nginx on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Long-lived WebSocket connections must not be killed as "hung" workers; requests still have nginx's timeouts.
timeout = 60
graceful_timeout = 30
keepalive = 5
# No recycling after N requests: a recycled worker would drop every live-meeting socket it holds (phones
# reconnect and resync, but the room sees a jump). Memory stays flat without it; restart with the deploy.
max_requests = 0
# No access log here: it would hold IP addresses. nginx logs requests without them (see nginx/ouderpartner.conf).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
