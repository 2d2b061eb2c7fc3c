"""Walking every route of the URL resolver, and a workspace with an object of every routed kind.

Shared by the tests that try every route: tenant isolation (tests/test_tenancy.py) and bounded query
counts (tests/test_query_growth.py). `walk` lists the resolver's routes, `fill` turns a route into a
concrete path with the ids of the objects `workspace_objects` built, and `workspace_objects` builds one
object of every kind a route can name (and, given `parents`, more children under those objects).
"""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

from ouderpartner.accounts.models import Invitation
from ouderpartner.core.models import AuditEvent, Membership
from ouderpartner.live.models import (
    BlockedWord,
    Entry,
    HandOver,
    LiveSession,
    Participant,
    Prompt,
    PromptOption,
    Vote,
)
from ouderpartner.network.models import ContactPerson, Location, Neighbourhood, Organisation, Partnership
from ouderpartner.policy.models import (
    Action,
    AgendaItem,
    Agreement,
    Ambition,
    ConsultationComment,
    Endorsement,
    FrameworkVersion,
    Goal,
    Indicator,
    IndicatorValue,
    LeaMeeting,
    PolicyFramework,
    Report,
    SelfScan,
)
from ouderpartner.programmes.models import Offering, PolicyDomain, Programme, Subsidy, Transition
from ouderpartner.reach.models import Activity, ActivityLanguage, PartnerToken, TargetGroupEstimate
from ouderpartner.voice.models import (
    Answer,
    Conversation,
    ConversationTag,
    Distribution,
    Feedback,
    Option,
    Question,
    Questionnaire,
    Response,
    Theme,
)

# Routes outside any workspace: public pages, the user's own account, the admin (staff only).
OUTSIDE_WORKSPACES = re.compile(
    r"^(|q/.*|j/.*|c/.*|language/<str:language>/|privacy/|accessibility/|healthz|health/.*|accounts/.*|i18n/.*|admin/.*|media/.*|api/(schema|docs)/.*"
    r"|api/workspaces/(\.\(\?P<format>.*)?|api/workspaces/\.\(\?P<format>.*|api/|api/\.\(\?P<format>.*|api/\^\$"
    r"|api/workspaces/\^\$|api/workspaces/\^\\\.\(\?P<format>.*|api/\^\\\.\(\?P<format>.*)$"
)
WORKSPACE_ROUTE = re.compile(r"^(w/<slug:ws>/|api/workspaces/<slug:(ws|slug)>/|api/workspaces/<ws>/)")

# Which model an object id in a route refers to, by the path segment before it ("organisations/<int:pk>/").
MODEL_BY_SEGMENT = {
    "organisations": Organisation,
    "locations": Location,
    "neighbourhoods": Neighbourhood,
    "partnerships": Partnership,
    "contacts": ContactPerson,
    "members": Membership,
    "invitations": Invitation,
    "programmes": Programme,
    "offerings": Offering,
    "domains": PolicyDomain,
    "policy-domains": PolicyDomain,
    "transitions": Transition,
    "subsidies": Subsidy,
    "questionnaires": Questionnaire,
    "questions": Question,
    "options": Option,
    "distributions": Distribution,
    "responses": Response,
    "conversations": Conversation,
    "tags": ConversationTag,
    "feedback": Feedback,
    "themes": Theme,
    "answers": Answer,
    "sessions": LiveSession,
    "meetings": LiveSession,
    "prompts": Prompt,
    "prompt-options": PromptOption,
    "entries": Entry,
    "participants": Participant,
    "hand-overs": HandOver,
    "blocked-words": BlockedWord,
    "activities": Activity,
    "tokens": PartnerToken,
    "estimates": TargetGroupEstimate,
    "frameworks": PolicyFramework,
    "versions": FrameworkVersion,
    "ambitions": Ambition,
    "endorsements": Endorsement,
    "goals": Goal,
    "indicators": Indicator,
    "values": IndicatorValue,
    "actions": Action,
    "lea-meetings": LeaMeeting,
    "agenda-items": AgendaItem,
    "agreements": Agreement,
    "scans": SelfScan,
    "comments": ConsultationComment,
    "reports": Report,
}
OBJECT_ID = re.compile(r"<(?:int:|str:|slug:)?[a-z_]*(?:pk|id)>")


