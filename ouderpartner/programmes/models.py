"""Programmes (aanbod), where they run (offerings), policy domains, transitions and subsidies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.languages import validate_parent_languages
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation, Partnership

MAX_AGE_MONTHS = 21 * 12  # the continuous line runs from birth to 21


class PolicyDomain(models.Model):
    """A policy area (beleidsterrein). Each workspace starts with the fixed set and may add its own."""

    class Builtin(models.TextChoices):
        EDUCATION = "education", _("education")
        EARLY_EDUCATION = "early_education", _("early education (VE)")
        ADULT_EDUCATION = "adult_education", _("adult education")
        HEALTH = "health", _("health")
        YOUTH = "youth", _("youth")
        WELFARE = "welfare", _("welfare")
        INCLUSION = "inclusion", _("inclusion")
        EQUAL_OPPORTUNITIES = "equal_opportunities", _("equal opportunities")
        POVERTY = "poverty", _("poverty")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="policy_domains", verbose_name=_("workspace")
    )
    key = models.SlugField(_("key"), max_length=40, help_text=_("Short code, e.g. health."))
    name = models.CharField(_("name"), max_length=80, blank=True, help_text=_("For a domain of your own."))
    position = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("policy domain")
        verbose_name_plural = _("policy domains")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="policy_domain_key_per_workspace")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_builtin(self) -> bool:
        return self.key in self.Builtin.values

    @property
    def display_name(self) -> str:
        """Built-in domains are named in the user's language; a workspace's own by what it typed."""
        if self.is_builtin and not self.name:
            return str(self.Builtin(self.key).label)
        return self.name


class Approach(models.TextChoices):
    """The three ways of working of the municipal framework."""

    NETWORK = "network", _("network approach")
    CONTINUOUS_LINE = "continuous_line", _("continuous line 0-21")
    INTEGRAL = "integral", _("integral policy")


class Audience(models.TextChoices):
    PARENTS = "parents", _("parents")
    CHILDREN = "children", _("children")
    PARENTS_WITH_CHILDREN = "parents_with_children", _("parents with children")
    PROFESSIONALS = "professionals", _("professionals")


def validate_approaches(value: object) -> None:
    if not isinstance(value, list) or any(item not in Approach.values for item in value):
        raise ValidationError(_("Choose approaches from the list."))


class Transition(models.Model):
    """A moment of change on the line 0-21 (schakelmoment), where the municipality can act."""

    class Builtin(models.TextChoices):
        BIRTH = "birth", _("birth")
        PRESCHOOL = "preschool", _("start of preschool")
        SCHOOL = "school", _("start of primary school")
        GROUP_3 = "group_3", _("to group 3")
        SECONDARY = "secondary", _("to secondary school")
        FURTHER_EDUCATION = "further_education", _("to further education")
        ADULTHOOD = "adulthood", _("adulthood")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("workspace")
    )
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=80, blank=True)
    age_from_months = models.PositiveSmallIntegerField(
        _("from age (months)"), validators=[MaxValueValidator(MAX_AGE_MONTHS)]
    )
    age_to_months = models.PositiveSmallIntegerField(
        _("to age (months)"), validators=[MaxValueValidator(MAX_AGE_MONTHS)]
    )
    parent_needs = models.TextField(_("what parents need then"), blank=True)
    programmes = models.ManyToManyField(
        "Programme", blank=True, related_name="transitions", verbose_name=_("programmes")
    )
    partnerships = models.ManyToManyField(
        Partnership, blank=True, related_name="transitions", verbose_name=_("partnerships")
    )

    class Meta:
        ordering = ["age_from_months", "key"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="transition_key_per_workspace")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.key in self.Builtin.values and not self.name:
            return str(self.Builtin(self.key).label)
        return self.name

    def clean(self) -> None:
        if (
            self.age_from_months is not None
            and self.age_to_months is not None
            and self.age_to_months < self.age_from_months
        ):
            raise ValidationError({"age_to_months": _("The end age is below the start age.")})


class Programme(models.Model):
    """A programme (aanbod) such as BoekStart or VVE Thuis: what is offered, for whom, at which ages."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("national programme")
        LOCAL = "local", _("local programme")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("workspace")
    )
    catalogue_key = models.SlugField(
        _("catalogue entry"),
        max_length=60,
        blank=True,
        help_text=_("The national catalogue entry it was copied from."),
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LOCAL)
    age_from_months = models.PositiveSmallIntegerField(
        _("from age (months)"), default=0, validators=[MaxValueValidator(MAX_AGE_MONTHS)]
    )
    age_to_months = models.PositiveSmallIntegerField(
        _("to age (months)"), default=MAX_AGE_MONTHS, validators=[MaxValueValidator(MAX_AGE_MONTHS)]
    )
    audience = models.CharField(_("who it is for"), max_length=30, choices=Audience.choices)
    languages = models.JSONField(
        _("languages it is offered in"), default=list, blank=True, validators=[validate_parent_languages]
    )
    policy_domains = models.ManyToManyField(
        PolicyDomain, blank=True, related_name="programmes", verbose_name=_("policy domains")
    )
    approaches = models.JSONField(
        _("approaches it serves"), default=list, blank=True, validators=[validate_approaches]
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    start_date = models.DateField(_("runs from"), null=True, blank=True)
    end_date = models.DateField(_("runs until"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_to_months__gte=models.F("age_from_months")),
                name="programme_age_range_in_order",
            ),
            models.UniqueConstraint(
                fields=["workspace", "catalogue_key"],
                condition=~models.Q(catalogue_key=""),
                name="programme_catalogue_entry_once_per_workspace",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def reaches_parents(self) -> bool:
        return self.audience in (Audience.PARENTS, Audience.PARENTS_WITH_CHILDREN)

    def clean(self) -> None:
        errors = {}
        if (
            self.age_from_months is not None
            and self.age_to_months is not None
            and self.age_to_months < self.age_from_months
        ):
            errors["age_to_months"] = _("The end age is below the start age.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)


class Offering(models.Model):
    """A programme run by one organisation at one or more of its locations, for a period."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("workspace")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("programme")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("organisation")
    )
    locations = models.ManyToManyField(
        Location, blank=True, related_name="offerings", verbose_name=_("locations")
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("How many families or children can take part.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["programme__name", "organisation__name"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")

    def __str__(self) -> str:
        return f"{self.programme} — {self.organisation}"

    def clean(self) -> None:
        errors = {}
        if self.programme_id and self.programme.workspace_id != self.workspace_id:
            errors["programme"] = _("This programme is not in the workspace.")
        if self.organisation_id and self.organisation.workspace_id != self.workspace_id:
            errors["organisation"] = _("This organisation is not in the workspace.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.programme_id:
            programme = self.programme
            if programme.start_date and self.start_date and self.start_date < programme.start_date:
                errors["start_date"] = _("The offering starts before its programme runs (from %(date)s).") % {
                    "date": programme.start_date.strftime("%d-%m-%Y")
                }
            if programme.end_date and self.end_date and self.end_date > programme.end_date:
                errors["end_date"] = _("The offering ends after its programme stops (%(date)s).") % {
                    "date": programme.end_date.strftime("%d-%m-%Y")
                }
            if programme.end_date and not self.end_date:
                errors["end_date"] = _(
                    "The programme stops on %(date)s; give an end date no later than that."
                ) % {"date": programme.end_date.strftime("%d-%m-%Y")}
        if errors:
            raise ValidationError(errors)


class Subsidy(models.Model):
    """Money from the municipality to an organisation, for a programme or purpose, for a period."""

    class Purpose(models.TextChoices):
        PRESCHOOL = "preschool", _("preschool (VE)")
        SCHOOL_GROUPS_1_2 = "school_groups_1_2", _("school groups 1-2")
        PARENTAL_INVOLVEMENT = "parental_involvement", _("parental involvement")
        PROGRAMME = "programme", _("running a programme")
        COORDINATION = "coordination", _("coordination (e.g. brede school)")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        GRANTED = "granted", _("granted")
        PAID = "paid", _("paid")
        SETTLED = "settled", _("settled")
        REFUSED = "refused", _("refused")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="subsidies", verbose_name=_("workspace")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="subsidies", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidies",
        verbose_name=_("programme"),
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    description = models.CharField(_("what for"), max_length=200, blank=True)
    policy_domain = models.ForeignKey(
        PolicyDomain,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidies",
        verbose_name=_("policy domain"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidies",
        verbose_name=_("neighbourhood"),
        help_text=_("Where the money is spent, if it is for one district or neighbourhood."),
    )
    amount = models.DecimalField(
        _("amount (euro)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    conditions = models.TextField(_("conditions"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    reference = models.CharField(
        _("reference"), max_length=60, blank=True, help_text=_("E.g. the decision number.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-start_date", "organisation__name"]
        verbose_name = _("subsidy")
        verbose_name_plural = _("subsidies")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="subsidy_amount_not_negative"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="subsidy_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_purpose_display()} ({self.start_date:%Y})"

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        for field in ("organisation", "programme", "policy_domain", "neighbourhood"):
            related = getattr(self, field, None) if getattr(self, f"{field}_id") else None
            if related is not None and related.workspace_id != self.workspace_id:
                errors[field] = _("This is not in the workspace.")
        if errors:
            raise ValidationError(errors)
