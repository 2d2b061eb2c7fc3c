"""Live meetings (bijeenkomsten): sessions with prompts that participants answer on their phone.

A participant has no account and no name: a signed token identifies them to the server, and only a
hash of its secret part is stored. No IP addresses are stored. Texts shown to participants are
per-language data (language code → text), like the questionnaires of parent voice.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.languages import validate_parent_languages
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Organisation

CODE_LENGTH = 6
MAX_TEXT_LENGTH = 500


def validate_texts(value: object) -> None:
    """A per-language text: {"nl": "...", "ar": "..."} with known language codes."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValidationError(_("Give the text per language."))
    validate_parent_languages(list(value))


def texts_field(verbose_name: str, *, blank: bool = True) -> models.JSONField:
    return models.JSONField(verbose_name, default=dict, blank=blank, validators=[validate_texts])


def new_join_code() -> str:
    """Six digits: easy to type on a phone's number pad and to read out in a room (no leading zero)."""
    return str(secrets.randbelow(9 * 10 ** (CODE_LENGTH - 1)) + 10 ** (CODE_LENGTH - 1))


join_code_validator = RegexValidator(r"^[0-9]{6,8}$", _("A join code is six to eight digits."))
pictogram_validator = RegexValidator(
    r"^[0-9A-F]{4,6}(-[0-9A-F]{4,6})*$", _("Choose a pictogram from the list.")
)


def pick_text(values: dict[str, str] | None, language: str | None, fallbacks: list[str]) -> str:
    """The text in the language asked for, else Dutch, else the session's languages, else any."""
    values = values or {}
    for code in (language, "nl", *fallbacks):
        if code and values.get(code):
            return values[code]
    return next(iter(values.values()), "")


