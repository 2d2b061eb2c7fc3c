"""XLSForm (ODK/KoboToolbox) import into a questionnaire plan, the plan's creation, and export to XLSForm."""

from __future__ import annotations

import io
import logging
import posixpath
import re
import zipfile
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pyxform import xls2xform

from ouderpartner.core.audit import audit_record
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.core.spreadsheets import SpreadsheetError, sheet_rows
from ouderpartner.voice import services
from ouderpartner.voice.models import Question, Questionnaire
from ouderpartner.voice.parent_texts import PARENT_TEXTS

logger = logging.getLogger(__name__)

MAX_ROWS = 2000
LANGUAGE_RE = re.compile(r"^\s*(?P<name>[^()]*?)\s*(?:\((?P<code>[^()]+)\))?\s*$")
SIMPLE_RELEVANT = re.compile(
    r"^\s*\$\{(?P<name>[A-Za-z_][\w.-]*)\}\s*=\s*(?P<q>['\"])(?P<value>[^'\"]*)(?P=q)\s*$"
)
SELECTED_RELEVANT = re.compile(
    r"^\s*selected\(\s*\$\{(?P<name>[A-Za-z_][\w.-]*)\}\s*,\s*(?P<q>['\"])(?P<value>[^'\"]*)(?P=q)\s*\)\s*$"
)
PICTOGRAM_FILE = re.compile(r"^(?P<code>[0-9A-Fa-f]{4,6}(?:-[0-9A-Fa-f]{4,6})*)\.(?:svg|png)$")
PARAM_RE = re.compile(r"(\w+)\s*=\s*(-?\d+(?:\.\d+)?)")
TRUE_VALUES = {"yes", "true", "true()", "1"}
META_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "phonenumber",
    "audit",
    "simserial",
    "subscriberid",
}
IGNORED_TYPES = {"end group", "end_group", "end repeat", "end_repeat"}


