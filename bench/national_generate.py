"""National-scale parent voice, live meetings and policy data on PostgreSQL, added to the reach data of
bench/reach_generate.py: questionnaires with questions for all 342 workspaces, ~1,000,000 responses with
their answers, conversation records with tags, live meetings with participants, votes and entries, and a
policy framework (ambitions, goals, live and hand-entered indicators, actions) for the largest workspaces.

    .venv/bin/python bench/reach_generate.py          # first: workspaces, places, ~2 million activities
    .venv/bin/python bench/national_generate.py       # then this (about 11 minutes here); skipped when present
    .venv/bin/python bench/national_generate.py --force --responses 100000   # a quick, fresh run

The database is the reach generator's (default ouderpartner_bench on the local server, or
$BENCH_DATABASE_URL). Sizes follow the same Zipf curve, in the same order, so the workspace with the most
activities also has the most responses (about a sixth of them), conversations and meetings. Structure
(questionnaires, questions, options, distributions, tags, meetings, prompts, the framework) goes in through
the ORM in bulk; the rows that make up the volume (responses, answers, conversations, participants, votes,
entries) are made by the database itself (INSERT … SELECT over generate_series), with realistic spreads:
languages (two thirds Dutch, then Arabic, Turkish, Polish, Ukrainian, Tigrinya, Somali, English), places and
neighbourhoods from the questionnaire's distributions, months over three years with a quiet summer, a few
started-but-not-sent responses, open answers from some parents in three moderation states.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from reach_generate import DEFAULT_DATABASE, SLUG_PREFIX, sizes  # noqa: E402

LANGUAGES = ["nl", "ar", "tr", "pl", "uk", "ti", "so", "en"]
# Cumulative shares of the languages above (two thirds Dutch).
LANGUAGE_SQL = (
    "(CASE WHEN {r} < 0.66 THEN 'nl' WHEN {r} < 0.75 THEN 'ar' WHEN {r} < 0.84 THEN 'tr' "
    "WHEN {r} < 0.89 THEN 'pl' WHEN {r} < 0.93 THEN 'uk' WHEN {r} < 0.955 THEN 'ti' "
    "WHEN {r} < 0.98 THEN 'so' ELSE 'en' END)"
)
YEARS = 3
# One template's questions, shared by name across a workspace's questionnaires (so the insights page's
# "shared questions" have something to count). (name, kind, option values)
QUESTIONS = [
    ("reading_at_home", "single_choice", ["daily", "weekly", "monthly", "never"]),
    ("topics", "multiple_choice", ["language", "sleep", "screens", "school", "play"]),
    ("satisfaction", "scale", []),
    ("felt_welcome", "yes_no", []),
    ("mood", "pictogram", ["1F600", "1F642", "1F610", "1F641"]),
    ("books_at_home", "number", []),
    ("suggestion", "short_text", []),
    ("story", "long_text", []),
]
OPEN_TEXTS = [
    "Meer activiteiten op zaterdag",
    "De juf legt alles goed uit",
    "Graag informatie in het Arabisch",
    "Ik wil meer weten over taal thuis",
    "Fijn dat er koffie is",
    "Het inloopuur is te vroeg",
    "Mijn kind leest nu elke avond",
    "Meer boeken in de bibliotheek",
]
TAGS = [
    "taal",
    "opvoeding",
    "school",
    "gezondheid",
    "geldzorgen",
    "slapen",
    "schermtijd",
    "spelen",
    "lezen",
    "werk",
]
CONVERSATION_TEXTS = [
    "Wil graag meer weten over voorlezen",
    "Vraagt naar de peuteropvang",
    "Zoon praat nu meer Nederlands",
    "Sterk netwerk in de buurt",
    "Zorgen over slapen",
    "Blij met de ouderkamer",
]
THEMES = ("needs", "questions", "successes", "strengths")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def texts(value: str) -> dict[str, str]:
    return {"nl": value, "en": value}


def _workspaces():
    from ouderpartner.core.models import Workspace

    # The reach generator creates the workspaces largest first: the lowest id is the largest.
    return list(Workspace.objects.filter(slug__startswith=SLUG_PREFIX).order_by("id"))


def present(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM voice_response r JOIN core_workspace w ON w.id = r.workspace_id "
            "WHERE w.slug LIKE %s)",
            [SLUG_PREFIX + "%"],
        )
        return bool(cursor.fetchone()[0])


def clear(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE voice_questionnaire, voice_conversation, voice_conversationtag, live_livesession, "
            "policy_policyframework RESTART IDENTITY CASCADE"
        )


def generate(*, url: str, responses: int, conversations: int, seed: int, frameworks: int) -> None:
    setup_django(url)
    from django.db import connection, transaction

    if not _workspaces():
        print("No bench workspaces: run bench/reach_generate.py first.", file=sys.stderr)
        raise SystemExit(2)
    rng = random.Random(seed)
    started = time.monotonic()
    workspaces = _workspaces()
    per_workspace = sizes(responses, len(workspaces))
    with transaction.atomic():
        structure = _structure(rng, workspaces, per_workspace)
    print(f"Structure: {structure} ({time.monotonic() - started:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed / 1000])
        _responses(cursor, workspaces, per_workspace)
        _conversations(cursor, workspaces, sizes(conversations, len(workspaces)))
        _live(cursor)
    with transaction.atomic():
        made = _policy(rng, workspaces[:frameworks])
    print(f"Policy: {made}")
    with connection.cursor() as cursor:
        for table in (
            "voice_response",
            "voice_answer",
            "voice_conversation",
            "voice_conversation_tags",
            "live_participant",
            "live_vote",
            "live_entry",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"Done in {time.monotonic() - started:.0f} s. Largest workspace: {workspaces[0].slug}")


def _structure(rng: random.Random, workspaces, per_workspace: list[int]) -> str:
    from ouderpartner.live.models import LiveSession, Prompt, PromptOption
    from ouderpartner.network.models import Location
    from ouderpartner.voice.models import ConversationTag, Distribution, Option, Question, Questionnaire

    now = datetime.datetime.now(datetime.UTC)
    questionnaires = []
    for workspace, n in zip(workspaces, per_workspace, strict=True):
        for q in range(max(1, min(12, n // 8000))):
            questionnaires.append(
                Questionnaire(
                    workspace=workspace,
                    title=texts(f"Ouderpeiling {q + 1}"),
                    intro=texts("Wat vindt u van de activiteiten voor ouders?"),
                    languages=LANGUAGES,
                    status=Questionnaire.Status.PUBLISHED,
                    template_key="parent_survey",
                )
            )
    Questionnaire.objects.bulk_create(questionnaires, batch_size=2000)
    questions, options = [], []
    for questionnaire in questionnaires:
        for position, (name, kind, _values) in enumerate(QUESTIONS, start=1):
            questions.append(
                Question(
                    questionnaire=questionnaire,
                    position=position,
                    name=name,
                    kind=kind,
                    text=texts(name.replace("_", " ").capitalize() + "?"),
                    scale_min=1,
                    scale_max=5,
                )
            )
    Question.objects.bulk_create(questions, batch_size=5000)
    values = {name: option_values for name, _kind, option_values in QUESTIONS}
    for question in questions:
        for position, value in enumerate(values[question.name], start=1):
            options.append(
                Option(
                    question=question,
                    position=position,
                    value=value.lower(),
                    label=texts(value),
                    pictogram=value if question.kind == "pictogram" else "",
                )
            )
    Option.objects.bulk_create(options, batch_size=5000)
    places: dict[int, list[Location]] = {}
    for location in Location.objects.filter(workspace__in=workspaces).order_by("id"):
        places.setdefault(location.workspace_id, []).append(location)
    distributions = []
    for questionnaire in questionnaires:
        own = places.get(questionnaire.workspace_id, [])
        for location in rng.sample(own, min(len(own), rng.randint(3, 25))):
            distributions.append(
                Distribution(
                    workspace_id=questionnaire.workspace_id, questionnaire=questionnaire, location=location
                )
            )
    Distribution.objects.bulk_create(distributions, batch_size=5000)
    tags = [ConversationTag(workspace=workspace, name=name) for workspace in workspaces for name in TAGS]
    ConversationTag.objects.bulk_create(tags, batch_size=5000)
    sessions = []
    for workspace, n in zip(workspaces, per_workspace, strict=True):
        for s in range(max(1, min(40, n // 4000))):
            sessions.append(
                LiveSession(
                    workspace=workspace,
                    title=texts(f"Ouderavond {s + 1}"),
                    languages=["nl", "ar", "tr"],
                    status=LiveSession.Status.CLOSED if s else LiveSession.Status.LIVE,
                    scheduled_for=now - datetime.timedelta(days=rng.randint(0, 3 * 365)),
                    started_at=now - datetime.timedelta(days=1),
                )
            )
    LiveSession.objects.bulk_create(sessions, batch_size=2000)
    prompts, prompt_options = [], []
    kinds = [
        ("single_choice", ["lezen", "spelen", "praten", "zingen"]),
        ("multiple_choice", ["ochtend", "middag", "avond", "weekend", "online"]),
        ("scale", []),
        ("ranking", ["taal", "gezondheid", "school", "vrije_tijd"]),
        ("word_cloud", []),
        ("qa", []),
    ]
    for session in sessions:
        for position, (kind, _values) in enumerate(kinds, start=1):
            prompts.append(
                Prompt(
                    session=session,
                    position=position,
                    kind=kind,
                    text=texts(f"Vraag {position}"),
                    max_choices=3 if kind == "multiple_choice" else 1,
                    scale_min=1,
                    scale_max=5,
                )
            )
    Prompt.objects.bulk_create(prompts, batch_size=5000)
    option_values = dict(kinds)
    for prompt in prompts:
        for position, value in enumerate(option_values[prompt.kind], start=1):
            prompt_options.append(
                PromptOption(prompt=prompt, position=position, value=value, label=texts(value))
            )
    PromptOption.objects.bulk_create(prompt_options, batch_size=5000)
    return (
        f"{len(questionnaires)} questionnaires, {len(questions)} questions, {len(options)} options, "
        f"{len(distributions)} distributions, {len(tags)} tags, {len(sessions)} meetings, {len(prompts)} prompts"
    )


def _responses(cursor, workspaces, per_workspace: list[int]) -> None:
    """Responses (a place and its neighbourhood from one of the questionnaire's distributions; the first
    questionnaires of a workspace get most) and their answers, made by the database."""
    started = time.monotonic()
    ids = [w.pk for w in workspaces]
    cursor.execute("DROP TABLE IF EXISTS bench_size, bench_distribution, bench_question")
    cursor.execute("CREATE TEMP TABLE bench_size (workspace_id bigint PRIMARY KEY, n int)")
    cursor.execute(
        "INSERT INTO bench_size SELECT * FROM unnest(%s::bigint[], %s::int[])", [ids, list(per_workspace)]
    )
    cursor.execute(
        """CREATE TEMP TABLE bench_distribution AS
           SELECT d.workspace_id, d.id, d.questionnaire_id, d.location_id, l.neighbourhood_id,
                  row_number() OVER (PARTITION BY d.workspace_id ORDER BY d.questionnaire_id, d.id) - 1 AS position
           FROM voice_distribution d JOIN network_location l ON l.id = d.location_id"""
    )
    cursor.execute("CREATE INDEX ON bench_distribution (workspace_id, position)")
    cursor.execute("ALTER TABLE bench_size ADD COLUMN distributions int")
    cursor.execute(
        "UPDATE bench_size s SET distributions = "
        "(SELECT count(*) FROM bench_distribution d WHERE d.workspace_id = s.workspace_id)"
    )
    cursor.execute("ANALYZE bench_distribution; ANALYZE bench_size")
    language = LANGUAGE_SQL.format(r="g.r")
    # Three years back from now; a response in July or August moves two months back half the time (the
    # quiet summer); 3 % were started and never sent.
    cursor.execute(
        f"""
        INSERT INTO voice_response (workspace_id, questionnaire_id, distribution_id, location_id,
            neighbourhood_id, language, token, assisted, is_demo, started_at, submitted_at)
        SELECT g.workspace_id, d.questionnaire_id, d.id, d.location_id, d.neighbourhood_id, {language},
               md5(random()::text) || lpad(g.i::text, 11, '0'), random() < 0.08, false, g.at,
               CASE WHEN random() < 0.03 THEN NULL ELSE g.at + interval '4 minutes' END
        FROM (
            SELECT s.workspace_id, row_number() OVER () AS i, random() AS r,
                   floor(power(random(), 2.2) * s.distributions)::int AS pick,
                   CASE WHEN extract(month FROM t.at) IN (7, 8) AND random() < 0.5
                        THEN t.at - interval '2 months' ELSE t.at END AS at
            FROM bench_size s, generate_series(1, s.n) AS i,
                 LATERAL (SELECT now() - random() * interval '{YEARS * 365} days' + i * interval '0' AS at) AS t
        ) AS g
        JOIN bench_distribution d ON d.workspace_id = g.workspace_id AND d.position = g.pick
        ORDER BY g.at
        """
    )
    print(f"Responses: {cursor.rowcount} ({time.monotonic() - started:.0f} s)")
    cursor.execute(
        """CREATE TEMP TABLE bench_question AS
           SELECT q.id, q.questionnaire_id, q.kind,
                  coalesce(array_agg(o.value ORDER BY o.position) FILTER (WHERE o.id IS NOT NULL), '{}') AS options
           FROM voice_question q LEFT JOIN voice_option o ON o.question_id = q.id
           GROUP BY q.id"""
    )
    cursor.execute("CREATE INDEX ON bench_question (questionnaire_id)")
    cursor.execute("ANALYZE bench_question")
    # Choice questions are answered by everyone who sent it in (skewed towards the first options), the open
    # questions by some (the short one by 15 %, the long one by 5 %): 60 % approved, 30 % waiting, 10 % hidden.
    texts_array = "ARRAY[" + ", ".join(f"'{text}'" for text in OPEN_TEXTS) + "]"
    cursor.execute(
        f"""
        INSERT INTO voice_answer (response_id, question_id, choices, number, text, moderation, moderated_at)
        SELECT a.response_id, a.question_id, a.choices, a.number, a.text,
               CASE WHEN a.text = '' THEN 'pending' WHEN a.m < 0.6 THEN 'approved'
                    WHEN a.m < 0.9 THEN 'pending' ELSE 'hidden' END,
               CASE WHEN a.text <> '' AND (a.m < 0.6 OR a.m >= 0.9) THEN a.submitted_at END
        FROM (
            SELECT r.id AS response_id, q.id AS question_id, q.kind, r.submitted_at, random() AS m,
                   CASE q.kind
                     WHEN 'yes_no' THEN
                       CASE WHEN random() < 0.8 THEN '["yes"]'::jsonb ELSE '["no"]'::jsonb END
                     WHEN 'multiple_choice' THEN
                       (SELECT coalesce(jsonb_agg(v), jsonb_build_array(q.options[1]))
                        FROM unnest(q.options) AS v WHERE random() < 0.35 + r.id * 0)
                     WHEN 'single_choice' THEN
                       jsonb_build_array(q.options[1 + floor(power(random(), 1.5) * cardinality(q.options))::int])
                     WHEN 'pictogram' THEN
                       jsonb_build_array(q.options[1 + floor(power(random(), 1.5) * cardinality(q.options))::int])
                     ELSE '[]'::jsonb END AS choices,
                   CASE q.kind
                     WHEN 'scale' THEN 5 - floor(power(random(), 1.4) * 5)::int
                     WHEN 'number' THEN floor(power(random(), 2) * 40)::int
                   END AS number,
                   CASE WHEN q.kind IN ('short_text', 'long_text')
                        THEN ({texts_array})[1 + floor(random() * {len(OPEN_TEXTS)})::int] ELSE '' END AS text,
                   random() AS keep
            FROM voice_response r JOIN bench_question q ON q.questionnaire_id = r.questionnaire_id
            WHERE r.submitted_at IS NOT NULL
        ) AS a
        WHERE CASE a.kind WHEN 'short_text' THEN a.keep < 0.15 WHEN 'long_text' THEN a.keep < 0.05 ELSE true END
        """
    )
    print(f"Answers: {cursor.rowcount} ({time.monotonic() - started:.0f} s)")


def _conversations(cursor, workspaces, per_workspace: list[int]) -> None:
    started = time.monotonic()
    ids = [w.pk for w in workspaces]
    cursor.execute("DROP TABLE IF EXISTS bench_csize, bench_cplace")
    cursor.execute("CREATE TEMP TABLE bench_csize (workspace_id bigint PRIMARY KEY, n int, places int)")
    cursor.execute(
        "INSERT INTO bench_csize (workspace_id, n) SELECT * FROM unnest(%s::bigint[], %s::int[])",
        [ids, list(per_workspace)],
    )
    cursor.execute(
        """CREATE TEMP TABLE bench_cplace AS
           SELECT workspace_id, id, organisation_id, neighbourhood_id,
                  row_number() OVER (PARTITION BY workspace_id ORDER BY id) - 1 AS position
           FROM network_location WHERE workspace_id = ANY(%s)""",
        [ids],
    )
    cursor.execute("CREATE INDEX ON bench_cplace (workspace_id, position)")
    cursor.execute(
        "UPDATE bench_csize s SET places = (SELECT count(*) FROM bench_cplace p WHERE p.workspace_id = s.workspace_id)"
    )
    cursor.execute("ANALYZE bench_cplace; ANALYZE bench_csize")
    language = LANGUAGE_SQL.format(r="g.r")
    sample = "ARRAY[" + ", ".join(f"'{text}'" for text in CONVERSATION_TEXTS) + "]"

    def theme(share: float) -> str:
        return f"CASE WHEN random() < {share} THEN ({sample})[1 + floor(random() * {len(CONVERSATION_TEXTS)})::int] ELSE '' END"

    bands = "ARRAY['0-1', '1-2', '2-4', '4-6', '6-12', '12-18', '18-21', '']"
    cursor.execute(
        f"""
        INSERT INTO voice_conversation (workspace_id, organisation_id, location_id, neighbourhood_id, date,
            language, child_age_band, needs, questions, successes, strengths, follow_up, wants_contact, contact,
            created_at, updated_at)
        SELECT g.workspace_id, p.organisation_id, p.id, p.neighbourhood_id, g.day, {language},
               ({bands})[1 + floor(random() * 8)::int],
               CASE WHEN g.t < 0.7 THEN ({sample})[1 + floor(random() * {len(CONVERSATION_TEXTS)})::int] ELSE '' END,
               CASE WHEN g.t >= 0.7 THEN ({sample})[1 + floor(random() * {len(CONVERSATION_TEXTS)})::int]
                    ELSE {theme(0.4)} END,
               {theme(0.4)}, {theme(0.35)}, '', false, '', g.day, g.day
        FROM (
            SELECT s.workspace_id, random() AS r, random() AS t, floor(random() * s.places)::int AS pick,
                   current_date - floor(random() * {YEARS * 365})::int + i * 0 AS day
            FROM bench_csize s, generate_series(1, s.n) AS i
        ) AS g
        JOIN bench_cplace p ON p.workspace_id = g.workspace_id AND p.position = g.pick
        ORDER BY g.day
        """
    )
    print(f"Conversations: {cursor.rowcount} ({time.monotonic() - started:.0f} s)")
    # Up to two tags per record (none on a third of them).
    cursor.execute(
        """
        INSERT INTO voice_conversation_tags (conversation_id, conversationtag_id)
        SELECT DISTINCT c.id, t.id
        FROM voice_conversation c
        CROSS JOIN LATERAL (SELECT generate_series(1, floor(random() * 3)::int + c.id * 0) AS n) AS picks
        JOIN LATERAL (
            SELECT id FROM voice_conversationtag
            WHERE workspace_id = c.workspace_id ORDER BY random() + picks.n * 0 LIMIT 1
        ) AS t ON true
        """
    )
    print(f"Conversation tags: {cursor.rowcount} ({time.monotonic() - started:.0f} s)")


def _live(cursor) -> None:
    """Participants of every meeting (the first meeting of the largest workspace is the big one), their
    votes on the choice, scale and ranking prompts and their words and questions."""
    started = time.monotonic()
    cursor.execute(
        """
        INSERT INTO live_participant (session_id, token_hash, language, blocked, joined_at)
        SELECT s.id, encode(sha256(convert_to(s.id::text || '-' || i::text, 'UTF8')), 'hex'),
               CASE WHEN random() < 0.8 THEN 'nl' WHEN random() < 0.5 THEN 'ar' ELSE 'tr' END,
               random() < 0.002, coalesce(s.started_at, now())
        FROM live_livesession s
        CROSS JOIN LATERAL generate_series(
            1, CASE WHEN s.id = (SELECT min(id) FROM live_livesession) THEN 5000
                    ELSE 20 + floor(random() * 250)::int + s.id * 0 END) AS i
        """
    )
    print(f"Participants: {cursor.rowcount} ({time.monotonic() - started:.0f} s)")
    cursor.execute(
        """
        INSERT INTO live_vote (session_id, prompt_id, participant_id, choices, number, created_at, updated_at)
        SELECT p.session_id, pr.id, p.id,
               CASE pr.kind
                 WHEN 'single_choice' THEN jsonb_build_array(o.options[1 + floor(power(random(), 1.3) * cardinality(o.options))::int])
                 WHEN 'multiple_choice' THEN (SELECT coalesce(jsonb_agg(v), jsonb_build_array(o.options[1]))
                                              FROM unnest(o.options) AS v WHERE random() < 0.4 + p.id * 0)
                 WHEN 'ranking' THEN (SELECT jsonb_agg(v ORDER BY random() + p.id * 0) FROM unnest(o.options) AS v)
                 ELSE '[]'::jsonb END,
               CASE WHEN pr.kind = 'scale' THEN 5 - floor(power(random(), 1.3) * 5)::int END,
               p.joined_at, p.joined_at
        FROM live_participant p
        JOIN live_prompt pr ON pr.session_id = p.session_id AND pr.kind IN ('single_choice', 'multiple_choice', 'scale', 'ranking')
        LEFT JOIN LATERAL (
            SELECT coalesce(array_agg(value ORDER BY position), '{}') AS options
            FROM live_promptoption WHERE prompt_id = pr.id
        ) AS o ON true
        WHERE random() < 0.9
        """
    )
    print(f"Votes: {cursor.rowcount} ({time.monotonic() - started:.0f} s)")
    words = (
        "ARRAY['samen', 'taal', 'lezen', 'spelen', 'rust', 'school', 'vrienden', 'buiten', 'koken', 'muziek']"
    )
    cursor.execute(
        f"""
        INSERT INTO live_entry (session_id, prompt_id, participant_id, text, normalized, language, status, flagged,
            "group", upvotes, answered, created_at)
        SELECT p.session_id, pr.id, p.id, w.word, w.word, p.language,
               CASE WHEN random() < 0.9 THEN 'approved' ELSE 'pending' END, false, '',
               CASE WHEN pr.kind = 'qa' THEN floor(random() * 10)::int ELSE 0 END, false, p.joined_at
        FROM live_participant p
        JOIN live_prompt pr ON pr.session_id = p.session_id AND pr.kind IN ('word_cloud', 'qa')
        CROSS JOIN LATERAL (SELECT ({words})[1 + floor(random() * 10)::int + p.id * 0] AS word) AS w
        WHERE random() < CASE pr.kind WHEN 'word_cloud' THEN 0.7 ELSE 0.1 END
        """
    )
    print(f"Entries: {cursor.rowcount} ({time.monotonic() - started:.0f} s)")


def _policy(rng: random.Random, workspaces) -> str:
    """A framework for each of the largest workspaces: four ambitions, three goals each, three indicators
    per goal (live ones over reach, questionnaires, conversations, partnerships, transitions, offerings;
    hand-entered ones with five years of values), and actions."""
    from ouderpartner.network.models import Neighbourhood, Organisation
    from ouderpartner.policy.models import Action, Ambition, Goal, Indicator, IndicatorValue, PolicyFramework
    from ouderpartner.voice.models import Question, Questionnaire

    this_year = datetime.date.today().year
    counts = {"frameworks": 0, "ambitions": 0, "goals": 0, "indicators": 0, "values": 0, "actions": 0}
    for workspace in workspaces:
        framework = PolicyFramework.objects.create(
            workspace=workspace,
            title=f"Ouderbetrokkenheid {workspace.name} {this_year - 2}-{this_year + 2}",
            start_year=this_year - 2,
            end_year=this_year + 2,
            vision="Ouders doen mee, in hun eigen taal, dicht bij huis.",
            status=PolicyFramework.Status.ADOPTED,
            adopted_on=datetime.date(this_year - 2, 3, 1),
        )
        counts["frameworks"] += 1
        questionnaire = Questionnaire.objects.filter(workspace=workspace).order_by("id").first()
        scale = Question.objects.filter(questionnaire=questionnaire, kind="scale").first()
        districts = list(
            Neighbourhood.objects.filter(workspace=workspace, level="district").order_by("id")[:4]
        )
        organisations = list(Organisation.objects.filter(workspace=workspace).order_by("id")[:12])
        live = [
            ("parents_reached", {}),
            ("target_group_parents_reached", {"neighbourhood": districts[0]}),
            ("first_time_parents", {}),
            ("activities_count", {"neighbourhood": districts[1 % len(districts)]}),
            ("target_group_reach_rate", {}),
            ("share_of_trusted_places_with_activity", {}),
            ("conversations", {}),
            ("conversations", {"neighbourhood": districts[0]}),
            ("questionnaire_responses", {"questionnaire": questionnaire}),
            ("questionnaire_score", {"questionnaire": questionnaire, "question": scale}),
            (
                "questionnaire_score",
                {"questionnaire": questionnaire, "question": scale, "neighbourhood": districts[0]},
            ),
            ("partnerships", {}),
            ("transition_coverage", {}),
            ("offerings_in_neighbourhood", {"neighbourhood": districts[0]}),
        ]
        kinds = {
            "target_group_reach_rate": "percentage",
            "share_of_trusted_places_with_activity": "percentage",
            "transition_coverage": "percentage",
            "questionnaire_score": "score",
            "activities_count": "number",
            "partnerships": "number",
            "offerings_in_neighbourhood": "number",
        }
        slot = 0
        for a in range(4):
            ambition = Ambition.objects.create(
                workspace=workspace,
                framework=framework,
                position=a + 1,
                title=f"Ambitie {a + 1}",
                text="Meer ouders bereiken en betrekken.",
                level=(a % 3) + 1,
            )
            counts["ambitions"] += 1
            for g in range(3):
                goal = Goal.objects.create(
                    workspace=workspace, ambition=ambition, position=g + 1, title=f"Doel {a + 1}.{g + 1}"
                )
                counts["goals"] += 1
                for i in range(3):
                    if slot < len(live):
                        key, parameters = live[slot]
                        indicator = Indicator.objects.create(
                            workspace=workspace,
                            goal=goal,
                            position=i + 1,
                            title=f"Indicator {key}",
                            source=Indicator.Source.LIVE,
                            live_key=key,
                            value_kind=kinds.get(key, "people"),
                            baseline_year=this_year - 2,
                            target=80,
                            target_year=this_year + 2,
                            **parameters,
                        )
                    else:
                        indicator = Indicator.objects.create(
                            workspace=workspace,
                            goal=goal,
                            position=i + 1,
                            title=f"Handmatige indicator {slot}",
                            source=Indicator.Source.MANUAL,
                            value_kind="percentage",
                            unit="%",
                            manual_source="Monitor",
                            baseline=40,
                            baseline_year=this_year - 4,
                            target=70,
                            target_year=this_year + 2,
                        )
                        IndicatorValue.objects.bulk_create(
                            IndicatorValue(
                                workspace=workspace,
                                indicator=indicator,
                                year=year,
                                value=40 + 5 * n + rng.randint(0, 4),
                                source="Monitor",
                            )
                            for n, year in enumerate(range(this_year - 4, this_year + 1))
                        )
                        counts["values"] += 5
                    slot += 1
                    counts["indicators"] += 1
            for n in range(3):
                Action.objects.create(
                    workspace=workspace,
                    ambition=ambition,
                    title=f"Actie {a + 1}.{n + 1}",
                    owner=organisations[(a * 3 + n) % len(organisations)],
                    due_on=datetime.date(this_year, 1 + (n * 4), 1),
                    status=rng.choice(["planned", "in_progress", "done"]),
                )
                counts["actions"] += 1
    return ", ".join(f"{n} {name}" for name, n in counts.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--conversations", type=int, default=250_000)
    parser.add_argument("--frameworks", type=int, default=3, help="largest workspaces that get a framework")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace data made by an earlier run")
    args = parser.parse_args()
    if not args.database.startswith("postgres"):
        print("This bench needs PostgreSQL: give --database postgres://…", file=sys.stderr)
        return 2
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    setup_django(args.database)
    from django.db import connection

    if present(connection):
        if not args.force:
            print("National voice, live and policy data are present: skipped (--force makes them again).")
            return 0
        clear(connection)
    generate(
        url=args.database,
        responses=args.responses,
        conversations=args.conversations,
        seed=args.seed,
        frameworks=args.frameworks,
    )
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
