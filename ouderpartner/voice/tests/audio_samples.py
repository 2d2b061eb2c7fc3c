"""Small audio files for the tests, built byte by byte the way each format lays out its header.

The WAV is a real, playable tone (made with the standard library); the others carry a real header
(MP3 frame, Ogg page with OpusHead, MP4 boxes with a sound handler, WebM EBML with an Opus track)
followed by silence, which is what the upload check looks at.
"""

from __future__ import annotations

import io
import math
import struct
import wave

from django.core.files.uploadedfile import SimpleUploadedFile


def wav(seconds: float = 0.3, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(
            bytes(128 + int(60 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(int(seconds * rate)))
        )
    return buffer.getvalue()


MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 413  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz


def mp3(with_tag: bool = True) -> bytes:
    tag = b"ID3\x04\x00\x00\x00\x00\x00\x0a" + b"\x00" * 10 if with_tag else b""
    return tag + MP3_FRAME * 3


def aac() -> bytes:
    return b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\x00" * 64  # ADTS: AAC LC, 44.1 kHz


def ogg(codec: bytes = b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00") -> bytes:
    header = b"OggS\x00\x02" + b"\x00" * 8 + b"\x01\x00\x00\x00" + b"\x00" * 8
    return header + bytes([1, len(codec)]) + codec + b"\x00" * 64


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _track(handler: bytes) -> bytes:
    hdlr = _box(b"hdlr", b"\x00" * 8 + handler + b"\x00" * 12 + b"Handler\x00")
    return _box(b"trak", _box(b"mdia", hdlr))


def m4a(*, video: bool = False) -> bytes:
    ftyp = _box(b"ftyp", b"M4A \x00\x00\x00\x00M4A isommp42")
    tracks = _track(b"soun") + (_track(b"vide") if video else b"")
    return ftyp + _box(b"moov", tracks) + _box(b"mdat", b"\x00" * 64)


def webm(*, codec: bytes = b"A_OPUS", video: bool = False) -> bytes:
    ebml = b"\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
    header = b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(ebml)]) + ebml
    tracks = b"\x86" + bytes([0x80 | len(codec)]) + codec
    if video:
        tracks += b"\x86\x85V_VP9"
    return header + b"\x18\x53\x80\x67\x01\x00\x00\x00\x00\x00\x00\x40" + tracks + b"\x00" * 64


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
HTML = b"<!DOCTYPE html><script>alert(1)</script>"


def upload(data: bytes, name: str = "opname.mp3", content_type: str = "audio/mpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