class XLSFormError(Exception):
    """The file cannot be imported at all; the message says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Reading the workbook -----------------------------------------------------------------------------


def language_code(name: str) -> str | None:
    """'Dutch (nl)', 'Nederlands', 'ar' or 'Arabic' → our code, or None when it is not a parent language."""
    match = LANGUAGE_RE.match(name or "")
    if not match:
        return None
    code = (match.group("code") or "").strip().lower()
    if code in PARENT_LANGUAGES:
        return code
    plain = match.group("name").strip().lower()
    for lang in PARENT_LANGUAGES.values():
        if plain in (lang.code, lang.english_name.lower(), lang.native_name.lower()):
            return lang.code
    return None


def _sheet_rows(sheet: Any) -> list[dict[str, str]]:
    """The rows of a sheet as dicts of lower-cased header → text; empty rows left out."""
    rows = sheet_rows(sheet)
    try:
        header = [str(cell).strip() if cell is not None else "" for cell in next(rows)]
    except StopIteration:
        return []
    result = []
    for index, values in enumerate(rows, start=2):
        if index > MAX_ROWS:
            raise XLSFormError(_("The form has more than %(n)s rows.") % {"n": MAX_ROWS})
        row = {
            key: str(value).strip()
            for key, value in zip(header, values, strict=False)
            if key and value is not None and str(value).strip()
        }
        if row:
            row["_row"] = str(index)
            result.append(row)
    return result


def _header_key(key: str) -> str:
    """Normalise 'Label::Dutch (nl)' to 'label::Dutch (nl)' and 'media::image' to 'image'."""
    parts = key.split("::")
    parts[0] = parts[0].strip().lower()
    if parts[0] == "media" and len(parts) > 1:
        parts = [parts[1].strip().lower(), *parts[2:]]
    return "::".join(part.strip() if i else part for i, part in enumerate(parts))


def _read_workbook(data: bytes) -> dict[str, list[dict[str, str]]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise XLSFormError(
            _("This is not an Excel file (.xlsx). Save the form as .xlsx and upload it again.")
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged file must not become a server error
        logger.info("XLSForm could not be opened: %s", error)
        raise XLSFormError(_("The Excel file could not be read. Is it damaged?")) from error
    sheets = {name.strip().lower(): workbook[name] for name in workbook.sheetnames}
    if "survey" not in sheets:
        raise XLSFormError(_("The file has no sheet called “survey”, so it is not an XLSForm."))
    result = {}
    try:
        for name in ("survey", "choices", "settings"):
            rows = _sheet_rows(sheets[name]) if name in sheets else []
            result[name] = [{_header_key(k): v for k, v in row.items()} for row in rows]
    except SpreadsheetError as error:  # damaged, or wider than any form (an xlsx bomb)
        raise XLSFormError(error.message) from error
    finally:
        workbook.close()
    return result


def _validate_with_pyxform(data: bytes) -> None:
    try:
        xls2xform.convert(xlsform=data, file_type=".xlsx", validate=False)
    except Exception as error:
        raise XLSFormError(
            _("The form is not valid XLSForm: %(reason)s") % {"reason": str(error).strip()[:300]}
        ) from error


# --- Building the plan --------------------------------------------------------------------------------


class _Texts:
    """Collects the per-language columns of one kind (label, hint, image, audio) and unknown languages."""

    def __init__(self, default: str, unknown: set[str]) -> None:
        self.default = default
        self.unknown = unknown

    def get(self, row: dict[str, str], column: str) -> dict[str, str]:
        texts: dict[str, str] = {}
        for key, value in row.items():
            base, _sep, language = key.partition("::")
            if base != column:
                continue
            code = language_code(language) if language else self.default
            if code is None:
                self.unknown.add(language)
                continue
            texts.setdefault(code, value)
        return texts


def _is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE_VALUES


def _relevant(expression: str) -> tuple[str, str] | None:
    match = SIMPLE_RELEVANT.match(expression) or SELECTED_RELEVANT.match(expression)
    return (match.group("name"), match.group("value")) if match else None


def _option_value(name: str) -> str:
    return slugify(name)[:60]


def _question_name(name: str) -> str:
    return slugify(name).replace("-", "_")[:60]


def _scale(parameters: str) -> tuple[int, int] | None:
    values = {key.lower(): value for key, value in PARAM_RE.findall(parameters or "")}
    try:
        start, end = int(float(values["start"])), int(float(values["end"]))
    except (KeyError, ValueError):
        return None
    if 0 <= start < end <= 10:
        return start, end
    return None


def parse_xlsform(data: bytes, *, workspace: Workspace, filename: str = "") -> dict[str, Any]:
    """Read an XLSForm into a plan (JSON-ready); raise XLSFormError when nothing can be imported.

    The plan lists every question and option it will create, and `unmapped`: everything in the form
    that has no place in a questionnaire here (groups, repeats, calculations, complex conditions,
    languages the workspace does not offer, media files that are not uploaded).
    """
    sheets = _read_workbook(data)
    _validate_with_pyxform(data)
    unmapped: list[str] = []
    settings = sheets["settings"][0] if sheets["settings"] else {}
    default = (
        language_code(settings.get("default_language", "")) if settings.get("default_language") else "nl"
    )
    if default is None:
        unmapped.append(
            _("The default language “%(name)s” is not a parent language here; Dutch is assumed.")
            % {"name": settings["default_language"]}
        )
        default = "nl"
    unknown: set[str] = set()
    texts = _Texts(default, unknown)

    lists: dict[str, list[dict[str, str]]] = {}
    for row in sheets["choices"]:
        list_name = row.get("list_name") or row.get("list name")
        if list_name:
            lists.setdefault(list_name, []).append(row)

    questions: list[dict[str, Any]] = []
    names: set[str] = set()
    repeat_depth = 0
    for row in sheets["survey"]:
        line = row["_row"]
        raw_type = re.sub(r"\s+", " ", row.get("type", "")).strip()
        kind_word = raw_type.split(" ")[0].lower() if raw_type else ""
        name = row.get("name", "")
        if not raw_type or raw_type.lower() in IGNORED_TYPES:
            if raw_type.lower().replace("_", " ") == "end repeat":
                repeat_depth = max(0, repeat_depth - 1)
            continue
        if raw_type.lower().replace("_", " ") == "begin group":
            unmapped.append(
                _("Row %(row)s: the group “%(name)s” is left out; its questions are imported one by one.")
                % {"row": line, "name": name}
            )
            continue
        if raw_type.lower().replace("_", " ") == "begin repeat":
            repeat_depth += 1
            unmapped.append(
                _("Row %(row)s: the repeat “%(name)s” and the questions in it cannot be imported.")
                % {"row": line, "name": name}
            )
            continue
        if repeat_depth:
            unmapped.append(
                _("Row %(row)s: “%(name)s” is inside a repeat and is not imported.")
                % {"row": line, "name": name}
            )
            continue
        if kind_word in META_TYPES or kind_word in {"calculate", "note", "hidden"}:
            unmapped.append(
                _(
                    "Row %(row)s: “%(name)s” of type “%(type)s” has no place in a questionnaire and is left out."
                )
                % {"row": line, "name": name, "type": raw_type}
            )
            continue
        question: dict[str, Any] = {
            "row": line,
            "name": _question_name(name),
            "text": texts.get(row, "label"),
            "hint": texts.get(row, "hint"),
            "audio": texts.get(row, "audio"),
            "required": _is_true(row.get("required")),
            "scale_min": 1,
            "scale_max": 5,
            "show_if": None,
            "options": [],
        }
        if kind_word in ("select_one", "select_multiple", "select1"):
            list_name = raw_type.split(" ")[1] if " " in raw_type else ""
            choices = lists.get(list_name)
            if not choices:
                raise XLSFormError(
                    _("Row %(row)s: the list “%(list)s” is not on the choices sheet.")
                    % {"row": line, "list": list_name}
                )
            values = [_option_value(choice.get("name", "")) for choice in choices]
            if kind_word != "select_multiple" and sorted(values) == ["no", "yes"]:
                question["kind"] = Question.Kind.YES_NO
            else:
                question["kind"] = (
                    Question.Kind.MULTIPLE_CHOICE
                    if kind_word == "select_multiple"
                    else Question.Kind.SINGLE_CHOICE
                )
                has_images = False
                for choice, value in zip(choices, values, strict=True):
                    option = {
                        "value": value,
                        "label": texts.get(choice, "label"),
                        "pictogram": "",
                        "audio": texts.get(choice, "audio"),
                    }
                    if not value:
                        unmapped.append(
                            _("Row %(row)s: an answer of list “%(list)s” has no usable name and is left out.")
                            % {"row": choice["_row"], "list": list_name}
                        )
                        continue
                    images = texts.get(choice, "image")
                    if images:
                        has_images = True
                        filename_ = next(iter(images.values()))
                        match = PICTOGRAM_FILE.match(filename_)
                        if match:
                            option["pictogram"] = match.group("code").upper()
                        else:
                            unmapped.append(
                                _(
                                    "Choices row %(row)s: the image “%(file)s” was not uploaded; "
                                    "choose a pictogram or upload the image after the import."
                                )
                                % {"row": choice["_row"], "file": filename_}
                            )
                    for audio in option["audio"].values():
                        unmapped.append(
                            _(
                                "Choices row %(row)s: the recording “%(file)s” is not in the form; it is "
                                "noted as missing: upload it on the recordings page after the import."
                            )
                            % {"row": choice["_row"], "file": audio}
                        )
                    question["options"].append(option)
                if has_images and kind_word != "select_multiple":
                    question["kind"] = Question.Kind.PICTOGRAM
        elif kind_word in ("integer", "decimal"):
            question["kind"] = Question.Kind.NUMBER
            if kind_word == "decimal":
                unmapped.append(
                    _("Row %(row)s: “%(name)s” asks for a decimal number; it is imported as a whole number.")
                    % {"row": line, "name": name}
                )
        elif kind_word == "text":
            multiline = "multiline" in row.get("appearance", "").lower()
            question["kind"] = Question.Kind.LONG_TEXT if multiline else Question.Kind.SHORT_TEXT
        elif kind_word == "range" and _scale(row.get("parameters", "")):
            question["kind"] = Question.Kind.SCALE
            question["scale_min"], question["scale_max"] = _scale(row.get("parameters", ""))
        else:
            unmapped.append(
                _("Row %(row)s: “%(name)s” of type “%(type)s” cannot be imported.")
                % {"row": line, "name": name, "type": raw_type}
            )
            continue
        if not question["name"]:
            raise XLSFormError(_("Row %(row)s: the question has no name.") % {"row": line})
        if question["name"] in names:
            raise XLSFormError(
                _("Row %(row)s: the name “%(name)s” is used twice.") % {"row": line, "name": question["name"]}
            )
        if not question["text"].get("nl"):
            raise XLSFormError(
                _("Row %(row)s: the question “%(name)s” has no Dutch label; give a label::Dutch (nl) column.")
                % {"row": line, "name": name}
            )
        for option in question["options"]:
            if not option["label"].get("nl"):
                raise XLSFormError(
                    _("The answer “%(value)s” of question “%(name)s” has no Dutch label.")
                    % {"value": option["value"], "name": name}
                )
        for column in ("image", "video"):
            for file in texts.get(row, column).values():
                unmapped.append(
                    _("Row %(row)s: the media file “%(file)s” of “%(name)s” was not uploaded.")
                    % {"row": line, "file": file, "name": name}
                )
        for file in question["audio"].values():
            unmapped.append(
                _(
                    "Row %(row)s: the recording “%(file)s” of “%(name)s” is not in the form; it is noted as "
                    "missing: upload it on the recordings page after the import."
                )
                % {"row": line, "file": file, "name": name}
            )
        _plan_condition(question, row.get("relevant", ""), questions, unmapped)
        for column in ("constraint", "calculation", "choice_filter", "repeat_count", "default"):
            if row.get(column):
                unmapped.append(
                    _("Row %(row)s: the %(column)s “%(value)s” of “%(name)s” is not imported.")
                    % {"row": line, "column": column, "value": row[column], "name": name}
                )
        names.add(question["name"])
        questions.append(question)
    if not questions:
        raise XLSFormError(_("The form has no questions that can be imported."))

    allowed = set(workspace.parent_languages) | {"nl"}
    used: set[str] = set()
    for question in questions:
        for field in ("text", "hint"):
            used |= set(question[field])
        for option in question["options"]:
            used |= set(option["label"])
    for name in sorted(unknown):
        unmapped.append(
            _("The language “%(name)s” is not known here; its texts are left out.") % {"name": name}
        )
    dropped = sorted(used - allowed)
    for code in dropped:
        unmapped.append(
            _("%(language)s is not one of this workspace's parent languages; its texts are left out.")
            % {"language": PARENT_LANGUAGES[code].english_name}
        )
    for question in questions:
        for field in ("text", "hint", "audio"):
            question[field] = {k: v for k, v in question.get(field, {}).items() if k in allowed}
        for option in question["options"]:
            for field in ("label", "audio"):
                option[field] = {k: v for k, v in option.get(field, {}).items() if k in allowed}
    title = settings.get("form_title") or settings.get("form_id") or filename.rsplit(".", 1)[0] or "XLSForm"
    return {
        "title": {"nl": title[:200]},
        "languages": [
            code
            for code in dict.fromkeys(["nl", *workspace.parent_languages])
            if code in used or code == "nl"
        ],
        "questions": questions,
        "unmapped": list(dict.fromkeys(unmapped)),
    }


def _plan_condition(
    question: dict[str, Any], expression: str, earlier: list[dict[str, Any]], unmapped: list[str]
) -> None:
    if not expression:
        return
    parsed = _relevant(expression)
    source = None
    if parsed:
        name, value = _question_name(parsed[0]), parsed[1]
        source = next((q for q in earlier if q["name"] == name), None)
    if source is not None:
        if source["kind"] == Question.Kind.SCALE:
            allowed = [str(n) for n in range(source["scale_min"], source["scale_max"] + 1)]
        elif source["kind"] == Question.Kind.YES_NO:
            allowed = list(services.YES_NO_VALUES)
        else:
            allowed = [option["value"] for option in source["options"]]
        value = _option_value(value) if source["kind"] != Question.Kind.SCALE else value.strip()
        if value in allowed:
            question["show_if"] = [source["name"], value]
            return
    unmapped.append(
        _("Row %(row)s: the condition “%(expression)s” is too complex; the question is always shown.")
        % {"row": question["row"], "expression": expression}
    )


# --- Creating the questionnaire -----------------------------------------------------------------------


@transaction.atomic
def xlsform_import(
    *, workspace: Workspace, actor: Any, plan: dict[str, Any], source: str = ""
) -> Questionnaire:
    """Create a draft questionnaire from a plan, through the builder's services; all or nothing."""
    questionnaire = services.questionnaire_create(
        workspace=workspace, actor=actor, title=plan["title"], languages=plan["languages"]
    )
    by_name: dict[str, Question] = {}
    for data in plan["questions"]:
        condition = data.get("show_if")
        question = services.question_create(
            questionnaire=questionnaire,
            actor=actor,
            name=data["name"],
            kind=data["kind"],
            text=data["text"],
            hint=data["hint"],
            required=data["required"],
            scale_min=data["scale_min"],
            scale_max=data["scale_max"],
            show_if_question=None,
            show_if_value="",
        )
        by_name[question.name] = question
        # Recordings the form names are noted, so the screens ask for them ("recording missing").
        if data.get("audio"):
            services.recording_names_expect(target=question, names=data["audio"])
        for option in data["options"]:
            created = services.option_create(
                question=question,
                actor=actor,
                value=option["value"],
                label=option["label"],
                pictogram=option["pictogram"],
            )
            if option.get("audio"):
                services.recording_names_expect(target=created, names=option["audio"])
        if condition:
            # The condition is set once the options of the question it depends on exist.
            services.question_update(
                question=question,
                actor=actor,
                show_if_question=by_name[condition[0]],
                show_if_value=condition[1],
            )
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        obj=questionnaire,
        changes={"source": source[:200], "questions": len(by_name), "unmapped": len(plan["unmapped"])},
    )
    return questionnaire


