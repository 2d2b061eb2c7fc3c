"""Writes for questionnaires, their questions and options: full_clean() and an audit record each."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.voice import recordings, templates_catalogue
from ouderpartner.voice.models import Option, Question, Questionnaire

YES_NO_VALUES = ("yes", "no")
MAX_IMAGE_BYTES = 300 * 1024
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
QUESTION_FIELDS = (
    "name",
    "kind",
    "text",
    "hint",
    "required",
    "scale_min",
    "scale_max",
    "show_if_question",
    "show_if_value",
)


# --- Helpers ------------------------------------------------------------------------------------------


def _clean_texts(texts: dict[str, str] | None) -> dict[str, str]:
    """Drop empty translations and surrounding spaces, so "missing" means absent."""
    return {code: value.strip() for code, value in (texts or {}).items() if value and value.strip()}


def _require_dutch(field: str, texts: dict[str, str]) -> None:
    if not texts.get("nl"):
        raise ValidationError(
            {field: _("Write this in Dutch (Nederlands); the other languages are optional.")}
        )


def _snapshot(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    result = {}
    for name in names:
        value = getattr(obj, f"{name}_id") if hasattr(obj, f"{name}_id") else getattr(obj, name)
        result[name] = value
    return result


def _check_languages(workspace: Workspace, languages: list[str]) -> list[str]:
    allowed = ["nl", *[code for code in workspace.parent_languages if code != "nl"]]
    chosen = [code for code in allowed if code in languages]
    unknown = [code for code in languages if code not in allowed]
    if unknown:
        raise ValidationError({"languages": _("Choose from the workspace's parent languages.")})
    return chosen


def validate_option_image(image: UploadedFile) -> None:
    """A PNG or JPEG of at most 300 KB, recognised by its first bytes (never by its name); no SVG."""
    if image.size is not None and image.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            {"image": _("The image is too large: at most 300 KB. Make it smaller and try again.")}
        )
    image.seek(0)
    head = image.read(16)
    image.seek(0)
    if not any(head.startswith(signature) for signature in IMAGE_SIGNATURES):
        raise ValidationError(
            {"image": _("Upload a PNG or JPEG image. Other files (such as SVG) are refused.")}
        )


# --- Questionnaires -----------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *,
    workspace: Workspace,
    actor: Any,
    title: dict[str, str],
    languages: list[str],
    intro: dict[str, str] | None = None,
    thank_you: dict[str, str] | None = None,
    template_key: str = "",
) -> Questionnaire:
    questionnaire = Questionnaire(
        workspace=workspace,
        title=_clean_texts(title),
        intro=_clean_texts(intro),
        thank_you=_clean_texts(thank_you),
        languages=_check_languages(workspace, languages),
        template_key=template_key,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _require_dutch("title", questionnaire.title)
    questionnaire.full_clean()
    questionnaire.save()
    audit_record(workspace=workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=questionnaire)
    return questionnaire


@transaction.atomic
def questionnaire_create_from_template(
    *, workspace: Workspace, actor: Any, key: str, languages: list[str] | None = None
) -> Questionnaire:
    """Copy a template (questions, options, pictograms, conditions) into the workspace as a draft."""
    template = templates_catalogue.get_template(key)
    if template is None:
        raise ValidationError({"template": _("Choose one of the templates.")})
    chosen = languages or ["nl", *[c for c in workspace.parent_languages if c != "nl"]]
    questionnaire = questionnaire_create(
        workspace=workspace,
        actor=actor,
        title=template["name"],
        intro=template["intro"],
        thank_you=template.get("thank_you", templates_catalogue.THANK_YOU),
        languages=chosen,
        template_key=key,
    )
    by_name: dict[str, Question] = {}
    for position, data in enumerate(template["questions"], start=1):
        condition = data.get("show_if")
        question = Question(
            questionnaire=questionnaire,
            position=position,
            name=data["name"],
            kind=data["kind"],
            text=dict(data["text"]),
            hint=dict(data.get("hint") or {}),
            required=data.get("required", False),
            scale_min=data.get("scale_min", 1),
            scale_max=data.get("scale_max", 5),
            show_if_question=by_name[condition[0]] if condition else None,
            show_if_value=condition[1] if condition else "",
        )
        question.full_clean()
        question.save()
        by_name[question.name] = question
        options = [
            Option(
                question=question,
                position=index,
                value=option["value"],
                label=dict(option["label"]),
                pictogram=option.get("pictogram", ""),
            )
            for index, option in enumerate(data.get("options", []), start=1)
        ]
        for option in options:
            option.full_clean(validate_constraints=False)
        Option.objects.bulk_create(options)
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=questionnaire,
        changes={"template": key, "questions": len(by_name)},
    )
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    title: dict[str, str],
    languages: list[str],
    intro: dict[str, str] | None = None,
    thank_you: dict[str, str] | None = None,
) -> Questionnaire:
    fields = ("title", "intro", "thank_you", "languages")
    before = _snapshot(questionnaire, fields)
    questionnaire.title = _clean_texts(title)
    questionnaire.intro = _clean_texts(intro)
    questionnaire.thank_you = _clean_texts(thank_you)
    questionnaire.languages = _check_languages(questionnaire.workspace, languages)
    _require_dutch("title", questionnaire.title)
    questionnaire.full_clean()
    questionnaire.save()
    audit_record(
        workspace=questionnaire.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=questionnaire,
        changes=changed_fields(before, _snapshot(questionnaire, fields)),
    )
    return questionnaire


def _set_status(questionnaire: Questionnaire, actor: Any, status: str, action: str) -> Questionnaire:
    before = questionnaire.status
    questionnaire.status = status
    questionnaire.full_clean()
    questionnaire.save(update_fields=["status", "updated_at"])
    audit_record(
        workspace=questionnaire.workspace,
        actor=actor,
        action=action,
        obj=questionnaire,
        changes={"status": [before, status]},
    )
    return questionnaire


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire, actor: Any) -> Questionnaire:
    questions = list(questionnaire.questions.prefetch_related("options"))
    if not questions:
        raise ValidationError(_("Add at least one question before publishing."))
    empty = [q.name for q in questions if q.has_options and not q.options.all()]
    if empty:
        raise ValidationError(
            _("These questions have no answers to choose from yet: %(names)s.") % {"names": ", ".join(empty)}
        )
    return _set_status(questionnaire, actor, Questionnaire.Status.PUBLISHED, AuditEvent.Action.CHANGE)


@transaction.atomic
def questionnaire_archive(*, questionnaire: Questionnaire, actor: Any) -> Questionnaire:
    return _set_status(questionnaire, actor, Questionnaire.Status.ARCHIVED, AuditEvent.Action.ARCHIVE)


@transaction.atomic
def questionnaire_restore(*, questionnaire: Questionnaire, actor: Any) -> Questionnaire:
    """Back to draft: it can be edited and published again."""
    return _set_status(questionnaire, actor, Questionnaire.Status.DRAFT, AuditEvent.Action.RESTORE)


# --- Questions ----------------------------------------------------------------------------------------


def _check_condition(question: Question) -> None:
    source = question.show_if_question
    if source is None:
        question.show_if_value = ""
        return
    if source.questionnaire_id != question.questionnaire_id:
        raise ValidationError({"show_if_question": _("Choose a question of this questionnaire.")})
    if question.pk and source.pk == question.pk:
        raise ValidationError({"show_if_question": _("A question cannot depend on itself.")})
    if (source.position, source.pk) >= (question.position, question.pk or 10**9):
        raise ValidationError({"show_if_question": _("Choose a question that comes earlier in the list.")})
    value = (question.show_if_value or "").strip()
    if not value:
        raise ValidationError({"show_if_value": _("Say which answer shows this question.")})
    if source.has_options:
        allowed = [option.value for option in source.options.all()]
    elif source.kind == Question.Kind.YES_NO:
        allowed = list(YES_NO_VALUES)
    elif source.kind == Question.Kind.SCALE:
        allowed = [str(n) for n in range(source.scale_min, source.scale_max + 1)]
    else:
        raise ValidationError(
            {"show_if_question": _("Choose a question with answers to choose from (not an open question).")}
        )
    if value not in allowed:
        raise ValidationError(
            {
                "show_if_value": _("Use one of the answers of that question: %(values)s.")
                % {"values": ", ".join(allowed)}
            }
        )
    question.show_if_value = value


def _check_question_name(question: Question) -> None:
    question.name = slugify(question.name).replace("-", "_")[:60]
    if not question.name:
        raise ValidationError({"name": _("Give a short name with letters or digits, e.g. reading_at_home.")})
    taken = Question.objects.filter(questionnaire_id=question.questionnaire_id, name=question.name)
    if question.pk:
        taken = taken.exclude(pk=question.pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("Another question of this questionnaire already has this short name.")}
        )


def _validate_question(question: Question) -> None:
    question.text = _clean_texts(question.text)
    question.hint = _clean_texts(question.hint)
    _require_dutch("text", question.text)
    _check_question_name(question)
    if question.kind == Question.Kind.SCALE and question.scale_max <= question.scale_min:
        raise ValidationError({"scale_max": _("The scale must end above where it starts.")})
    _check_condition(question)
    question.full_clean(validate_constraints=False)


@transaction.atomic
def question_create(*, questionnaire: Questionnaire, actor: Any, **fields: Any) -> Question:
    last = questionnaire.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question(questionnaire=questionnaire, position=last + 1)
    for name in QUESTION_FIELDS:
        if name in fields:
            setattr(question, name, fields[name])
    _validate_question(question)
    question.save()
    audit_record(
        workspace=questionnaire.workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=question
    )
    return question


@transaction.atomic
def question_update(*, question: Question, actor: Any, **fields: Any) -> Question:
    before = _snapshot(question, QUESTION_FIELDS)
    for name in QUESTION_FIELDS:
        if name in fields:
            setattr(question, name, fields[name])
    _validate_question(question)
    question.save()
    audit_record(
        workspace=question.questionnaire.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=question,
        changes=changed_fields(before, _snapshot(question, QUESTION_FIELDS)),
    )
    return question


@transaction.atomic
def question_delete(*, question: Question, actor: Any) -> None:
    """Delete a question; questions that depended on it are shown always from then on."""
    if question.answers.exists():
        raise ValidationError(_("This question has answers already; archive the questionnaire instead."))
    question.dependent_questions.update(show_if_question=None, show_if_value="")
    workspace = question.questionnaire.workspace
    files = _stored_recordings(question.questionnaire_id, question.audio)
    for option in question.options.all():
        files += _stored_recordings(question.questionnaire_id, option.audio)
    audit_record(workspace=workspace, actor=actor, action=AuditEvent.Action.DELETE, obj=question)
    question.delete()
    transaction.on_commit(lambda: recordings.delete_files(files))


@transaction.atomic
def question_move(*, question: Question, actor: Any, up: bool) -> Question:
    """Swap a question with its neighbour; a question never moves above the one it depends on."""
    siblings = list(question.questionnaire.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return question
    first, second = sorted((siblings[index], siblings[other_index]), key=lambda q: siblings.index(q))
    if second.show_if_question_id == first.pk:
        raise ValidationError(
            _("“%(second)s” depends on “%(first)s”, so it must stay below it.")
            % {"second": second.name, "first": first.name}
        )
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    for position, item in enumerate(siblings, start=1):
        item.position = position
    Question.objects.bulk_update(siblings, ["position"])
    audit_record(
        workspace=question.questionnaire.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=question,
        changes={"position": ["up" if up else "down"]},
    )
    return question


# --- Options ------------------------------------------------------------------------------------------


def _validate_option(option: Option, image: UploadedFile | None) -> None:
    option.label = _clean_texts(option.label)
    _require_dutch("label", option.label)
    option.value = slugify(option.value or "")[:60]
    if not option.value:
        raise ValidationError({"value": _("Give a value with letters or digits, e.g. often.")})
    taken = Option.objects.filter(question_id=option.question_id, value=option.value)
    if option.pk:
        taken = taken.exclude(pk=option.pk)
    if taken.exists():
        raise ValidationError({"value": _("Another answer of this question already has this value.")})
    if image is not None:
        validate_option_image(image)
        option.image = image
    option.full_clean(validate_constraints=False)


@transaction.atomic
def option_create(
    *,
    question: Question,
    actor: Any,
    value: str,
    label: dict[str, str],
    pictogram: str = "",
    image: UploadedFile | None = None,
) -> Option:
    if not question.has_options:
        raise ValidationError(_("This kind of question has no answers to choose from."))
    last = question.options.aggregate(last=Max("position"))["last"] or 0
    option = Option(question=question, position=last + 1, value=value, label=label, pictogram=pictogram)
    _validate_option(option, image)
    option.save()
    audit_record(
        workspace=question.questionnaire.workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=option
    )
    return option


@transaction.atomic
def option_update(
    *,
    option: Option,
    actor: Any,
    value: str,
    label: dict[str, str],
    pictogram: str = "",
    image: UploadedFile | None = None,
    remove_image: bool = False,
) -> Option:
    fields = ("value", "label", "pictogram", "image")
    before = _snapshot(option, fields)
    option.value, option.label, option.pictogram = value, label, pictogram
    if remove_image:
        option.image = ""
    _validate_option(option, image)
    option.save()
    audit_record(
        workspace=option.question.questionnaire.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=option,
        changes=changed_fields(
            {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in _snapshot(option, fields).items()}
        ),
    )
    return option


@transaction.atomic
def option_delete(*, option: Option, actor: Any) -> None:
    audit_record(
        workspace=option.question.questionnaire.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=option,
    )
    files = _stored_recordings(option.question.questionnaire_id, option.audio)
    option.delete()
    transaction.on_commit(lambda: recordings.delete_files(files))


@transaction.atomic
def option_move(*, option: Option, actor: Any, up: bool) -> Option:
    siblings = list(option.question.options.order_by("position", "id"))
    index = next(i for i, o in enumerate(siblings) if o.pk == option.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return option
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    for position, item in enumerate(siblings, start=1):
        item.position = position
    Option.objects.bulk_update(siblings, ["position"])
    audit_record(
        workspace=option.question.questionnaire.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=option,
        changes={"position": ["up" if up else "down"]},
    )
    return option


# --- Recordings ---------------------------------------------------------------------------------------
# A recording belongs to one text in one language: a question's text, an option's label, or the
# questionnaire's title, intro or thank-you text (`text=`). See recordings.py for how they are stored.

RecordingTarget = Questionnaire | Question | Option


def _stored_recordings(questionnaire_id: int, audio: object) -> list[str]:
    """The stored files among a question's or option's recordings ({language: path})."""
    values = audio.values() if isinstance(audio, dict) else []
    return [value for value in values if recordings.is_stored(questionnaire_id, value)]


def recording_questionnaire(target: RecordingTarget) -> Questionnaire:
    if isinstance(target, Questionnaire):
        return target
    if isinstance(target, Question):
        return target.questionnaire
    return target.question.questionnaire


def recording_languages(questionnaire: Questionnaire) -> list[str]:
    return ["nl", *[code for code in questionnaire.languages if code != "nl"]]


def check_recording_language(*, questionnaire: Questionnaire, language: str) -> None:
    """A recording only in one of the questionnaire's languages (the parent can choose no other)."""
    if language not in recording_languages(questionnaire):
        spec = PARENT_LANGUAGES.get(language)
        raise ValidationError(
            {
                "language": _(
                    "%(language)s is not one of the languages of this questionnaire. Add the language "
                    "to the questionnaire first."
                )
                % {"language": spec.native_name if spec else language}
            }
        )


