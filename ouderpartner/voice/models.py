"""Parent voice: questionnaires parents answer in their own language, and nameless conversation records.

Parent-facing texts are per-language data (a dict of language code → text), written or uploaded
by the coordinator, not gettext. Nothing here identifies a parent: no names, no IP addresses.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.languages import validate_parent_languages
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation
from ouderpartner.programmes.models import Programme


def validate_texts(value: object) -> None:
    """A per-language text: {"nl": "...", "ar": "..."} with known language codes."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValidationError(_("Give the text per language."))
    validate_parent_languages(list(value))


def texts_field(verbose_name: str, *, blank: bool = True) -> models.JSONField:
    return models.JSONField(verbose_name, default=dict, blank=blank, validators=[validate_texts])


def new_code() -> str:
    """A short, unambiguous code for a distribution's link (no 0/O, 1/l/I)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(7))


class Questionnaire(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="questionnaires", verbose_name=_("workspace")
    )
    title = texts_field(_("title"), blank=False)
    intro = texts_field(_("introduction"))
    thank_you = texts_field(_("thank-you text"))
    audio = models.JSONField(
        _("recordings"), default=dict, blank=True, help_text=_("Uploaded audio per text and language.")
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validate_parent_languages],
        help_text=_("The languages it is offered in."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    template_key = models.SlugField(_("made from template"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.text("title")

    def text(self, field: str, language: str | None = None) -> str:
        """The text in the language asked for, else in Dutch, else in any language it has."""
        values: dict[str, str] = getattr(self, field) or {}
        for code in (language, "nl", *self.languages):
            if code and values.get(code):
                return values[code]
        return next(iter(values.values()), "")


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", _("one answer")
        MULTIPLE_CHOICE = "multiple_choice", _("several answers")
        SCALE = "scale", _("scale (faces)")
        PICTOGRAM = "pictogram", _("choice of pictures")
        YES_NO = "yes_no", _("yes or no")
        NUMBER = "number", _("number")
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")

    CHOICE_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.PICTOGRAM)
    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.SlugField(
        _("short name"), max_length=60, help_text=_("For exports and XLSForm, e.g. reading_at_home.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = texts_field(_("question"), blank=False)
    hint = texts_field(_("hint"))
    audio = models.JSONField(
        _("recordings"), default=dict, blank=True, help_text=_("Uploaded audio per language.")
    )
    required = models.BooleanField(_("required"), default=False)
    scale_min = models.SmallIntegerField(_("scale from"), default=1, validators=[MinValueValidator(0)])
    scale_max = models.SmallIntegerField(_("scale to"), default=5, validators=[MaxValueValidator(10)])
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name=_("show only if question"),
    )
    show_if_value = models.CharField(_("has the answer"), max_length=60, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "name"], name="question_name_per_questionnaire")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_options(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    def clean(self) -> None:
        if self.kind == self.Kind.SCALE and self.scale_max <= self.scale_min:
            raise ValidationError({"scale_max": _("The scale must end above where it starts.")})
        if self.show_if_question_id:
            if self.show_if_question_id == self.pk:
                raise ValidationError({"show_if_question": _("A question cannot depend on itself.")})
            if self.show_if_question.questionnaire_id != self.questionnaire_id:
                raise ValidationError({"show_if_question": _("Choose a question of this questionnaire.")})
            if not self.show_if_value:
                raise ValidationError({"show_if_value": _("Say which answer shows this question.")})


pictogram_validator = RegexValidator(
    r"^[0-9A-F]{4,6}(-[0-9A-F]{4,6})*$", _("Choose a pictogram from the list.")
)


class Option(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    value = models.SlugField(
        _("value"), max_length=60, help_text=_("Stored with the answer, e.g. yes, often.")
    )
    label = texts_field(_("label"), blank=False)
    pictogram = models.CharField(
        _("pictogram"),
        max_length=40,
        blank=True,
        validators=[pictogram_validator],
        help_text=_("OpenMoji code."),
    )
    image = models.FileField(_("image"), upload_to="voice/options/", blank=True)
    audio = models.JSONField(_("recordings"), default=dict, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="option_value_per_question")
        ]

    def __str__(self) -> str:
        return self.value


class Distribution(models.Model):
    """A questionnaire published at one trusted place, with a short link and a QR code."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="distributions", verbose_name=_("workspace")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="distributions", verbose_name=_("questionnaire")
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="distributions", verbose_name=_("place")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="distributions",
        verbose_name=_("programme"),
    )
    code = models.CharField(_("code"), max_length=12, unique=True, default=new_code, editable=False)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")

    def __str__(self) -> str:
        return f"{self.questionnaire} @ {self.location}"

    def clean(self) -> None:
        errors = {}
        for field in ("questionnaire", "location", "programme"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.workspace_id != self.workspace_id:
                errors[field] = _("This is not in the workspace.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("It must close after it opens.")
        if errors:
            raise ValidationError(errors)


class Response(models.Model):
    """One parent's answers. Anonymous: attributed to a place and a language, never to a person."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="responses", verbose_name=_("workspace")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses", verbose_name=_("questionnaire")
    )
    distribution = models.ForeignKey(
        Distribution,
        on_delete=models.SET_NULL,
        null=True,
        related_name="responses",
        verbose_name=_("distribution"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("place")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    language = models.CharField(_("language"), max_length=5)
    token = models.CharField(max_length=43, unique=True, editable=False)
    assisted = models.BooleanField(_("filled in with a professional"), default=False)
    is_demo = models.BooleanField(_("demo answer"), default=False)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["workspace", "questionnaire", "submitted_at"]),
            # Covering indexes: the workspace's insights and a questionnaire's results (and its tally's
            # fingerprint) count sent responses per month, place, neighbourhood and language from the index
            # alone (an index-only scan), not from rows spread over the whole table.
            models.Index(
                fields=[
                    *("workspace", "submitted_at", "questionnaire", "language"),
                    *("location", "neighbourhood", "is_demo", "id"),
                ],
                name="response_workspace_cover",
            ),
            models.Index(
                fields=[
                    "questionnaire",
                    "submitted_at",
                    "language",
                    "location",
                    "neighbourhood",
                    "is_demo",
                    "id",
                ],
                name="response_questionnaire_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} ({self.language})"


class Answer(models.Model):
    class Moderation(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        APPROVED = "approved", _("approved")
        HIDDEN = "hidden", _("hidden")

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    choices = models.JSONField(_("chosen options"), default=list, blank=True)
    number = models.IntegerField(_("number"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    moderation = models.CharField(
        _("moderation"),
        max_length=10,
        choices=Moderation.choices,
        default=Moderation.PENDING,
        help_text=_("Open answers are read by a coordinator before anyone else sees them."),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    themes = models.ManyToManyField("Theme", blank=True, related_name="answers", verbose_name=_("themes"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]
        indexes = [
            # A score (mean of a scale question) over the responses of a period, from the index alone.
            models.Index(fields=["question", "response", "number"], name="answer_question_cover"),
            # Open answers of a questionnaire by question and moderation state (counted and quoted on its results).
            models.Index(
                fields=["question", "moderation", "response"], condition=~Q(text=""), name="answer_open_text"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.choices or self.number or self.text[:30]}"


class ConversationTag(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="conversation_tags", verbose_name=_("workspace")
    )
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="tag_name_per_workspace")]

    def __str__(self) -> str:
        return self.name


class Conversation(models.Model):
    """A nameless record of what a parent said: needs, questions, successes, strengths."""

    class AgeBand(models.TextChoices):
        BABY = "0-1", _("0-1 year")
        TODDLER = "1-2", _("1-2 years")
        PRESCHOOL = "2-4", _("2-4 years")
        YOUNG_PUPIL = "4-6", _("4-6 years")
        PUPIL = "6-12", _("6-12 years")
        TEEN = "12-18", _("12-18 years")
        YOUNG_ADULT = "18-21", _("18-21 years")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("workspace")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="conversations", verbose_name=_("organisation")
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("place"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("neighbourhood"),
    )
    date = models.DateField(_("date"))
    language = models.CharField(_("language of the conversation"), max_length=5)
    child_age_band = models.CharField(
        _("age of the child"), max_length=5, choices=AgeBand.choices, blank=True
    )
    needs = models.TextField(_("needs and expectations"), blank=True)
    questions = models.TextField(_("questions"), blank=True)
    successes = models.TextField(_("successes"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    tags = models.ManyToManyField(
        ConversationTag, blank=True, related_name="conversations", verbose_name=_("tags")
    )
    follow_up = models.TextField(_("agreed follow-up"), blank=True)
    referral_programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred to programme"),
    )
    referral_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred to partner"),
    )
    wants_contact = models.BooleanField(_("the parent wants to be contacted"), default=False)
    contact = models.CharField(
        _("how to contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only when the parent asks for it. Visible only to your organisation; removed after the retention period."
        ),
    )
    contact_purge_after = models.DateField(_("contact removed after"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            # The list (newest first), the insights and the indicators read a workspace's records by date.
            models.Index(
                fields=["workspace", "date", "neighbourhood", "location", "language", "id"],
                name="conversation_workspace_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        errors = {}
        for field in (
            "organisation",
            "location",
            "neighbourhood",
            "referral_programme",
            "referral_organisation",
        ):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.workspace_id != self.workspace_id:
                errors[field] = _("This is not in the workspace.")
        if (
            self.location_id
            and self.organisation_id
            and self.location.organisation_id != self.organisation_id
        ):
            errors["location"] = _("Choose a place of your organisation.")
        if self.contact and not self.wants_contact:
            errors["contact"] = _("Keep contact details only when the parent asks to be contacted.")
        if not any((self.needs, self.questions, self.successes, self.strengths)):
            errors["needs"] = _("Write down at least one of the four themes.")
        if errors:
            raise ValidationError(errors)


class Theme(models.Model):
    """A theme in parents' open answers: suggested by the computer, then accepted, renamed or merged
    by a coordinator. Only accepted themes are shown outside the moderation screens."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        ACCEPTED = "accepted", _("accepted")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="themes", verbose_name=_("workspace")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="themes", verbose_name=_("questionnaire")
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="themes",
        verbose_name=_("question"),
    )
    language = models.CharField(_("language of the answers"), max_length=5, blank=True)
    name = models.CharField(_("name"), max_length=120)
    terms = models.JSONField(_("characteristic words"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["questionnaire", "status", "name", "id"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.questionnaire_id and self.questionnaire.workspace_id != self.workspace_id:
            raise ValidationError({"questionnaire": _("This is not in the workspace.")})
        if self.question_id and self.question.questionnaire_id != self.questionnaire_id:
            raise ValidationError({"question": _("Choose a question of this questionnaire.")})


class Feedback(models.Model):
    """ "You said, we did": what was done with what parents said, shown on the parent's thank-you page."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="feedback_items", verbose_name=_("workspace")
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_items",
        verbose_name=_("questionnaire"),
        help_text=_("Leave empty to show it after every questionnaire."),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_items",
        verbose_name=_("theme"),
        help_text=_("The theme in parents' answers this is about."),
    )
    said = texts_field(_("parents said"))
    done = texts_field(_("we did"), blank=False)
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("you said, we did")
        verbose_name_plural = _("you said, we did")

    def __str__(self) -> str:
        return self.text("done")[:60]

    def text(self, field: str, language: str | None = None) -> str:
        texts = getattr(self, field) or {}
        return (language and texts.get(language)) or texts.get("nl", "")

    def clean(self) -> None:
        errors = {}
        if self.questionnaire_id and self.questionnaire.workspace_id != self.workspace_id:
            errors["questionnaire"] = _("This is not in the workspace.")
        if self.theme_id and self.theme.workspace_id != self.workspace_id:
            errors["theme"] = _("This is not in the workspace.")
        if not isinstance(self.done, dict) or not (self.done.get("nl") or "").strip():
            errors["done"] = _("Write in Dutch what was done.")
        if errors:
            raise ValidationError(errors)


class ResultTally(models.Model):
    """A summary table of a questionnaire's results: the answers of its sent responses counted per
    question, stored value (the chosen options and the number, as JSON), month sent and one grouping
    (none, language, place or neighbourhood), so the results page reads a few thousand rows instead of
    every answer. Built from the answers by ouderpartner.voice.tallies, on PostgreSQL; checked against a
    fingerprint of the sent responses (ResultTallyState) on every read and rebuilt when they differ."""

    class Dimension(models.TextChoices):
        NONE = "", _("none")
        LANGUAGE = "language", _("language")
        LOCATION = "location", _("place")
        NEIGHBOURHOOD = "neighbourhood", _("neighbourhood")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="+", verbose_name=_("questionnaire")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question")
    )
    month = models.DateField(_("month"))
    dimension = models.CharField(_("grouping"), max_length=13, choices=Dimension.choices, blank=True)
    key = models.CharField(_("group"), max_length=20, blank=True, help_text=_("Empty when unknown."))
    value = models.TextField(_("value"), help_text=_("The answer's chosen options and number, as JSON."))
    n = models.PositiveIntegerField(_("answers"))

    class Meta:
        verbose_name = _("result tally")
        verbose_name_plural = _("result tallies")
        constraints = [
            # Two readers rebuilding at once write the same cells: the later one's counts replace the earlier's.
            models.UniqueConstraint(
                fields=["questionnaire", "dimension", "month", "question", "key", "value"],
                name="one_tally_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} {self.month:%Y-%m} {self.dimension}={self.key} {self.value}: {self.n}"


class ResultTallyState(models.Model):
    """What a questionnaire's tally was built from: the count and sums of ids, places and neighbourhoods of
    its sent responses. Sent answers never change, so any change that matters (a response sent, deleted
    or purged, a place or neighbourhood removed) changes this fingerprint."""

    questionnaire = models.OneToOneField(
        Questionnaire, on_delete=models.CASCADE, related_name="+", verbose_name=_("questionnaire")
    )
    responses = models.BigIntegerField(_("responses"))
    id_sum = models.BigIntegerField(_("sum of ids"))
    location_sum = models.BigIntegerField(_("sum of places"))
    neighbourhood_sum = models.BigIntegerField(_("sum of neighbourhoods"))
    built_at = models.DateTimeField(_("built"), auto_now=True)

    class Meta:
        verbose_name = _("result tally state")
        verbose_name_plural = _("result tally states")

    def __str__(self) -> str:
        return f"{self.questionnaire_id}: {self.responses} responses"
