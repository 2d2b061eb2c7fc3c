"""Framework services and selectors: validation, audit records, status steps, saved versions and what
changed, order of ambitions, endorsements only by the organisation concerned, the current framework."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ouderpartner.core.models import AuditEvent, Membership
from ouderpartner.network.tests.factories import NeighbourhoodFactory, OrganisationFactory
from ouderpartner.policy import selectors, services
from ouderpartner.policy.models import Ambition, Endorsement, FrameworkVersion, PolicyFramework

pytestmark = pytest.mark.django_db


def _framework(workspace, actor, **changes):
    data = {"title": "Samen met ouders", "start_year": 2026, "end_year": 2030, "approaches": ["network"]}
    data.update(changes)
    return services.framework_create(workspace=workspace, actor=actor, **data)


@pytest.fixture
def framework(utrecht, alice):
    return _framework(utrecht, alice)


def test_create_validates_everything_and_records_an_audit_event(utrecht, alice):
    with pytest.raises(ValidationError) as error:
        _framework(utrecht, alice, end_year=2025, approaches=["network", "nonsense"])
    assert {"end_year", "approaches"} <= set(error.value.error_dict)
    assert not PolicyFramework.objects.exists()
    framework = _framework(utrecht, alice, consultation_intro={"nl": " Wat vindt u? ", "ar": "  "})
    assert framework.consultation_intro == {"nl": "Wat vindt u?"}
    event = AuditEvent.objects.get(object_type="policyframework")
    assert (event.action, event.actor) == (AuditEvent.Action.CREATE, alice)


def test_partners_from_another_workspace_are_refused(utrecht, amersfoort, alice, framework):
    elsewhere = OrganisationFactory(workspace=amersfoort)
    with pytest.raises(ValidationError):
        services.framework_update(framework=framework, actor=alice, partners=[elsewhere])
    assert not framework.partners.exists()


def test_status_steps_and_versions(framework, alice):
    services.ambition_create(framework=framework, actor=alice, title="Ouders bereiken", level=1)
    with pytest.raises(ValidationError):
        services.framework_set_status(framework=framework, actor=alice, status="adopted")
    first = services.framework_set_status(framework=framework, actor=alice, status="consultation")
    assert (first.number, framework.version, framework.status) == (1, 2, "consultation")
    assert first.snapshot["status"] == "consultation"
    back = services.framework_set_status(framework=framework, actor=alice, status="draft")
    assert back.number == 2
    services.framework_set_status(framework=framework, actor=alice, status="consultation")
    adopted = services.framework_set_status(
        framework=framework, actor=alice, status="adopted", note="Vastgesteld"
    )
    framework.refresh_from_db()
    assert (framework.status, framework.adopted_on, framework.version) == ("adopted", timezone.localdate(), 5)
    assert (adopted.number, adopted.note) == (4, "Vastgesteld")
    with pytest.raises(ValidationError):
        services.framework_set_status(framework=framework, actor=alice, status="draft")
    assert list(FrameworkVersion.objects.values_list("number", flat=True).order_by("number")) == [1, 2, 3, 4]


def test_save_version_needs_a_note_and_snapshots_ambitions_with_linked_names(framework, alice, utrecht):
    with pytest.raises(ValidationError):
        services.framework_save_version(framework=framework, actor=alice, note="  ")
    district = NeighbourhoodFactory(workspace=utrecht, name="Overvecht")
    services.ambition_create(
        framework=framework,
        actor=alice,
        title="Ouders bereiken",
        level=1,
        neighbourhoods=[district],
        parent_title={"nl": "Ouders ontmoeten", "ar": "نلتقي بالأهل"},
    )
    version = services.framework_save_version(framework=framework, actor=alice, note="Eerste concept")
    ambition = version.snapshot["ambitions"][0]
    assert ambition["neighbourhoods"] == ["Overvecht"]
    assert ambition["parent_title"] == {"nl": "Ouders ontmoeten", "ar": "نلتقي بالأهل"}
    assert (version.number, version.created_by, framework.version) == (1, alice, 2)


def test_version_diff_names_fields_and_ambitions_added_removed_changed(framework, alice):
    kept = services.ambition_create(framework=framework, actor=alice, title="Ouders bereiken", level=1)
    gone = services.ambition_create(framework=framework, actor=alice, title="Oude ambitie", level=2)
    old = services.framework_snapshot(framework)
    services.framework_update(framework=framework, actor=alice, vision="Ouders zijn partners", approaches=[])
    services.ambition_update(ambition=kept, actor=alice, title="Ouders echt bereiken", level=2)
    services.ambition_delete(ambition=gone, actor=alice)
    services.ambition_create(framework=framework, actor=alice, title="Nieuwe ambitie", level=3)
    diff = selectors.version_diff(old, services.framework_snapshot(framework))
    assert {change.name for change in diff.fields} == {"vision", "approaches"}
    assert [a["title"] for a in diff.added] == ["Nieuwe ambitie"]
    assert [a["title"] for a in diff.removed] == ["Oude ambitie"]
    (changed,) = diff.changed
    assert {f.name for f in changed.fields} == {"title", "level"}
    title = next(f for f in changed.fields if f.name == "title")
    assert "<ins>" in title.diff and "echt" in title.diff and "<del>" not in title.diff
    assert selectors.version_diff(old, old).empty


def test_text_diff_escapes_and_marks_words():
    html = selectors.text_diff("ouders <b>bereiken</b>", "alle ouders <b>betrekken</b>")
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<del>" in html and "bereiken" in html and "<ins>" in html and "betrekken" in html
    assert html.count("op-visually-hidden") == html.count("<ins>") + html.count("<del>")


def test_ambitions_get_positions_and_move_within_their_level(framework, alice):
    a, b, c, d = (
        services.ambition_create(framework=framework, actor=alice, title=t, level=level)
        for t, level in (("A", 1), ("B", 2), ("C", 1), ("D", 1))
    )
    assert [a.position, b.position, c.position, d.position] == [0, 1, 2, 3]

    def titles():
        return list(Ambition.objects.order_by("position").values_list("title", flat=True))

    services.ambition_move(ambition=c, actor=alice, direction="up")  # past B (level 2) to before A
    assert titles() == ["C", "B", "A", "D"]
    services.ambition_move(ambition=c, actor=alice, direction="up")  # already first of level 1
    assert titles() == ["C", "B", "A", "D"]
    services.ambition_move(ambition=a, actor=alice, direction="down")
    assert titles() == ["C", "B", "D", "A"]
    services.ambition_move(ambition=b, actor=alice, direction="down")  # the only one of level 2
    assert titles() == ["C", "B", "D", "A"]
    assert AuditEvent.objects.filter(object_type="ambition", action=AuditEvent.Action.CHANGE).count() == 2
    with pytest.raises(ValidationError):
        services.ambition_move(ambition=a, actor=alice, direction="sideways")


def test_endorsement_only_by_the_members_own_organisation(framework, alice, bob, carol, school, utrecht):
    ambition = services.ambition_create(framework=framework, actor=alice, title="Ouders bereiken", level=1)
    bob_membership = Membership.objects.get(user=bob)
    endorsement = services.endorsement_create(ambition=ambition, membership=bob_membership, actor=bob)
    assert (endorsement.organisation, endorsement.endorsed_on) == (school, timezone.localdate())
    with pytest.raises(ValidationError):
        services.endorsement_create(ambition=ambition, membership=bob_membership, actor=bob)
    # A coordinator without an organisation, and a viewer, cannot endorse.
    with pytest.raises(PermissionDenied):
        services.endorsement_create(
            ambition=ambition, membership=Membership.objects.get(user=alice), actor=alice
        )
    with pytest.raises(PermissionDenied):
        services.endorsement_create(
            ambition=ambition, membership=Membership.objects.get(user=carol), actor=carol
        )
    # Another organisation's member cannot withdraw it.
    other = Membership.objects.get(user=alice)
    other.organisation = OrganisationFactory(workspace=utrecht, name="Bibliotheek")
    other.save()
    with pytest.raises(PermissionDenied):
        services.endorsement_withdraw(endorsement=endorsement, membership=other, actor=alice)
    services.endorsement_withdraw(endorsement=endorsement, membership=bob_membership, actor=bob)
    assert not Endorsement.objects.exists()
    assert AuditEvent.objects.filter(object_type="endorsement", action=AuditEvent.Action.DELETE).count() == 1


def test_only_partners_asked_may_endorse(framework, alice, bob, utrecht):
    ambition = services.ambition_create(framework=framework, actor=alice, title="Ouders bereiken", level=1)
    framework.partners.set([OrganisationFactory(workspace=utrecht, name="Bibliotheek")])
    with pytest.raises(ValidationError):
        services.endorsement_create(ambition=ambition, membership=Membership.objects.get(user=bob), actor=bob)


def test_the_matrix_shows_who_has_and_who_has_not(framework, alice, bob, school, utrecht):
    library = OrganisationFactory(workspace=utrecht, name="Bibliotheek")
    OrganisationFactory(workspace=utrecht, name="Gearchiveerd", archived_at=timezone.now())
    ambition = services.ambition_create(framework=framework, actor=alice, title="Ouders bereiken", level=1)
    services.endorsement_create(ambition=ambition, membership=Membership.objects.get(user=bob), actor=bob)
    matrix = selectors.endorsement_matrix(framework=framework)
    assert [p.name for p in matrix.partners] == ["Bibliotheek", "Willibrordschool"]
    (row,) = matrix.ambitions
    assert [e.organisation for e in row.endorsed] == [school]
    assert row.not_endorsed == [library]
    assert (row.endorsement_count, row.partner_count) == (1, 2)


def test_current_framework_prefers_the_adopted_one_for_this_year(utrecht, alice):
    year = datetime.date.today().year
    assert selectors.current_framework(workspace=utrecht) is None
    adopted = _framework(utrecht, alice, title="Nu", start_year=year - 1, end_year=year + 1)
    services.framework_set_status(framework=adopted, actor=alice, status="consultation")
    services.framework_set_status(framework=adopted, actor=alice, status="adopted")
    _framework(utrecht, alice, title="Volgende", start_year=year + 2, end_year=year + 6)
    assert selectors.current_framework(workspace=utrecht) == adopted
    PolicyFramework.objects.filter(pk=adopted.pk).update(status="draft")
    assert selectors.current_framework(workspace=utrecht).title == "Volgende"
