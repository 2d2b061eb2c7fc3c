"""The starting set every workspace gets: the policy domains and the transitions of the line 0-21."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.models import Workspace
from ouderpartner.programmes.models import PolicyDomain, Transition

# key, from age, to age (months), what parents need then (written by us; editable per workspace)
TRANSITIONS = [
    (
        "birth",
        0,
        3,
        _(
            "Support in the first weeks: the child health clinic's home visit, feeding and sleep, and "
            "knowing where to go with questions. Reading to a baby (BoekStart) starts here."
        ),
    ),
    (
        "preschool",
        24,
        30,
        _(
            "Finding and choosing a preschool or childcare place, knowing whether their toddler is "
            "indicated for early education (VE), and what they can do at home to play and talk together."
        ),
    ),
    (
        "school",
        48,
        48,
        _(
            "Choosing a primary school, a warm handover from preschool to school, meeting the teacher, "
            "and knowing how to take part in the school and in their child's learning."
        ),
    ),
    (
        "group_3",
        72,
        78,
        _(
            "Learning to read and do sums starts: how to support that at home, and what the school "
            "expects from parents."
        ),
    ),
    (
        "secondary",
        144,
        150,
        _(
            "The school advice and choosing a secondary school; staying involved when the child becomes "
            "more independent."
        ),
    ),
    (
        "further_education",
        192,
        216,
        _(
            "Choosing further education or work, study finance, and keeping in touch when the young "
            "person decides more for themselves."
        ),
    ),
    (
        "adulthood",
        216,
        252,
        _(
            "Becoming an adult: the young person's own responsibilities (money, insurance, care), and "
            "where parents can still turn for support."
        ),
    ),
]


@transaction.atomic
def programmes_setup(*, workspace: Workspace) -> None:
    """Create the fixed policy domains and the transitions once; existing ones are left as edited."""
    existing_domains = set(PolicyDomain.objects.filter(workspace=workspace).values_list("key", flat=True))
    PolicyDomain.objects.bulk_create(
        [
            PolicyDomain(workspace=workspace, key=key, position=position)
            for position, key in enumerate(PolicyDomain.Builtin.values)
            if key not in existing_domains
        ]
    )
    existing_transitions = set(Transition.objects.filter(workspace=workspace).values_list("key", flat=True))
    Transition.objects.bulk_create(
        [
            Transition(
                workspace=workspace,
                key=key,
                age_from_months=age_from,
                age_to_months=age_to,
                parent_needs=str(needs),
            )
            for key, age_from, age_to, needs in TRANSITIONS
            if key not in existing_transitions
        ]
    )
