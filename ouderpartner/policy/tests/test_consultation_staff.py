"""Staff pages of the consultation: the overview, moderation (coordinators only), the summary per
ambition through the disclosure rules, the share page with the QR code, and the selector."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.policy.consultation_selectors import consultation_summary
from ouderpartner.policy.models import ConsultationComment
from ouderpartner.policy.tests.consultation_factories import comments, framework_in_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(utrecht):
    return framework_in_consultation(utrecht)


def _url(name, framework=None, ws="utrecht"):
    kwargs = {"ws": ws} if framework is None else {"ws": ws, "pk": framework.pk}
    return reverse(f"policy:{name}", kwargs=kwargs)


FRAMEWORK_PAGES = ["consultation_moderation", "consultation_summary", "consultation_share", "consultation_qr"]
COORDINATOR_PAGES = ["consultation_moderation", "consultation_share", "consultation_qr"]


@pytest.mark.parametrize("name", FRAMEWORK_PAGES)
def test_an_outsider_gets_404(client_for, dave, framework, name):
    client = client_for(dave)
    assert client.get(_url(name, framework)).status_code == 404
    # With his own workspace in the address, Utrecht's framework is still not found.
    assert client.get(_url(name, framework, ws="amersfoort")).status_code == 404


def test_an_outsider_gets_404_on_the_overview(client_for, dave):
    assert client_for(dave).get(_url("consultation_index")).status_code == 404


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
@pytest.mark.parametrize("user", ["bob", "carol"])
def test_only_coordinators_moderate_and_share(client_for, request, framework, name, user):
    client = client_for(request.getfixturevalue(user))
    assert client.get(_url(name, framework)).status_code == 403


@pytest.mark.parametrize("user", ["bob", "carol"])
def test_a_viewer_or_professional_cannot_approve(client_for, request, framework, user):
    comment = comments(framework.ambitions.first(), n=1, text="Goed plan")[0]
    response = client_for(request.getfixturevalue(user)).post(
        _url("consultation_moderation", framework), {"one": f"approved:{comment.pk}"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


@pytest.mark.parametrize("user", ["alice", "bob", "carol"])
def test_every_member_sees_the_overview_and_the_summary(client_for, request, framework, user):
    client = client_for(request.getfixturevalue(user))
    index = client.get(_url("consultation_index"))
    assert index.status_code == 200 and framework.title in index.content.decode()
    moderation_link = _url("consultation_moderation", framework)
    assert (moderation_link in index.content.decode()) == (user == "alice")
    assert client.get(_url("consultation_summary", framework)).status_code == 200


def test_the_overview_without_frameworks_says_what_to_do(client_for, alice):
    body = client_for(alice).get(_url("consultation_index")).content.decode()
    assert "Make a framework with its ambitions first" in body or "Maak eerst een beleidskader" in body


def test_a_coordinator_approves_and_hides_with_an_audit_trail(client_for, alice, framework):
    ambition = framework.ambitions.order_by("position").first()
    first, second, third = comments(ambition, n=3, text="Meer koffieochtenden")
    comments(ambition, n=2)  # reactions without a text are not in the queue
    client = client_for(alice)
    page = client.get(_url("consultation_moderation", framework))
    body = page.content.decode()
    assert page.status_code == 200 and body.count('name="comments"') == 3
    response = client.post(_url("consultation_moderation", framework), {"one": f"approved:{first.pk}"})
    assert response.status_code == 302
    response = client.post(
        _url("consultation_moderation", framework),
        {"decision": "hidden", "comments": [str(second.pk), str(third.pk)]},
    )
    statuses = dict(ConsultationComment.objects.filter(text__gt="").values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "hidden", third.pk: "hidden"}
    events = AuditEvent.objects.filter(object_type="consultationcomment").exclude(action="view")
    assert events.count() == 3
    assert all("Meer koffieochtenden" not in (e.object_repr + str(e.changes)) for e in events)
    assert ConsultationComment.objects.get(pk=first.pk).moderated_by == alice


def test_moderation_ignores_other_workspaces_and_bad_decisions(client_for, alice, framework, amersfoort):
    other = framework_in_consultation(amersfoort, ambitions=1)
    theirs = comments(other.ambitions.get(), n=1, text="Elders")[0]
    client = client_for(alice)
    client.post(_url("consultation_moderation", framework), {"one": f"approved:{theirs.pk}"})
    client.post(_url("consultation_moderation", framework), {"one": "delete:1"})
    client.post(_url("consultation_moderation", framework), {"decision": "approved", "comments": ["x"]})
    theirs.refresh_from_db()
    assert theirs.status == "pending"


def test_personal_data_is_marked_in_the_queue_and_filters_work(client_for, alice, framework):
    first, second = framework.ambitions.order_by("position")[:2]
    comments(first, n=1, text="Bel Fatima de Vries op 0612345678")
    comments(second, n=1, text="Prima plan", language="ar")
    client = client_for(alice)
    body = client.get(_url("consultation_moderation", framework)).content.decode()
    assert body.count('data-testid="personal-data"') == 1
    filtered = client.get(_url("consultation_moderation", framework) + "?language=ar").content.decode()
    assert "Prima plan" in filtered and "Fatima" not in filtered
    by_ambition = client.get(_url("consultation_moderation", framework) + f"?ambition={first.pk}")
    assert "Fatima" in by_ambition.content.decode() and "Prima plan" not in by_ambition.content.decode()
    nothing = client.get(_url("consultation_moderation", framework) + "?status=approved&ambition=abc")
    assert nothing.status_code == 200 and 'name="comments"' not in nothing.content.decode()


def test_the_moderation_queue_needs_few_queries(client_for, alice, framework, django_assert_max_num_queries):
    ambition = framework.ambitions.first()
    client = client_for(alice)
    comments(ambition, n=3, text="Een")
    # 13: the first look in a session is audited (core.audit.audit_view); a repeat is not.
    with django_assert_max_num_queries(13) as few:
        client.get(_url("consultation_moderation", framework))
    comments(ambition, n=40, text="Twee")
    with django_assert_max_num_queries(len(few)):
        client.get(_url("consultation_moderation", framework))


def test_the_summary_needs_few_queries(client_for, carol, framework, django_assert_max_num_queries):
    ambitions = list(framework.ambitions.order_by("position"))
    client = client_for(carol)
    comments(ambitions[0], n=3)
    # 13: the page's own, and the sign-in checks (session, user with the second step, membership).
    with django_assert_max_num_queries(13) as few:
        client.get(_url("consultation_summary", framework))
    for ambition in ambitions:
        for language in ("nl", "ar", "tr"):
            comments(ambition, n=12, language=language, text="Goed", status="approved")
    with django_assert_max_num_queries(len(few)):
        client.get(_url("consultation_summary", framework))


def test_the_summary_suppresses_small_cells_and_explains_why(client_for, carol, framework):
    ambition = framework.ambitions.order_by("position").first()
    comments(ambition, n=12, reaction="agree")
    comments(ambition, n=3, reaction="disagree", language="ar")
    comments(ambition, n=6, reaction="unsure", language="tr")
    body = client_for(carol).get(_url("consultation_summary", framework)).content.decode()
    table = body.split(f'id="table-ambition-{ambition.pk}"')[1].split("</table>")[0]
    assert "&lt; 5" in table
    assert ">3<" not in table and ">6<" not in table
    assert 'id="disclosure-explanation"' in body
    assert f'data-chart="chart-ambition-{ambition.pk}"' in body


def test_quotes_only_when_approved_and_the_ambition_has_ten_reactions(framework):
    few, many, _third = framework.ambitions.order_by("position")
    comments(few, n=9, text="Weinig", status="approved")
    comments(many, n=9, text="Veel", status="approved")
    comments(many, n=1, text="Nog niet gelezen")
    comments(many, n=4, text="Scheldwoord", status="hidden")
    summary = consultation_summary(framework)
    by_ambition = {item.ambition.pk: item for item in summary.ambitions}
    assert not by_ambition[few.pk].quotes_allowed and by_ambition[few.pk].quotes == []
    assert by_ambition[many.pk].quotes_allowed
    assert {q.text for q in by_ambition[many.pk].quotes} == {"Veel"}
    # Hidden reactions are not counted: 9 approved + 1 pending = 10, published as 10.
    assert by_ambition[many.pk].total.value == 10
    assert by_ambition[few.pk].total.value == 10  # 9 rounds to 10: published counts are rounded
    assert by_ambition[many.pk].by_reaction["agree"].value == 10


def test_the_summary_page_quotes_only_allowed_comments(client_for, carol, framework):
    few, many, _third = framework.ambitions.order_by("position")
    comments(few, n=9, text="Weinig reacties", status="approved")
    comments(many, n=10, text="Genoeg reacties", status="approved", language="ar")
    body = client_for(carol).get(_url("consultation_summary", framework)).content.decode()
    assert "Genoeg reacties" in body and "Weinig reacties" not in body
    assert 'lang="ar" dir="rtl"><p class="utrecht-paragraph">Genoeg reacties' in body


def test_the_summary_without_reactions_says_what_to_do(client_for, carol, framework):
    body = client_for(carol).get(_url("consultation_summary", framework)).content.decode()
    assert "Share the link" in body or "Deel de link" in body


def test_the_share_page_shows_the_link_the_qr_code_and_the_text_per_language(client_for, alice, framework):
    client = client_for(alice)
    body = client.get(_url("consultation_share", framework)).content.decode()
    link = f"/c/{framework.consultation_code}/"
    assert link in body and "<svg" in body
    assert 'lang="ar" dir="rtl"' in body and 'lang="tr" dir="ltr"' in body
    qr = client.get(_url("consultation_qr", framework))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert framework.consultation_code in qr["Content-Disposition"]


def test_an_outsider_cannot_moderate(client_for, dave, framework):
    comment = comments(framework.ambitions.first(), n=1, text="Goed plan")[0]
    for ws in ("utrecht", "amersfoort"):
        response = client_for(dave).post(
            _url("consultation_moderation", framework, ws=ws), {"one": f"hidden:{comment.pk}"}
        )
        assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_the_overview_and_share_page_need_few_queries(
    client_for, alice, utrecht, framework, django_assert_max_num_queries
):
    client = client_for(alice)
    with django_assert_max_num_queries(12) as few_index:
        client.get(_url("consultation_index"))
    with django_assert_max_num_queries(12) as few_share:
        client.get(_url("consultation_share", framework))
    for index in range(4):
        other = framework_in_consultation(utrecht, ambitions=3, title=f"Kader {index}")
        comments(other.ambitions.first(), n=5, text="Tekst")
    framework_in_consultation(utrecht, ambitions=0, title="Leeg")
    with django_assert_max_num_queries(len(few_index)):
        assert client.get(_url("consultation_index")).status_code == 200
    with django_assert_max_num_queries(len(few_share)):
        assert client.get(_url("consultation_share", framework)).status_code == 200
