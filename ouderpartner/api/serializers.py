"""Serializers of the workspace API: read shapes (with display labels) and input shapes (validated, then a service)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ouderpartner.api.base import MAX_ID
from ouderpartner.core.languages import language_choices
from ouderpartner.core.models import Membership, Workspace
from ouderpartner.network.models import (
    ContactPerson,
    Location,
    Neighbourhood,
    Organisation,
    OrganisationKind,
    Partnership,
    TrustedPurpose,
)
from ouderpartner.network.selectors import LOCATION_SORTS, ORGANISATION_SORTS, PARTNERSHIP_SORTS
from ouderpartner.network.services import LOCATION_FIELDS, NEIGHBOURHOOD_FIGURE_FIELDS, ORGANISATION_FIELDS
from ouderpartner.stats import PublishedCount, publish_count

ARCHIVE_FIELDS = ("archived", "archived_at", "created_at", "updated_at")


# --- Small references ---------------------------------------------------------------------------


class OrganisationRefSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ("id", "name", "kind", "kind_display")
        read_only_fields = fields


class NeighbourhoodRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Neighbourhood
        fields = ("id", "code", "name", "level")
        read_only_fields = fields


def _district(neighbourhood: Neighbourhood | None) -> dict[str, Any] | None:
    if neighbourhood is None or neighbourhood.parent_id is None:
        return None
    return NeighbourhoodRefSerializer(neighbourhood.parent).data


# --- Workspaces ---------------------------------------------------------------------------------


class WorkspaceSerializer(serializers.ModelSerializer):
    """A workspace the user belongs to, with the user's role in it."""

    slug = serializers.SlugField(source="workspace.slug", read_only=True)
    name = serializers.CharField(source="workspace.name", read_only=True)
    kind = serializers.ChoiceField(source="workspace.kind", choices=Workspace.Kind.choices, read_only=True)
    kind_display = serializers.CharField(source="workspace.get_kind_display", read_only=True)
    municipality_code = serializers.CharField(source="workspace.municipality_code", read_only=True)
    disclosure_threshold = serializers.IntegerField(source="workspace.disclosure_threshold", read_only=True)
    parent_languages = serializers.ListField(
        source="workspace.parent_languages", child=serializers.CharField(), read_only=True
    )
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    organisation = OrganisationRefSerializer(
        read_only=True, allow_null=True, help_text=_("For a professional: their organisation.")
    )

    class Meta:
        model = Membership
        fields = (
            "slug",
            "name",
            "kind",
            "kind_display",
            "municipality_code",
            "disclosure_threshold",
            "parent_languages",
            "role",
            "role_display",
            "organisation",
        )
        read_only_fields = fields


# --- Organisations ------------------------------------------------------------------------------


class ContactPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPerson
        fields = ("id", "name", "role", "email", "phone")
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    location_count = serializers.IntegerField(read_only=True, help_text=_("Active locations."))
    contacts = ContactPersonSerializer(many=True, read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Organisation
        fields = ("id", *ORGANISATION_FIELDS[:1], "kind_display", *ORGANISATION_FIELDS[1:])
        fields += ("location_count", "contacts", *ARCHIVE_FIELDS)
        read_only_fields = fields


class OrganisationInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS


# --- Locations ----------------------------------------------------------------------------------


class LocationSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    address = serializers.CharField(read_only=True)
    neighbourhood = NeighbourhoodRefSerializer(read_only=True, allow_null=True)
    district = serializers.SerializerMethodField(
        help_text=_("The district (wijk) of the neighbourhood, if known.")
    )
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, read_only=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, read_only=True
    )
    trusted_purposes = serializers.ListField(
        child=serializers.ChoiceField(choices=TrustedPurpose.choices), read_only=True
    )
    trusted_purposes_display = serializers.SerializerMethodField()
    staff_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=language_choices()), read_only=True
    )
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Location
        fields = ("id", *LOCATION_FIELDS, "address", "district", "trusted_purposes_display", *ARCHIVE_FIELDS)
        read_only_fields = fields

    @extend_schema_field(NeighbourhoodRefSerializer(allow_null=True))
    def get_district(self, location: Location) -> dict[str, Any] | None:
        return _district(location.neighbourhood)

    def get_trusted_purposes_display(self, location: Location) -> list[str]:
        labels = dict(TrustedPurpose.choices)
        return [str(labels.get(code, code)) for code in location.trusted_purposes]


class LocationInputSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())
    neighbourhood = serializers.PrimaryKeyRelatedField(
        queryset=Neighbourhood.objects.none(), required=False, allow_null=True
    )
    latitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        coerce_to_string=False,
        required=False,
        allow_null=True,
        min_value=50,
        max_value=54,
    )
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        coerce_to_string=False,
        required=False,
        allow_null=True,
        min_value=3,
        max_value=8,
    )
    trusted_purposes = serializers.ListField(
        child=serializers.ChoiceField(choices=TrustedPurpose.choices),
        required=False,
        help_text=_("What parents come here for."),
    )
    staff_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=language_choices()),
        required=False,
        help_text=_("Language codes, e.g. ar, tr."),
    )

    class Meta:
        model = Location
        fields = LOCATION_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        if workspace is not None:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                workspace=workspace, archived_at__isnull=True
            )
            self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(workspace=workspace)


# --- Neighbourhoods -----------------------------------------------------------------------------


