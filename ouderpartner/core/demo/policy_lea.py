"""Demo policy data: the LEA part (see policy.py for the order of the parts).

Utrecht's LEA met three times over the past year around the framework made by policy_framework.py: to
start the framework, to discuss the first ambitions, and to take in the results of the knowledge meeting
on parental involvement (the finished live demo meeting, attached to the latest LEA meeting). Of that
meeting's results handed over for the policy, one becomes a draft ambition and one an agenda item. Six
agreements: some done, one overdue. Everything goes through the LEA services, as a coordinator would.
Texts were written for the demo.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from ouderpartner.core.models import Workspace
from ouderpartner.live import services as live_services
from ouderpartner.live.models import HandOver, LiveSession
from ouderpartner.network.models import Organisation
from ouderpartner.policy import lea_services as services
from ouderpartner.policy.models import Agreement, Ambition, LeaMeeting, Level, PolicyFramework

AMBITIONS_ITEM = "Eerste versie van de ambities"
LIVE_TEMPLATE_KEY = "knowledge-meeting"  # the finished demo meeting of core/demo/live.py

NAMES = {
    "library": "Bibliotheek Utrecht",
    "jgz": "JGZ Utrecht (consultatiebureaus)",
    "teams": "Buurtteams Jeugd en Gezin Utrecht",
    "preschool": "Spelenderwijs (voorschoolse educatie)",
    "taalhuis": "Taalhuis Utrecht",
}
SCHOOL_BRINS = ["15RL", "16NM", "17QH", "08KK"]
OTHERS = (
    "wethouder onderwijs (voorzitter), beleidsadviseurs onderwijs en jeugd, bestuurders van de "
    "schoolbesturen primair onderwijs, leerplicht"
)

MEETINGS = [
    {
        "days_ago": 330,
        "title": "LEA-overleg: start beleidskader ouderbetrokkenheid",
        "place": "Stadskantoor Utrecht, zaal 6.12",
        "who": ["preschool", "library", "jgz", "teams", "schools"],
        "agenda": [
            ("Opening en vaststellen agenda", ""),
            ("Bereik van voorschoolse educatie per wijk", "Toelichting door de JGZ en Spelenderwijs."),
            (
                "Aanpak beleidskader ouderbetrokkenheid 2026-2030",
                "Werkwijze, planning en wie meeschrijft. Ouders denken mee via een consultatie.",
            ),
            ("Rondvraag", ""),
        ],
        "decisions": (
            "De LEA-partners stellen samen een beleidskader ouderbetrokkenheid op voor 2026-2030.\n"
            "Een werkgroep van gemeente, twee schoolbesturen, Spelenderwijs en de bibliotheek schrijft de "
            "eerste versie van de ambities.\n"
            "Ouders worden geraadpleegd voordat het kader wordt vastgesteld."
        ),
    },
    {
        "days_ago": 170,
        "title": "LEA-overleg: eerste versie van de ambities",
        "place": "Bibliotheek Neude, Utrecht",
        "who": ["preschool", "library", "jgz", "taalhuis", "schools"],
        "agenda": [
            ("Opening en vaststellen agenda", ""),
            ("Eerste versie van de ambities", "De werkgroep licht de ambities op de drie niveaus toe."),
            ("Aanspreekpunt ouderbetrokkenheid per school en voorschool", ""),
            ("Voorbereiding ouderconsultatie in vier talen", ""),
        ],
        "decisions": (
            "De eerste versie van de ambities is besproken en gaat met de opmerkingen van vandaag in "
            "consultatie.\nDe ouderconsultatie wordt in het Nederlands, Engels, Arabisch en Turks gehouden."
        ),
    },
    {
        "days_ago": 14,
        "title": "LEA-overleg: uitkomsten kennisbijeenkomst en ouderconsultatie",
        "place": "Stadskantoor Utrecht, zaal 6.12",
        "who": ["preschool", "library", "jgz", "teams", "taalhuis", "schools"],
        "agenda": [
            ("Opening en vaststellen agenda", ""),
            (
                "Uitkomsten van de kennisbijeenkomst ouderbetrokkenheid",
                "De drie succesfactoren die het vaakst als belangrijkst zijn gekozen.",
            ),
            ("Tussenstand ouderconsultatie", ""),
        ],
        "decisions": (
            "De uitkomsten van de kennisbijeenkomst worden verwerkt in de ambities.\n"
            "De partners leveren voor het jaarverslag aan wat zij dit jaar met ouders hebben gedaan."
        ),
    },
]

# (meeting index, what, who, due in days from the meeting, status, ambition level or None)
AGREEMENTS = [
    (
        0,
        "De werkgroep schrijft de eerste versie van de ambities.",
        ["preschool", "library", "school"],
        90,
        Agreement.Status.DONE,
        Level.MUNICIPAL_FRAMEWORK,
    ),
    (
        0,
        "JGZ en Spelenderwijs delen het bereik van voorschoolse educatie per wijk met de LEA-partners.",
        ["jgz", "preschool"],
        120,
        Agreement.Status.DONE,
        Level.REACHING_PARENTS,
    ),
    (
        1,
        "Elke school en voorschool in Overvecht en Kanaleneiland wijst een aanspreekpunt ouderbetrokkenheid "
        "aan.",
        ["schools", "preschool"],
        60,
        Agreement.Status.IN_PROGRESS,
        Level.SCHOOLS_AND_VE,
    ),
    (
        1,
        "De bibliotheek en het Taalhuis bereiden de ouderconsultatie in vier talen voor.",
        ["library", "taalhuis"],
        100,
        Agreement.Status.DONE,
        Level.REACHING_PARENTS,
    ),
    (
        2,
        "Spelenderwijs en de scholen maken een gezamenlijke boodschap aan ouders over de overstap van de "
        "voorschool naar groep 1.",
        ["preschool", "schools"],
        75,
        Agreement.Status.OPEN,
        Level.SCHOOLS_AND_VE,
    ),
    (
        2,
        "Buurtteams en JGZ leveren voor het jaarverslag aan wat ouders in gesprekken noemen (zonder namen).",
        ["teams", "jgz"],
        120,
        Agreement.Status.OPEN,
        None,
    ),
]


def _organisations(workspace: Workspace) -> dict[str, list[Organisation]]:
    by_name = {o.name: o for o in Organisation.objects.filter(workspace=workspace, name__in=NAMES.values())}
    schools = list(Organisation.objects.filter(workspace=workspace, brin__in=SCHOOL_BRINS).order_by("brin"))
    found = {key: [by_name[name]] for key, name in NAMES.items() if name in by_name}
    found["schools"] = schools
    found["school"] = schools[:1]
    return found


def _who(found: dict[str, list[Organisation]], keys: list[str]) -> list[Organisation]:
    return [o for key in keys for o in found.get(key, [])]


def _finished_live_meeting(workspace: Workspace) -> LiveSession | None:
    return (
        LiveSession.objects.filter(
            workspace=workspace,
            template_key=LIVE_TEMPLATE_KEY,
            is_demo=True,
            status=LiveSession.Status.CLOSED,
        )
        .order_by("-created_at", "-id")
        .first()
    )


def _hand_overs(session: LiveSession) -> list[HandOver]:
    """Two of the meeting's results still in draft; made (as the live demo would) when it has none."""
    drafts = list(session.hand_overs.filter(status=HandOver.Status.DRAFT).order_by("created_at", "id"))
    if not session.hand_overs.exists():
        drafts = [
            live_services.handover_create(
                session=session,
                actor=None,
                title="Ouders als gelijkwaardige partner vanaf de voorschool",
                text="Uit de kennisbijeenkomst: het vaakst gekozen als belangrijkste succesfactor.",
            ),
            live_services.handover_create(
                session=session,
                actor=None,
                title="Vertrouwde plekken als startpunt om ouders te bereiken",
                kind=HandOver.Kind.AGENDA_ITEM,
                text="Uit de kennisbijeenkomst.",
            ),
        ]
    return drafts[:2]


