"""Reach: activities partners did for parents (with counts, never names), target-group estimates
per neighbourhood and year, and the tokens partner systems use to post activities.

An activity stores the neighbourhood and district of its location at save time (denormalised),
so that the dashboards aggregate per neighbourhood without joining locations at national scale.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.languages import validate_parent_languages
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation
from ouderpartner.programmes.models import Programme


class ActivityKind(models.TextChoices):
    PARENT_MEETING = "parent_meeting", _("parent meeting")
    HOME_VISIT = "home_visit", _("home visit")
    READING_SESSION = "reading_session", _("reading session")
    LANGUAGE_COURSE = "language_course", _("language course")
    WALK_IN_HOUR = "walk_in_hour", _("walk-in hour")
    PARENT_CONVERSATION = "parent_conversation", _("parent conversation")
    EXCURSION = "excursion", _("excursion")
    OTHER = "other", _("other activity")


class ActivitySource(models.TextChoices):
    FORM = "form", _("entry form")
    XLSX = "xlsx", _("spreadsheet upload")
    API = "api", _("partner system (API)")


class Activity(models.Model):
    """Something a partner organisation did for parents, with how many took part (activiteit)."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="activities", verbose_name=_("workspace")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.RESTRICT, related_name="activities", verbose_name=_("organisation")
    )
    location = models.ForeignKey(
        Location, on_delete=models.RESTRICT, related_name="activities", verbose_name=_("place")
    )
    # Copied from the location when saved (services.py), for aggregation without joins.
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("neighbourhood"),
    )
    district = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="district_activities",
        verbose_name=_("district"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind of activity"), max_length=30, choices=ActivityKind.choices)
    date = models.DateField(_("date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("For a series or a period: the last day.")
    )
    parents = models.PositiveIntegerField(_("number of parents"))
    target_group_parents = models.PositiveIntegerField(_("of whom target-group parents"), default=0)
    first_time_parents = models.PositiveIntegerField(_("of whom came for the first time"), default=0)
    languages = models.JSONField(
        _("languages used"), default=list, blank=True, validators=[validate_parent_languages]
    )
    interpreter_used = models.BooleanField(_("an interpreter was there"), default=False)
    materials_in_other_languages = models.BooleanField(_("materials in other languages"), default=False)
    description = models.CharField(_("short description"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=ActivitySource.choices, default=ActivitySource.FORM
    )
    external_reference = models.CharField(
        _("own reference"),
        max_length=100,
        blank=True,
        help_text=_(
            "The partner's own reference in its administration; sending it again corrects the activity."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(condition=Q(parents__gte=0), name="activity_parents_not_negative"),
            models.CheckConstraint(
                condition=Q(target_group_parents__gte=0) & Q(target_group_parents__lte=F("parents")),
                name="activity_target_group_within_parents",
            ),
            models.CheckConstraint(
                condition=Q(first_time_parents__gte=0) & Q(first_time_parents__lte=F("parents")),
                name="activity_first_time_within_parents",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="activity_end_date_not_before_date",
            ),
            models.UniqueConstraint(
                fields=["organisation", "external_reference"],
                condition=~Q(external_reference=""),
                name="activity_reference_once_per_organisation",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "date"], name="activity_ws_date"),
            models.Index(fields=["workspace", "location"], name="activity_ws_location"),
            models.Index(fields=["workspace", "programme"], name="activity_ws_programme"),
            models.Index(fields=["workspace", "neighbourhood", "date"], name="activity_ws_area_date"),
            models.Index(fields=["workspace", "district", "date"], name="activity_ws_district_date"),
            models.Index(fields=["organisation", "date"], name="activity_org_date"),
            # For the dashboards (selectors.py): on PostgreSQL every aggregate of a workspace and period is an
            # index-only scan, whatever the size of the table (bench/reach_dashboard.py). SQLite ignores INCLUDE.
            models.Index(
                fields=["workspace", "date"],
                include=[
                    "parents",
                    "target_group_parents",
                    "first_time_parents",
                    "location",
                    "organisation",
                    "programme",
                    "district",
                    "neighbourhood",
                    "kind",
                ],
                name="activity_dashboard_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        for field in ("organisation", "location", "programme"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.workspace_id != self.workspace_id:
                errors[field] = _("This is not in the workspace.")
        if (
            "location" not in errors
            and self.location_id
            and self.organisation_id
            and self.location.organisation_id != self.organisation_id
        ):
            errors["location"] = _("Choose a place of your own organisation.")
        if self.parents is not None:
            if self.target_group_parents is not None and self.target_group_parents > self.parents:
                errors["target_group_parents"] = _(
                    "There cannot be more target-group parents than parents in total."
                )
            if self.first_time_parents is not None and self.first_time_parents > self.parents:
                errors["first_time_parents"] = _(
                    "There cannot be more first-time parents than parents in total."
                )
        if self.date and self.end_date and self.end_date < self.date:
            errors["end_date"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)


class TargetGroupEstimate(models.Model):
    """Estimated target-group toddlers and children in a neighbourhood in a year (doelgroepschatting)."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("entered by hand")
        CBS_SHARE = "cbs_share", _("derived from CBS child counts with a share")

    workspace = models.ForeignKey(
        Workspace,
        on_delete=models.CASCADE,
        related_name="target_group_estimates",
        verbose_name=_("workspace"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="target_group_estimates",
        verbose_name=_("neighbourhood"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_group_toddlers = models.PositiveIntegerField(
        _("target-group toddlers"), help_text=_("Toddlers (2.5-4 years) indicated for early education (VVE).")
    )
    target_group_children = models.PositiveIntegerField(
        _("target-group children"),
        default=0,
        help_text=_("Children of primary-school age (4-12) in the target group of the OAB policy."),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.ENTERED)
    share_percent = models.DecimalField(
        _("share of children in the target group (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source_note = models.CharField(
        _("where the figure comes from"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the GGD indication list of 2025, or CBS figures of 2024 times 18%."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-year", "neighbourhood__code"]
        verbose_name = _("target-group estimate")
        verbose_name_plural = _("target-group estimates")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "neighbourhood", "year"], name="estimate_once_per_neighbourhood_year"
            ),
            models.CheckConstraint(
                condition=Q(share_percent__isnull=True)
                | (Q(share_percent__gte=0) & Q(share_percent__lte=100)),
                name="estimate_share_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=~Q(source="cbs_share") | Q(share_percent__isnull=False),
                name="estimate_cbs_share_has_a_share",
            ),
        ]
        indexes = [models.Index(fields=["workspace", "year"], name="estimate_ws_year")]

    def __str__(self) -> str:
        return f"{self.neighbourhood} {self.year}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.neighbourhood_id and self.neighbourhood.workspace_id != self.workspace_id:
            errors["neighbourhood"] = _("This neighbourhood is not in the workspace.")
        if self.source == self.Source.CBS_SHARE and self.share_percent is None:
            errors["share_percent"] = _("Give the share used with the CBS figures.")
        if errors:
            raise ValidationError(errors)


class PartnerToken(models.Model):
    """A secret with which one organisation's own system posts activities. Only its hash is stored."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="partner_tokens", verbose_name=_("workspace")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partner_tokens", verbose_name=_("organisation")
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the name of the partner's system."),
    )
    prefix = models.CharField(_("starts with"), max_length=12)
    token_hash = models.CharField(_("hash of the token"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner token")
        verbose_name_plural = _("partner tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def clean(self) -> None:
        if self.organisation_id and self.organisation.workspace_id != self.workspace_id:
            raise ValidationError({"organisation": _("This organisation is not in the workspace.")})


class ActivityLanguage(models.Model):
    """One language used at an activity, as a row, so that reach per language is one GROUP BY.

    Written by the services together with Activity.languages (the record's own list).
    """

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="language_rows", verbose_name=_("activity")
    )
    language = models.CharField(_("language"), max_length=5)

    class Meta:
        verbose_name = _("language of an activity")
        verbose_name_plural = _("languages of activities")
        constraints = [
            models.UniqueConstraint(fields=["activity", "language"], name="activity_language_once"),
        ]
        indexes = [models.Index(fields=["workspace", "language"], name="activity_language_ws")]

    def __str__(self) -> str:
        return self.language


class ReachSummary(models.Model):
    """Sums of activities per workspace, month, district and one breakdown key (see summary.py); every
    activity is counted again under the month 0001-01-01, which stands for all time.

    Derived data, written only by database triggers on activities and their languages (never by Python
    code), so it cannot fall behind whatever path a write takes. The workspace and district are plain
    numbers, not foreign keys: a workspace's rows go when its activities go, and the archive of a
    workspace does not hold them (they are recounted from the activities it loads).
    """

    workspace_pk = models.BigIntegerField(_("workspace"), db_column="workspace_id")
    scope = models.CharField(
        _("scope"),
        max_length=40,
        blank=True,
        help_text=_(
            'Which activities: all (""), one programme\'s ("programme:<id>") or one kind\'s ("kind:<kind>").'
        ),
    )
    dimension = models.CharField(_("breakdown"), max_length=12)
    month = models.DateField(_("month"))
    district = models.BigIntegerField(_("district"), default=0, help_text=_("0: no district known."))
    key = models.CharField(_("key"), max_length=40, blank=True)
    parents = models.BigIntegerField(_("number of parents"), default=0)
    target_group_parents = models.BigIntegerField(_("of whom target-group parents"), default=0)
    first_time_parents = models.BigIntegerField(_("of whom came for the first time"), default=0)
    activities = models.BigIntegerField(_("activities"), default=0)

    class Meta:
        verbose_name = _("reach summary row")
        verbose_name_plural = _("reach summary rows")
        constraints = [
            # The key of the triggers' INSERT … ON CONFLICT, and the index of every read (workspace, then
            # dimension and a range of months).
            models.UniqueConstraint(
                fields=["workspace_pk", "scope", "dimension", "month", "district", "key"],
                name="reach_summary_scope_key",
            ),
        ]
        indexes = [
            # Every read is a range of months of one workspace, scope and breakdown (or its all-time rows): on
            # PostgreSQL an index-only scan of this index, whichever workspaces' rows lie next to each other.
            models.Index(
                fields=["workspace_pk", "scope", "dimension", "month"],
                include=[
                    "district",
                    "key",
                    "parents",
                    "target_group_parents",
                    "first_time_parents",
                    "activities",
                ],
                name="reach_summary_read_by_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key} {self.month:%Y-%m}"