class LiveSession(models.Model):
    """A meeting with prompts; participants join with its code.

    Status: draft (being prepared) → collecting (open for days before the meeting, for the
    inventory; only prompts marked `collect` are answered) → live (the facilitator shows one
    prompt at a time) → closed (results kept, nobody can answer).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        COLLECTING = "collecting", _("collecting beforehand")
        LIVE = "live", _("live")
        CLOSED = "closed", _("closed")

    OPEN_STATUSES = (Status.COLLECTING, Status.LIVE)

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="live_sessions", verbose_name=_("workspace")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_sessions",
        verbose_name=_("organisation"),
        help_text=_("The partner organisation that runs it; empty for the municipality's own meetings."),
    )
    title = texts_field(_("title"), blank=False)
    code = models.CharField(
        _("join code"),
        max_length=8,
        unique=True,
        default=new_join_code,
        validators=[join_code_validator],
        editable=False,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validate_parent_languages],
        help_text=_("The languages participants can choose."),
    )
    current_prompt = models.ForeignKey(
        "Prompt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current prompt"),
    )
    results_visible = models.BooleanField(_("results visible"), default=True)
    voting_locked = models.BooleanField(_("voting locked"), default=False)
    allow_change_vote = models.BooleanField(
        _("participants may change their answer"),
        default=True,
        help_text=_("While the prompt is open and voting is not locked."),
    )
    moderate_text = models.BooleanField(
        _("moderate open text"),
        default=True,
        help_text=_("Open answers, words and questions are shown only after you approve them."),
    )
    countdown_ends_at = models.DateTimeField(_("countdown ends"), null=True, blank=True)
    collect_opens_at = models.DateTimeField(_("collecting opens"), null=True, blank=True)
    collect_closes_at = models.DateTimeField(_("collecting closes"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("date of the meeting"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    revision = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Raised on every change of state, so clients can resync.")
    )
    template_key = models.SlugField(_("made from template"), max_length=60, blank=True)
    is_demo = models.BooleanField(_("demo session"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["workspace", "status"])]

    def __str__(self) -> str:
        return self.text("title")

    def text(self, field: str, language: str | None = None) -> str:
        return pick_text(getattr(self, field), language, self.languages)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def clean(self) -> None:
        errors = {}
        if self.organisation_id and self.organisation.workspace_id != self.workspace_id:
            errors["organisation"] = _("This is not in the workspace.")
        if (
            self.collect_opens_at
            and self.collect_closes_at
            and self.collect_closes_at <= self.collect_opens_at
        ):
            errors["collect_closes_at"] = _("Collecting must close after it opens.")
        if errors:
            raise ValidationError(errors)


class Prompt(models.Model):
    """One question or statement on the presenter screen."""

    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", _("multiple choice, one answer")
        MULTIPLE_CHOICE = "multiple_choice", _("multiple choice, several answers")
        PICTOGRAM = "pictogram", _("choice of pictures")
        SCALE = "scale", _("scale")
        RANKING = "ranking", _("ranking")
        WORD_CLOUD = "word_cloud", _("word cloud")
        OPEN_TEXT = "open_text", _("open question")
        QA = "qa", _("questions from the room (Q&A)")

    class ScaleStyle(models.TextChoices):
        FACES = "faces", _("faces")
        SLIDER = "slider", _("slider")

    CHOICE_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.PICTOGRAM)
    OPTION_KINDS = (*CHOICE_KINDS, Kind.RANKING)
    VOTE_KINDS = (*OPTION_KINDS, Kind.SCALE)
    TEXT_KINDS = (Kind.WORD_CLOUD, Kind.OPEN_TEXT, Kind.QA)

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="prompts", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = texts_field(_("question"), blank=False)
    max_choices = models.PositiveSmallIntegerField(
        _("at most this many answers"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("For several answers, e.g. 3 for 'choose the three most important'."),
    )
    scale_min = models.SmallIntegerField(
        _("scale from"), default=1, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    scale_max = models.SmallIntegerField(
        _("scale to"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    scale_style = models.CharField(
        _("scale shown as"), max_length=10, choices=ScaleStyle.choices, default=ScaleStyle.FACES
    )
    scale_labels = texts_field(_("scale ends"))
    max_length = models.PositiveSmallIntegerField(
        _("maximum length of a text"),
        default=200,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TEXT_LENGTH)],
    )
    max_entries = models.PositiveSmallIntegerField(
        _("texts per participant"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many words, answers or questions one participant may send."),
    )
    hide_results = models.BooleanField(
        _("hide results until revealed"),
        default=False,
        help_text=_("The presenter screen shows the results only after you reveal them."),
    )
    collect = models.BooleanField(
        _("open beforehand"),
        default=False,
        help_text=_("Participants can answer it while the meeting is collecting beforehand."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("prompt")
        verbose_name_plural = _("prompts")
        indexes = [models.Index(fields=["session", "position"])]

    def __str__(self) -> str:
        return pick_text(self.text, None, [])[:80]

    def text_in(self, language: str | None = None) -> str:
        return pick_text(self.text, language, [])

    def scale_ends(self, language: str | None = None) -> tuple[str, str]:
        """The words at both ends of a scale, stored per language as "low|high"."""
        low, _sep, high = pick_text(self.scale_labels, language, []).partition("|")
        return low.strip(), high.strip()

    @property
    def has_options(self) -> bool:
        return self.kind in self.OPTION_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in self.TEXT_KINDS

    def clean(self) -> None:
        if self.kind == self.Kind.SCALE and self.scale_max <= self.scale_min:
            raise ValidationError({"scale_max": _("The scale must end above where it starts.")})
        if self.kind != self.Kind.MULTIPLE_CHOICE:
            self.max_choices = 1


class PromptOption(models.Model):
    prompt = models.ForeignKey(
        Prompt, on_delete=models.CASCADE, related_name="options", verbose_name=_("prompt")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    value = models.SlugField(
        _("value"), max_length=60, help_text=_("Stored with the vote, e.g. clear_message.")
    )
    label = texts_field(_("label"), blank=False)
    pictogram = models.CharField(
        _("pictogram"),
        max_length=40,
        blank=True,
        validators=[pictogram_validator],
        help_text=_("OpenMoji code."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["prompt", "value"], name="live_option_value_per_prompt")
        ]

    def __str__(self) -> str:
        return self.value

    def label_in(self, language: str | None = None) -> str:
        return pick_text(self.label, language, [])


class Participant(models.Model):
    """Someone who joined a session: no account, no name, no IP address.

    The participant holds a signed token (see services.participant_token); only a hash of its secret
    part is stored, so the database alone cannot impersonate anyone.
    """

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=5)
    blocked = models.BooleanField(_("blocked"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["session", "language"])]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.language})"


class Vote(models.Model):
    """A participant's answer to a choice, pictogram, scale or ranking prompt: one per prompt."""

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="votes", verbose_name=_("meeting")
    )
    prompt = models.ForeignKey(
        Prompt, on_delete=models.CASCADE, related_name="votes", verbose_name=_("prompt")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="votes", verbose_name=_("participant")
    )
    choices = models.JSONField(
        _("chosen options"), default=list, blank=True, help_text=_("Option values; for a ranking, in order.")
    )
    number = models.SmallIntegerField(_("number"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["prompt", "participant"], name="live_one_vote_per_prompt")
        ]
        indexes = [models.Index(fields=["prompt", "number"])]

    def __str__(self) -> str:
        return f"{self.prompt_id}: {self.choices or self.number}"


