"""Workspaces (tenants), memberships with roles, the CBS municipality list and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.colours import validate_brand_colour
from ouderpartner.core.languages import validate_parent_languages

cbs_municipality_code_validator = RegexValidator(
    r"^GM\d{4}$", _("A CBS municipality code is GM followed by four digits, e.g. GM0344.")
)


class Municipality(models.Model):
    """One of the Dutch municipalities as CBS lists them (342 in 2025); imported, not typed."""

    code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[cbs_municipality_code_validator]
    )
    name = models.CharField(_("name"), max_length=120)
    province = models.CharField(_("province"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year of the list"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Workspace(models.Model):
    """A tenant: a municipality or a support organisation. Everything it owns points here."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        SUPPORT_ORGANISATION = "support_organisation", _("support organisation")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in web addresses"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MUNICIPALITY)
    municipality_code = models.CharField(
        _("CBS municipality code"),
        max_length=6,
        blank=True,
        validators=[cbs_municipality_code_validator],
        help_text=_("For a municipality: its CBS code, e.g. GM0344 for Utrecht."),
    )
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#01689B",
        validators=[validate_brand_colour],
        help_text=_("Used for buttons and links; must contrast enough with white (WCAG AA, 4.5:1)."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#39870C",
        validators=[validate_brand_colour],
        help_text=_("Used for highlights; must contrast enough with white (WCAG AA, 4.5:1)."),
    )
    disclosure_threshold = models.PositiveSmallIntegerField(
        _("disclosure threshold k"),
        default=5,
        validators=[MinValueValidator(5)],
        help_text=_("Figures about fewer than k parents are never shown. At least 5."),
    )
    parent_languages = models.JSONField(
        _("languages offered to parents"),
        default=list,
        blank=True,
        validators=[validate_parent_languages],
        help_text=_("Language codes, e.g. nl, ar, tr."),
    )
    require_two_factor = models.BooleanField(
        _("two-factor authentication for everyone"),
        default=False,
        help_text=_(
            "Every member needs two-factor authentication to open this workspace. "
            "Coordinators always need it."
        ),
    )
    # Retention (docs/retention.md): empty means the installation's default (settings.RETENTION_DEFAULTS);
    # a workspace may keep data shorter, never longer than settings.RETENTION_MAXIMUMS.
    retention_responses_months = models.PositiveSmallIntegerField(
        _("keep questionnaire answers (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Months after the questionnaire closes at a place."),
    )
    retention_live_months = models.PositiveSmallIntegerField(
        _("keep meeting entries and votes (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Months after the meeting closes."),
    )
    retention_contacts_days = models.PositiveSmallIntegerField(
        _("keep contact requests (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Days after the conversation in which a parent asked to be contacted."),
    )
    retention_comments_months = models.PositiveSmallIntegerField(
        _("keep parents' consultation comments (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Months after the consultation closes."),
    )
    retention_audit_months = models.PositiveSmallIntegerField(
        _("keep the audit trail (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Months after the event."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(disclosure_threshold__gte=5), name="workspace_threshold_at_least_5"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        known = Municipality.objects.filter(code=self.municipality_code).exists()
        if self.municipality_code and not known and Municipality.objects.exists():
            raise ValidationError(
                {
                    "municipality_code": _("%(code)s is not in the CBS list of municipalities.")
                    % {"code": self.municipality_code}
                }
            )
        if self.kind == self.Kind.MUNICIPALITY and not self.municipality_code:
            raise ValidationError({"municipality_code": _("A municipality needs its CBS code.")})


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    PROFESSIONAL = "professional", _("professional")
    VIEWER = "viewer", _("viewer")


class Membership(models.Model):
    """A user's role in a workspace; a professional belongs to one partner organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("workspace")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="one_membership_per_workspace"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.workspace} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.role == Role.PROFESSIONAL and not self.organisation_id:
            raise ValidationError({"organisation": _("A professional belongs to a partner organisation.")})
        if self.organisation_id and self.organisation.workspace_id != self.workspace_id:
            raise ValidationError({"organisation": _("This organisation is not in the workspace.")})

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def can_edit_network(self) -> bool:
        return self.role == Role.COORDINATOR

    def can_edit_organisation(self, organisation_id: int) -> bool:
        """Coordinators edit every organisation; professionals only their own."""
        if self.role == Role.COORDINATOR:
            return True
        return self.role == Role.PROFESSIONAL and self.organisation_id == organisation_id


class AuditEvent(models.Model):
    """Who created, changed, deleted, imported, exported, viewed or purged what, and when.

    `rolled_back` marks an event whose change was undone: the event was kept through the rollback
    (ouderpartner/core/db/audit_keeping.py).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        ARCHIVE = "archive", _("archived")
        RESTORE = "restore", _("restored")
        DELETE = "delete", _("deleted")
        IMPORT = "import", _("imported")
        EXPORT = "export", _("exported")
        INVITE = "invite", _("invited")
        JOIN = "join", _("joined")
        VIEW = "view", _("viewed")
        PURGE = "purge", _("purged")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed to log in")
        LOCKOUT = "lockout", _("locked out")
        SECURITY = "security", _("changed sign-in security")

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="audit_events", verbose_name=_("workspace")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_email = models.CharField(_("by (e-mail)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("kind of object"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("details"), default=dict, blank=True)
    rolled_back = models.BooleanField(
        _("undone"), default=False, help_text=_("The change was rolled back; the attempt is kept.")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["workspace", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor_email} {self.action} {self.object_type} {self.object_repr}"
