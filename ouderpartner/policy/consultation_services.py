"""Writes and rules of the parents' consultation: is it open, rate limits, sending comments, moderation,
and the link and QR code a coordinator shares.

Nothing here identifies a parent. The client's IP address is used only as part of a keyed hash in
the cache for rate limiting, for at most ten minutes, and never stored. A parent's comments are
saved waiting for moderation; what looks like personal data is flagged in the queue, not refused.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.policy.models import MAX_COMMENT_LENGTH, Ambition, ConsultationComment, PolicyFramework
from ouderpartner.voice.personal_data import find_personal_data

Reaction = ConsultationComment.Reaction
Status = ConsultationComment.Status
OPEN = "open"
CLOSED = "closed"
RATE_WINDOW_SECONDS = 10 * 60
RATE_PER_CLIENT = 20  # sent consultations per client per window (a shared phone at a coffee morning)
RATE_PER_FRAMEWORK = 3000
DECISIONS = (Status.APPROVED, Status.HIDDEN)
MAX_BATCH = 100


# --- Open or closed ----------------------------------------------------------------------------


def consultation_state(framework: PolicyFramework, *, today: datetime.date | None = None) -> str:
    """Open while the framework is in consultation and the closing day has not come yet."""
    if framework.status != PolicyFramework.Status.CONSULTATION:
        return CLOSED
    today = today or timezone.localdate()
    if framework.consultation_closes_on is not None and today >= framework.consultation_closes_on:
        return CLOSED
    return OPEN


def last_day(framework: PolicyFramework) -> datetime.date | None:
    """The last day parents can react (the day before the closing day), or None when no day is set."""
    if framework.consultation_closes_on is None:
        return None
    return framework.consultation_closes_on - datetime.timedelta(days=1)


# --- Rate limiting -----------------------------------------------------------------------------


def _window_count(key: str) -> int:
    window = int(time.time() // RATE_WINDOW_SECONDS)
    full_key = f"policy:consultation:rate:{key}:{window}"
    cache.add(full_key, 0, RATE_WINDOW_SECONDS)
    try:
        return cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, RATE_WINDOW_SECONDS)
        return 1


def client_key(client_address: str, framework: PolicyFramework) -> str:
    """A one-way, keyed hash of the address and the framework; only ever kept in the cache."""
    material = f"{settings.SECRET_KEY}|consultation|{client_address}|{framework.pk}".encode()
    return hashlib.sha256(material).hexdigest()


def comments_send_allowed(*, framework: PolicyFramework, client_address: str) -> bool:
    """Count one sending for this client and framework; False when over a limit."""
    if _window_count(f"c:{client_key(client_address, framework)}") > RATE_PER_CLIENT:
        return False
    return _window_count(f"f:{framework.pk}") <= RATE_PER_FRAMEWORK


# --- The parent's answers ----------------------------------------------------------------------


class ParentError(Exception):
    """Something the parent must correct; `code` picks the message in the parent's language."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ParentReaction:
    reaction: str
    text: str = ""


def reaction_parse(reaction: str, text: str) -> ParentReaction:
    """One screen's answer: a reaction is needed, the text is optional and limited in length."""
    text = (text or "").replace("\r\n", "\n").strip()
    if reaction not in Reaction.values:
        raise ParentError("choose")
    if len(text) > MAX_COMMENT_LENGTH:
        raise ParentError("too_long")
    return ParentReaction(reaction=reaction, text=text)


def looks_personal(text: str) -> bool:
    """Does the text seem to hold a name, a phone number or an e-mail address (a warning, no guarantee)?"""
    return bool(text) and bool(find_personal_data(text))


@transaction.atomic
def comments_send(
    *,
    framework: PolicyFramework,
    language: str,
    reactions: Mapping[int, ParentReaction],
) -> list[ConsultationComment]:
    """Save a parent's reactions, one per ambition of the framework, waiting for moderation.

    Ambitions of other frameworks are ignored; nothing is saved when none is left. No person, no
    address, no time finer than the server's own `created_at` is kept.
    """
    if consultation_state(framework) != OPEN:
        raise ParentError("closed")
    if language not in PARENT_LANGUAGES:
        raise ParentError("choose")
    ambitions = {
        a.pk: a
        for a in Ambition.objects.filter(
            framework=framework, workspace_id=framework.workspace_id, pk__in=list(reactions)
        )
    }
    comments = []
    for pk, answer in reactions.items():
        ambition = ambitions.get(pk)
        if ambition is None:
            continue
        checked = reaction_parse(answer.reaction, answer.text)
        comment = ConsultationComment(
            workspace_id=framework.workspace_id,
            ambition=ambition,
            reaction=checked.reaction,
            text=checked.text,
            language=language,
            status=Status.PENDING,
        )
        # The ambition was just read from this framework: no query per comment to check the keys again.
        comment.full_clean(exclude=["workspace", "ambition"])
        comments.append(comment)
    if not comments:
        raise ParentError("choose")
    return ConsultationComment.objects.bulk_create(comments)


# --- Moderation --------------------------------------------------------------------------------


def _repr(comment: ConsultationComment) -> str:
    # Never the text: it may hold the very personal details moderation keeps out of sight.
    return f"comment {comment.pk} (ambition {comment.ambition_id}, {comment.language})"


@transaction.atomic
def comments_moderate(
    *,
    workspace: Workspace,
    framework: PolicyFramework,
    actor: Any,
    comment_ids: Iterable[int],
    decision: str,
) -> int:
    """Approve or hide some of the framework's comments; returns how many changed.

    Ids of other frameworks or workspaces are ignored. The audit trail records who decided what,
    never the text.
    """
    if decision not in DECISIONS:
        raise ValidationError(_("Choose to approve or to hide."))
    ids = list(dict.fromkeys(comment_ids))
    if not ids:
        raise ValidationError(_("Choose at least one comment."))
    if len(ids) > MAX_BATCH:
        raise ValidationError(_("Choose at most %(max)s comments at once.") % {"max": MAX_BATCH})
    if framework.workspace_id != workspace.pk:
        raise ValidationError(_("This is not in the workspace."))
    comments = list(
        ConsultationComment.objects.filter(workspace=workspace, ambition__framework=framework, pk__in=ids)
        .exclude(status=decision)
        .select_for_update(of=("self",))
        .order_by("id")
    )
    now = timezone.now()
    ConsultationComment.objects.filter(pk__in=[c.pk for c in comments]).update(
        status=decision, moderated_at=now, moderated_by=actor if actor.is_authenticated else None
    )
    for comment in comments:
        audit_record(
            workspace=workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=comment,
            object_repr=_repr(comment),
            changes={"status": [comment.status, decision]},
        )
    return len(comments)


# --- Sharing -----------------------------------------------------------------------------------


def consultation_link(framework: PolicyFramework) -> str:
    return f"{settings.SITE_URL}/c/{framework.consultation_code}/"


def consultation_qr(framework: PolicyFramework) -> segno.QRCode:
    return segno.make(consultation_link(framework), error="m")


def consultation_qr_svg_inline(framework: PolicyFramework, *, scale: int = 6) -> str:
    return consultation_qr(framework).svg_inline(scale=scale, omitsize=False)


def consultation_qr_svg_file(framework: PolicyFramework, *, scale: int = 10) -> str:
    """A standalone SVG document for printing (with XML declaration and namespace)."""
    buffer = io.BytesIO()
    consultation_qr(framework).save(buffer, kind="svg", scale=scale, title=consultation_link(framework))
    return buffer.getvalue().decode()