def _check_recording_text(target: RecordingTarget, text: str) -> None:
    if isinstance(target, Questionnaire) != (text in recordings.QUESTIONNAIRE_TEXTS):
        raise ValidationError(_("Choose a text of this questionnaire to record."))


def _read_slot(audio: object, text: str) -> dict[str, str]:
    """A copy of one text's {language: value} from an `audio` JSON field, tolerating odd stored values."""
    audio = audio if isinstance(audio, dict) else {}
    slot = audio.get(text) if text else audio
    return {k: v for k, v in slot.items() if isinstance(v, str)} if isinstance(slot, dict) else {}


def _write_recording(target: RecordingTarget, text: str, language: str, value: str) -> str:
    """Set (or, with "", clear) one language's recording value on the locked row; return the old value."""
    locked = type(target).objects.select_for_update().get(pk=target.pk)
    audio = dict(locked.audio) if isinstance(locked.audio, dict) else {}
    slot = _read_slot(audio, text)
    old = slot.pop(language, "")
    if old == value:
        return old
    if value:
        slot[language] = value
    if text:
        audio[text] = slot
        if not slot:
            audio.pop(text)
    else:
        audio = slot
    # Only the recordings change: full_clean() would re-judge the whole row, which this write leaves alone.
    locked.audio = audio
    fields = ["audio", "updated_at"] if isinstance(locked, Questionnaire) else ["audio"]
    locked.save(update_fields=fields)
    target.audio = audio
    return old