class Entry(models.Model):
    """A text a participant sent: a word for the cloud, an open answer or a question for Q&A."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        HIDDEN = "hidden", _("hidden")

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="entries", verbose_name=_("meeting")
    )
    prompt = models.ForeignKey(
        Prompt, on_delete=models.CASCADE, related_name="entries", verbose_name=_("prompt")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("participant"),
    )
    text = models.CharField(_("text"), max_length=MAX_TEXT_LENGTH)
    normalized = models.CharField(
        _("normalised text"),
        max_length=MAX_TEXT_LENGTH,
        help_text=_("Lower case, single spaces: for counting words."),
    )
    language = models.CharField(_("language"), max_length=5, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    flagged = models.BooleanField(
        _("caught by the word filter"), default=False, help_text=_("It contains a word on the blocked list.")
    )
    group = models.CharField(
        _("group"),
        max_length=100,
        blank=True,
        help_text=_("A heading under which you gather similar entries."),
    )
    upvotes = models.PositiveIntegerField(_("upvotes"), default=0)
    answered = models.BooleanField(_("answered"), default=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        indexes = [
            models.Index(fields=["prompt", "status", "normalized"]),
            models.Index(fields=["prompt", "status", "-upvotes"]),
            models.Index(fields=["session", "status"]),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Upvote(models.Model):
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="upvote_set", verbose_name=_("entry")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="upvotes", verbose_name=_("participant")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("upvote")
        verbose_name_plural = _("upvotes")
        constraints = [
            models.UniqueConstraint(fields=["entry", "participant"], name="live_one_upvote_per_entry")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.entry_id}"


class BlockedWord(models.Model):
    """A word the workspace adds to the bundled Dutch and English lists of the text filter."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="live_blocked_words", verbose_name=_("workspace")
    )
    word = models.CharField(_("word"), max_length=60)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("blocked word")
        verbose_name_plural = _("blocked words")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "word"], name="live_blocked_word_per_workspace")
        ]

    def __str__(self) -> str:
        return self.word


class HandOver(models.Model):
    """A result of a meeting turned into a draft item for the policy (e.g. a candidate ambition).

    The policy capability will pick these up; until then they are listed on the meeting's page.
    """

    class Kind(models.TextChoices):
        AMBITION = "ambition", _("candidate ambition")
        AGENDA_ITEM = "agenda_item", _("item for the LEA agenda")
        ACTION = "action", _("possible action")
        QUESTION = "question", _("question to answer")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        USED = "used", _("taken into the policy")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="live_hand_overs", verbose_name=_("workspace")
    )
    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="hand_overs", verbose_name=_("meeting")
    )
    prompt = models.ForeignKey(
        Prompt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hand_overs",
        verbose_name=_("prompt"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("explanation"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AMBITION)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.JSONField(
        _("source"), default=dict, blank=True, help_text=_("Which option or entry it came from.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["session", "created_at", "id"]
        verbose_name = _("draft item for the policy")
        verbose_name_plural = _("draft items for the policy")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.session_id and self.session.workspace_id != self.workspace_id:
            raise ValidationError({"session": _("This is not in the workspace.")})
        if self.prompt_id and self.prompt.session_id != self.session_id:
            raise ValidationError({"prompt": _("Choose a prompt of this meeting.")})
