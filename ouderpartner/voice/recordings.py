"""Recordings of questionnaire texts: recognising audio files, where they are stored, and reading them back.

A recording is kept in the default storage under voice/audio/q<questionnaire id>/ and its storage path
is written in the `audio` JSON of the text's owner: Question.audio and Option.audio are {language: path},
Questionnaire.audio is {"title" | "intro" | "thank_you": {language: path}}. A value that is not such a
path is the bare file name an XLSForm named in its `audio` column: the recording is expected but was
never uploaded ("recording missing — upload it"), so nothing plays. The writes are in services.py.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

AUDIO_ROOT = "voice/audio/"
MAX_AUDIO_BYTES = 5 * 1024 * 1024
MAX_NAME_LENGTH = 200
HEADER_SCAN_BYTES = 64 * 1024  # a WebM file names its tracks' codecs near the start
QUESTIONNAIRE_TEXTS = {
    "title": gettext_lazy("Title"),
    "intro": gettext_lazy("Introduction"),
    "thank_you": gettext_lazy("Thank-you text"),
}
ACCEPT = "audio/mpeg,audio/ogg,audio/mp4,audio/aac,audio/wav,audio/webm,.mp3,.ogg,.opus,.m4a,.aac,.wav,.webm"

# MPEG-1/2/2.5 audio: 11 sync bits, a version that is not "reserved", layer I-III, a usable bit rate
# and sampling rate. ADTS (raw AAC) has 12 sync bits and layer 00.
_MP4_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"dash"}
_WEBM_VIDEO = re.compile(rb"V_(?:VP8|VP9|AV1|MPEG|MS|THEORA|UNCOMPRESSED)")


def _is_mpeg_frame(head: bytes) -> bool:
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version = (head[1] >> 3) & 0b11
    layer = (head[1] >> 1) & 0b11
    bitrate = head[2] >> 4
    sampling = (head[2] >> 2) & 0b11
    return version != 0b01 and layer != 0b00 and bitrate not in (0b0000, 0b1111) and sampling != 0b11


def _is_adts(head: bytes) -> bool:
    return len(head) >= 7 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0 and (head[2] >> 2) & 0x0F < 13


def _after_id3(data: bytes) -> bytes:
    """The bytes after an ID3v2 tag (its size is four 7-bit bytes; a footer adds ten)."""
    size = 0
    for byte in data[6:10]:
        if byte & 0x80:
            return b""
        size = (size << 7) | byte
    end = 10 + size + (10 if data[5] & 0x10 else 0)
    rest = data[end:]
    # Some encoders pad after the tag with zero bytes before the first frame.
    return rest.lstrip(b"\x00")


def _mp4_tracks(data: bytes) -> set[bytes]:
    """The handler types (b"soun", b"vide", …) of an MP4/M4A file's tracks."""
    return {match.group(1) for match in re.finditer(rb"hdlr.{8}(soun|vide)", data, re.S)}


def sniff_audio(data: bytes) -> str | None:
    """The file extension for audio we accept (by its content, never its name), else None.

    MP3, Ogg (Opus or Vorbis), M4A/MP4 with sound and no picture, raw AAC (ADTS), WAV and WebM
    with an audio codec and no video codec.
    """
    if data.startswith(b"ID3") and len(data) > 10:
        return "mp3" if _is_mpeg_frame(_after_id3(data)) else None
    if _is_adts(data):
        return "aac"
    if _is_mpeg_frame(data):
        return "mp3"
    if data.startswith(b"OggS") and len(data) > 27:
        # The first page's first packet names the codec; it follows the 27-byte header and segment table.
        start = 27 + data[26]
        first_packet = data[start : start + 8]
        if first_packet.startswith((b"OpusHead", b"\x01vorbis")):
            return "ogg"
        return None
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in _MP4_AUDIO_BRANDS:
        tracks = _mp4_tracks(data)
        return "m4a" if b"soun" in tracks and b"vide" not in tracks else None
    if len(data) >= 12 and data.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return "wav"
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        header = data[:64]
        if b"\x42\x82\x84webm" not in header and b"\x42\x82\x88matroska" not in header:
            return None
        tracks = data[:HEADER_SCAN_BYTES]
        if _WEBM_VIDEO.search(tracks) or not re.search(rb"A_(?:OPUS|VORBIS)", tracks):
            return None
        return "webm"
    return None


def validate_audio(audio: Any) -> str:
    """Check an uploaded file is a recording we can play (size, then content); return its extension."""
    size = getattr(audio, "size", None)
    if size is not None and size > MAX_AUDIO_BYTES:
        raise ValidationError(
            {
                "audio": _(
                    "The recording is too large: at most 5 MB. Make it shorter or smaller and try again."
                )
            }
        )
    audio.seek(0)
    data = audio.read(MAX_AUDIO_BYTES + 1)
    audio.seek(0)
    if not data:
        raise ValidationError({"audio": _("The file is empty. Choose a recording.")})
    if len(data) > MAX_AUDIO_BYTES:
        raise ValidationError(
            {
                "audio": _(
                    "The recording is too large: at most 5 MB. Make it shorter or smaller and try again."
                )
            }
        )
    extension = sniff_audio(data)
    if extension is None:
        raise ValidationError(
            {
                "audio": _(
                    "This is not a recording we can play. Upload an MP3, Ogg (Opus), M4A (AAC), WAV or "
                    "WebM audio file."
                )
            }
        )
    return extension


def new_path(questionnaire_id: int, extension: str) -> str:
    """A fresh, unguessable name in the questionnaire's own folder."""
    return f"{AUDIO_ROOT}q{questionnaire_id}/{secrets.token_urlsafe(12)}.{extension}"


def is_stored(questionnaire_id: int, value: object) -> bool:
    """True for a path this app stored for this questionnaire; never for an imported file name."""
    folder = f"{AUDIO_ROOT}q{questionnaire_id}/"
    return (
        isinstance(value, str)
        and value.startswith(folder)
        and "/" not in value[len(folder) :]
        and ".." not in value
    )


def imported_name(value: object) -> str:
    """A file name from an XLSForm, reduced to its last part (it can never look like a stored path)."""
    if not isinstance(value, str):
        return ""
    name = re.split(r"[\\/]", value.strip())[-1].strip()
    return name[:MAX_NAME_LENGTH]


def url(questionnaire_id: int, value: object) -> str:
    """The URL a browser plays the recording from, or "" when there is no uploaded recording."""
    return default_storage.url(value) if is_stored(questionnaire_id, value) else ""


@dataclass(frozen=True)
class Recording:
    """One text × language: its recording's URL, or the imported name of one still to upload."""

    url: str = ""
    missing_name: str = ""

    @property
    def exists(self) -> bool:
        return bool(self.url)


def recording(questionnaire_id: int, value: object) -> Recording:
    if is_stored(questionnaire_id, value):
        return Recording(url=default_storage.url(value))
    if isinstance(value, str) and value:
        return Recording(missing_name=value)
    return Recording()


def delete_files(paths: list[str]) -> None:
    """Remove stored recordings (after the change that dropped them is committed); gone already is fine."""
    for path in paths:
        if path.startswith(AUDIO_ROOT) and ".." not in path:
            default_storage.delete(path)
