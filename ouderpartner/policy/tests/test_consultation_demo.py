"""The demo's parents' comments: about 150 reactions, uneven so that some cells are hidden, idempotent."""

from __future__ import annotations

import pytest

from ouderpartner.core.demo import policy_comments
from ouderpartner.policy.consultation_selectors import consultation_summary
from ouderpartner.policy.models import ConsultationComment, PolicyFramework
from ouderpartner.policy.tests.consultation_factories import framework_in_consultation

pytestmark = pytest.mark.django_db


def test_without_a_framework_in_consultation_nothing_is_added(utrecht):
    assert policy_comments.load(utrecht) == ""
    framework_in_consultation(utrecht, status=PolicyFramework.Status.DRAFT)
    assert policy_comments.load(utrecht) == ""
    assert not ConsultationComment.objects.exists()


def test_the_demo_reactions_are_uneven_moderated_and_added_once(utrecht, alice):
    framework = framework_in_consultation(utrecht, ambitions=7)
    report = policy_comments.load(utrecht)
    assert report.startswith("148 parents' reactions to 7 ambitions")
    assert policy_comments.load(utrecht) == ""
    assert ConsultationComment.objects.count() == 148
    languages = set(ConsultationComment.objects.values_list("language", flat=True))
    assert languages == {"nl", "ar", "tr", "en"}
    statuses = ConsultationComment.objects.exclude(text="").values_list("status", flat=True)
    assert list(statuses).count("hidden") == 1
    assert list(statuses).count("pending") == 3
    assert list(statuses).count("approved") >= 10
    assert ConsultationComment.objects.filter(status="approved").first().moderated_by == alice
    summary = consultation_summary(framework)
    assert any(item.table.has_suppression for item in summary.ambitions)
    assert not summary.ambitions[-1].quotes_allowed  # eight reactions: nobody is quoted
    assert any(item.quotes for item in summary.ambitions)


def test_only_the_newest_framework_gets_reactions(utrecht):
    framework_in_consultation(utrecht, title="Ouder kader")
    newest = framework_in_consultation(utrecht, ambitions=2, title="Nieuw kader")
    policy_comments.load(utrecht)
    assert set(ConsultationComment.objects.values_list("ambition__framework", flat=True)) == {newest.pk}