class PublishedCountSerializer(serializers.Serializer):
    """A figure about people as published by the disclosure rules (docs/api.md)."""

    value = serializers.IntegerField(
        allow_null=True,
        help_text=_("The figure rounded to 5; null when it is hidden (suppressed) or unknown."),
    )
    suppressed = serializers.BooleanField(
        help_text=_("True when the figure is under the workspace's threshold k and therefore hidden.")
    )


@extend_schema_field(PublishedCountSerializer)
class PublishedCountField(serializers.Field):
    """A count about people, read-only, published through `ouderpartner.stats` with the workspace's k."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> PublishedCount | _Unknown:
        raw = super().get_attribute(instance)
        workspace = self.context.get("workspace") or instance.workspace
        # Wrapped even when unknown, so DRF does not shortcut None to a bare null.
        return _Unknown() if raw is None else publish_count(raw, k=workspace.disclosure_threshold)

    def to_representation(self, value: PublishedCount | _Unknown) -> dict[str, int | bool | None]:
        return value.as_json()


class _Unknown:
    """A figure that is not known (CBS gave none): value null, not suppressed."""

    def as_json(self) -> dict[str, int | bool | None]:
        return {"value": None, "suppressed": False}


class NeighbourhoodSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    inhabitants = PublishedCountField(help_text=_("Inhabitants (CBS), as published."))
    children_0_14 = PublishedCountField(help_text=_("Children aged 0-14 (CBS), as published."))
    households = PublishedCountField(help_text=_("Households (CBS), as published."))
    households_with_children = PublishedCountField(
        help_text=_("Households with children (CBS), as published.")
    )
    births = PublishedCountField(help_text=_("Births (CBS), as published."))
    district = serializers.SerializerMethodField(
        help_text=_("For a neighbourhood (buurt): its district (wijk).")
    )

    class Meta:
        model = Neighbourhood
        fields = ("id", "code", "name", "level", "level_display", "district", *NEIGHBOURHOOD_FIGURE_FIELDS)
        read_only_fields = fields

    @extend_schema_field(NeighbourhoodRefSerializer(allow_null=True))
    def get_district(self, neighbourhood: Neighbourhood) -> dict[str, Any] | None:
        return _district(neighbourhood)


class NeighbourhoodFiguresInputSerializer(serializers.ModelSerializer):
    """The coordinator's raw figures (write only); the answer shows them as published."""

    class Meta:
        model = Neighbourhood
        fields = NEIGHBOURHOOD_FIGURE_FIELDS
        # Fixed bounds, so that the schema does not depend on the database's integer ranges.
        extra_kwargs = {
            name: {"min_value": 1900, "max_value": 2100}
            if name == "year"
            else {"min_value": 0, "max_value": 20_000_000}
            for name in NEIGHBOURHOOD_FIGURE_FIELDS
            if name != "source"
        }


# --- Partnerships -------------------------------------------------------------------------------


class PartnershipSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    organisations = OrganisationRefSerializer(many=True, read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Partnership
        fields = (
            "id",
            "name",
            "kind",
            "kind_display",
            "organisations",
            "agreements",
            "start_date",
            "end_date",
            *ARCHIVE_FIELDS,
        )
        read_only_fields = fields


class PartnershipInputSerializer(serializers.ModelSerializer):
    organisations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organisation.objects.none(), help_text=_("Two or more organisations (ids).")
    )

    class Meta:
        model = Partnership
        fields = ("name", "kind", "organisations", "agreements", "start_date", "end_date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        if workspace is not None:
            self.fields["organisations"].child_relation.queryset = Organisation.objects.filter(
                workspace=workspace
            )


# --- List filters (query parameters) ------------------------------------------------------------


def _sort_choices(sorts: dict[str, tuple[str, ...]]) -> list[str]:
    return [prefix + key for key in sorts for prefix in ("", "-")]


class _ListFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("Search text."))
    archived = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("true: only archived items; false (default): only active items."),
    )


class _NeighbourhoodFilterMixin(serializers.Serializer):
    neighbourhood = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        help_text=_(
            "CBS code of a neighbourhood or district (a district includes its neighbourhoods); none: not linked."
        ),
    )


class OrganisationFilterSerializer(_NeighbourhoodFilterMixin, _ListFilterSerializer):
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, required=False)
    trusted = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Only organisations with (true) or without (false) a trusted place."),
    )
    sort = serializers.ChoiceField(choices=_sort_choices(ORGANISATION_SORTS), required=False)


class LocationFilterSerializer(_NeighbourhoodFilterMixin, _ListFilterSerializer):
    kind = serializers.ChoiceField(
        choices=OrganisationKind.choices, required=False, help_text=_("Kind of organisation.")
    )
    organisation = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Organisation id.")
    )
    trusted = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Only trusted places (true) or only other locations (false)."),
    )
    sort = serializers.ChoiceField(choices=_sort_choices(LOCATION_SORTS), required=False)


class NeighbourhoodFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("Search text."))
    level = serializers.ChoiceField(choices=Neighbourhood.Level.choices, required=False)
    district = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        help_text=_("CBS code of a district: the district and its neighbourhoods."),
    )


class PartnershipFilterSerializer(_ListFilterSerializer):
    kind = serializers.ChoiceField(choices=Partnership.Kind.choices, required=False)
    organisation = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Organisation id.")
    )
    status = serializers.ChoiceField(choices=[("active", _("active")), ("ended", _("ended"))], required=False)
    sort = serializers.ChoiceField(choices=_sort_choices(PARTNERSHIP_SORTS), required=False)
