"""The self-scan: its catalogue of statements, the scoring and the guidance (handvatten).

The catalogue is versioned (CATALOGUE_VERSION). A statement's key never changes meaning: a new
version adds or retires keys, so answers of an earlier scan stay comparable with a later one. A
scan stores its answers as {key: score}: 1 "not yet", 2 "started", 3 "largely", 4 "fully", and
0 "don't know". A scan's notes are stored per section ({section key: text}).

Scoring, per section (the three levels and the three approaches): every known answer gives 0-3
points ("not yet" 0 … "fully" 3); the share is the points as a percentage of the maximum for the
known answers. "Don't know" counts for nothing either way; when half or more of a section is
"don't know", the section's phase is "unclear" and a guidance item asks to find out together.

Guidance: every statement points to one guidance item; an item is chosen when one of its
statements is answered "not yet" or "started", ordered by how low those answers are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

CATALOGUE_VERSION = 1

DONT_KNOW = 0
SCALE: tuple[tuple[int, Any], ...] = (
    (1, _("not yet")),
    (2, _("started")),
    (3, _("largely")),
    (4, _("fully")),
    (DONT_KNOW, _("don't know")),
)
SCORES = frozenset(value for value, _label in SCALE)
MAX_POINTS = 3  # "fully" (4) gives 3 points, "not yet" (1) none
LOW = 2  # "not yet" and "started" are low answers that choose guidance

# Phases by share of the maximum (percent): below 40 starting, below 75 developing, else established.
PHASES: tuple[tuple[int, str, Any], ...] = (
    (40, "starting", _("starting")),
    (75, "developing", _("developing")),
    (101, "established", _("established")),
)
UNCLEAR = "unclear"
PHASE_LABELS = {key: label for _limit, key, label in PHASES} | {UNCLEAR: _("unclear: too many “don't know”")}


@dataclass(frozen=True)
class Section:
    key: str
    kind: str  # "level" or "approach"
    title: Any
    intro: Any


@dataclass(frozen=True)
class Statement:
    key: str
    section: str
    text: Any
    guidance: str


@dataclass(frozen=True)
class Link:
    """Where in Ouderpartner the advice is carried out: the first URL name that exists is used."""

    label: Any
    url_names: tuple[str, ...]
    query: str = ""


@dataclass(frozen=True)
class GuidanceItem:
    key: str
    title: Any
    text: Any
    link: Link


SECTIONS: tuple[Section, ...] = (
    Section(
        "level-1",
        "level",
        _("Level 1: reaching parents"),
        _("How partners reach parents, talk with them and keep them involved."),
    ),
    Section(
        "level-2",
        "level",
        _("Level 2: school and early education together"),
        _("How schools and preschools (early education) work together with and for parents."),
    ),
    Section(
        "level-3",
        "level",
        _("Level 3: the municipal framework"),
        _("How the municipality, as a partner, gives direction, makes agreements and keeps track."),
    ),
    Section(
        "network",
        "approach",
        _("Approach: network approach"),
        _("Working as a network of partners around parents in the neighbourhood."),
    ),
    Section(
        "continuous-line",
        "approach",
        _("Approach: continuous line 0-21"),
        _("Attention for parents from birth to 21, and at every transition."),
    ),
    Section(
        "integral",
        "approach",
        _("Approach: integral policy"),
        _("Parental involvement connected with other policy domains."),
    ),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}

STATEMENTS: tuple[Statement, ...] = (
    # Level 1: reaching parents
    Statement(
        "l1_trusted_places",
        "level-1",
        _(
            "Partners reach parents at trusted places where they already come, such as the child health "
            "clinic, the library, the community centre or the school yard."
        ),
        "trusted_places",
    ),
    Statement(
        "l1_places_known",
        "level-1",
        _("We know which trusted places there are in each neighbourhood and who works there."),
        "trusted_places",
    ),
    Statement(
        "l1_equal_contact",
        "level-1",
        _(
            "Professionals meet parents as equals: they listen first, and parents feel safe to say what they think."
        ),
        "equal_contact",
    ),
    Statement(
        "l1_open_questions",
        "level-1",
        _(
            "Professionals ask parents open questions about what they expect and need, their questions, "
            "what went well and what they are good at."
        ),
        "open_questions",
    ),
    Statement(
        "l1_strengths",
        "level-1",
        _("Professionals see and name what parents already do well with their child."),
        "strengths",
    ),
    Statement(
        "l1_languages",
        "level-1",
        _(
            "Information reaches parents in the languages they speak, with interpreters or key persons where needed."
        ),
        "languages",
    ),
    Statement(
        "l1_parent_voice",
        "level-1",
        _("What parents say is collected regularly, and partners tell parents what they did with it."),
        "open_questions",
    ),
    Statement(
        "l1_from_home",
        "level-1",
        _(
            "Parents who rarely come to school or preschool are kept involved from home, for example "
            "with a home programme or a home visit."
        ),
        "from_home",
    ),
    # Level 2: school and early education together
    Statement(
        "l2_partnership",
        "level-2",
        _("Every school with groups 1-2 has a written partnership with one or more preschools."),
        "reciprocity",
    ),
    Statement(
        "l2_reciprocity",
        "level-2",
        _("School and preschool work as equals: both bring knowledge and they visit each other's groups."),
        "reciprocity",
    ),
    Statement(
        "l2_shared_child",
        "level-2",
        _("School and preschool talk regularly about their shared interest: how the children develop."),
        "reciprocity",
    ),
    Statement(
        "l2_handover",
        "level-2",
        _(
            "When a child moves from preschool to school, what works with the family is passed on, "
            "with the parents present."
        ),
        "transitions",
    ),
    Statement(
        "l2_shared_vision",
        "level-2",
        _("Preschool and groups 1-2 have a shared vision on working with parents, written down."),
        "shared_vision",
    ),
    Statement(
        "l2_same_offer",
        "level-2",
        _("Parents get the same message and activities from preschool and school, also to do at home."),
        "from_home",
    ),
    Statement(
        "l2_coordinator",
        "level-2",
        _(
            "A brede schoolcoördinator (or a similar person) connects school, preschool and the neighbourhood."
        ),
        "coordinator",
    ),
    # Level 3: the municipal framework
    Statement(
        "l3_framework",
        "level-3",
        _("The municipality has a written framework for parental involvement, made together with partners."),
        "shared_ambitions",
    ),
    Statement(
        "l3_shared_ambitions",
        "level-3",
        _("The ambitions in the framework are shared with partners, and partners have endorsed them."),
        "shared_ambitions",
    ),
    Statement(
        "l3_role",
        "level-3",
        _("Every partner knows which role the municipality takes: directing, connecting or funding."),
        "shared_ambitions",
    ),
    Statement(
        "l3_lea",
        "level-3",
        _("Parental involvement is on the agenda of the LEA, with agreements that are followed up."),
        "lea",
    ),
    Statement(
        "l3_subsidy",
        "level-3",
        _("Subsidies for preschool and groups 1-2 ask for a shared vision and joint work with parents."),
        "shared_vision",
    ),
    Statement(
        "l3_reach_known",
        "level-3",
        _(
            "The municipality knows how many parents of target-group children are reached in each "
            "neighbourhood, and discusses this with partners."
        ),
        "reach_known",
    ),
    Statement(
        "l3_parents_shape",
        "level-3",
        _("Parents help shape the policy, for example by commenting on draft ambitions."),
        "shared_ambitions",
    ),
    # Approach: network approach
    Statement(
        "net_partners",
        "network",
        _(
            "Besides schools and preschools, other partners take part: youth health care, the library, "
            "family support, adult education and community work."
        ),
        "network",
    ),
    Statement(
        "net_meet",
        "network",
        _("Partners in a neighbourhood meet regularly to align their work with parents."),
        "network",
    ),
    Statement(
        "net_refer",
        "network",
        _("Professionals know each other and refer parents to one another."),
        "network",
    ),
    # Approach: continuous line 0-21
    Statement(
        "line_transitions",
        "continuous-line",
        _(
            "There is attention for parents at every transition: birth, the start of preschool, the start "
            "of school, secondary school and beyond."
        ),
        "transitions",
    ),
    Statement(
        "line_offer",
        "continuous-line",
        _("There is something for parents in every age phase from 0 to 21, not only in the preschool years."),
        "continuous_line",
    ),
    Statement(
        "line_handover",
        "continuous-line",
        _("Partners on both sides of a transition pass on what works with a family."),
        "transitions",
    ),
    # Approach: integral policy
    Statement(
        "int_domains",
        "integral",
        _(
            "Parental involvement is connected with other policy domains: adult education, health, "
            "poverty, youth and welfare."
        ),
        "domains",
    ),
    Statement(
        "int_budgets",
        "integral",
        _("Budgets from different domains are combined for shared goals."),
        "domains",
    ),
    Statement(
        "int_adult_education",
        "integral",
        _(
            "Parents who want to improve their language or reading skills are referred to adult education "
            "through the places they already visit."
        ),
        "domains",
    ),
)
STATEMENT_BY_KEY = {statement.key: statement for statement in STATEMENTS}

GUIDANCE: tuple[GuidanceItem, ...] = (
    GuidanceItem(
        "trusted_places",
        _("Start where parents already come"),
        _(
            "Go to the places where parents already come and feel at home: the child health clinic, the "
            "library, the community centre, the school yard. Mark these places as trusted places in the "
            "network and ask the people who work there to help. Plan your next activity there, instead of "
            "inviting parents to a new place."
        ),
        Link(_("Trusted places in the network"), ("network:location_list",), "trusted=1"),
    ),
    GuidanceItem(
        "equal_contact",
        _("Make contact equal, safe and trusted"),
        _(
            "Parents take part when they feel welcome and taken seriously. Start a conversation by "
            "listening, without your own agenda, and agree with colleagues how you welcome parents. Trust "
            "grows from small contacts with the same person, again and again."
        ),
        Link(_("Conversations with parents"), ("voice:conversation_list",)),
    ),
    GuidanceItem(
        "open_questions",
        _("Ask open questions"),
        _(
            "Ask parents about four things: what they expect and need, which questions they have, what "
            "went well and what they are good at. Use a short questionnaire at a trusted place, or record "
            "conversations without names. Tell parents and partners what you heard and what you did with it."
        ),
        Link(_("Questionnaires for parents"), ("voice:questionnaire_list",)),
    ),
    GuidanceItem(
        "strengths",
        _("See what parents can do"),
        _(
            "Every parent already does things that help their child learn: telling stories, cooking "
            "together, singing in their own language. Name these strengths out loud and build activities "
            "on them. Ask parents to share what they can do with other parents."
        ),
        Link(_("Conversations with parents"), ("voice:conversation_list",)),
    ),
    GuidanceItem(
        "languages",
        _("Speak the parents' languages"),
        _(
            "Find out which languages parents speak in each neighbourhood. Use interpreters, key persons "
            "from the community and materials in those languages, and record it with each activity, so "
            "you can see which parents you reach."
        ),
        Link(_("Reach per language"), ("reach:dashboard",)),
    ),
    GuidanceItem(
        "from_home",
        _("Keep parents involved from home"),
        _(
            "Not every parent can come to school or preschool. Offer something to do at home, such as a "
            "home programme with books or play materials, and keep in touch by a home visit or a phone "
            "call. Let preschool and school use the same programme, so parents hear one message."
        ),
        Link(_("Programmes"), ("programmes:programme_list",)),
    ),
    GuidanceItem(
        "reciprocity",
        _("Work as equals: school and preschool"),
        _(
            "School and preschool share one interest: the child. Let teachers and preschool staff visit "
            "each other's groups and plan activities for parents together. Write down who does what in a "
            "partnership, so it does not depend on one person."
        ),
        Link(_("Partnerships"), ("network:partnership_list",)),
    ),
    GuidanceItem(
        "transitions",
        _("Act at the transitions"),
        _(
            "At a transition parents are open to contact, and information easily gets lost. Agree with the "
            "partners on both sides how you welcome parents and how you pass on what works, with the "
            "parents present. Start with the step from preschool to school."
        ),
        Link(_("The continuous line and its transitions"), ("programmes:line", "programmes:transition_list")),
    ),
    GuidanceItem(
        "shared_vision",
        _("Use subsidies for a shared vision"),
        _(
            "Ask preschools and schools with groups 1-2 to write a shared vision on working with parents, "
            "and make it part of the subsidy for preschool and early education. Give them time to work on "
            "it together, and ask how it is going once a year."
        ),
        Link(_("Subsidies"), ("programmes:subsidy_list",)),
    ),
    GuidanceItem(
        "coordinator",
        _("Appoint a brede schoolcoördinator"),
        _(
            "A brede schoolcoördinator connects the municipality, schools, preschools and the neighbourhood. "
            "Record this person as a contact of each school, so partners know whom to call. Let them bring "
            "what they hear from parents and professionals to the municipality."
        ),
        Link(_("Organisations and their contacts"), ("network:organisation_list",)),
    ),
    GuidanceItem(
        "shared_ambitions",
        _("Set ambitions together"),
        _(
            "Write the ambitions with partners, not for them. Ask each partner to endorse them and to say "
            "what they will contribute. Ask parents to comment on the draft before it is adopted."
        ),
        Link(
            _("Ambitions in the policy framework"),
            ("policy:framework_list", "policy:overview", "live:session_list"),
        ),
    ),
    GuidanceItem(
        "lea",
        _("Use the LEA"),
        _(
            "The LEA is where municipality, schools and preschools make agreements. Put parental "
            "involvement on the agenda at least once a year, write down who does what and by when, and "
            "check the agreements at the next meeting."
        ),
        Link(_("LEA meetings"), ("policy:lea_meeting_list", "policy:lea_list", "live:session_list")),
    ),
    GuidanceItem(
        "reach_known",
        _("Know whom you reach"),
        _(
            "Ask partners to record their activities with parents. Compare the parents reached with the "
            "number of target-group children in each neighbourhood, and talk about the differences with "
            "the partners there."
        ),
        Link(_("Reach dashboard"), ("reach:dashboard",)),
    ),
    GuidanceItem(
        "network",
        _("Work as a network in the neighbourhood"),
        _(
            "Invite the partners of a neighbourhood to meet a few times a year: youth health care, the "
            "library, family support, community work, schools and preschools. Start with one shared "
            "question about parents. Partners who know each other refer parents to one another."
        ),
        Link(_("Partners in the network"), ("network:organisation_list",)),
    ),
    GuidanceItem(
        "continuous_line",
        _("Think from 0 to 21"),
        _(
            "Look at which age phases have something for parents and where the gaps are. Fill the largest "
            "gap first, together with the partners who work with children of that age."
        ),
        Link(_("The continuous line 0-21"), ("programmes:line", "programmes:programme_list")),
    ),
    GuidanceItem(
        "domains",
        _("Connect policy domains"),
        _(
            "Parents' questions rarely fit one policy domain. Bring together colleagues from adult "
            "education, health, poverty and youth, and agree on one shared goal. Combine budgets where "
            "goals overlap, and refer parents to language courses through the places they already visit."
        ),
        Link(_("Policy domains"), ("programmes:policy_domain_list", "programmes:programme_list")),
    ),
)
GUIDANCE_BY_KEY = {item.key: item for item in GUIDANCE}

FIND_OUT_TITLE = _("Find out together: %(section)s")
FIND_OUT_TEXT = _(
    "Half or more of the statements in this part were answered with “don't know”. Ask partners and "
    "parents how it is going, for example in a short meeting with live questions. Then fill in the "
    "scan again."
)
FIND_OUT_LINK = Link(_("Meetings with live questions"), ("live:session_list",))


def statements_of(section_key: str) -> list[Statement]:
    return [statement for statement in STATEMENTS if statement.section == section_key]


def clean_answers(answers: Mapping[str, Any] | None) -> dict[str, int]:
    """Only known keys with a valid score (stored JSON may hold retired keys or bad values)."""
    cleaned: dict[str, int] = {}
    for key, value in (answers or {}).items():
        if (
            key in STATEMENT_BY_KEY
            and isinstance(value, int)
            and not isinstance(value, bool)
            and value in SCORES
        ):
            cleaned[key] = value
    return cleaned


def phase_for(share: int | None) -> str:
    if share is None:
        return UNCLEAR
    for limit, key, _label in PHASES:
        if share < limit:
            return key
    return PHASES[-1][1]


@dataclass(frozen=True)
class SectionScore:
    key: str
    kind: str
    title: Any
    share: int | None  # percent of the maximum over the known answers; None when none is known
    phase: str
    total: int
    answered: int  # including "don't know"
    dont_know: int

    @property
    def phase_label(self) -> Any:
        return PHASE_LABELS[self.phase]

    @property
    def known(self) -> int:
        return self.answered - self.dont_know


@dataclass(frozen=True)
class Guidance:
    key: str
    title: str
    text: str
    url: str
    link_label: str
    because: tuple[Any, ...] = ()  # the statements that chose this item
    weight: int = 0


@dataclass
class Profile:
    sections: list[SectionScore] = field(default_factory=list)
    guidance: list[Guidance] = field(default_factory=list)

    @property
    def levels(self) -> list[SectionScore]:
        return [s for s in self.sections if s.kind == "level"]

    @property
    def approaches(self) -> list[SectionScore]:
        return [s for s in self.sections if s.kind == "approach"]

    def section(self, key: str) -> SectionScore:
        return next(s for s in self.sections if s.key == key)

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for reports): shares and phases per section, and the chosen guidance keys."""
        return {
            "catalogue_version": CATALOGUE_VERSION,
            "sections": {
                s.key: {"kind": s.kind, "share": s.share, "phase": s.phase, "dont_know": s.dont_know}
                for s in self.sections
            },
            "guidance": [g.key for g in self.guidance],
        }


