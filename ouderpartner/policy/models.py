"""Policy (beleid): the municipal framework, shared ambitions, goals and indicators, actions, the LEA,
the self-scan and parents' comments on draft ambitions.

Level 3 of the product: the municipality as partner. A framework covers a period (e.g. 2026-2030),
chooses its approaches and is adopted after consultation; its ambitions are endorsed by partner
organisations; goals carry indicators that read live values from the other capabilities (see
indicators.py) or are entered by hand with a source. Every published figure goes through `stats`.

Parents comment on draft ambitions without an account: a comment is attributed to an ambition and a
language, never to a person (no names, no IP addresses).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.models import Workspace
from ouderpartner.live.models import HandOver, LiveSession
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.programmes.models import PolicyDomain, Programme, Transition, validate_approaches
from ouderpartner.voice.models import Question, Questionnaire, texts_field

MAX_COMMENT_LENGTH = 1000


def new_consultation_code() -> str:
    """A short, unambiguous code for the parents' consultation link (no 0/O, 1/l/I)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def _check_same_workspace(instance: models.Model, *fields: str) -> None:
    """Every related object named must belong to the instance's workspace."""
    errors = {}
    for field in fields:
        if getattr(instance, f"{field}_id", None):
            related = getattr(instance, field)
            if related.workspace_id != instance.workspace_id:
                errors[field] = _("This is not in the workspace.")
    if errors:
        raise ValidationError(errors)


class Level(models.IntegerChoices):
    """The three levels of parental involvement."""

    REACHING_PARENTS = 1, _("reaching parents")
    SCHOOLS_AND_VE = 2, _("schools and early education together")
    MUNICIPAL_FRAMEWORK = 3, _("municipal framework")


class PolicyFramework(models.Model):
    """The municipal framework (beleidskader) for a period: vision, approaches, the municipality's role."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONSULTATION = "consultation", _("in consultation")
        ADOPTED = "adopted", _("adopted")

    class MunicipalRole(models.TextChoices):
        PARTNER = "partner", _("partner among partners")
        DIRECTOR = "director", _("director (regie)")
        FACILITATOR = "facilitator", _("facilitator")
        FUNDER = "funder", _("funder")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="policy_frameworks", verbose_name=_("workspace")
    )
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    vision = models.TextField(_("vision"), blank=True)
    approaches = models.JSONField(
        _("approaches"),
        default=list,
        blank=True,
        validators=[validate_approaches],
        help_text=_("Network approach, continuous line 0-21, integral policy, or a mix."),
    )
    approach_reasons = models.TextField(_("why these approaches"), blank=True)
    municipal_role = models.CharField(
        _("role of the municipality"),
        max_length=20,
        choices=MunicipalRole.choices,
        default=MunicipalRole.PARTNER,
    )
    municipal_role_text = models.TextField(_("the municipality's role, explained"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="policy_frameworks",
        verbose_name=_("partners asked to endorse"),
        help_text=_("When none are chosen, every active organisation of the workspace is asked."),
    )
    # Parents' consultation (co-design): a public page per framework in consultation.
    consultation_code = models.CharField(
        _("consultation code"), max_length=12, unique=True, default=new_consultation_code, editable=False
    )
    consultation_intro = texts_field(_("introduction for parents"))
    consultation_closes_on = models.DateField(_("consultation closes on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("policy framework")
        verbose_name_plural = _("policy frameworks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="framework_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}-{self.end_year})"

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot be before the first year.")})


class FrameworkVersion(models.Model):
    """A saved version of a framework and its ambitions: what changed between versions is visible."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    framework = models.ForeignKey(
        PolicyFramework, on_delete=models.CASCADE, related_name="versions", verbose_name=_("framework")
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("contents"), default=dict)
    note = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["framework", "-number"]
        verbose_name = _("version of a framework")
        verbose_name_plural = _("versions of a framework")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="framework_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"

    def clean(self) -> None:
        _check_same_workspace(self, "framework")


