"""The summary table behind a questionnaire's results at national scale (ResultTally), on PostgreSQL.

The results page counts every answer of the chosen responses per question and stored value, optionally per
place, neighbourhood or language, in this month or year. With tens of thousands of responses to one
questionnaire that is hundreds of thousands of answers per request. The tally holds those counts already
grouped per month sent and per grouping, built in one statement (GROUPING SETS) from the answers; a read
adds up a few thousand rows.

It is kept correct by checking, on every read, a fingerprint of the questionnaire's sent responses (their
number and the sums of their ids, places and neighbourhoods, one aggregate): sent answers never change, so
every write that changes a result (a response sent, a response deleted or purged, a place or neighbourhood
removed and set to empty, a demo loaded, an import) changes the fingerprint, and the tally is rebuilt within
that read, in one statement. A question removed takes its tally rows with it (cascade), as it takes its
answers. So no write path has to remember the tally, and a read never sees a stale one. The one frequent
write, a parent sending a response, also adds it to the tally and the fingerprint (tally_add_response), so
a questionnaire that is being answered all day is not rebuilt on every view.

On SQLite (one municipality on a laptop) the counts are read from the answers directly: there the data is
small, and the tally would only add a write.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Sum

from ouderpartner.voice.models import Questionnaire, ResultTally

# The breakdowns of the results page, as the dimension of the tally that serves them.
DIMENSIONS = {
    "": ResultTally.Dimension.NONE,
    "language": ResultTally.Dimension.LANGUAGE,
    "place": ResultTally.Dimension.LOCATION,
    "neighbourhood": ResultTally.Dimension.NEIGHBOURHOOD,
}

# Whether the tally is current: the fingerprint of the sent responses now, and the one it was built from.
_CHECK = """
SELECT count(r.id), coalesce(sum(r.id), 0), coalesce(sum(coalesce(r.location_id, 0)), 0),
       coalesce(sum(coalesce(r.neighbourhood_id, 0)), 0),
       (SELECT ARRAY[s.responses, s.id_sum, s.location_sum, s.neighbourhood_sum]
        FROM voice_resulttallystate s WHERE s.questionnaire_id = %(questionnaire)s)
FROM voice_response r
WHERE r.questionnaire_id = %(questionnaire)s AND r.submitted_at IS NOT NULL
"""

# The rebuild, in one statement (so atomic, and no more queries whatever the data): the old cells out, the
# new ones in (grouped once per month, question, stored value and each grouping), and the fingerprint they
# were built from. Two readers rebuilding at once write the same cells; the later counts win.
_BUILD = """
WITH fingerprint AS (
    SELECT count(r.id) AS responses, coalesce(sum(r.id), 0) AS id_sum,
           coalesce(sum(coalesce(r.location_id, 0)), 0) AS location_sum,
           coalesce(sum(coalesce(r.neighbourhood_id, 0)), 0) AS neighbourhood_sum
    FROM voice_response r WHERE r.questionnaire_id = %(questionnaire)s AND r.submitted_at IS NOT NULL
), removed AS (
    DELETE FROM voice_resulttally WHERE questionnaire_id = %(questionnaire)s RETURNING 1
), added AS (
    INSERT INTO voice_resulttally (questionnaire_id, question_id, month, dimension, key, value, n)
    SELECT %(questionnaire)s, a.question_id, date_trunc('month', r.submitted_at AT TIME ZONE %(zone)s)::date,
           CASE WHEN GROUPING(r.language) = 0 THEN 'language'
                WHEN GROUPING(r.location_id) = 0 THEN 'location'
                WHEN GROUPING(r.neighbourhood_id) = 0 THEN 'neighbourhood' ELSE '' END,
           coalesce(CASE WHEN GROUPING(r.language) = 0 THEN r.language
                         WHEN GROUPING(r.location_id) = 0 THEN r.location_id::text
                         WHEN GROUPING(r.neighbourhood_id) = 0 THEN r.neighbourhood_id::text END, ''),
           jsonb_build_array(a.choices, a.number)::text, count(*)
    FROM voice_answer a JOIN voice_response r ON r.id = a.response_id
    WHERE r.questionnaire_id = %(questionnaire)s AND r.submitted_at IS NOT NULL
      AND (SELECT count(*) FROM removed) >= 0  -- the old cells go first
    GROUP BY a.question_id, date_trunc('month', r.submitted_at AT TIME ZONE %(zone)s), a.choices, a.number,
             GROUPING SETS ((), (r.language), (r.location_id), (r.neighbourhood_id))
    ON CONFLICT (questionnaire_id, dimension, month, question_id, key, value) DO UPDATE SET n = EXCLUDED.n
)
INSERT INTO voice_resulttallystate (questionnaire_id, responses, id_sum, location_sum, neighbourhood_sum, built_at)
SELECT %(questionnaire)s, responses, id_sum, location_sum, neighbourhood_sum, now() FROM fingerprint
ON CONFLICT (questionnaire_id) DO UPDATE SET responses = EXCLUDED.responses, id_sum = EXCLUDED.id_sum,
    location_sum = EXCLUDED.location_sum, neighbourhood_sum = EXCLUDED.neighbourhood_sum, built_at = now()
