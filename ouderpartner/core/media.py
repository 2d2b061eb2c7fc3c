"""Uploaded files served by the app itself (SERVE_MEDIA, the embedded default); in production nginx does it.

Django's own `serve` sends whole files only. Safari (every iPhone) asks for audio in byte ranges and
does not play a recording from a server that ignores them, so single ranges are answered here (206).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
from django.views.static import serve

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
MAX_PART = 2 * 1024 * 1024  # a client may get less than it asked for; it asks again for the rest
# Not every system's mime.types knows these; the only uploads with these names are recordings.
AUDIO_TYPES = {
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "opus": "audio/ogg",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "wav": "audio/wav",
    "webm": "audio/webm",
}


def _range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte asked for, or None when the header is not one satisfiable range."""
    match = RANGE.match(header.strip())
    if not match or not (match.group(1) or match.group(2)) or size == 0:
        return None
    first, last = match.group(1), match.group(2)
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    else:  # "bytes=-500": the last 500 bytes
        start, end = max(size - int(last), 0), size - 1
    if start > end or start >= size:
        return None
    return start, end


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    root = str(settings.MEDIA_ROOT)  # read per request: tests and deployments may move it
    response = serve(request, path, document_root=root)
    content_type = AUDIO_TYPES.get(path.rsplit(".", 1)[-1].lower())
    if content_type and response.status_code == 200:
        response["Content-Type"] = content_type
    response["Accept-Ranges"] = "bytes"
    header = request.META.get("HTTP_RANGE", "")
    if not header or response.status_code != 200:
        return response
    response.close()
    try:
        full_path = Path(safe_join(root, path))
    except ValueError:
        raise Http404 from None
    size = full_path.stat().st_size
    wanted = _range(header, size)
    if wanted is None:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    start, end = wanted
    end = min(end, start + MAX_PART - 1)
    with full_path.open("rb") as file:
        file.seek(start)
        body = file.read(end - start + 1)
    partial = HttpResponse(body, status=206, content_type=response["Content-Type"])
    partial["Content-Range"] = f"bytes {start}-{end}/{size}"
    partial["Accept-Ranges"] = "bytes"
    partial["Last-Modified"] = response["Last-Modified"]
    return partial