def load(workspace: Workspace) -> str:
    """Adds this part once; returns what it did for the report, or "" when it was already there."""
    framework = PolicyFramework.objects.filter(workspace=workspace).order_by("-created_at", "-id").first()
    if framework is None:
        return ""
    if LeaMeeting.objects.filter(workspace=workspace, title__in=[m["title"] for m in MEETINGS]).exists():
        return ""
    today = timezone.localdate()
    found = _organisations(workspace)
    ambitions = list(Ambition.objects.filter(framework=framework).order_by("position", "id"))
    by_level = {}
    for ambition in ambitions:
        by_level.setdefault(ambition.level, ambition)

    meetings = []
    for spec in MEETINGS:
        meeting = services.lea_meeting_create(
            workspace=workspace,
            actor=None,
            title=spec["title"],
            date=today - datetime.timedelta(days=spec["days_ago"]),
            place=spec["place"],
            framework=framework,
            participants=_who(found, spec["who"]),
            other_participants=OTHERS,
            decisions=spec["decisions"],
        )
        for title, text in spec["agenda"]:
            # The item on the first ambitions is about the framework's first ambition.
            about = ambitions[0] if ambitions and title == AMBITIONS_ITEM else None
            services.agenda_item_create(meeting=meeting, actor=None, title=title, text=text, ambition=about)
        meetings.append(meeting)

    for index, what, who, due_in, status, level in AGREEMENTS:
        meeting = meetings[index]
        services.agreement_create(
            workspace=workspace,
            actor=None,
            what=what,
            organisations=_who(found, who),
            due_on=meeting.date + datetime.timedelta(days=due_in),
            status=status,
            ambition=by_level.get(level) if level else None,
            meeting=meeting,
        )

    parts = [f"{len(meetings)} LEA meetings", f"{len(AGREEMENTS)} agreements"]
    session = _finished_live_meeting(workspace)
    if session is not None:
        latest = meetings[-1]
        services.lea_meeting_attach_live(meeting=latest, actor=None, live_session=session)
        drafts = _hand_overs(session)
        if drafts:
            services.hand_over_to_ambition(
                meeting=latest,
                hand_over=drafts[0],
                actor=None,
                framework=framework,
                level=Level.SCHOOLS_AND_VE,
            )
            parts.append("a result of the knowledge meeting as a draft ambition")
        if len(drafts) > 1:
            services.hand_over_to_agenda_item(meeting=latest, hand_over=drafts[1], actor=None)
            parts.append("one as an agenda item")
    return ", ".join(parts)