"""


# A response just sent, added to its questionnaire's tally and fingerprint in one statement: only when the
# tally exists (the state row), and the state row's lock orders it with a rebuild. The fingerprint is a sum,
# so a current tally stays current and a stale one stays stale (and is rebuilt on the next read).
_ADD = """
WITH state AS (
    UPDATE voice_resulttallystate s
    SET responses = s.responses + 1, id_sum = s.id_sum + r.id,
        location_sum = s.location_sum + coalesce(r.location_id, 0),
        neighbourhood_sum = s.neighbourhood_sum + coalesce(r.neighbourhood_id, 0)
    FROM voice_response r
    WHERE r.id = %(response)s AND s.questionnaire_id = r.questionnaire_id AND r.submitted_at IS NOT NULL
    RETURNING s.questionnaire_id
)
INSERT INTO voice_resulttally (questionnaire_id, question_id, month, dimension, key, value, n)
SELECT r.questionnaire_id, a.question_id, date_trunc('month', r.submitted_at AT TIME ZONE %(zone)s)::date,
       CASE WHEN GROUPING(r.language) = 0 THEN 'language'
            WHEN GROUPING(r.location_id) = 0 THEN 'location'
            WHEN GROUPING(r.neighbourhood_id) = 0 THEN 'neighbourhood' ELSE '' END,
       coalesce(CASE WHEN GROUPING(r.language) = 0 THEN r.language
                     WHEN GROUPING(r.location_id) = 0 THEN r.location_id::text
                     WHEN GROUPING(r.neighbourhood_id) = 0 THEN r.neighbourhood_id::text END, ''),
       jsonb_build_array(a.choices, a.number)::text, count(*)
FROM voice_answer a JOIN voice_response r ON r.id = a.response_id
WHERE r.id = %(response)s AND EXISTS (SELECT 1 FROM state)
GROUP BY r.questionnaire_id, a.question_id, date_trunc('month', r.submitted_at AT TIME ZONE %(zone)s),
         a.choices, a.number, GROUPING SETS ((), (r.language), (r.location_id), (r.neighbourhood_id))
ON CONFLICT (questionnaire_id, dimension, month, question_id, key, value)
    DO UPDATE SET n = voice_resulttally.n + EXCLUDED.n
"""


def tally_add_response(*, response_id: int) -> None:
    """Count a response that was just sent into its questionnaire's tally (when it has one); one query,
    in the sender's transaction."""
    if enabled():
        with connection.cursor() as cursor:
            cursor.execute(_ADD, {"response": response_id, "zone": settings.TIME_ZONE})


def enabled() -> bool:
    return connection.vendor == "postgresql"