def section_score(section: Section, answers: Mapping[str, int]) -> SectionScore:
    statements = statements_of(section.key)
    given = [answers[s.key] for s in statements if s.key in answers]
    known = [value for value in given if value != DONT_KNOW]
    dont_know = len(given) - len(known)
    share = round(100 * sum(value - 1 for value in known) / (MAX_POINTS * len(known))) if known else None
    unclear = share is None or (statements and dont_know * 2 >= len(statements))
    return SectionScore(
        key=section.key,
        kind=section.kind,
        title=section.title,
        share=share,
        phase=UNCLEAR if unclear else phase_for(share),
        total=len(statements),
        answered=len(given),
        dont_know=dont_know,
    )


def resolve_link(link: Link, *, workspace_slug: str) -> str:
    for name in link.url_names:
        try:
            url = reverse(name, kwargs={"ws": workspace_slug})
        except NoReverseMatch:
            continue
        return f"{url}?{link.query}" if link.query else url
    return ""


def choose_guidance(
    answers: Mapping[str, int], sections: Iterable[SectionScore], *, workspace_slug: str
) -> list[Guidance]:
    """Guidance chosen by low answers (weight: "not yet" 2, "started" 1), then "find out" items."""
    weights: dict[str, int] = {}
    because: dict[str, list[Any]] = {}
    for statement in STATEMENTS:
        value = answers.get(statement.key)
        if value is None or value == DONT_KNOW or value > LOW:
            continue
        weights[statement.guidance] = weights.get(statement.guidance, 0) + (LOW + 1 - value)
        because.setdefault(statement.guidance, []).append(statement.text)
    order = {item.key: index for index, item in enumerate(GUIDANCE)}
    chosen = [
        Guidance(
            key=item.key,
            title=str(item.title),
            text=str(item.text),
            url=resolve_link(item.link, workspace_slug=workspace_slug),
            link_label=str(item.link.label),
            because=tuple(because[item.key]),
            weight=weights[item.key],
        )
        for item in sorted(
            (GUIDANCE_BY_KEY[key] for key in weights), key=lambda item: (-weights[item.key], order[item.key])
        )
    ]
    for score in sections:
        if score.phase == UNCLEAR and score.answered:
            chosen.append(
                Guidance(
                    key=f"find_out:{score.key}",
                    title=str(FIND_OUT_TITLE) % {"section": score.title},
                    text=str(FIND_OUT_TEXT),
                    url=resolve_link(FIND_OUT_LINK, workspace_slug=workspace_slug),
                    link_label=str(FIND_OUT_LINK.label),
                )
            )
    return chosen


