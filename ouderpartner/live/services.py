"""Writes of the facilitator: meetings, prompts and options, the state of a running meeting,
moderation and hand-over to the policy. Each calls full_clean() and writes an audit record; each
change of state raises the session's `revision` and tells the realtime layer after commit (events.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.models import AuditEvent, Membership, Role, Workspace
from ouderpartner.live import events, templates_catalogue, wordfilter
from ouderpartner.live.models import (
    BlockedWord,
    Entry,
    HandOver,
    LiveSession,
    Participant,
    Prompt,
    PromptOption,
    new_join_code,
)
from ouderpartner.network.models import Organisation

MAX_COUNTDOWN_SECONDS = 60 * 60
PROMPT_FIELDS = (
    "kind",
    "text",
    "max_choices",
    "scale_min",
    "scale_max",
    "scale_style",
    "scale_labels",
    "max_length",
    "max_entries",
    "hide_results",
    "collect",
)
SESSION_FIELDS = (
    "title",
    "languages",
    "organisation",
    "allow_change_vote",
    "moderate_text",
    "scheduled_for",
    "collect_opens_at",
    "collect_closes_at",
)


# --- Helpers ------------------------------------------------------------------------------------------


def _clean_texts(texts: dict[str, str] | None) -> dict[str, str]:
    return {code: value.strip() for code, value in (texts or {}).items() if value and value.strip()}


def _require_dutch(field: str, texts: dict[str, str]) -> None:
    if not texts.get("nl"):
        raise ValidationError(
            {field: _("Write this in Dutch (Nederlands); the other languages are optional.")}
        )


def _snapshot(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {
        name: getattr(obj, f"{name}_id") if hasattr(obj, f"{name}_id") else getattr(obj, name)
        for name in names
    }


def _check_languages(workspace: Workspace, languages: list[str]) -> list[str]:
    """Dutch always, plus the workspace's parent languages and English (for knowledge meetings)."""
    allowed = list(dict.fromkeys(["nl", "en", *workspace.parent_languages]))
    unknown = [code for code in languages if code not in allowed]
    if unknown:
        raise ValidationError({"languages": _("Choose from the workspace's languages.")})
    return ["nl", *[code for code in allowed if code in languages and code != "nl"]]


def _organisation_for(
    workspace: Workspace, membership: Membership | None, organisation: Organisation | None
) -> Organisation | None:
    """A professional's meetings belong to their own organisation, whatever the form said."""
    if membership is not None and membership.role == Role.PROFESSIONAL:
        return membership.organisation
    if organisation is not None and organisation.workspace_id != workspace.pk:
        raise ValidationError({"organisation": _("This is not in the workspace.")})
    return organisation


def _audit(session: LiveSession, actor: Any, action: str, obj: Any = None, **changes: Any) -> None:
    audit_record(workspace=session.workspace, actor=actor, action=action, obj=obj or session, changes=changes)


def _unique_code() -> str:
    for _attempt in range(20):
        code = new_join_code()
        if not LiveSession.objects.filter(code=code).exists():
            return code
    raise RuntimeError("No free join code found")  # 20 collisions in 900,000 codes: not in this lifetime


def _editable(session: LiveSession) -> None:
    if session.status == LiveSession.Status.CLOSED:
        raise ValidationError(_("This meeting is closed. Reopen it to change it."))