def tally_refresh(*, questionnaire: Questionnaire) -> bool:
    """Rebuild the questionnaire's tally when its fingerprint changed (one query to check, one to rebuild);
    True when it was rebuilt."""
    parameters = {"questionnaire": questionnaire.pk, "zone": settings.TIME_ZONE}
    with connection.cursor() as cursor:
        cursor.execute(_CHECK, parameters)
        *now, built = cursor.fetchone()
        if built is not None and [int(v) for v in built] == [int(v) for v in now]:
            return False
        cursor.execute(_BUILD, parameters)
    return True


_CHECK_MANY = """
SELECT q.id, count(r.id), coalesce(sum(r.id), 0), coalesce(sum(coalesce(r.location_id, 0)), 0),
       coalesce(sum(coalesce(r.neighbourhood_id, 0)), 0),
       max(s.responses), max(s.id_sum), max(s.location_sum), max(s.neighbourhood_sum), bool_or(s.id IS NULL)
FROM voice_questionnaire q
LEFT JOIN voice_response r ON r.questionnaire_id = q.id AND r.submitted_at IS NOT NULL
LEFT JOIN voice_resulttallystate s ON s.questionnaire_id = q.id
WHERE q.id = ANY(%(questionnaires)s)
GROUP BY q.id
"""


def tallies_refresh(*, questionnaire_ids: list[int]) -> int:
    """Rebuild the tallies of those questionnaires whose fingerprint changed: one query to check them all,
    one per questionnaire to rebuild; how many were rebuilt."""
    if not questionnaire_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_CHECK_MANY, {"questionnaires": list(questionnaire_ids)})
        stale = [
            row[0] for row in cursor.fetchall() if row[9] or [int(v) for v in row[1:5]] != list(row[5:9])
        ]
        for pk in stale:
            cursor.execute(_BUILD, {"questionnaire": pk, "zone": settings.TIME_ZONE})
    return len(stale)


def tally_values(
    *,
    question_ids: list[int],
    questionnaire_ids: list[int],
    dimension: str,
    key: str | None,
    first_month: datetime.date | None,
    last_day: datetime.date | None,
) -> list[tuple[int, list[Any], int | None, int]]:
    """(question id, chosen options, number, count) of those questions over their questionnaires' sent
    responses, in the months from first_month up to last_day, in one group of a dimension (key) or all."""
    tallies_refresh(questionnaire_ids=questionnaire_ids)
    rows = ResultTally.objects.filter(
        questionnaire_id__in=questionnaire_ids, question_id__in=question_ids, dimension=dimension
    )
    if key is not None:
        rows = rows.filter(key=key)
    if first_month:
        rows = rows.filter(month__gte=first_month.replace(day=1))
    if last_day:
        rows = rows.filter(month__lte=last_day)
    result = []
    for question_id, value, n in (
        rows.values("question_id", "value")
        .annotate(total=Sum("n"))
        .order_by()
        .values_list("question_id", "value", "total")
    ):
        choices, number = json.loads(value)
        result.append((question_id, choices, number, n))
    return result


def tally_counts(
    *, questionnaire: Questionnaire, breakdown: str, place: int | None, since: datetime.date | None
) -> list[tuple[int, list[Any], int | None, Any, int]] | None:
    """(question id, chosen options, number, group, count) as the results page would count them from the
    answers, from the tally; None when the tally cannot serve the selection (a place and a breakdown by
    language or neighbourhood together: the page then counts the answers)."""
    if not enabled() or (place and breakdown not in ("", "place")):
        return None
    dimension = DIMENSIONS["place" if place else breakdown]
    tally_refresh(questionnaire=questionnaire)
    rows = ResultTally.objects.filter(questionnaire=questionnaire, dimension=dimension)
    if since:
        rows = rows.filter(month__gte=since)
    if place:
        rows = rows.filter(key=str(place))
    result = []
    for question_id, value, key, n in (
        rows.values("question_id", "value", "key")
        .annotate(total=Sum("n"))
        .order_by()
        .values_list("question_id", "value", "key", "total")
    ):
        if dimension in (ResultTally.Dimension.LOCATION, ResultTally.Dimension.NEIGHBOURHOOD):
            key = int(key) if key else None
        choices, number = json.loads(value)
        result.append((question_id, choices, number, key, n))
    return result