def _recording_label(target: RecordingTarget, text: str, language: str) -> str:
    return f"{text or target._meta.model_name}:{language}"


@transaction.atomic
def recording_set(
    *, target: RecordingTarget, actor: Any, language: str, audio: UploadedFile, text: str = ""
) -> str:
    """Store an uploaded recording for one text in one language; a recording already there is replaced
    and its file deleted once this is committed. Returns the stored path. Nothing is kept on an error."""
    questionnaire = recording_questionnaire(target)
    _check_recording_text(target, text)
    check_recording_language(questionnaire=questionnaire, language=language)
    extension = recordings.validate_audio(audio)
    path = default_storage.save(recordings.new_path(questionnaire.pk, extension), audio)
    try:
        with transaction.atomic():
            old = _write_recording(target, text, language, path)
            audit_record(
                workspace=questionnaire.workspace,
                actor=actor,
                action=AuditEvent.Action.CHANGE,
                obj=target,
                changes={"recording": [old, path], "text": _recording_label(target, text, language)},
            )
    except BaseException:
        default_storage.delete(path)
        raise
    if recordings.is_stored(questionnaire.pk, old):
        transaction.on_commit(lambda: recordings.delete_files([old]))
    return path


@transaction.atomic
def recording_remove(*, target: RecordingTarget, actor: Any, language: str, text: str = "") -> bool:
    """Remove one text's recording in one language (or the name of one still to upload); False if none."""
    questionnaire = recording_questionnaire(target)
    _check_recording_text(target, text)
    old = _write_recording(target, text, language, "")
    if not old:
        return False
    audit_record(
        workspace=questionnaire.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=target,
        changes={"recording": [old, ""], "text": _recording_label(target, text, language)},
    )
    if recordings.is_stored(questionnaire.pk, old):
        transaction.on_commit(lambda: recordings.delete_files([old]))
    return True


def recording_names_expect(*, target: Question | Option, names: dict[str, str]) -> None:
    """Note the file names an imported XLSForm gave for recordings, so the screens can ask for them.

    Only for the questionnaire's languages; a name never replaces an uploaded recording. Part of the
    import (which is one transaction and one audit record).
    """
    questionnaire = recording_questionnaire(target)
    languages = recording_languages(questionnaire)
    audio = _read_slot(target.audio, "")
    for language, name in names.items():
        cleaned = recordings.imported_name(name)
        if (
            language in languages
            and cleaned
            and not recordings.is_stored(questionnaire.pk, audio.get(language))
        ):
            audio[language] = cleaned
    if audio != target.audio:
        target.audio = audio
        target.save(update_fields=["audio"])