def xlsform_import_bytes(
    *, workspace: Workspace, actor: Any, data: bytes, filename: str = ""
) -> Questionnaire:
    """Parse and create in one go (for scripts and tests); a ValidationError when it cannot."""
    try:
        plan = parse_xlsform(data, workspace=workspace, filename=filename)
    except XLSFormError as error:
        raise ValidationError(error.message) from error
    return xlsform_import(workspace=workspace, actor=actor, plan=plan, source=filename)


# --- Export -------------------------------------------------------------------------------------------


def _language_column(base: str, code: str) -> str:
    return f"{base}::{PARENT_LANGUAGES[code].english_name} ({code})"


def _audio_names(audio: object, languages: list[str]) -> list[str]:
    """The file name of each language's recording (stored or still expected), as XLSForm media columns
    name them: the files themselves go beside the form (as in ODK/KoboToolbox media uploads)."""
    values = audio if isinstance(audio, dict) else {}
    return [posixpath.basename(str(values.get(code) or "")) for code in languages]


def export_xlsform(questionnaire: Questionnaire, *, actor: Any = None) -> bytes:
    """The questionnaire as an XLSForm workbook: survey, choices and settings, labels per language."""
    languages = ["nl", *[code for code in questionnaire.languages if code != "nl"]]
    questions = list(questionnaire.questions.select_related("show_if_question").prefetch_related("options"))
    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            *[_language_column("label", code) for code in languages],
            *[_language_column("hint", code) for code in languages],
            *[_language_column("audio", code) for code in languages],
            "required",
            "relevant",
            "appearance",
            "parameters",
        ]
    )
    choices = workbook.create_sheet("choices")
    choices.append(
        [
            "list_name",
            "name",
            *[_language_column("label", code) for code in languages],
            "image",
            *[_language_column("audio", code) for code in languages],
        ]
    )
    yes_no_written = False
    for question in questions:
        kind = question.kind
        appearance = parameters = ""
        if kind in Question.CHOICE_KINDS:
            word = "select_multiple" if kind == Question.Kind.MULTIPLE_CHOICE else "select_one"
            type_ = f"{word} {question.name}"
            for option in question.options.all():
                choices.append(
                    [
                        question.name,
                        option.value,
                        *[option.label.get(code, "") for code in languages],
                        f"{option.pictogram}.svg" if option.pictogram else "",
                        *_audio_names(option.audio, languages),
                    ]
                )
        elif kind == Question.Kind.YES_NO:
            type_ = "select_one yes_no"
            if not yes_no_written:
                for value in services.YES_NO_VALUES:
                    choices.append(
                        [
                            "yes_no",
                            value,
                            *[PARENT_TEXTS.get(code, {}).get(value, value) for code in languages],
                            "",
                            *["" for _code in languages],
                        ]
                    )
                yes_no_written = True
        elif kind == Question.Kind.NUMBER:
            type_ = "integer"
        elif kind == Question.Kind.SCALE:
            type_ = "range"
            parameters = f"start={question.scale_min} end={question.scale_max} step=1"
        else:
            type_ = "text"
            appearance = "multiline" if kind == Question.Kind.LONG_TEXT else ""
        relevant = ""
        if question.show_if_question_id:
            source = question.show_if_question
            if source.kind == Question.Kind.MULTIPLE_CHOICE:
                relevant = f"selected(${{{source.name}}}, '{question.show_if_value}')"
            else:
                relevant = f"${{{source.name}}} = '{question.show_if_value}'"
        survey.append(
            [
                type_,
                question.name,
                *[question.text.get(code, "") for code in languages],
                *[question.hint.get(code, "") for code in languages],
                *_audio_names(question.audio, languages),
                "yes" if question.required else "",
                relevant,
                appearance,
                parameters,
            ]
        )
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language", "version"])
    settings.append(
        [
            questionnaire.text("title", "nl"),
            f"questionnaire_{questionnaire.pk}",
            _language_column("", "nl").removeprefix("::"),
            questionnaire.updated_at.strftime("%Y%m%d%H%M") if questionnaire.updated_at else "1",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        workspace=questionnaire.workspace,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=questionnaire,
        changes={"format": "xlsform", "questions": len(questions)},
    )
    return buffer.getvalue()
