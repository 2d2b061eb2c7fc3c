"""The policy part of the workspace API: frameworks (status, versions), ambitions (endorsements), goals,
indicators (published values, trend, progress), hand-entered indicator values, actions, LEA meetings
(agenda items) and LEA agreements.

Writes go through the policy services (`policy/services.py`, `policy/goal_services.py`,
`policy/lea_services.py`): the same validation and audit trail as the screens. Indicator figures come from
`policy/indicators.py` and are published through `ouderpartner.stats`: never a raw number about people.
The access rules are those of the screens (docs/api.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ouderpartner.api import policy_serializers as s
from ouderpartner.api.base import WORKSPACE_PARAMETER, WorkspaceScopedViewSet
from ouderpartner.core.access import get_object_in_workspace
from ouderpartner.core.models import Membership, Role
from ouderpartner.live.models import HandOver
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.policy import (
    goal_selectors,
    goal_services,
    indicators,
    lea_selectors,
    lea_services,
    services,
)
from ouderpartner.policy.models import (
    Action,
    AgendaItem,
    Agreement,
    Ambition,
    Endorsement,
    FrameworkVersion,
    Goal,
    Indicator,
    IndicatorValue,
    LeaMeeting,
    PolicyFramework,
)
from ouderpartner.programmes.models import PolicyDomain, Programme, Transition

NO_ORGANISATION = _("Your membership names no organisation: only a partner organisation endorses.")


def _write_responses(serializer: Any, created: bool = False) -> dict[int, Any]:
    return {
        201 if created else 200: serializer,
        400: OpenApiTypes.OBJECT,
        403: OpenApiTypes.OBJECT,
        404: OpenApiTypes.OBJECT,
    }


DELETE_RESPONSES = {204: None, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT}
READ_RESPONSES = {404: OpenApiTypes.OBJECT}


def _nested_parameter(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.PATH, description=f"The {what}'s id.")


class PolicyViewSet(WorkspaceScopedViewSet):
    """Shared helpers: today's date for "overdue", and the standard retrieve/update/destroy plumbing."""

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["today"] = timezone.localdate()
        return context

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)


class PolicyChangeViewSet(PolicyViewSet):
    """A resource changed with PUT (all fields) and PATCH (some): subclasses define `update`."""

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        raise NotImplementedError

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)


# --- Frameworks ---------------------------------------------------------------------------------

FRAMEWORK_EXAMPLE = OpenApiExample(
    "A framework for five years",
    request_only=True,
    value={
        "title": "Samen met ouders 2026-2030",
        "start_year": 2026,
        "end_year": 2030,
        "vision": "Every parent is a partner in their child's development, from birth to 21.",
        "approaches": ["network", "continuous_line"],
        "approach_reasons": "Partners already work together in the districts; the transitions need attention.",
        "municipal_role": "partner",
        "partners": [12, 14],
    },
)


