"""The network: neighbourhoods, partner organisations, their locations (trusted places) and partnerships."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.languages import validate_parent_languages
from ouderpartner.core.models import Workspace

postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Za-z]{2}$", _("A Dutch postcode is four digits and two letters, e.g. 3511 AB.")
)


def normalise_postcode(value: str) -> str:
    """'3511ab' and '3511 AB' both become '3511 AB'."""
    compact = (value or "").replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else (value or "").strip()


class Neighbourhood(models.Model):
    """A CBS district (wijk, WK034401) or area (buurt, BU03440111) with its key figures."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("district (wijk)")
        AREA = "area", _("neighbourhood (buurt)")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="neighbourhoods", verbose_name=_("workspace")
    )
    code = models.CharField(
        _("CBS code"),
        max_length=10,
        validators=[
            RegexValidator(r"^(WK\d{6}|BU\d{8})$", _("A CBS code looks like WK034401 or BU03440111."))
        ],
    )
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("district"),
        limit_choices_to={"level": "district"},
    )
    year = models.PositiveSmallIntegerField(_("year of the figures"), null=True, blank=True)
    inhabitants = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    children_0_14 = models.PositiveIntegerField(_("children aged 0-14"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    households_with_children = models.PositiveIntegerField(
        _("households with children"), null=True, blank=True
    )
    births = models.PositiveIntegerField(_("births"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="neighbourhood_code_per_workspace")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected = "WK" if self.level == self.Level.DISTRICT else "BU"
        if self.code and not self.code.startswith(expected):
            raise ValidationError(
                {
                    "code": _("The code of a %(level)s starts with %(prefix)s.")
                    % {"level": self.get_level_display(), "prefix": expected}
                }
            )
        if self.parent_id and self.parent.workspace_id != self.workspace_id:
            raise ValidationError({"parent": _("This district is not in the workspace.")})


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("school")
    EARLY_EDUCATION = "early_education", _("early education provider (VE)")
    CHILDCARE = "childcare", _("childcare")
    LIBRARY = "library", _("library")
    YOUTH_HEALTH = "youth_health", _("child health clinic (JGZ)")
    GENERAL_PRACTICE = "general_practice", _("general practice")
    FAMILY_SUPPORT = "family_support", _("family coach / neighbourhood team")
    ADULT_EDUCATION = "adult_education", _("adult education")
    PARENT_COUNCIL = "parent_council", _("parent council")
    WELFARE = "welfare", _("welfare")
    OTHER = "other", _("other")


class Archivable(models.Model):
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Organisation(Archivable):
    """A partner: a school board's school, a VE provider, a library, a JGZ, a family-support team …"""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("workspace")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    brin = models.CharField(
        _("BRIN (institution code)"),
        max_length=4,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9]{2}[A-Z0-9]{2}$", _("A BRIN code is four characters, e.g. 04IM."))
        ],
        help_text=_("For schools: DUO's institution code."),
    )
    lrk_number = models.CharField(
        _("LRK number"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{9,12}$", _("An LRK number is 9 to 12 digits."))],
        help_text=_("For childcare and VE: the number in the national childcare register."),
    )
    board_number = models.CharField(_("competent authority number"), max_length=10, blank=True)
    denomination = models.CharField(_("denomination"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "brin"],
                condition=~models.Q(brin=""),
                name="organisation_brin_per_workspace",
            )
        ]
        indexes = [models.Index(fields=["workspace", "kind"])]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    """A professional to contact at a partner, e.g. the brede schoolcoördinator."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=120, help_text=_("E.g. brede schoolcoördinator, VE coach."))
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class TrustedPurpose(models.TextChoices):
    """What parents come to a trusted place for."""

    CHILDCARE = "childcare", _("bringing and collecting children")
    EDUCATION = "education", _("their child's school or preschool")
    HEALTH_CHECK = "health_check", _("health checks for their child")
    READING = "reading", _("reading and borrowing books")
    LANGUAGE = "language", _("language lessons")
    ADVICE = "advice", _("advice and support")
    MEETING = "meeting", _("meeting other parents")
    PLAY = "play", _("playing with their child")
    MEDICAL = "medical", _("medical care")
    OTHER = "other", _("other")


def validate_purposes(value: object) -> None:
    if not isinstance(value, list) or any(item not in TrustedPurpose.values for item in value):
        raise ValidationError(_("Choose purposes from the list."))


class Location(Archivable):
    """A place where an organisation works; a trusted place (vindplaats) when parents already come there."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="locations", verbose_name=_("workspace")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    branch_code = models.CharField(
        _("branch code (vestigingscode)"),
        max_length=6,
        blank=True,
        help_text=_("For schools: DUO's location code, e.g. 04IM01."),
    )
    street = models.CharField(_("street"), max_length=120, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[postcode_validator])
    city = models.CharField(_("place"), max_length=80, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("neighbourhood"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(54)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(8)],
    )
    is_trusted_place = models.BooleanField(
        _("trusted place"), default=False, help_text=_("Parents already come here and feel at home.")
    )
    trusted_purposes = models.JSONField(
        _("what parents come here for"), default=list, blank=True, validators=[validate_purposes]
    )
    trusted_notes = models.TextField(_("notes about this place"), blank=True)
    staff_languages = models.JSONField(
        _("languages spoken by staff"), default=list, blank=True, validators=[validate_parent_languages]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "branch_code"],
                condition=~models.Q(branch_code=""),
                name="location_branch_code_per_workspace",
            )
        ]
        indexes = [models.Index(fields=["workspace", "is_trusted_place"])]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        street = " ".join(part for part in (self.street, self.house_number) if part)
        town = " ".join(
            part for part in (self.postcode, self.city.title() if self.city.isupper() else self.city) if part
        )
        return ", ".join(part for part in (street, town) if part)

    def clean(self) -> None:
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode)
        if self.organisation_id and self.organisation.workspace_id != self.workspace_id:
            raise ValidationError({"organisation": _("This organisation is not in the workspace.")})
        if self.neighbourhood_id and self.neighbourhood.workspace_id != self.workspace_id:
            raise ValidationError({"neighbourhood": _("This neighbourhood is not in the workspace.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))


class Partnership(Archivable):
    """A written link between two or more organisations, e.g. which preschool feeds which school."""

    class Kind(models.TextChoices):
        PRESCHOOL_TO_SCHOOL = "preschool_to_school", _("preschool-to-school link")
        COLLABORATION_AGREEMENT = "collaboration_agreement", _("collaboration agreement")
        CHILD_CENTRE = "child_centre", _("integrated child centre (IKC)")
        REFERRAL = "referral", _("referral arrangement")
        OTHER = "other", _("other")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("workspace")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    organisations = models.ManyToManyField(
        Organisation, related_name="partnerships", verbose_name=_("organisations")
    )
    agreements = models.TextField(
        _("agreements"), blank=True, help_text=_("What the partners agreed, in writing.")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class PostcodeArea(models.Model):
    """National reference data: which CBS neighbourhood (buurt) a six-character postcode lies in."""

    postcode = models.CharField(_("postcode"), max_length=7)
    area_code = models.CharField(_("neighbourhood code"), max_length=10)
    district_code = models.CharField(_("district code"), max_length=8, blank=True)
    municipality_code = models.CharField(_("municipality code"), max_length=6, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        ordering = ["postcode"]
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")
        constraints = [models.UniqueConstraint(fields=["postcode"], name="one_area_per_postcode")]

    def __str__(self) -> str:
        return f"{self.postcode} → {self.area_code}"