def profile_for(answers: Mapping[str, Any] | None, *, workspace_slug: str) -> Profile:
    """The profile per level and approach, and the guidance, for a scan's answers."""
    cleaned = clean_answers(answers)
    sections = [section_score(section, cleaned) for section in SECTIONS]
    return Profile(
        sections=sections, guidance=choose_guidance(cleaned, sections, workspace_slug=workspace_slug)
    )


@dataclass(frozen=True)
class SectionChange:
    key: str
    title: Any
    before: SectionScore
    after: SectionScore

    @property
    def delta(self) -> int | None:
        if self.before.share is None or self.after.share is None:
            return None
        return self.after.share - self.before.share

    @property
    def direction(self) -> str:
        delta = self.delta
        if delta is None:
            return "unknown"
        return "up" if delta > 0 else "down" if delta < 0 else "same"


@dataclass
class Comparison:
    sections: list[SectionChange]
    new: list[Guidance]
    resolved: list[GuidanceItem | Guidance]
    still_open: list[Guidance]


def compare(before: Profile, after: Profile) -> Comparison:
    """What changed between an earlier profile and a later one: per section, and in the guidance."""
    changes = [
        SectionChange(key=a.key, title=a.title, before=before.section(a.key), after=a) for a in after.sections
    ]
    before_keys = {g.key for g in before.guidance}
    after_keys = {g.key for g in after.guidance}
    return Comparison(
        sections=changes,
        new=[g for g in after.guidance if g.key not in before_keys],
        resolved=[g for g in before.guidance if g.key not in after_keys],
        still_open=[g for g in after.guidance if g.key in before_keys],
    )