@extend_schema(tags=["policy frameworks"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="List policy frameworks", parameters=[s.FrameworkFilterSerializer]),
    retrieve=extend_schema(
        summary="Get a policy framework", responses={200: s.FrameworkSerializer, **READ_RESPONSES}
    ),
    create=extend_schema(
        summary="Create a policy framework (draft)",
        description="Coordinators only. Years 2000-2100; the last year not before the first.",
        request=s.FrameworkInputSerializer,
        responses=_write_responses(s.FrameworkSerializer, created=True),
        examples=[FRAMEWORK_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace a policy framework's contents",
        description="Coordinators only. The status changes through `status/`.",
        request=s.FrameworkInputSerializer,
        responses=_write_responses(s.FrameworkSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of a policy framework's contents",
        description="Coordinators only.",
        request=s.FrameworkInputSerializer,
        responses=_write_responses(s.FrameworkSerializer),
    ),
    set_status=extend_schema(
        summary="Change a policy framework's status",
        description="Coordinators only. draft → consultation → adopted, or from consultation back to draft; "
        "any other step is a 400 on `status`. Each step saves a version of the framework as it then stands "
        "(with the note, or a note naming the step).",
        request=s.FrameworkStatusInputSerializer,
        responses=_write_responses(s.FrameworkSerializer),
    ),
)
class FrameworkViewSet(PolicyChangeViewSet):
    """The municipal policy frameworks (beleidskaders): vision, approaches, the municipality's role, status."""

    serializer_class = s.FrameworkSerializer

    def get_queryset(self) -> QuerySet[PolicyFramework]:
        return PolicyFramework.objects.annotate(
            ambition_count=Count("ambitions", distinct=True)
        ).prefetch_related(Prefetch("partners", queryset=Organisation.objects.order_by("name")))

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.FrameworkFilterSerializer)
        qs = self.get_queryset().filter(workspace=request.workspace)
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("year"):
            qs = qs.filter(start_year__lte=params["year"], end_year__gte=params["year"])
        return self._paginated(qs.order_by("-start_year", "title", "pk"))

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(s.FrameworkInputSerializer)
        framework = self.run_service(
            services.framework_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(framework.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        framework = self.get_object()
        data = self._validated(s.FrameworkInputSerializer, partial=partial)
        self.run_service(services.framework_update, framework=framework, actor=request.user, **data)
        return self._respond(framework.pk)

    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, ws: str, pk: int) -> Response:
        framework = self.get_object()
        data = self._validated(s.FrameworkStatusInputSerializer)
        self.run_service(services.framework_set_status, framework=framework, actor=request.user, **data)
        return self._respond(framework.pk)


@extend_schema(
    tags=["policy frameworks"],
    parameters=[WORKSPACE_PARAMETER, _nested_parameter("framework_pk", "framework")],
)
@extend_schema_view(
    list=extend_schema(
        summary="List a framework's saved versions",
        description="Newest first. A version is saved at every status step, and on the screens with a note.",
    ),
    retrieve=extend_schema(
        summary="Get a saved version of a framework",
        description="The framework and its ambitions as they were (`snapshot`), and what changed since the "
        "version before (`changes`).",
        responses={200: s.VersionDetailSerializer, **READ_RESPONSES},
    ),
)
class FrameworkVersionViewSet(PolicyViewSet):
    """Saved versions of a framework: read-only."""

    serializer_class = s.FrameworkVersionSerializer

    def framework(self) -> PolicyFramework:
        return get_object_in_workspace(
            PolicyFramework, workspace=self.request.workspace, pk=self.kwargs["framework_pk"]
        )

    def list(self, request: Request, ws: str, framework_pk: int) -> Response:
        framework = self.framework()
        return self._paginated(FrameworkVersion.objects.filter(framework=framework).order_by("-number"))

    def retrieve(self, request: Request, ws: str, framework_pk: int, pk: int) -> Response:
        framework = self.framework()
        version = get_object_in_workspace(
            FrameworkVersion.objects.filter(framework=framework), workspace=request.workspace, pk=pk
        )
        previous = (
            FrameworkVersion.objects.filter(framework=framework, number__lt=version.number)
            .order_by("-number")
            .first()
        )
        context = {**self.get_serializer_context(), "previous": previous}
        return Response(s.VersionDetailSerializer(version, context=context).data)


# --- Ambitions ----------------------------------------------------------------------------------

AMBITION_EXAMPLE = OpenApiExample(
    "A level-1 ambition",
    request_only=True,
    value={
        "framework": 3,
        "title": "Every parent of a toddler is reached at a trusted place",
        "text": "Partners meet parents where they already come: the preschool, the library, the JGZ.",
        "level": 1,
        "neighbourhoods": [41, 42],
        "parent_title": {"nl": "Wij willen alle ouders van peuters ontmoeten"},
    },
)


class _AskedOrganisations:
    """The organisations asked to endorse, per framework (as `services.eligible_partners`): a framework's
    chosen partners, or every active organisation of the workspace when none are chosen.

    `prime` loads them for a page of ambitions in two queries, however many frameworks it spans.
    """

    def __init__(self) -> None:
        self.cache: dict[int, list[Organisation]] = {}

    def prime(self, ambitions: list[Ambition]) -> None:
        frameworks = {a.framework_id: a.framework for a in ambitions if a.framework_id not in self.cache}
        if not frameworks:
            return
        chosen: dict[int, list[Organisation]] = {pk: [] for pk in frameworks}
        links = PolicyFramework.partners.through.objects.filter(policyframework_id__in=frameworks)
        for link in links.select_related("organisation").order_by("organisation__name", "organisation_id"):
            chosen[link.policyframework_id].append(link.organisation)
        everyone = None
        for pk, framework in frameworks.items():
            if not chosen[pk] and everyone is None:
                everyone = list(services.eligible_partners(framework))
            self.cache[pk] = chosen[pk] or everyone or []

    def __call__(self, framework: PolicyFramework) -> list[Organisation]:
        if framework.pk not in self.cache:
            self.cache[framework.pk] = list(services.eligible_partners(framework))
        return self.cache[framework.pk]


@extend_schema(tags=["ambitions"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List ambitions",
        description="With their links, endorsements and the organisations asked that have not endorsed.",
        parameters=[s.AmbitionFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="Get an ambition", responses={200: s.AmbitionSerializer, **READ_RESPONSES}
    ),
    create=extend_schema(
        summary="Create an ambition",
        description="Coordinators only. It is added at the end of its framework.",
        request=s.AmbitionInputSerializer,
        responses=_write_responses(s.AmbitionSerializer, created=True),
        examples=[AMBITION_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace an ambition",
        description="Coordinators only. An ambition stays in its framework; lists given replace the links.",
        request=s.AmbitionUpdateSerializer,
        responses=_write_responses(s.AmbitionSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of an ambition",
        description="Coordinators only.",
        request=s.AmbitionUpdateSerializer,
        responses=_write_responses(s.AmbitionSerializer),
    ),
    destroy=extend_schema(
        summary="Delete an ambition",
        description="Coordinators only. Its goals, indicators, actions and endorsements go with it.",
        responses=DELETE_RESPONSES,
    ),
    move=extend_schema(
        summary="Move an ambition up or down among the ambitions of its level",
        description="Coordinators only. Positions of the whole framework are renumbered 0, 1, 2 …",
        request=s.MoveInputSerializer,
        responses=_write_responses(s.AmbitionSerializer),
    ),
    endorse=[
        extend_schema(
            summary="Endorse an ambition for your own organisation",
            description="Coordinators and professionals whose membership names an organisation, for that "
            "organisation only, dated today (403 otherwise). The organisation must be among the partners "
            "asked (400), and endorses once (400). Answers the ambition with its endorsements.",
            request=s.EndorseInputSerializer,
            responses=_write_responses(s.AmbitionSerializer, created=True),
            methods=["POST"],
        ),
        extend_schema(
            summary="Withdraw your own organisation's endorsement",
            description="Only for the organisation that endorsed; 404 when it has not. Answers the ambition.",
            request=None,
            responses=_write_responses(s.AmbitionSerializer),
            methods=["DELETE"],
        ),
    ],
)
class AmbitionViewSet(PolicyChangeViewSet):
    """Shared ambitions of a framework, on three levels, endorsed by partner organisations."""

    serializer_class = s.AmbitionSerializer

    def get_queryset(self) -> QuerySet[Ambition]:
        return Ambition.objects.select_related("framework").prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.order_by("name")),
            Prefetch("transitions", queryset=Transition.objects.order_by("age_from_months", "pk")),
            Prefetch("policy_domains", queryset=PolicyDomain.objects.order_by("position", "key")),
            Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("code")),
            Prefetch(
                "endorsements",
                queryset=Endorsement.objects.select_related("organisation").order_by("organisation__name"),
            ),
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not hasattr(self, "_asked"):
            self._asked = _AskedOrganisations()
        context["asked_organisations"] = self._asked
        return context

    def can_write(self, membership: Membership) -> bool:
        if self.action == "endorse":
            return membership.role in (Role.COORDINATOR, Role.PROFESSIONAL)
        return membership.is_coordinator

    def can_write_object(self, membership: Membership, obj: Ambition) -> bool:
        return self.can_write(membership)

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.AmbitionFilterSerializer)
        qs = self.get_queryset().filter(workspace=request.workspace)
        if params.get("framework"):
            qs = qs.filter(framework_id=params["framework"])
        if params.get("level"):
            qs = qs.filter(level=params["level"])
        if params.get("q", "").strip():
            q = params["q"].strip()
            qs = qs.filter(Q(title__icontains=q) | Q(text__icontains=q))
        if params.get("endorsed_by"):
            qs = qs.filter(
                Exists(
                    Endorsement.objects.filter(ambition=OuterRef("pk"), organisation_id=params["endorsed_by"])
                )
            )
        page = self.paginate_queryset(qs.order_by("-framework__start_year", "framework_id", "position", "pk"))
        self.get_serializer_context()["asked_organisations"].prime(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(s.AmbitionInputSerializer)
        ambition = self.run_service(services.ambition_create, actor=request.user, **data)
        return self._respond(ambition.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        ambition = self.get_object()
        data = self._validated(s.AmbitionUpdateSerializer, partial=partial)
        self.run_service(services.ambition_update, ambition=ambition, actor=request.user, **data)
        return self._respond(ambition.pk)

    def destroy(self, request: Request, ws: str, pk: int) -> Response:
        ambition = self.get_object()
        self.run_service(services.ambition_delete, ambition=ambition, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def move(self, request: Request, ws: str, pk: int) -> Response:
        ambition = self.get_object()
        data = self._validated(s.MoveInputSerializer)
        self.run_service(services.ambition_move, ambition=ambition, actor=request.user, **data)
        return self._respond(ambition.pk)

    @action(detail=True, methods=["post", "delete"])
    def endorse(self, request: Request, ws: str, pk: int) -> Response:
        ambition = self.get_object()
        membership = request.membership
        if not membership.organisation_id:
            raise exceptions.PermissionDenied(NO_ORGANISATION)
        if request.method == "DELETE":
            endorsement = Endorsement.objects.filter(
                ambition=ambition, organisation_id=membership.organisation_id
            ).first()
            if endorsement is None:
                raise Http404
            self.run_service(
                services.endorsement_withdraw,
                endorsement=endorsement,
                membership=membership,
                actor=request.user,
            )
            return self._respond(ambition.pk)
        data = self._validated(s.EndorseInputSerializer)
        self.run_service(
            services.endorsement_create, ambition=ambition, membership=membership, actor=request.user, **data
        )
        return self._respond(ambition.pk, status.HTTP_201_CREATED)


# --- Goals --------------------------------------------------------------------------------------


@extend_schema(tags=["goals"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="List goals", parameters=[s.GoalFilterSerializer]),
    retrieve=extend_schema(summary="Get a goal", responses={200: s.GoalSerializer, **READ_RESPONSES}),
    create=extend_schema(
        summary="Create a goal of an ambition",
        description="Coordinators only.",
        request=s.GoalInputSerializer,
        responses=_write_responses(s.GoalSerializer, created=True),
    ),
    update=extend_schema(
        summary="Replace a goal",
        description="Coordinators only. A goal stays with its ambition.",
        request=s.GoalUpdateSerializer,
        responses=_write_responses(s.GoalSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of a goal",
        description="Coordinators only.",
        request=s.GoalUpdateSerializer,
        responses=_write_responses(s.GoalSerializer),
    ),
    destroy=extend_schema(
        summary="Delete a goal",
        description="Coordinators only. Its indicators and their values go with it.",
        responses=DELETE_RESPONSES,
    ),
    move=extend_schema(
        summary="Move a goal up or down among its ambition's goals",
        description="Coordinators only.",
        request=s.MoveInputSerializer,
        responses=_write_responses(s.GoalSerializer),
    ),
)
class GoalViewSet(PolicyChangeViewSet):
    """Goals (doelen) of the ambitions, each measured by indicators."""

    serializer_class = s.GoalSerializer

    def get_queryset(self) -> QuerySet[Goal]:
        return Goal.objects.select_related("ambition").prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk"))
        )

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.GoalFilterSerializer)
        qs = self.get_queryset().filter(workspace=request.workspace)
        if params.get("ambition"):
            qs = qs.filter(ambition_id=params["ambition"])
        if params.get("framework"):
            qs = qs.filter(ambition__framework_id=params["framework"])
        return self._paginated(
            qs.order_by("ambition__framework_id", "ambition__position", "ambition_id", "position", "pk")
        )

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(s.GoalInputSerializer)
        goal = self.run_service(
            goal_services.goal_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(goal.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        goal = self.get_object()
        data = self._validated(s.GoalUpdateSerializer, partial=partial)
        self.run_service(goal_services.goal_update, goal=goal, actor=request.user, **data)
        return self._respond(goal.pk)

    def destroy(self, request: Request, ws: str, pk: int) -> Response:
        goal = self.get_object()
        self.run_service(goal_services.goal_delete, goal=goal, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def move(self, request: Request, ws: str, pk: int) -> Response:
        goal = self.get_object()
        data = self._validated(s.MoveInputSerializer)
        self.run_service(goal_services.goal_move, goal=goal, actor=request.user, **data)
        return self._respond(goal.pk)


# --- Indicators ---------------------------------------------------------------------------------


def _published(figure: indicators.IndicatorFigure) -> dict[str, Any]:
    """Only what may be shown: the published value, whether it is hidden, and how the screens show it."""
    return {"value": figure.value, "suppressed": figure.suppressed, "display": figure.display()}


def _reading(figure: indicators.IndicatorFigure) -> dict[str, Any]:
    return {"year": figure.year, "value": _published(figure)}


@dataclass
class Readings:
    current: dict[str, Any]
    previous: dict[str, Any] | None
    trend: str | None
    progress: dict[str, Any]
    series: list[dict[str, Any]]


def _trend(current: indicators.IndicatorFigure, previous: indicators.IndicatorFigure | None) -> str | None:
    """up, down or flat between two published values; None when either is hidden or unknown."""
    if previous is None or current.value is None or previous.value is None:
        return None
    if current.suppressed or previous.suppressed:
        return None
    if current.value > previous.value:
        return "up"
    return "down" if current.value < previous.value else "flat"


def indicator_readings(indicator: Indicator, *, year: int, with_series: bool = False) -> Readings:
    """The indicator's published current value, the one before it, the trend and the progress to target.

    A live indicator reads this year and last year (one or two queries each); hand-entered values come from
    the prefetch (no queries): the newest value up to this year and the value entered before it.
    """
    current = indicators.current_value(indicator, year=year)
    if indicator.source == Indicator.Source.LIVE:
        previous = indicators.indicator_value(indicator, year=current.year - 1)
    else:
        earlier = sorted(v.year for v in indicator.values.all() if v.year < current.year)
        previous = indicators.indicator_value(indicator, year=earlier[-1]) if earlier else None
    progress = indicators.indicator_progress(indicator, current)
    series = []
    if with_series:
        years = indicators.default_years(indicator)
        series = [_reading(f) for f in indicators.indicator_series(indicator, years=years)]
    return Readings(
        current=_reading(current),
        previous=_reading(previous) if previous is not None else None,
        trend=_trend(current, previous),
        progress={"status": progress.status, "label": progress.label, "share": progress.share},
        series=series,
    )


class _ReadingsCache:
    def __init__(self, year: int, with_series: bool) -> None:
        self.year, self.with_series = year, with_series
        self.cache: dict[int, Readings] = {}
        # Live measures read for one indicator of the page serve the others reading the same.
        self.reads: dict[tuple[Any, ...], Any] = {}

    def __call__(self, indicator: Indicator) -> Readings:
        if indicator.pk not in self.cache:
            with indicators.reading_once(self.reads):
                self.cache[indicator.pk] = indicator_readings(
                    indicator, year=self.year, with_series=self.with_series
                )
        return self.cache[indicator.pk]


def _live_label(key: str) -> str:
    reader = indicators.LIVE_READERS.get(key)
    return str(reader.label) if reader is not None else ""


INDICATOR_EXAMPLE = OpenApiExample(
    "Target-group parents reached in a district",
    request_only=True,
    value={
        "goal": 7,
        "title": "Target-group parents reached in Overvecht",
        "source": "live",
        "live_key": "target_group_parents_reached",
        "neighbourhood": 41,
        "direction": "up",
        "baseline": "350",
        "baseline_year": 2025,
        "target": "600",
        "target_year": 2030,
    },
)
LIVE_KEYS_DOC = "Live values (`live_key`): " + ", ".join(f"`{key}`" for key in indicators.LIVE_READERS) + "."


@extend_schema(tags=["indicators"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List indicators with their current published value and trend",
        description="`current` is this year's live value, or the newest value entered by hand; `previous` the "
        "one before; `trend` compares the two. Every figure is published through the disclosure rules: "
        "counts of people rounded to 5 and hidden under the workspace's threshold k "
        '(`{"value": null, "suppressed": true, "display": "< 5"}`), means only for at least k.',
        parameters=[s.IndicatorFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="Get an indicator with its published values per year",
        responses={200: s.IndicatorDetailSerializer, **READ_RESPONSES},
    ),
    create=extend_schema(
        summary="Create an indicator of a goal",
        description="Coordinators only. " + LIVE_KEYS_DOC + " A live value that needs a neighbourhood, "
        "questionnaire or question without it is a 400 on that field; a hand-entered indicator has no "
        "`live_key`.",
        request=s.IndicatorInputSerializer,
        responses=_write_responses(s.IndicatorSerializer, created=True),
        examples=[INDICATOR_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace an indicator",
        description="Coordinators only. An indicator stays with its goal.",
        request=s.IndicatorUpdateSerializer,
        responses=_write_responses(s.IndicatorSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of an indicator",
        description="Coordinators only.",
        request=s.IndicatorUpdateSerializer,
        responses=_write_responses(s.IndicatorSerializer),
    ),
    destroy=extend_schema(
        summary="Delete an indicator",
        description="Coordinators only. Its hand-entered values go with it.",
        responses=DELETE_RESPONSES,
    ),
)
class IndicatorViewSet(PolicyChangeViewSet):
    """Indicators of the goals: live values from the other capabilities, or values entered by hand."""

    serializer_class = s.IndicatorSerializer

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.select_related(
            "goal__ambition__framework",
            "workspace",
            "neighbourhood",
            "programme",
            "questionnaire",
            "question",
        ).prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("year")))

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["readings"] = _ReadingsCache(context["today"].year, with_series=self.action == "retrieve")
        context["live_label"] = _live_label
        return context

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.IndicatorFilterSerializer)
        qs = self.get_queryset().filter(workspace=request.workspace)
        if params.get("goal"):
            qs = qs.filter(goal_id=params["goal"])
        if params.get("ambition"):
            qs = qs.filter(goal__ambition_id=params["ambition"])
        if params.get("framework"):
            qs = qs.filter(goal__ambition__framework_id=params["framework"])
        if params.get("source"):
            qs = qs.filter(source=params["source"])
        return self._paginated(
            qs.order_by(
                "goal__ambition__framework_id",
                "goal__ambition__position",
                "goal__ambition_id",
                "goal__position",
                "goal_id",
                "position",
                "pk",
            )
        )

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        return Response(
            s.IndicatorDetailSerializer(self.get_object(), context=self.get_serializer_context()).data
        )

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(s.IndicatorInputSerializer)
        indicator = self.run_service(
            goal_services.indicator_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(indicator.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        indicator = self.get_object()
        data = self._validated(s.IndicatorUpdateSerializer, partial=partial)
        self.run_service(goal_services.indicator_update, indicator=indicator, actor=request.user, **data)
        return self._respond(indicator.pk)

    def destroy(self, request: Request, ws: str, pk: int) -> Response:
        indicator = self.get_object()
        self.run_service(goal_services.indicator_delete, indicator=indicator, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["indicators"],
    parameters=[WORKSPACE_PARAMETER, _nested_parameter("indicator_pk", "indicator")],
)
@extend_schema_view(
    list=extend_schema(
        summary="List the values entered by hand for an indicator",
        description="Oldest year first. Each value is shown as published: a value of kind `people` under the "
        "threshold k is hidden, others are rounded to 5. A live indicator has none.",
    ),
    retrieve=extend_schema(
        summary="Get a value entered by hand", responses={200: s.IndicatorValueSerializer, **READ_RESPONSES}
    ),
    create=extend_schema(
        summary="Enter a value for a year",
        description="Coordinators only, for indicators entered by hand (a live indicator is a 400). One value "
        "per year: a year that has one is a 400 on `year`; change that value instead.",
        request=s.IndicatorValueInputSerializer,
        responses=_write_responses(s.IndicatorValueSerializer, created=True),
        examples=[
            OpenApiExample(
                "A figure from the municipal monitor",
                request_only=True,
                value={"year": 2025, "value": "62.5", "source": "Monitor Jeugd Utrecht 2025"},
            )
        ],
    ),
    update=extend_schema(
        summary="Correct a value entered by hand",
        description="Coordinators only.",
        request=s.IndicatorValueInputSerializer,
        responses=_write_responses(s.IndicatorValueSerializer),
    ),
    partial_update=extend_schema(
        summary="Correct some of a value entered by hand",
        description="Coordinators only.",
        request=s.IndicatorValueInputSerializer,
        responses=_write_responses(s.IndicatorValueSerializer),
    ),
    destroy=extend_schema(
        summary="Delete a value entered by hand", description="Coordinators only.", responses=DELETE_RESPONSES
    ),
)
class IndicatorValueViewSet(PolicyViewSet):
    """Values of an indicator entered by hand, one per year, each with its source."""

    serializer_class = s.IndicatorValueSerializer

    def indicator(self) -> Indicator:
        qs = Indicator.objects.select_related("workspace").prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))
        )
        return get_object_in_workspace(qs, workspace=self.request.workspace, pk=self.kwargs["indicator_pk"])

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        indicator = getattr(self, "_indicator", None)
        context["publish_value"] = lambda value: _published(
            indicators.indicator_value(indicator or value.indicator, year=value.year)
        )
        return context

    def _load(self) -> Indicator:
        self._indicator = self.indicator()
        return self._indicator

    def _value(self, indicator: Indicator, pk: int) -> IndicatorValue:
        value = next((v for v in indicator.values.all() if v.pk == int(pk)), None)
        if value is None:
            raise Http404
        self.check_object_permissions(self.request, value)
        return value

    def _answer(self, indicator_pk: int, pk: int, status_code: int = 200) -> Response:
        indicator = self._load()
        return Response(self.get_serializer(self._value(indicator, pk)).data, status=status_code)

    def list(self, request: Request, ws: str, indicator_pk: int) -> Response:
        indicator = self._load()
        page = self.paginate_queryset(list(indicator.values.all()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, ws: str, indicator_pk: int, pk: int) -> Response:
        return self._answer(indicator_pk, pk)

    def create(self, request: Request, ws: str, indicator_pk: int) -> Response:
        indicator = self._load()
        data = self._validated(s.IndicatorValueInputSerializer)
        value = self.run_service(
            goal_services.indicator_value_create,
            workspace=request.workspace,
            indicator=indicator,
            actor=request.user,
            **data,
        )
        return self._answer(indicator_pk, value.pk, status.HTTP_201_CREATED)

    def update(
        self, request: Request, ws: str, indicator_pk: int, pk: int, partial: bool = False
    ) -> Response:
        value = self._value(self._load(), pk)
        data = self._validated(s.IndicatorValueInputSerializer, partial=partial)
        self.run_service(goal_services.indicator_value_update, entry=value, actor=request.user, **data)
        return self._answer(indicator_pk, value.pk)

    def partial_update(self, request: Request, ws: str, indicator_pk: int, pk: int) -> Response:
        return self.update(request, ws, indicator_pk, pk, partial=True)

    def destroy(self, request: Request, ws: str, indicator_pk: int, pk: int) -> Response:
        value = self._value(self._load(), pk)
        self.run_service(goal_services.indicator_value_delete, entry=value, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Actions ------------------------------------------------------------------------------------


@extend_schema(tags=["actions"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List actions",
        description="By due date (none last). `overdue=true`: past the due date and neither done nor cancelled.",
        parameters=[s.ActionFilterSerializer],
    ),
    retrieve=extend_schema(summary="Get an action", responses={200: s.ActionSerializer, **READ_RESPONSES}),
    create=extend_schema(
        summary="Create an action",
        description="Coordinators only.",
        request=s.ActionInputSerializer,
        responses=_write_responses(s.ActionSerializer, created=True),
    ),
    update=extend_schema(
        summary="Replace an action",
        description="Coordinators only. Professionals update their organisation's actions through `progress/`.",
        request=s.ActionInputSerializer,
        responses=_write_responses(s.ActionSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of an action",
        description="Coordinators only.",
        request=s.ActionInputSerializer,
        responses=_write_responses(s.ActionSerializer),
    ),
    destroy=extend_schema(
        summary="Delete an action", description="Coordinators only.", responses=DELETE_RESPONSES
    ),
    progress=extend_schema(
        summary="Update an action's status and progress",
        description="Coordinators, and professionals of the owner organisation (another organisation's "
        "action is a 403).",
        request=s.ActionProgressInputSerializer,
        responses=_write_responses(s.ActionSerializer),
    ),
)
class ActionViewSet(PolicyChangeViewSet):
    """Actions towards the ambitions, each owned by an organisation, with a due date and a status."""

    serializer_class = s.ActionSerializer

    def get_queryset(self) -> QuerySet[Action]:
        return Action.objects.select_related("ambition", "owner")

    def can_write(self, membership: Membership) -> bool:
        if self.action == "progress":
            return membership.role in (Role.COORDINATOR, Role.PROFESSIONAL)
        return membership.is_coordinator

    def can_write_object(self, membership: Membership, obj: Action) -> bool:
        if self.action == "progress":
            return membership.can_edit_organisation(obj.owner_id)
        return membership.is_coordinator

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.ActionFilterSerializer)
        qs = self.get_queryset().filter(workspace=request.workspace)
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("owner"):
            qs = qs.filter(owner_id=params["owner"])
        if params.get("ambition"):
            qs = qs.filter(ambition_id=params["ambition"])
        if params.get("framework"):
            qs = qs.filter(ambition__framework_id=params["framework"])
        overdue = Q(due_on__lt=timezone.localdate(), status__in=goal_selectors.OPEN_STATUSES)
        if params.get("overdue") is True:
            qs = qs.filter(overdue)
        elif params.get("overdue") is False:
            qs = qs.exclude(overdue)
        return self._paginated(qs.order_by(F("due_on").asc(nulls_last=True), "pk"))

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(s.ActionInputSerializer)
        obj = self.run_service(
            goal_services.action_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(obj.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        obj = self.get_object()
        data = self._validated(s.ActionInputSerializer, partial=partial)
        self.run_service(goal_services.action_update, action=obj, actor=request.user, **data)
        return self._respond(obj.pk)

    def destroy(self, request: Request, ws: str, pk: int) -> Response:
        obj = self.get_object()
        self.run_service(goal_services.action_delete, action=obj, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def progress(self, request: Request, ws: str, pk: int) -> Response:
        obj = self.get_object()
        data = self._validated(s.ActionProgressInputSerializer)
        self.run_service(
            goal_services.action_progress_update,
            action=obj,
            membership=request.membership,
            actor=request.user,
            **data,
        )
        return self._respond(obj.pk)


# --- LEA meetings -------------------------------------------------------------------------------

LEA_MEETING_EXAMPLE = OpenApiExample(
    "The spring LEA",
    request_only=True,
    value={
        "title": "LEA voorjaar",
        "date": "2026-03-12",
        "place": "Stadhuis",
        "framework": 3,
        "participants": [12, 14, 17],
        "other_participants": "wethouder onderwijs, beleidsadviseur",
    },
)


@extend_schema(tags=["LEA meetings"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List LEA meetings",
        description="Meetings of the Lokale Educatieve Agenda, newest first, with their agenda and agreements. "
        "(`meetings/` are the live meetings with parents.)",
        parameters=[s.LeaMeetingFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="Get an LEA meeting", responses={200: s.LeaMeetingSerializer, **READ_RESPONSES}
    ),
    create=extend_schema(
        summary="Record an LEA meeting",
        description="Coordinators only. A live meeting of the workspace can be attached (`live_session`).",
        request=s.LeaMeetingInputSerializer,
        responses=_write_responses(s.LeaMeetingSerializer, created=True),
        examples=[LEA_MEETING_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace an LEA meeting",
        description="Coordinators only. A `participants` list given replaces the list.",
        request=s.LeaMeetingInputSerializer,
        responses=_write_responses(s.LeaMeetingSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of an LEA meeting",
        description="Coordinators only.",
        request=s.LeaMeetingInputSerializer,
        responses=_write_responses(s.LeaMeetingSerializer),
    ),
    destroy=extend_schema(
        summary="Delete an LEA meeting",
        description="Coordinators only. Its agenda goes with it; its agreements stay, without the meeting.",
        responses=DELETE_RESPONSES,
    ),
    hand_overs=extend_schema(
        summary="List the draft items for the policy of the attached live meeting",
        description="The results a facilitator handed over from the live meeting attached to this LEA meeting "
        "(empty when none is attached), each with what was made of it. Every member reads them.",
        responses={200: s.HandOverSerializer(many=True), **READ_RESPONSES},
    ),
    hand_over_to_ambition=extend_schema(
        summary="Turn a draft item of the attached live meeting into a draft ambition",
        description="Coordinators only. The ambition is added to `framework` at `level`; the item is then "
        "used, so a second call is a 400. An item of another live meeting is a 400.",
        parameters=[_nested_parameter("hand_over_pk", "draft item")],
        request=s.HandOverAmbitionInputSerializer,
        responses=_write_responses(s.AmbitionRefSerializer, created=True),
    ),
    hand_over_to_agenda_item=extend_schema(
        summary="Turn a draft item of the attached live meeting into an agenda item",
        description="Coordinators only. Added at the end of this meeting's agenda; the item is then used.",
        parameters=[_nested_parameter("hand_over_pk", "draft item")],
        request=None,
        responses=_write_responses(s.AgendaItemSerializer, created=True),
    ),
)
class LeaMeetingViewSet(PolicyChangeViewSet):
    """Meetings of the LEA (Lokale Educatieve Agenda): participants, agenda, decisions, agreements."""

    serializer_class = s.LeaMeetingSerializer

    def get_queryset(self) -> QuerySet[LeaMeeting]:
        return LeaMeeting.objects.select_related("framework", "live_session").prefetch_related(
            Prefetch("participants", queryset=Organisation.objects.order_by("name")),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("ambition").order_by("position", "pk"),
            ),
            Prefetch(
                "agreements", queryset=Agreement.objects.order_by(F("due_on").asc(nulls_last=True), "pk")
            ),
        )

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.LeaMeetingFilterSerializer)
        qs = self.get_queryset().filter(workspace=request.workspace)
        if params.get("framework"):
            qs = qs.filter(framework_id=params["framework"])
        if params.get("year"):
            qs = qs.filter(date__year=params["year"])
        return self._paginated(qs.order_by("-date", "-pk"))

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(s.LeaMeetingInputSerializer)
        meeting = self.run_service(
            lea_services.lea_meeting_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(meeting.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        meeting = self.get_object()
        data = self._validated(s.LeaMeetingInputSerializer, partial=partial)
        self.run_service(lea_services.lea_meeting_update, meeting=meeting, actor=request.user, **data)
        return self._respond(meeting.pk)

    def destroy(self, request: Request, ws: str, pk: int) -> Response:
        meeting = self.get_object()
        self.run_service(lea_services.lea_meeting_delete, meeting=meeting, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"], url_path="hand-overs")
    def hand_overs(self, request: Request, ws: str, pk: int) -> Response:
        meeting = self._meeting()
        items: list[HandOver] = []
        if meeting.live_session_id:
            items = list(
                HandOver.objects.filter(workspace=request.workspace, session_id=meeting.live_session_id)
                .prefetch_related(
                    Prefetch("ambitions", queryset=Ambition.objects.order_by("pk")),
                    Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("pk")),
                )
                .order_by("created_at", "pk")
            )
        return Response(s.HandOverSerializer(items, many=True, context=self.get_serializer_context()).data)

    def _meeting(self) -> LeaMeeting:
        """The meeting alone (without its agenda, agreements and participants), permissions checked."""
        meeting = get_object_in_workspace(LeaMeeting, workspace=self.request.workspace, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, meeting)
        return meeting

    def _hand_over(self, meeting: LeaMeeting) -> HandOver:
        return get_object_in_workspace(
            HandOver.objects.select_related("session"),
            workspace=self.request.workspace,
            pk=self.kwargs["hand_over_pk"],
        )

    @action(detail=True, methods=["post"], url_path="hand-overs/<int:hand_over_pk>/ambition")
    def hand_over_to_ambition(self, request: Request, ws: str, pk: int, hand_over_pk: int) -> Response:
        meeting = self._meeting()
        hand_over = self._hand_over(meeting)
        data = self._validated(s.HandOverAmbitionInputSerializer)
        ambition = self.run_service(
            lea_services.hand_over_to_ambition,
            meeting=meeting,
            hand_over=hand_over,
            actor=request.user,
            **data,
        )
        return Response(s.AmbitionRefSerializer(ambition).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="hand-overs/<int:hand_over_pk>/agenda-item")
    def hand_over_to_agenda_item(self, request: Request, ws: str, pk: int, hand_over_pk: int) -> Response:
        meeting = self._meeting()
        hand_over = self._hand_over(meeting)
        item = self.run_service(
            lea_services.hand_over_to_agenda_item, meeting=meeting, hand_over=hand_over, actor=request.user
        )
        item = AgendaItem.objects.select_related("ambition").get(pk=item.pk)
        return Response(s.AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["LEA meetings"],
    parameters=[WORKSPACE_PARAMETER, _nested_parameter("meeting_pk", "LEA meeting")],
)
@extend_schema_view(
    list=extend_schema(summary="List an LEA meeting's agenda items", description="In agenda order."),
    retrieve=extend_schema(
        summary="Get an agenda item", responses={200: s.AgendaItemSerializer, **READ_RESPONSES}
    ),
    create=extend_schema(
        summary="Add an agenda item",
        description="Coordinators only. It is added at the end of the agenda.",
        request=s.AgendaItemInputSerializer,
        responses=_write_responses(s.AgendaItemSerializer, created=True),
    ),
    update=extend_schema(
        summary="Replace an agenda item",
        description="Coordinators only.",
        request=s.AgendaItemInputSerializer,
        responses=_write_responses(s.AgendaItemSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of an agenda item",
        description="Coordinators only.",
        request=s.AgendaItemInputSerializer,
        responses=_write_responses(s.AgendaItemSerializer),
    ),
    destroy=extend_schema(
        summary="Remove an agenda item", description="Coordinators only.", responses=DELETE_RESPONSES
    ),
    move=extend_schema(
        summary="Move an agenda item up or down",
        description="Coordinators only.",
        request=s.MoveInputSerializer,
        responses=_write_responses(s.AgendaItemSerializer),
    ),
)
class AgendaItemViewSet(PolicyViewSet):
    """The agenda of an LEA meeting."""

    serializer_class = s.AgendaItemSerializer

    def meeting(self) -> LeaMeeting:
        return get_object_in_workspace(
            LeaMeeting, workspace=self.request.workspace, pk=self.kwargs["meeting_pk"]
        )

    def get_queryset(self) -> QuerySet[AgendaItem]:
        return AgendaItem.objects.filter(meeting_id=self.kwargs["meeting_pk"]).select_related("ambition")

    def get_object(self) -> AgendaItem:
        self.meeting()
        return super().get_object()

    def list(self, request: Request, ws: str, meeting_pk: int) -> Response:
        self.meeting()
        return self._paginated(self.get_queryset().order_by("position", "pk"))

    def retrieve(self, request: Request, ws: str, meeting_pk: int, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request, ws: str, meeting_pk: int) -> Response:
        meeting = self.meeting()
        data = self._validated(s.AgendaItemInputSerializer)
        item = self.run_service(lea_services.agenda_item_create, meeting=meeting, actor=request.user, **data)
        return self._respond(item.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, meeting_pk: int, pk: int, partial: bool = False) -> Response:
        item = self.get_object()
        data = self._validated(s.AgendaItemInputSerializer, partial=partial)
        self.run_service(lea_services.agenda_item_update, item=item, actor=request.user, **data)
        return self._respond(item.pk)

    def partial_update(self, request: Request, ws: str, meeting_pk: int, pk: int) -> Response:
        return self.update(request, ws, meeting_pk, pk, partial=True)

    def destroy(self, request: Request, ws: str, meeting_pk: int, pk: int) -> Response:
        item = self.get_object()
        self.run_service(lea_services.agenda_item_delete, item=item, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def move(self, request: Request, ws: str, meeting_pk: int, pk: int) -> Response:
        item = self.get_object()
        data = self._validated(s.MoveInputSerializer)
        self.run_service(lea_services.agenda_item_move, item=item, actor=request.user, **data)
        return self._respond(item.pk)


# --- Agreements ---------------------------------------------------------------------------------


@extend_schema(tags=["LEA agreements"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List LEA agreements",
        description="By date due (none last). `overdue=true`: past the date and neither done nor dropped.",
        parameters=[s.AgreementFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="Get an agreement", responses={200: s.AgreementSerializer, **READ_RESPONSES}
    ),
    create=extend_schema(
        summary="Record an agreement",
        description="Coordinators only.",
        request=s.AgreementInputSerializer,
        responses=_write_responses(s.AgreementSerializer, created=True),
    ),
    update=extend_schema(
        summary="Replace an agreement",
        description="Coordinators only. Professionals change the status through `status/`.",
        request=s.AgreementInputSerializer,
        responses=_write_responses(s.AgreementSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of an agreement",
        description="Coordinators only.",
        request=s.AgreementInputSerializer,
        responses=_write_responses(s.AgreementSerializer),
    ),
    destroy=extend_schema(
        summary="Delete an agreement", description="Coordinators only.", responses=DELETE_RESPONSES
    ),
    set_status=extend_schema(
        summary="Change an agreement's status",
        description="Coordinators, and professionals of an organisation the agreement names under `organisations` "
        "(403 otherwise).",
        request=s.AgreementStatusInputSerializer,
        responses=_write_responses(s.AgreementSerializer),
    ),
)
class AgreementViewSet(PolicyChangeViewSet):
    """Agreements made at the LEA: what, who, by when, status; linked to an ambition."""

    serializer_class = s.AgreementSerializer

    def get_queryset(self) -> QuerySet[Agreement]:
        return Agreement.objects.select_related("meeting", "ambition").prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
        )

    def can_write(self, membership: Membership) -> bool:
        if self.action == "set_status":
            return membership.role in (Role.COORDINATOR, Role.PROFESSIONAL)
        return lea_services.can_manage(membership)

    def can_write_object(self, membership: Membership, obj: Agreement) -> bool:
        if self.action == "set_status":
            return lea_services.can_update_agreement_status(membership, obj)
        return lea_services.can_manage(membership)

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.AgreementFilterSerializer)
        qs = lea_selectors.agreements_list(
            workspace=request.workspace,
            status=params.get("status", ""),
            organisation=params.get("organisation"),
            ambition=params.get("ambition"),
            meeting=params.get("meeting"),
            overdue=params.get("overdue") is True,
        )
        if params.get("overdue") is False:
            qs = qs.exclude(lea_selectors.overdue_q())
        return self._paginated(qs)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(s.AgreementInputSerializer)
        agreement = self.run_service(
            lea_services.agreement_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(agreement.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        agreement = self.get_object()
        data = self._validated(s.AgreementInputSerializer, partial=partial)
        self.run_service(lea_services.agreement_update, agreement=agreement, actor=request.user, **data)
        return self._respond(agreement.pk)

    def destroy(self, request: Request, ws: str, pk: int) -> Response:
        agreement = self.get_object()
        self.run_service(lea_services.agreement_delete, agreement=agreement, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, ws: str, pk: int) -> Response:
        agreement = self.get_object()
        data = self._validated(s.AgreementStatusInputSerializer)
        self.run_service(
            lea_services.agreement_set_status,
            agreement=agreement,
            membership=request.membership,
            actor=request.user,
            **data,
        )
        return self._respond(agreement.pk)