def walk(patterns=None, prefix: str = "", namespace: str = ""):
    """(route, name) of every URL pattern, e.g. ('w/<slug:ws>/network/organisations/', 'network:...')."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}"


def fill(route: str, *, ws: str, objects: dict, values: dict | None = None) -> str:
    """Turn 'w/<slug:ws>/network/organisations/<int:pk>/' into a concrete path with the objects' ids.

    Other parameters take their value from `values` by name ({"language": "nl"}), else "x"."""
    parts = []
    for segment in route.split("/"):
        if OBJECT_ID.fullmatch(segment):
            model = MODEL_BY_SEGMENT.get(parts[-1] if parts else "")
            if model is None:
                raise LookupError(
                    f"{route}: an object id after '{parts[-1] if parts else ''}' names no known model"
                )
            segment = str(objects[model].pk)
        elif re.fullmatch(r"<(?:slug:)?(?:ws|slug)>", segment):
            segment = ws
        elif segment.startswith("<"):
            name = segment.strip("<>").rpartition(":")[2]
            segment = (values or {}).get(name, "x")
        parts.append(segment)
    return "/" + "/".join(parts)


def workspace_routes():
    return [(route, name) for route, name in walk() if WORKSPACE_ROUTE.match(route)]


def unclassified_routes():
    return [
        route
        for route, _name in walk()
        if not WORKSPACE_ROUTE.match(route) and not OUTSIDE_WORKSPACES.match(route)
    ]


def takes_partner_tokens(path: str) -> bool:
    """Whether the API view at `path` accepts a partner token (reach's PartnerTokenAuthentication)."""
    from django.urls import resolve

    from ouderpartner.reach.api import PartnerTokenAuthentication

    view = resolve(path).func
    cls = getattr(view, "cls", None) or getattr(view, "view_class", None)
    return any(issubclass(auth, PartnerTokenAuthentication) for auth in cls.authentication_classes)


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def workspace_objects(
    workspace, organisation, *, coordinator, member, marker: str = "", n: int = 0, parents: dict | None = None
) -> dict:
    """One object of every kind a workspace route can name, keyed by model, in `workspace`.

    `organisation` has a location; `member` is a user with a membership of the workspace. `n` (0 for the first
    set) keeps unique values apart between sets. With `parents` (an earlier set), every new object hangs on
    the parent of that set (another question of the same questionnaire, another entry of the same meeting,
    another value of the same indicator, ...), so that the pages showing those parents get longer.
    """
    from ouderpartner.network.tests.factories import NeighbourhoodFactory, PartnershipFactory
    from ouderpartner.programmes.setup import programmes_setup
    from ouderpartner.reach.tests.factories import ActivityFactory

    def parent(model, make):
        return parents[model] if parents else make()

    def token(character: str, length: int) -> str:
        return character * length if n == 0 else f"{character}{n:0{length - 1}d}"

    location = organisation.locations.first()
    suffix = f" {n}" if n else ""
    partnership = parent(Partnership, lambda: PartnershipFactory(workspace=workspace))
    partnership.organisations.add(organisation)
    if not PolicyDomain.objects.filter(workspace=workspace).exists():
        programmes_setup(workspace=workspace)
    domain = PolicyDomain.objects.filter(workspace=workspace).first()
    transition = Transition.objects.filter(workspace=workspace).first()
    programme = parent(
        Programme,
        lambda: Programme.objects.create(
            workspace=workspace, name=f"BoekStart {marker}{suffix}", audience="parents_with_children"
        ),
    )
    programme.policy_domains.add(domain)
    transition.programmes.add(programme)
    transition.partnerships.add(partnership)
    offering = Offering.objects.create(workspace=workspace, programme=programme, organisation=organisation)
    offering.locations.add(location)
    questionnaire = parent(
        Questionnaire,
        lambda: Questionnaire.objects.create(
            workspace=workspace, title={"nl": f"Vragenlijst {marker}{suffix}"}, languages=["nl"]
        ),
    )
    question = Question.objects.create(
        questionnaire=questionnaire, name=f"q1_{n}" if n else "q1", kind="single_choice", text={"nl": "Vraag"}
    )
    option = Option.objects.create(question=question, value="ja", label={"nl": "Ja"})
    Option.objects.create(question=question, value="nee", label={"nl": "Nee"})
    distribution = Distribution.objects.create(
        workspace=workspace, questionnaire=questionnaire, location=location
    )
    open_question = Question.objects.create(
        questionnaire=questionnaire,
        name=f"q2_{n}" if n else "q2",
        kind="short_text",
        text={"nl": "Wat wilt u nog zeggen?"},
    )
    sent = (
        parents[Answer].response
        if parents
        else Response.objects.create(
            workspace=workspace,
            questionnaire=questionnaire,
            distribution=distribution,
            location=location,
            language="nl",
            token=token("s", 43),
            submitted_at="2026-11-01T10:00:00Z",
        )
    )
    answer = Answer.objects.create(response=sent, question=open_question, text=f"Meer voorlezen{suffix}")
    Answer.objects.create(response=sent, question=question, choices=["ja"])
    theme = Theme.objects.create(workspace=workspace, questionnaire=questionnaire, name=f"voorlezen{suffix}")
    answer.themes.add(theme)
    session = parent(
        LiveSession,
        lambda: LiveSession.objects.create(
            workspace=workspace, title={"nl": f"Bijeenkomst {marker}{suffix}"}, languages=["nl"]
        ),
    )
    prompt = Prompt.objects.create(session=session, kind="qa", text={"nl": "Vragen?"})
    choice = Prompt.objects.create(session=session, kind="single_choice", text={"nl": "Eens?"})
    participant = Participant.objects.create(session=session, token_hash=token("h", 64), language="nl")
    prompt_option = PromptOption.objects.create(prompt=choice, value="ja", label={"nl": "Ja"})
    Vote.objects.create(session=session, prompt=choice, participant=participant, choices=["ja"])
    if parents:
        # Every prompt the earlier set made gets a vote and an entry of this participant too.
        Vote.objects.create(
            session=session, prompt=parents[PromptOption].prompt, participant=participant, choices=["ja"]
        )
    entry = Entry.objects.create(
        session=session,
        prompt=parents[Prompt] if parents else prompt,
        participant=participant,
        text=f"Wanneer{suffix}?",
        normalized=f"wanneer{suffix}?",
        status="approved" if n else "pending",
    )
    policy = _policy_objects(workspace, organisation, coordinator, session, marker, n, parents, programme)
    conversation = Conversation.objects.create(
        workspace=workspace,
        organisation=organisation,
        location=location,
        date="2026-11-01",
        language="nl",
        needs=f"Meer voorlezen {marker}",
        referral_programme=programme,
    )
    tag = ConversationTag.objects.create(workspace=workspace, name=f"voorlezen{n}" if n else "voorlezen")
    conversation.tags.add(tag)
    neighbourhood = NeighbourhoodFactory(workspace=workspace)
    if location.neighbourhood_id is None:
        location.neighbourhood = neighbourhood
        location.save(update_fields=["neighbourhood"])
    activity = ActivityFactory(location=location, programme=programme)
    for language in activity.languages:
        ActivityLanguage.objects.create(workspace=workspace, activity=activity, language=language)
    AuditEvent.objects.create(
        workspace=workspace,
        actor=coordinator,
        actor_email=coordinator.email,
        action="create",
        object_type="organisation",
        object_id=str(organisation.pk),
        object_repr=organisation.name,
    )
    return {
        **policy,
        LiveSession: session,
        Prompt: prompt,
        PromptOption: prompt_option,
        Entry: entry,
        Participant: participant,
        HandOver: HandOver.objects.create(
            workspace=workspace, session=session, prompt=prompt, title=f"Denken met ouders{suffix}"
        ),
        BlockedWord: BlockedWord.objects.create(workspace=workspace, word=f"sjaak{n}" if n else "sjaak"),
        Answer: answer,
        Questionnaire: questionnaire,
        Question: question,
        Option: option,
        Distribution: distribution,
        Response: Response.objects.create(
            workspace=workspace,
            questionnaire=questionnaire,
            distribution=distribution,
            language="nl",
            token=token("t", 43),
        ),
        Conversation: conversation,
        ConversationTag: tag,
        Feedback: Feedback.objects.create(
            workspace=workspace, questionnaire=questionnaire, theme=theme, done={"nl": "Meer voorlezen"}
        ),
        Theme: theme,
        Programme: programme,
        Offering: offering,
        PolicyDomain: domain,
        Transition: transition,
        Subsidy: Subsidy.objects.create(
            workspace=workspace,
            organisation=organisation,
            programme=programme,
            purpose="preschool",
            amount=1000,
            start_date="2026-01-01",
            end_date="2026-12-31",
        ),
        Organisation: organisation,
        Location: location,
        Neighbourhood: neighbourhood,
        Partnership: partnership,
        ContactPerson: ContactPerson.objects.create(
            organisation=parents[Organisation] if parents else organisation,
            name=f"Sanne {marker}{suffix}",
            role="brede schoolcoördinator",
        ),
        Membership: Membership.objects.get(user=member, workspace=workspace),
        Invitation: Invitation.objects.create(
            workspace=workspace, email=f"x{n}@example.org" if n else "x@example.org", role="viewer"
        ),
        Activity: activity,
        TargetGroupEstimate: TargetGroupEstimate.objects.create(
            workspace=workspace,
            neighbourhood=NeighbourhoodFactory(workspace=workspace),
            year=2026,
            target_group_toddlers=9,
        ),
        PartnerToken: PartnerToken.objects.create(
            workspace=workspace,
            organisation=organisation,
            name="LVS",
            prefix=f"opr_x{n}" if n else "opr_x",
            token_hash=token("a", 64),
        ),
    }


def _policy_objects(workspace, organisation, coordinator, session, marker, n, parents, programme) -> dict:
    def parent(model, make):
        return parents[model] if parents else make()

    suffix = f" {n}" if n else ""
    framework = parent(
        PolicyFramework,
        lambda: PolicyFramework.objects.create(
            workspace=workspace, title=f"Kader {marker}{suffix}", start_year=2026, end_year=2030
        ),
    )
    framework.partners.add(organisation)
    ambition = parent(
        Ambition,
        lambda: Ambition.objects.create(
            workspace=workspace, framework=framework, title=f"Ouders bereikt{suffix}", level=1
        ),
    )
    ambition.programmes.add(programme)
    goal = parent(
        Goal, lambda: Goal.objects.create(workspace=workspace, ambition=ambition, title="Meer ouders")
    )
    indicator = parent(
        Indicator,
        lambda: Indicator.objects.create(workspace=workspace, goal=goal, title="Ouders", source="manual"),
    )
    meeting = parent(
        LeaMeeting,
        lambda: LeaMeeting.objects.create(
            workspace=workspace, framework=framework, title="LEA", date="2026-10-01", live_session=session
        ),
    )
    meeting.participants.add(organisation)
    agreement = Agreement.objects.create(workspace=workspace, meeting=meeting, ambition=ambition, what="Plan")
    agreement.organisations.add(organisation)
    # An indicator reading a live value, beside the one entered by hand.
    Indicator.objects.create(
        workspace=workspace,
        goal=goal,
        title=f"Bereikte ouders{suffix}",
        source="live",
        live_key="parents_reached",
        value_kind="people",
    )
    if parents:
        # More of each kind under the same parents: ambitions and goals.
        Ambition.objects.create(workspace=workspace, framework=framework, title=f"Ambitie{suffix}", level=2)
        Goal.objects.create(workspace=workspace, ambition=ambition, title=f"Doel{suffix}")
    return {
        PolicyFramework: framework,
        FrameworkVersion: FrameworkVersion.objects.create(
            workspace=workspace, framework=framework, number=n + 1
        ),
        Ambition: ambition,
        Endorsement: Endorsement.objects.create(
            workspace=workspace, ambition=ambition, organisation=organisation, endorsed_on="2026-10-01"
        ),
        Goal: goal,
        Indicator: indicator,
        IndicatorValue: IndicatorValue.objects.create(
            workspace=workspace, indicator=indicator, year=2026 - n, value=40 + n
        ),
        Action: Action.objects.create(
            workspace=workspace, ambition=ambition, title=f"Folder{suffix}", owner=organisation
        ),
        LeaMeeting: meeting,
        AgendaItem: AgendaItem.objects.create(
            workspace=workspace, meeting=meeting, ambition=ambition, title=f"Bereik{suffix}"
        ),
        Agreement: agreement,
        SelfScan: SelfScan.objects.create(workspace=workspace, started_by=coordinator),
        ConsultationComment: ConsultationComment.objects.create(
            workspace=workspace, ambition=ambition, reaction="agree", language="ar"
        ),
        Report: Report.objects.create(
            workspace=workspace,
            framework=framework,
            kind="yearly",
            year=2026 - n,
            pdf=b"%PDF",
            created_by=coordinator,
        ),
    }


def more_rows(workspace, first: dict, *, coordinator, count: int, marker: str = "") -> None:
    """`count` more rows of every kind: whole new sets (a new organisation with its place, a new member, a new
    questionnaire, meeting, framework, ...) and as many children under the objects of the `first` set."""
    from ouderpartner.core.models import Role
    from ouderpartner.core.tests.factories import MembershipFactory, UserFactory
    from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory

    for index in range(1, count + 1):
        organisation = OrganisationFactory(workspace=workspace)
        LocationFactory(organisation=organisation)
        member = UserFactory()
        MembershipFactory(user=member, workspace=workspace, role=Role.PROFESSIONAL, organisation=organisation)
        workspace_objects(
            workspace, organisation, coordinator=coordinator, member=member, marker=marker, n=index
        )
        organisation = OrganisationFactory(workspace=workspace)
        LocationFactory(organisation=organisation)
        workspace_objects(
            workspace,
            organisation,
            coordinator=coordinator,
            member=member,
            marker=marker,
            n=count + index,
            parents=first,
        )


__all__ = [
    "MODEL_BY_SEGMENT",
    "OBJECT_ID",
    "OUTSIDE_WORKSPACES",
    "WORKSPACE_ROUTE",
    "body_text",
    "fill",
    "more_rows",
    "takes_partner_tokens",
    "unclassified_routes",
    "walk",
    "workspace_objects",
    "workspace_routes",
]