# --- Sessions -----------------------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *,
    workspace: Workspace,
    actor: Any,
    title: dict[str, str],
    languages: list[str],
    membership: Membership | None = None,
    organisation: Organisation | None = None,
    allow_change_vote: bool = True,
    moderate_text: bool = True,
    scheduled_for: datetime | None = None,
    collect_opens_at: datetime | None = None,
    collect_closes_at: datetime | None = None,
    template_key: str = "",
    is_demo: bool = False,
) -> LiveSession:
    session = LiveSession(
        workspace=workspace,
        organisation=_organisation_for(workspace, membership, organisation),
        title=_clean_texts(title),
        code=_unique_code(),
        languages=_check_languages(workspace, languages),
        allow_change_vote=allow_change_vote,
        moderate_text=moderate_text,
        scheduled_for=scheduled_for,
        collect_opens_at=collect_opens_at,
        collect_closes_at=collect_closes_at,
        template_key=template_key,
        is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _require_dutch("title", session.title)
    session.full_clean()
    session.save()
    audit_record(workspace=workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=session)
    return session


@transaction.atomic
def session_create_from_template(
    *,
    workspace: Workspace,
    actor: Any,
    key: str,
    membership: Membership | None = None,
    organisation: Organisation | None = None,
    languages: list[str] | None = None,
    scheduled_for: datetime | None = None,
    is_demo: bool = False,
) -> LiveSession:
    """Copy a template (prompts, options, pictograms, settings) into the workspace as a draft meeting."""
    template = templates_catalogue.get_template(key)
    if template is None:
        raise ValidationError({"template": _("Choose one of the templates.")})
    allowed = ["nl", "en", *workspace.parent_languages]
    chosen = languages or [code for code in template["languages"] if code in allowed]
    session = session_create(
        workspace=workspace,
        actor=actor,
        title=template["name"],
        languages=chosen,
        membership=membership,
        organisation=organisation,
        allow_change_vote=template.get("allow_change_vote", True),
        moderate_text=template.get("moderate_text", True),
        scheduled_for=scheduled_for,
        template_key=key,
        is_demo=is_demo,
    )
    count = 0
    for position, data in enumerate(template["prompts"], start=1):
        prompt = Prompt(
            session=session,
            position=position,
            kind=data["kind"],
            text=dict(data["text"]),
            max_choices=data.get("max_choices", 1),
            scale_min=data.get("scale_min", 1),
            scale_max=data.get("scale_max", 5),
            scale_style=data.get("scale_style", Prompt.ScaleStyle.FACES),
            scale_labels=dict(data.get("scale_labels") or {}),
            max_length=data.get("max_length", 200),
            max_entries=data.get("max_entries", 3),
            hide_results=data.get("hide_results", False),
            collect=data.get("collect", False),
        )
        prompt.full_clean()
        prompt.save()
        options = [
            PromptOption(
                prompt=prompt,
                position=index,
                value=option["value"],
                label=dict(option["label"]),
                pictogram=option.get("pictogram", ""),
            )
            for index, option in enumerate(data.get("options", []), start=1)
        ]
        for option in options:
            option.full_clean(validate_constraints=False)
        PromptOption.objects.bulk_create(options)
        count += 1
    _audit(session, actor, AuditEvent.Action.CHANGE, template=key, prompts=count)
    return session


@transaction.atomic
def session_update(
    *,
    session: LiveSession,
    actor: Any,
    title: dict[str, str],
    languages: list[str],
    membership: Membership | None = None,
    organisation: Organisation | None = None,
    allow_change_vote: bool = True,
    moderate_text: bool = True,
    scheduled_for: datetime | None = None,
    collect_opens_at: datetime | None = None,
    collect_closes_at: datetime | None = None,
) -> LiveSession:
    before = _snapshot(session, SESSION_FIELDS)
    session.title = _clean_texts(title)
    session.languages = _check_languages(session.workspace, languages)
    session.organisation = _organisation_for(session.workspace, membership, organisation)
    session.allow_change_vote = allow_change_vote
    session.moderate_text = moderate_text
    session.scheduled_for = scheduled_for
    session.collect_opens_at = collect_opens_at
    session.collect_closes_at = collect_closes_at
    _require_dutch("title", session.title)
    session.full_clean()
    session.revision += 1
    session.save()
    _audit(
        session, actor, AuditEvent.Action.CHANGE, **changed_fields(before, _snapshot(session, SESSION_FIELDS))
    )
    events.state_changed(session.pk)
    return session


@transaction.atomic
def session_delete(*, session: LiveSession, actor: Any) -> None:
    """Only a meeting nobody has joined can be deleted; one with answers is closed instead."""
    if session.participants.exists():
        raise ValidationError(_("People have taken part in this meeting: close it instead of deleting it."))
    audit_record(
        workspace=session.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        object_type="livesession",
        object_repr=str(session),
        changes={"id": session.pk},
    )
    session_id = session.pk
    session.delete()
    events.state_changed(session_id)


# --- Prompts and options ------------------------------------------------------------------------------


def _prompt_has_answers(prompt: Prompt) -> bool:
    return prompt.votes.exists() or prompt.entries.exists()


@transaction.atomic
def prompt_create(*, session: LiveSession, actor: Any, **data: Any) -> Prompt:
    _editable(session)
    position = (session.prompts.aggregate(m=Max("position"))["m"] or 0) + 1
    prompt = Prompt(session=session, position=position)
    _apply_prompt(prompt, data)
    prompt.full_clean()
    prompt.save()
    _audit(session, actor, AuditEvent.Action.CREATE, prompt)
    _bump(session)
    return prompt


def _apply_prompt(prompt: Prompt, data: dict[str, Any]) -> None:
    for name in PROMPT_FIELDS:
        if name in data:
            setattr(prompt, name, data[name])
    prompt.text = _clean_texts(prompt.text)
    prompt.scale_labels = _clean_texts(prompt.scale_labels)
    _require_dutch("text", prompt.text)


@transaction.atomic
def prompt_update(*, prompt: Prompt, actor: Any, **data: Any) -> Prompt:
    session = prompt.session
    _editable(session)
    before = _snapshot(prompt, PROMPT_FIELDS)
    if "kind" in data and data["kind"] != prompt.kind and _prompt_has_answers(prompt):
        raise ValidationError({"kind": _("People have answered this prompt: its kind can no longer change.")})
    _apply_prompt(prompt, data)
    prompt.full_clean()
    prompt.save()
    _audit(
        session,
        actor,
        AuditEvent.Action.CHANGE,
        prompt,
        **changed_fields(before, _snapshot(prompt, PROMPT_FIELDS)),
    )
    _bump(session)
    return prompt


@transaction.atomic
def prompt_delete(*, prompt: Prompt, actor: Any) -> None:
    session = prompt.session
    _editable(session)
    if _prompt_has_answers(prompt):
        raise ValidationError(_("People have answered this prompt: it can no longer be deleted."))
    _audit(session, actor, AuditEvent.Action.DELETE, prompt)
    prompt.delete()
    _bump(session)


def _swap(items: list[Any], index: int, direction: str) -> list[Any] | None:
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return None
    items[index], items[other] = items[other], items[index]
    return items


@transaction.atomic
def prompt_move(*, prompt: Prompt, actor: Any, direction: str) -> None:
    session = prompt.session
    prompts = list(session.prompts.select_for_update().order_by("position", "id"))
    index = next(i for i, p in enumerate(prompts) if p.pk == prompt.pk)
    reordered = _swap(prompts, index, direction)
    if reordered is None:
        return
    for position, item in enumerate(reordered, start=1):
        item.position = position
    Prompt.objects.bulk_update(reordered, ["position"])
    _audit(session, actor, AuditEvent.Action.CHANGE, prompt, moved=direction)
    _bump(session)


def _option_value(prompt: Prompt, value: str, label: dict[str, str]) -> str:
    base = slugify(value or label.get("nl", ""))[:50] or "option"
    taken = set(prompt.options.values_list("value", flat=True))
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@transaction.atomic
def option_create(
    *, prompt: Prompt, actor: Any, label: dict[str, str], pictogram: str = "", value: str = ""
) -> PromptOption:
    session = prompt.session
    _editable(session)
    if not prompt.has_options:
        raise ValidationError(_("This kind of prompt has no options."))
    label = _clean_texts(label)
    _require_dutch("label", label)
    option = PromptOption(
        prompt=prompt,
        position=(prompt.options.aggregate(m=Max("position"))["m"] or 0) + 1,
        value=_option_value(prompt, value, label),
        label=label,
        pictogram=pictogram,
    )
    option.full_clean()
    option.save()
    _audit(session, actor, AuditEvent.Action.CREATE, option)
    _bump(session)
    return option


@transaction.atomic
def option_update(
    *, option: PromptOption, actor: Any, label: dict[str, str], pictogram: str = ""
) -> PromptOption:
    """Label and pictogram may change at any time; the stored value (what votes point to) never does."""
    session = option.prompt.session
    _editable(session)
    before = {"label": option.label, "pictogram": option.pictogram}
    option.label = _clean_texts(label)
    option.pictogram = pictogram
    _require_dutch("label", option.label)
    option.full_clean()
    option.save()
    _audit(
        session,
        actor,
        AuditEvent.Action.CHANGE,
        option,
        **changed_fields(before, {"label": option.label, "pictogram": option.pictogram}),
    )
    _bump(session)
    return option


@transaction.atomic
def option_delete(*, option: PromptOption, actor: Any) -> None:
    prompt = option.prompt
    _editable(prompt.session)
    if prompt.votes.exists():
        raise ValidationError(_("People have voted on this prompt: its options can no longer be deleted."))
    _audit(prompt.session, actor, AuditEvent.Action.DELETE, option)
    option.delete()
    _bump(prompt.session)


@transaction.atomic
def option_move(*, option: PromptOption, actor: Any, direction: str) -> None:
    prompt = option.prompt
    options = list(prompt.options.select_for_update().order_by("position", "id"))
    index = next(i for i, o in enumerate(options) if o.pk == option.pk)
    reordered = _swap(options, index, direction)
    if reordered is None:
        return
    for position, item in enumerate(reordered, start=1):
        item.position = position
    PromptOption.objects.bulk_update(reordered, ["position"])
    _audit(prompt.session, actor, AuditEvent.Action.CHANGE, option, moved=direction)
    _bump(prompt.session)


def _bump(session: LiveSession) -> None:
    """Prompts changed: clients reload the session's texts."""
    LiveSession.objects.filter(pk=session.pk).update(revision=F("revision") + 1)
    events.state_changed(session.pk)


# --- The state of a running meeting -------------------------------------------------------------------


def _locked(session: LiveSession) -> LiveSession:
    return LiveSession.objects.select_for_update().select_related("workspace").get(pk=session.pk)


def _save_state(
    session: LiveSession, actor: Any, change: str, fields: list[str], **details: Any
) -> LiveSession:
    session.revision += 1
    session.save(update_fields=[*fields, "revision", "updated_at"])
    _audit(session, actor, AuditEvent.Action.CHANGE, state=change, **details)
    events.state_changed(session.pk)
    return session


def _show(session: LiveSession, prompt: Prompt | None) -> list[str]:
    """Make `prompt` the current one: its results hidden when it says so, voting open, no countdown."""
    session.current_prompt = prompt
    session.results_visible = not (prompt and prompt.hide_results)
    session.voting_locked = False
    session.countdown_ends_at = None
    return ["current_prompt", "results_visible", "voting_locked", "countdown_ends_at"]


@transaction.atomic
def session_open_collect(*, session: LiveSession, actor: Any) -> LiveSession:
    """Open the meeting beforehand: participants answer the prompts marked "open beforehand"."""
    session = _locked(session)
    if session.status not in (LiveSession.Status.DRAFT, LiveSession.Status.CLOSED):
        raise ValidationError(_("Only a meeting that has not started can collect answers beforehand."))
    if not session.prompts.filter(collect=True).exists():
        raise ValidationError(_("Mark at least one prompt as open beforehand."))
    session.status = LiveSession.Status.COLLECTING
    fields = ["status", *_show(session, None)]
    return _save_state(session, actor, "collect", fields)


@transaction.atomic
def session_go_live(*, session: LiveSession, actor: Any) -> LiveSession:
    """Start the meeting on its first prompt (or where it was, when it was live before)."""
    session = _locked(session)
    if session.status == LiveSession.Status.LIVE:
        return session
    first = session.prompts.order_by("position", "id").first()
    if first is None:
        raise ValidationError(_("Add a prompt before you start the meeting."))
    session.status = LiveSession.Status.LIVE
    session.started_at = session.started_at or timezone.now()
    session.closed_at = None
    fields = ["status", "started_at", "closed_at", *_show(session, session.current_prompt or first)]
    return _save_state(session, actor, "live", fields)


def _require_live(session: LiveSession) -> None:
    if session.status != LiveSession.Status.LIVE:
        raise ValidationError(_("Start the meeting first."))


@transaction.atomic
def session_goto_prompt(*, session: LiveSession, actor: Any, prompt: Prompt) -> LiveSession:
    session = _locked(session)
    _require_live(session)
    if prompt.session_id != session.pk:
        raise ValidationError(_("This prompt is not part of the meeting."))
    return _save_state(session, actor, "goto", _show(session, prompt), prompt=prompt.pk)


def _step(session: LiveSession, actor: Any, step: int) -> LiveSession:
    session = _locked(session)
    _require_live(session)
    prompts = list(session.prompts.order_by("position", "id").values_list("pk", flat=True))
    index = prompts.index(session.current_prompt_id) if session.current_prompt_id in prompts else -1
    target = index + step
    if not 0 <= target < len(prompts):
        return session  # at the first or last prompt: nothing changes
    prompt = Prompt.objects.get(pk=prompts[target])
    return _save_state(
        session, actor, "next" if step > 0 else "previous", _show(session, prompt), prompt=prompt.pk
    )


@transaction.atomic
def session_next(*, session: LiveSession, actor: Any) -> LiveSession:
    return _step(session, actor, 1)


@transaction.atomic
def session_previous(*, session: LiveSession, actor: Any) -> LiveSession:
    return _step(session, actor, -1)


def _flag(session: LiveSession, actor: Any, name: str, value: bool, change: str) -> LiveSession:
    session = _locked(session)
    if session.status == LiveSession.Status.CLOSED:
        raise ValidationError(_("This meeting is closed."))
    if getattr(session, name) == value:
        return session
    setattr(session, name, value)
    return _save_state(session, actor, change, [name])


@transaction.atomic
def session_reveal_results(*, session: LiveSession, actor: Any) -> LiveSession:
    return _flag(session, actor, "results_visible", True, "reveal")


@transaction.atomic
def session_hide_results(*, session: LiveSession, actor: Any) -> LiveSession:
    return _flag(session, actor, "results_visible", False, "hide")


@transaction.atomic
def session_lock_voting(*, session: LiveSession, actor: Any) -> LiveSession:
    return _flag(session, actor, "voting_locked", True, "lock")


@transaction.atomic
def session_unlock_voting(*, session: LiveSession, actor: Any) -> LiveSession:
    session = _flag(session, actor, "voting_locked", False, "unlock")
    if session.countdown_ends_at and session.countdown_ends_at <= timezone.now():
        session.countdown_ends_at = None
        _save_state(session, actor, "countdown_stop", ["countdown_ends_at"])
    return session


@transaction.atomic
def session_start_countdown(*, session: LiveSession, actor: Any, seconds: int) -> LiveSession:
    """Answering closes when the countdown ends (participation.voting_locked reads it)."""
    session = _locked(session)
    _require_live(session)
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        seconds = 0
    if not 5 <= seconds <= MAX_COUNTDOWN_SECONDS:
        raise ValidationError(_("Choose a countdown of 5 seconds to 60 minutes."))
    session.countdown_ends_at = timezone.now() + timedelta(seconds=seconds)
    session.voting_locked = False
    return _save_state(session, actor, "countdown", ["countdown_ends_at", "voting_locked"], seconds=seconds)


@transaction.atomic
def session_stop_countdown(*, session: LiveSession, actor: Any) -> LiveSession:
    session = _locked(session)
    if session.countdown_ends_at is None:
        return session
    session.countdown_ends_at = None
    return _save_state(session, actor, "countdown_stop", ["countdown_ends_at"])


@transaction.atomic
def session_close(*, session: LiveSession, actor: Any) -> LiveSession:
    session = _locked(session)
    if session.status == LiveSession.Status.CLOSED:
        return session
    session.status = LiveSession.Status.CLOSED
    session.closed_at = timezone.now()
    session.countdown_ends_at = None
    return _save_state(session, actor, "close", ["status", "closed_at", "countdown_ends_at"])


@transaction.atomic
def session_reopen(*, session: LiveSession, actor: Any) -> LiveSession:
    """Back to draft after a close, e.g. to use the collected inventory in the live part."""
    session = _locked(session)
    if session.status not in (LiveSession.Status.CLOSED, LiveSession.Status.COLLECTING):
        return session
    session.status = LiveSession.Status.DRAFT
    session.closed_at = None
    return _save_state(session, actor, "reopen", ["status", "closed_at", *_show(session, None)])


# --- Moderation ---------------------------------------------------------------------------------------


def _moderate(entry: Entry, actor: Any, status: str) -> Entry:
    if entry.status == status:
        return entry
    before = entry.status
    entry.status = status
    entry.moderated_at = timezone.now()
    entry.save(update_fields=["status", "moderated_at"])
    session = entry.session
    audit_record(
        workspace=session.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=entry,
        object_repr=f"{session}: {entry.text[:80]}",
        changes={"status": [before, status]},
    )
    events.results_changed(session.pk, entry.prompt_id)
    return entry


@transaction.atomic
def entry_approve(*, entry: Entry, actor: Any) -> Entry:
    return _moderate(entry, actor, Entry.Status.APPROVED)


@transaction.atomic
def entry_hide(*, entry: Entry, actor: Any) -> Entry:
    return _moderate(entry, actor, Entry.Status.HIDDEN)


@transaction.atomic
def entries_moderate(*, session: LiveSession, actor: Any, entry_ids: list[int], status: str) -> int:
    """Approve or hide several entries of this meeting at once; returns how many changed."""
    if status not in (Entry.Status.APPROVED, Entry.Status.HIDDEN):
        raise ValidationError(_("Choose approve or hide."))
    entries = list(Entry.objects.filter(session=session, pk__in=entry_ids).exclude(status=status))
    now = timezone.now()
    for entry in entries:
        entry.status, entry.moderated_at = status, now
    Entry.objects.bulk_update(entries, ["status", "moderated_at"])
    if entries:
        _audit(session, actor, AuditEvent.Action.CHANGE, status=status, entries=len(entries))
        for prompt_id in {entry.prompt_id for entry in entries}:
            events.results_changed(session.pk, prompt_id)
    return len(entries)


@transaction.atomic
def entry_set_group(*, entry: Entry, actor: Any, group: str) -> Entry:
    """Gather collected entries under a heading (the inventory before a meeting)."""
    group = " ".join((group or "").split())[:100]
    if entry.group == group:
        return entry
    before = entry.group
    entry.group = group
    entry.save(update_fields=["group"])
    audit_record(
        workspace=entry.session.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=entry,
        changes={"group": [before, group]},
    )
    events.results_changed(entry.session_id, entry.prompt_id)
    return entry


@transaction.atomic
def entry_mark_answered(*, entry: Entry, actor: Any, answered: bool = True) -> Entry:
    if entry.answered == answered:
        return entry
    entry.answered = answered
    entry.save(update_fields=["answered"])
    audit_record(
        workspace=entry.session.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=entry,
        changes={"answered": answered},
    )
    events.results_changed(entry.session_id, entry.prompt_id)
    return entry


@transaction.atomic
def entries_remove_for_participant(*, participant: Participant, actor: Any, block: bool = False) -> int:
    """Hide everything one participant sent (and, with block, stop them sending more)."""
    session = participant.session
    entries = Entry.objects.filter(participant=participant).exclude(status=Entry.Status.HIDDEN)
    prompt_ids = set(entries.values_list("prompt_id", flat=True))
    hidden = entries.update(status=Entry.Status.HIDDEN, moderated_at=timezone.now())
    if block and not participant.blocked:
        participant.blocked = True
        participant.save(update_fields=["blocked"])
    audit_record(
        workspace=session.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=participant,
        object_repr=f"{session}: {participant}",
        changes={"hidden": hidden, "blocked": participant.blocked},
    )
    for prompt_id in prompt_ids:
        events.results_changed(session.pk, prompt_id)
    return hidden


@transaction.atomic
def blocked_word_add(*, workspace: Workspace, actor: Any, word: str) -> BlockedWord:
    word = " ".join((word or "").split()).lower()
    if not word or len(word) > 60:
        raise ValidationError({"word": _("Give a word of at most 60 characters.")})
    if not wordfilter.words_of(word.rstrip("*")):
        raise ValidationError({"word": _("Give a word with letters.")})
    item = BlockedWord(workspace=workspace, word=word)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise ValidationError({"word": _("This word is already on the list.")}) from None
    audit_record(workspace=workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=item)
    _forget_words(workspace)
    return item


@transaction.atomic
def blocked_word_delete(*, word: BlockedWord, actor: Any) -> None:
    workspace = word.workspace
    audit_record(workspace=workspace, actor=actor, action=AuditEvent.Action.DELETE, obj=word)
    word.delete()
    _forget_words(workspace)


def _forget_words(workspace: Workspace) -> None:
    # Now (this request reads the new list) and after commit (no other request cached the old one meanwhile).
    wordfilter.forget_workspace_words(workspace.pk)
    transaction.on_commit(lambda: wordfilter.forget_workspace_words(workspace.pk))


# --- Hand-over to the policy --------------------------------------------------------------------------


@transaction.atomic
def handover_create(
    *,
    session: LiveSession,
    actor: Any,
    title: str,
    kind: str = HandOver.Kind.AMBITION,
    text: str = "",
    prompt: Prompt | None = None,
    source: dict[str, Any] | None = None,
) -> HandOver:
    item = HandOver(
        workspace=session.workspace,
        session=session,
        prompt=prompt,
        title=" ".join((title or "").split())[:200],
        text=(text or "").strip(),
        kind=kind,
        source=source or {},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if not item.title:
        raise ValidationError({"title": _("Give the item a title.")})
    item.full_clean()
    item.save()
    audit_record(workspace=session.workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=item)
    return item


@transaction.atomic
def handovers_from_results(
    *,
    session: LiveSession,
    actor: Any,
    kind: str,
    option_ids: list[int] | None = None,
    entry_ids: list[int] | None = None,
) -> list[HandOver]:
    """Turn chosen options (e.g. the success factors voted most important) and entries into draft items.

    An option or entry already handed over as this kind is skipped, so pressing twice makes no copies.
    """
    if kind not in HandOver.Kind.values:
        raise ValidationError({"kind": _("Choose what the items become.")})
    options = list(
        PromptOption.objects.filter(prompt__session=session, pk__in=option_ids or []).select_related("prompt")
    )
    entries = list(
        Entry.objects.filter(
            session=session, pk__in=entry_ids or [], status=Entry.Status.APPROVED
        ).select_related("prompt")
    )
    if not options and not entries:
        raise ValidationError(_("Select at least one result."))
    done = {
        (item.source.get("option"), item.source.get("entry"))
        for item in HandOver.objects.filter(session=session, kind=kind).only("source")
    }
    created = []
    for option in options:
        if (option.pk, None) in done:
            continue
        created.append(
            handover_create(
                session=session,
                actor=actor,
                title=option.label_in("nl"),
                kind=kind,
                text=_("From the meeting “%(session)s”, prompt “%(prompt)s”.")
                % {"session": session.text("title", "nl"), "prompt": option.prompt.text_in("nl")},
                prompt=option.prompt,
                source={"option": option.pk, "value": option.value},
            )
        )
    for entry in entries:
        if (None, entry.pk) in done:
            continue
        created.append(
            handover_create(
                session=session,
                actor=actor,
                title=entry.text[:200],
                kind=kind,
                text=_("From the meeting “%(session)s”, prompt “%(prompt)s”.")
                % {"session": session.text("title", "nl"), "prompt": entry.prompt.text_in("nl")},
                prompt=entry.prompt,
                source={"entry": entry.pk},
            )
        )
    return created


@transaction.atomic
def handover_set_status(*, item: HandOver, actor: Any, status: str) -> HandOver:
    if status not in HandOver.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    before = item.status
    item.status = status
    item.save(update_fields=["status"])
    audit_record(
        workspace=item.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=item,
        changes={"status": [before, status]},
    )
    return item


@transaction.atomic
def handover_delete(*, item: HandOver, actor: Any) -> None:
    audit_record(workspace=item.workspace, actor=actor, action=AuditEvent.Action.DELETE, obj=item)
    item.delete()
