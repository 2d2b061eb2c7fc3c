"""Uploaded files served by the app (SERVE_MEDIA): whole, or in byte ranges (Safari plays audio only so)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

CONTENT = bytes(range(256)) * 4  # 1024 bytes


@pytest.fixture
def recording(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "voice" / "audio" / "q1"
    folder.mkdir(parents=True)
    (folder / "abc.m4a").write_bytes(CONTENT)
    return "/media/voice/audio/q1/abc.m4a"


def test_it_serves_the_whole_file_and_says_it_takes_ranges(client, recording):
    response = client.get(recording)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "audio/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-1", 0, 1),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
        ("bytes=10-99999", 10, 1023),
    ],
)
def test_it_answers_a_range(client, recording, header, start, end):
    response = client.get(recording, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response.content == CONTENT[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/1024"


@pytest.mark.parametrize("header", ["bytes=2000-", "bytes=5-2", "bytes=-", "items=0-1", "bytes=0-1,5-6"])
def test_it_refuses_a_range_it_cannot_give(client, recording, header):
    response = client.get(recording, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


def test_it_never_leaves_the_media_folder(client, recording, tmp_path):
    (tmp_path.parent / "secret.txt").write_text("TOPSECRET-4711")
    for path in ("/media/../secret.txt", "/media/voice/..%2f..%2f..%2fsecret.txt"):
        for headers in ({}, {"HTTP_RANGE": "bytes=0-1"}):
            response = client.get(path, **headers)
            assert response.status_code in (400, 404)
            assert b"TOPSECRET-4711" not in getattr(response, "content", b"")
    assert client.get("/media/voice/audio/q1/missing.mp3", HTTP_RANGE="bytes=0-1").status_code == 404