class Ambition(models.Model):
    """A shared ambition (gezamenlijke ambitie), endorsed by partners."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="ambitions", verbose_name=_("workspace")
    )
    framework = models.ForeignKey(
        PolicyFramework, on_delete=models.CASCADE, related_name="ambitions", verbose_name=_("framework")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("explanation"), blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="ambitions", verbose_name=_("programmes")
    )
    transitions = models.ManyToManyField(
        Transition, blank=True, related_name="ambitions", verbose_name=_("transitions")
    )
    policy_domains = models.ManyToManyField(
        PolicyDomain, blank=True, related_name="ambitions", verbose_name=_("policy domains")
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="ambitions", verbose_name=_("neighbourhoods")
    )
    # What parents read on the consultation page, per language, in plain words (B1 or simpler).
    parent_title = texts_field(_("title for parents"))
    parent_text = texts_field(_("explanation for parents"))
    hand_over = models.ForeignKey(
        HandOver,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ambitions",
        verbose_name=_("from a meeting's result"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["framework", "position", "id"]
        verbose_name = _("ambition")
        verbose_name_plural = _("ambitions")
        indexes = [models.Index(fields=["workspace", "level"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        _check_same_workspace(self, "framework", "hand_over")


class Endorsement(models.Model):
    """A partner organisation confirms an ambition: by one of its coordinators or professionals, dated."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    ambition = models.ForeignKey(
        Ambition, on_delete=models.CASCADE, related_name="endorsements", verbose_name=_("ambition")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="endorsements", verbose_name=_("organisation")
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    endorsed_on = models.DateField(_("confirmed on"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["ambition", "organisation__name"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["ambition", "organisation"], name="one_endorsement_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.ambition}"

    def clean(self) -> None:
        _check_same_workspace(self, "ambition", "organisation")


class Goal(models.Model):
    """A goal (doel) of an ambition, measured by one or more indicators."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="policy_goals", verbose_name=_("workspace")
    )
    ambition = models.ForeignKey(
        Ambition, on_delete=models.CASCADE, related_name="goals", verbose_name=_("ambition")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["ambition", "position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        _check_same_workspace(self, "ambition")


class Indicator(models.Model):
    """How a goal is measured: a live value from another capability, or values entered by hand.

    A live indicator names a reader in indicators.py (`live_key`) and, where that reader needs one, a
    neighbourhood, programme, questionnaire or question. A manual indicator keeps its values in
    IndicatorValue, each with a source. Baseline and target are plain numbers set by the coordinator.
    """

    class Source(models.TextChoices):
        LIVE = "live", _("read from Ouderpartner")
        MANUAL = "manual", _("entered by hand")

    class Direction(models.TextChoices):
        UP = "up", _("higher is better")
        DOWN = "down", _("lower is better")

    class ValueKind(models.TextChoices):
        PEOPLE = "people", _("number of people")
        NUMBER = "number", _("number (not of people)")
        PERCENTAGE = "percentage", _("percentage")
        SCORE = "score", _("score")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="policy_indicators", verbose_name=_("workspace")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source of the values"), max_length=10, choices=Source.choices)
    live_key = models.CharField(_("live value"), max_length=60, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood or district"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("questionnaire"),
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
    )
    value_kind = models.CharField(
        _("kind of value"), max_length=12, choices=ValueKind.choices, default=ValueKind.NUMBER
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    manual_source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where hand-entered values come from.")
    )
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("year of the baseline"), null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["goal", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        _check_same_workspace(self, "goal", "neighbourhood", "programme", "questionnaire")
        if self.question_id and self.question.questionnaire.workspace_id != self.workspace_id:
            raise ValidationError({"question": _("This is not in the workspace.")})
        if self.source == self.Source.LIVE and not self.live_key:
            raise ValidationError({"live_key": _("Choose which value to read.")})
        if self.source == self.Source.MANUAL and self.live_key:
            raise ValidationError({"live_key": _("A value entered by hand reads nothing live.")})


class IndicatorValue(models.Model):
    """A value of a hand-entered indicator for a year, with its source."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="one_value_per_indicator_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"

    def clean(self) -> None:
        _check_same_workspace(self, "indicator")


class Action(models.Model):
    """An action (actie) towards an ambition, owned by an organisation, with a due date."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="policy_actions", verbose_name=_("workspace")
    )
    ambition = models.ForeignKey(
        Ambition, on_delete=models.CASCADE, related_name="actions", verbose_name=_("ambition")
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("explanation"), blank=True)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="policy_actions",
        verbose_name=_("owner organisation"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    progress_note = models.TextField(_("progress"), blank=True)
    hand_over = models.ForeignKey(
        HandOver,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("from a meeting's result"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["workspace", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        _check_same_workspace(self, "ambition", "owner", "hand_over")


class LeaMeeting(models.Model):
    """A meeting of the LEA (Lokale Educatieve Agenda): municipality, school boards and childcare."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="lea_meetings", verbose_name=_("workspace")
    )
    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lea_meetings",
        verbose_name=_("framework"),
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        Organisation, blank=True, related_name="lea_meetings", verbose_name=_("participating organisations")
    )
    other_participants = models.TextField(
        _("other participants"), blank=True, help_text=_("Roles, not names, of others who took part.")
    )
    decisions = models.TextField(_("decisions"), blank=True)
    live_session = models.ForeignKey(
        LiveSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lea_meetings",
        verbose_name=_("live meeting"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("LEA meeting")
        verbose_name_plural = _("LEA meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def clean(self) -> None:
        _check_same_workspace(self, "framework", "live_session")


class AgendaItem(models.Model):
    """An item on an LEA meeting's agenda, possibly about an ambition or from a meeting's result."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    meeting = models.ForeignKey(
        LeaMeeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("LEA meeting")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("explanation"), blank=True)
    ambition = models.ForeignKey(
        Ambition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("ambition"),
    )
    hand_over = models.ForeignKey(
        HandOver,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("from a meeting's result"),
    )

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        _check_same_workspace(self, "meeting", "ambition", "hand_over")


class Agreement(models.Model):
    """An LEA agreement: what, who, by when, status; linked to an ambition."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="lea_agreements", verbose_name=_("workspace")
    )
    meeting = models.ForeignKey(
        LeaMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("made at"),
    )
    ambition = models.ForeignKey(
        Ambition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("ambition"),
    )
    what = models.TextField(_("what"))
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="lea_agreements", verbose_name=_("who")
    )
    due_on = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("LEA agreement")
        verbose_name_plural = _("LEA agreements")

    def __str__(self) -> str:
        return self.what[:80]

    def clean(self) -> None:
        _check_same_workspace(self, "meeting", "ambition")


class SelfScan(models.Model):
    """A self-scan on the three levels and the three approaches; the questions live in selfscan.py.

    `answers` maps a question's key to the chosen score (1-4). Repeating the scan shows the change.
    """

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="self_scans", verbose_name=_("workspace")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="self_scans",
        verbose_name=_("for organisation"),
        help_text=_("Empty for the municipality's own scan."),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    notes = models.JSONField(_("notes per question"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("self-scan")
        verbose_name_plural = _("self-scans")

    def __str__(self) -> str:
        return f"{_('self-scan')} {self.started_at:%Y-%m-%d}" if self.started_at else str(_("self-scan"))

    def clean(self) -> None:
        _check_same_workspace(self, "organisation")


class ConsultationComment(models.Model):
    """A parent's reaction to a draft ambition: agree, disagree or unsure, with an optional comment.

    Anonymous: attributed to an ambition and a language, never to a person. Comments are moderated
    before a coordinator's summary quotes them; counts are published through `stats`.
    """

    class Reaction(models.TextChoices):
        AGREE = "agree", _("agree")
        DISAGREE = "disagree", _("disagree")
        UNSURE = "unsure", _("not sure")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        APPROVED = "approved", _("approved")
        HIDDEN = "hidden", _("hidden")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    ambition = models.ForeignKey(
        Ambition, on_delete=models.CASCADE, related_name="comments", verbose_name=_("ambition")
    )
    reaction = models.CharField(_("reaction"), max_length=10, choices=Reaction.choices)
    text = models.TextField(_("comment"), blank=True, max_length=MAX_COMMENT_LENGTH)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("parent's comment")
        verbose_name_plural = _("parents' comments")
        indexes = [models.Index(fields=["ambition", "status"])]

    def __str__(self) -> str:
        return f"{self.get_reaction_display()} ({self.language})"

    def clean(self) -> None:
        _check_same_workspace(self, "ambition")


class Report(models.Model):
    """A generated document: the policy framework or the yearly progress report for the LEA, as PDF."""

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("policy framework")
        YEARLY = "yearly", _("yearly progress report")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="policy_reports", verbose_name=_("workspace")
    )
    framework = models.ForeignKey(
        PolicyFramework, on_delete=models.CASCADE, related_name="reports", verbose_name=_("framework")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, default="nl")
    # Kept in the database, not under the served media: a report is only downloaded through its view.
    pdf = models.BinaryField(_("PDF"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    generation_ms = models.PositiveIntegerField(_("generation time (ms)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("generated"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year or ''}".strip()

    def clean(self) -> None:
        _check_same_workspace(self, "framework")
