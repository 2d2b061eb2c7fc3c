"""Demo policy data: goals, indicators and actions for Utrecht's framework (see policy.py for the order).

Indicators read the demo's live data: reach per district (Overvecht, Zuidwest), trusted places with an
activity, conversation records, the score on the demo questionnaire's scale question, partnerships,
transitions with a programme and offerings in Noordwest. A few are entered by hand with a source and
values for 2024-2026. Baselines of live indicators are their published value of the year before the
framework starts (2025), or of its first year where the demo has no data for 2025. About ten actions belong to the
demo's partners: some done, some overdue. Made through the services, as a coordinator would.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.policy import goal_services as services
from ouderpartner.policy.indicators import indicator_value
from ouderpartner.policy.models import Action, Ambition, Goal, Indicator, PolicyFramework
from ouderpartner.voice.models import Question

BASELINE_YEAR = 2025

# Per ambition (by title): goals, each with indicators. A live indicator names its reader and, where it
# needs one, a district code ("district"), the demo questionnaire's scale question ("scale_question");
# its target is the baseline times "growth" (or a fixed "target"); "baseline_year" where recording started
# later (conversation records). One entered by hand has its values.
PLAN: list[dict[str, Any]] = [
    {
        "ambition": "Ouders bereiken via vertrouwde plekken",
        "goals": [
            {
                "title": "Meer doelgroepouders bereikt in Overvecht en Zuidwest",
                "text": "Via de bibliotheek, het consultatiebureau en de scholen komen meer doelgroepouders "
                "naar activiteiten in de twee wijken met de meeste doelgroepkinderen.",
                "indicators": [
                    {
                        "title": "Doelgroepouders bereikt in Overvecht",
                        "live_key": "target_group_parents_reached",
                        "district": "WK034403",
                        "growth": Decimal("1.3"),
                    },
                    {
                        "title": "Bereik van de doelgroep in Zuidwest",
                        "live_key": "target_group_reach_rate",
                        "district": "WK034408",
                        "growth": Decimal("1.25"),
                    },
                ],
            },
            {
                "title": "Meer ouders komen voor het eerst",
                "text": "Ouders die nog nooit kwamen, vinden de weg naar een vertrouwde plek.",
                "indicators": [
                    {
                        "title": "Ouders die voor het eerst kwamen",
                        "live_key": "first_time_parents",
                        "growth": Decimal("1.2"),
                    }
                ],
            },
        ],
    },
    {
        "ambition": "Gelijkwaardig contact, in de taal van ouders",
        "goals": [
            {
                "title": "We luisteren naar ouders en leggen vast wat ze zeggen",
                "text": "Professionals voeren gesprekken met ouders en leggen zonder namen vast wat ouders "
                "nodig hebben, zodat het beleid erop kan inspelen.",
                "indicators": [
                    {
                        "title": "Vastgelegde gesprekken met ouders",
                        "live_key": "conversations",
                        "growth": Decimal("1.5"),
                        "baseline_year": 2026,
                    },
                ],
            },
            {
                "title": "Ouders zijn tevreden over de hulp in hun buurt",
                "text": "Gemeten met de vraag 'Hoe tevreden bent u over de hulp voor ouders in uw buurt?' "
                "(1 tot 5) uit de vragenlijst voor ouders.",
                "indicators": [
                    {
                        "title": "Tevredenheid over de hulp in de buurt (1-5)",
                        "live_key": "questionnaire_score",
                        "scale_question": "help_in_neighbourhood",
                        "target": Decimal("4.0"),
                    },
                ],
            },
        ],
    },
    {
        "ambition": "Een warme overdracht van voorschool naar groep 1",
        "goals": [
            {
                "title": "Elke voorschool werkt vast samen met een basisschool",
                "text": "Voorschool en school maken afspraken over de overdracht en over ouderbetrokkenheid.",
                "indicators": [
                    {
                        "title": "Samenwerkingen tussen organisaties",
                        "live_key": "partnerships",
                        "growth": Decimal("1.5"),
                    },
                    {
                        "title": "Kinderen met een warme overdracht naar groep 1",
                        "value_kind": "percentage",
                        "manual_source": "Monitor voor- en vroegschoolse educatie, gemeente Utrecht",
                        "values": {
                            2024: ("58", "VVE-monitor 2024"),
                            2025: ("64", "VVE-monitor 2025"),
                            2026: ("71", "VVE-monitor, eerste helft 2026"),
                        },
                        "baseline": (Decimal(58), 2024),
                        "target": Decimal(90),
                    },
                ],
            },
        ],
    },
    {
        "ambition": "Ouders betrekken bij de overgang naar groep 3 en de middelbare school",
        "goals": [
            {
                "title": "Op elk overgangsmoment is er aanbod voor ouders",
                "text": "Van de geboorte tot de volwassenheid: bij elke overgang is minstens één programma.",
                "indicators": [
                    {
                        "title": "Overgangen met een programma",
                        "live_key": "transition_coverage",
                        "target": Decimal(100),
                    },
                ],
            },
        ],
    },
    {
        "ambition": "Een brede schoolcoördinator op elke school",
        "goals": [
            {
                "title": "Meer scholen met een brede schoolcoördinator",
                "text": "De coördinator verbindt school, voorschool, buurt en ouders.",
                "indicators": [
                    {
                        "title": "Scholen met een brede schoolcoördinator",
                        "value_kind": "number",
                        "unit": "scholen",
                        "manual_source": "Inventarisatie brede school, gemeente Utrecht",
                        "values": {
                            2024: ("38", ""),
                            2025: ("44", ""),
                            2026: ("51", "Inventarisatie september 2026"),
                        },
                        "baseline": (Decimal(38), 2024),
                        "target": Decimal(70),
                    },
                ],
            },
        ],
    },
    {
        "ambition": "Beleid maken mét ouders",
        "goals": [
            {
                "title": "Ouders denken mee over het beleid",
                "text": "In ouderpanels en klankbordgroepen, en in de consultatie van dit beleidskader.",
                "indicators": [
                    {
                        "title": "Ouders in ouderpanels en klankbordgroepen",
                        "value_kind": "people",
                        "unit": "ouders",
                        "manual_source": "Aanmeldingen ouderpanels, gemeente Utrecht",
                        "values": {
                            2024: ("18", ""),
                            2025: ("27", ""),
                            2026: ("34", "Aanmeldingen tot oktober 2026"),
                        },
                        "baseline": (Decimal(18), 2024),
                        "target": Decimal(60),
                    },
                    {
                        "title": "Ingevulde vragenlijsten van ouders",
                        "live_key": "questionnaire_responses",
                        "questionnaire_of": "help_in_neighbourhood",
                        "growth": Decimal(2),
                    },
                ],
            },
        ],
    },
    {
        "ambition": "Domeinen verbinden rond het gezin",
        "goals": [
            {
                "title": "Aanbod voor gezinnen dicht bij huis in Noordwest",
                "text": "Onderwijs, zorg en welzijn bieden hun programma's op plekken in de wijk aan.",
                "indicators": [
                    {
                        "title": "Aanbod in Noordwest",
                        "live_key": "offerings_in_neighbourhood",
                        "district": "WK034402",
                        "growth": Decimal("1.5"),
                    },
                    {
                        "title": "Vastgelegde gesprekken in Overvecht",
                        "live_key": "conversations",
                        "district": "WK034403",
                        "growth": Decimal("1.5"),
                        "baseline_year": 2026,
                    },
                ],
            },
        ],
    },
]

# Actions: ambition title, title, owner (an organisation's name), due in days from today (negative: past),
# status, progress note.
ACTIONS: list[tuple[str, str, str, int | None, str, str]] = [
    (
        "Ouders bereiken via vertrouwde plekken",
        "Voorleesochtenden in de bibliotheek van Overvecht uitbreiden",
        "Bibliotheek Utrecht",
        120,
        "in_progress",
        "Twee extra ochtenden per week sinds september.",
    ),
    (
        "Ouders bereiken via vertrouwde plekken",
        "Inloopspreekuur op het consultatiebureau in Zuidwest",
        "JGZ Utrecht (consultatiebureaus)",
        -30,
        "in_progress",
        "Ruimte gevonden; de eerste weken draaien.",
    ),
    (
        "Gelijkwaardig contact, in de taal van ouders",
        "Tolken inzetten bij oudergesprekken",
        "Buurtteams Jeugd en Gezin Utrecht",
        -60,
        "planned",
        "",
    ),
    (
        "Gelijkwaardig contact, in de taal van ouders",
        "Taalcafé voor ouders in het Taalhuis",
        "Taalhuis Utrecht",
        -200,
        "done",
        "Elke woensdag, gemiddeld vijftien ouders.",
    ),
    (
        "Een warme overdracht van voorschool naar groep 1",
        "Overdrachtsformulier samen met ouders invullen",
        "Spelenderwijs (voorschoolse educatie)",
        60,
        "in_progress",
        "Proef op vier locaties.",
    ),
    (
        "Een warme overdracht van voorschool naar groep 1",
        "Afspraken voorschool en school vastleggen in Overvecht",
        "Spelenderwijs (voorschoolse educatie)",
        -15,
        "planned",
        "",
    ),
    (
        "Ouders betrekken bij de overgang naar groep 3 en de middelbare school",
        "Ouderavond over de overstap naar de middelbare school",
        "Buurtteams Jeugd en Gezin Utrecht",
        200,
        "planned",
        "",
    ),
    (
        "Een brede schoolcoördinator op elke school",
        "Netwerk van brede schoolcoördinatoren starten",
        "Bibliotheek Utrecht",
        -120,
        "done",
        "Vier bijeenkomsten gehouden.",
    ),
    (
        "Beleid maken mét ouders",
        "Ouderpanel per wijk opzetten",
        "Taalhuis Utrecht",
        90,
        "in_progress",
        "Panels in Overvecht en Zuidwest zijn gestart.",
    ),
    (
        "Domeinen verbinden rond het gezin",
        "Gezamenlijk aanbod in de wijk op één kaart",
        "JGZ Utrecht (consultatiebureaus)",
        None,
        "cancelled",
        "Opgenomen in de wijkkaart van de gemeente.",
    ),
]


def _district(workspace: Workspace, code: str) -> Neighbourhood | None:
    return Neighbourhood.objects.filter(workspace=workspace, code=code).first()


def _scale_question(workspace: Workspace, name: str) -> Question | None:
    return (
        Question.objects.filter(questionnaire__workspace=workspace, name=name, kind=Question.Kind.SCALE)
        .order_by("questionnaire_id")
        .first()
    )


def _indicator(workspace: Workspace, goal: Goal, spec: dict[str, Any]) -> Indicator | None:
    data: dict[str, Any] = {"title": spec["title"], "direction": Indicator.Direction.UP}
    if "live_key" in spec:
        data.update(source=Indicator.Source.LIVE, live_key=spec["live_key"])
        if "district" in spec:
            data["neighbourhood"] = _district(workspace, spec["district"])
            if data["neighbourhood"] is None:
                return None
        if "scale_question" in spec or "questionnaire_of" in spec:
            question = _scale_question(workspace, spec.get("scale_question") or spec["questionnaire_of"])
            if question is None:
                return None
            if "scale_question" in spec:
                data["question"] = question
            else:
                data["questionnaire"] = question.questionnaire
    else:
        data.update(
            source=Indicator.Source.MANUAL,
            value_kind=spec["value_kind"],
            unit=spec.get("unit", ""),
            manual_source=spec["manual_source"],
        )
        baseline, year = spec["baseline"]
        data.update(baseline=baseline, baseline_year=year)
    indicator = services.indicator_create(workspace=workspace, actor=None, goal=goal, **data)
    for year, (value, source) in spec.get("values", {}).items():
        services.indicator_value_create(
            workspace=workspace,
            actor=None,
            indicator=indicator,
            year=year,
            value=Decimal(value),
            source=source,
        )
    changes: dict[str, Any] = {}
    if indicator.source == Indicator.Source.LIVE:
        # The baseline is the published value of 2025; where the demo has nothing yet for 2025
        # (questionnaire answers and most conversations are recent), the framework's first year.
        for year in (spec.get("baseline_year", BASELINE_YEAR), BASELINE_YEAR + 1):
            baseline = indicator_value(indicator, year=year)
            if baseline.value:
                break
        if baseline.value is not None:
            changes.update(baseline=Decimal(str(baseline.value)), baseline_year=baseline.year)
            if "growth" in spec:
                target = (Decimal(str(baseline.value)) * spec["growth"]).quantize(Decimal(1))
                if target == changes["baseline"]:
                    target += 1
                changes["target"] = target
    if "target" in spec:
        changes["target"] = spec["target"]
    if changes.get("target") is not None and changes.get("target") != changes.get(
        "baseline", indicator.baseline
    ):
        changes["target_year"] = 2030
    else:
        changes.pop("target", None)
    if changes:
        data.update(changes)
        services.indicator_update(indicator=indicator, actor=None, **data)
    return indicator


def _owners(workspace: Workspace) -> dict[str, Organisation]:
    names = {spec[2] for spec in ACTIONS}
    return {o.name: o for o in Organisation.objects.filter(workspace=workspace, name__in=names)}


def load(workspace: Workspace) -> str:
    """Adds this part once; returns what it did for the report, or "" when it was already there."""
    framework = PolicyFramework.objects.filter(workspace=workspace).order_by("-created_at", "-id").first()
    if framework is None:
        return ""
    if Goal.objects.filter(workspace=workspace, ambition__framework=framework).exists():
        return ""
    ambitions = {a.title: a for a in Ambition.objects.filter(workspace=workspace, framework=framework)}
    goals = indicators = 0
    for part in PLAN:
        ambition = ambitions.get(part["ambition"])
        if ambition is None:
            continue
        for goal_spec in part["goals"]:
            goal = services.goal_create(
                workspace=workspace,
                actor=None,
                ambition=ambition,
                title=goal_spec["title"],
                text=goal_spec["text"],
            )
            goals += 1
            for spec in goal_spec["indicators"]:
                indicators += _indicator(workspace, goal, spec) is not None
    owners = _owners(workspace)
    fallback = (
        Organisation.objects.filter(workspace=workspace, archived_at__isnull=True).order_by("name").first()
    )
    today = timezone.localdate()
    actions = 0
    for ambition_title, title, owner_name, due_in, status, note in ACTIONS:
        ambition = ambitions.get(ambition_title)
        owner = owners.get(owner_name, fallback)
        if ambition is None or owner is None:
            continue
        if Action.objects.filter(workspace=workspace, ambition=ambition, title=title).exists():
            continue
        services.action_create(
            workspace=workspace,
            actor=None,
            ambition=ambition,
            title=title,
            text="",
            owner=owner,
            due_on=None if due_in is None else today + datetime.timedelta(days=due_in),
            status=status,
            progress_note=note,
        )
        actions += 1
    return f"{goals} goals, {indicators} indicators, {actions} actions"
