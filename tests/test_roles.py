"""Roles, exhaustively (issue 8, item 4): every write of every role, from the URL resolver.

Every workspace route is tried with POST (pages) or with each write method its API view takes (POST,
PUT, PATCH, DELETE), by five roles: the coordinator (alice), a professional of the organisation the
objects belong to (bob, the school), a professional of another organisation (erik, the library), a
viewer (carol) and an anonymous visitor. MATRIX says what each of the first four gets:

    A  allowed: not refused (the form again with its errors, a redirect after the write, a 2xx, or a 400
       for the empty body of the API) — never 401, 403, 404, 405 or a 500
    F  403: a member whose role may not
    N  404: not theirs (another organisation's object, someone else's scan)
    M  405: the route takes no such write
    R  a page, not a write: a POST answers exactly as a GET does and writes nothing (or is a 405)

The anonymous visitor is sent to the login page (pages) or gets 401/403 (API), on every route. Each
request runs in a transaction rolled back afterwards, so every role meets the same objects. A route the
resolver finds and MATRIX does not list fails the test: classify it. `pytest tests/test_roles.py -s -k
cells` prints the number of cells. Writes with valid data follow below the matrix.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve

from ouderpartner.core.models import AuditEvent, Role
from tests.test_tenancy import fill, utrecht_objects, workspace_routes  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ROLES = ("coordinator", "professional", "other_professional", "viewer")
WRITE_METHODS = ("post", "put", "patch", "delete")
# Values for the route parameters that name no object (tests/test_tenancy.py fills in the objects).
PARAMETERS = {"<str:slot>": "title", "<str:language>": "nl", "<slug:section>": "level-1"}

MATRIX: dict[tuple[str, str], str] = {
    ("core:workspace_archive", "post"): "AFFF",
    ("core:home", "post"): "RRRR",
    ("core:members", "post"): "AFFF",
    ("core:audit_log", "post"): "AFFF",
    ("core:settings", "post"): "AFFF",
    ("network:organisation_list", "post"): "RRRR",
    ("network:organisation_export", "post"): "RRRR",
    ("network:organisation_create", "post"): "AFFF",
    ("network:organisation_detail", "post"): "RRRR",
    ("network:organisation_update", "post"): "AAFF",
    ("network:organisation_archive", "post"): "AFFF",
    ("network:organisation_restore", "post"): "AFFF",
    ("network:contact_create", "post"): "AFFF",
    ("network:contact_update", "post"): "AFFF",
    ("network:contact_delete", "post"): "AFFF",
    ("network:location_list", "post"): "RRRR",
    ("network:location_export", "post"): "RRRR",
    ("network:location_create", "post"): "AAAF",
    ("network:location_detail", "post"): "RRRR",
    ("network:location_update", "post"): "AAFF",
    ("network:location_archive", "post"): "AFFF",
    ("network:location_restore", "post"): "AFFF",
    ("network:neighbourhood_list", "post"): "RRRR",
    ("network:neighbourhood_export", "post"): "RRRR",
    ("network:neighbourhood_detail", "post"): "RRRR",
    ("network:neighbourhood_update", "post"): "AFFF",
    ("network:partnership_list", "post"): "RRRR",
    ("network:partnership_export", "post"): "RRRR",
    ("network:partnership_create", "post"): "AFFF",
    ("network:partnership_detail", "post"): "RRRR",
    ("network:partnership_update", "post"): "AFFF",
    ("network:partnership_archive", "post"): "AFFF",
    ("network:partnership_restore", "post"): "AFFF",
    ("network:map", "post"): "RRRR",
    ("network:import", "post"): "AFFF",
    ("programmes:programme_list", "post"): "RRRR",
    ("programmes:catalogue", "post"): "AFFF",
    ("programmes:policy_domain_list", "post"): "AFFF",
    ("programmes:transition_list", "post"): "RRRR",
    ("programmes:programme_export", "post"): "RRRR",
    ("programmes:programme_create", "post"): "AFFF",
    ("programmes:programme_detail", "post"): "RRRR",
    ("programmes:programme_update", "post"): "AFFF",
    ("programmes:programme_archive", "post"): "AFFF",
    ("programmes:programme_restore", "post"): "AFFF",
    ("programmes:offering_create", "post"): "AAAF",
    ("programmes:offering_update", "post"): "AAFF",
    ("programmes:offering_delete", "post"): "AAFF",
    ("programmes:policy_domain_update", "post"): "AFFF",
    ("programmes:policy_domain_delete", "post"): "AFFF",
    ("programmes:transition_update", "post"): "AFFF",
    ("programmes:line", "post"): "RRRR",
    ("programmes:matrix", "post"): "RRRR",
    ("programmes:matrix_export", "post"): "RRRR",
    ("programmes:subsidy_list", "post"): "RRRR",
    ("programmes:subsidy_export", "post"): "RRRR",
    ("programmes:subsidy_create", "post"): "AFFF",
    ("programmes:subsidy_detail", "post"): "RRRR",
    ("programmes:subsidy_update", "post"): "AFFF",
    ("programmes:subsidy_delete", "post"): "AFFF",
    ("voice:questionnaire_list", "post"): "RRRR",
    ("voice:questionnaire_create", "post"): "AFFF",
    ("voice:questionnaire_detail", "post"): "RRRR",
    ("voice:questionnaire_update", "post"): "AFFF",
    ("voice:questionnaire_publish", "post"): "AFFF",
    ("voice:questionnaire_archive", "post"): "AFFF",
    ("voice:questionnaire_restore", "post"): "AFFF",
    ("voice:questionnaire_translations", "post"): "RRRR",
    ("voice:recording_list", "post"): "RRRR",
    ("voice:recording_upload", "post"): "AFFF",
    ("voice:recording_remove", "post"): "AFFF",
    ("voice:questionnaire_response_export", "post"): "RFFF",
    ("voice:questionnaire_response_export_open", "post"): "RFFF",
    ("voice:questionnaire_results", "post"): "MMMM",
    ("voice:questionnaire_results_export", "post"): "MMMM",
    ("voice:questionnaire_moderation", "post"): "AFFF",
    ("voice:answer_redact", "post"): "AFFF",
    ("voice:questionnaire_themes", "post"): "MFFF",
    ("voice:questionnaire_themes_suggest", "post"): "AFFF",
    ("voice:questionnaire_themes_merge", "post"): "AFFF",
    ("voice:theme_detail", "post"): "MFFF",
    ("voice:theme_rename", "post"): "AFFF",
    ("voice:theme_accept", "post"): "AFFF",
    ("voice:theme_delete", "post"): "AFFF",
    ("voice:theme_answers", "post"): "NFFF",
    ("voice:question_create", "post"): "AFFF",
    ("voice:question_update", "post"): "AFFF",
    ("voice:question_delete", "post"): "AFFF",
    ("voice:question_move", "post"): "AFFF",
    ("voice:option_create", "post"): "AFFF",
    ("voice:option_update", "post"): "AFFF",
    ("voice:option_delete", "post"): "AFFF",
    ("voice:option_move", "post"): "AFFF",
    ("voice:questionnaire_import", "post"): "AFFF",
    ("voice:questionnaire_xlsform", "post"): "AFFF",
    ("voice:distribution_list", "post"): "MMMM",
    ("voice:distribution_create", "post"): "AAAF",
    ("voice:distribution_detail", "post"): "MMMM",
    ("voice:distribution_qr", "post"): "MMMM",
    ("voice:distribution_poster", "post"): "MMMM",
    ("voice:distribution_close", "post"): "AAFF",
    ("voice:distribution_reopen", "post"): "AAFF",
    ("voice:insights", "post"): "MMMM",
    ("voice:insights_export", "post"): "MMMM",
    ("voice:conversation_list", "post"): "RRRF",
    ("voice:conversation_create", "post"): "AAAF",
    ("voice:conversation_export", "post"): "RFFF",
    ("voice:conversation_detail", "post"): "RRNF",
    ("voice:conversation_update", "post"): "AANF",
    ("voice:conversation_delete", "post"): "AANF",
    ("voice:tag_list", "post"): "AFFF",
    ("voice:tag_update", "post"): "AFFF",
    ("voice:tag_delete", "post"): "AFFF",
    ("voice:feedback_list", "post"): "RRRR",
    ("voice:feedback_create", "post"): "AFFF",
    ("voice:feedback_update", "post"): "AFFF",
    ("voice:feedback_delete", "post"): "AFFF",
    ("live:session_list", "post"): "RRRR",
    ("live:session_create", "post"): "AAAF",
    ("live:session_detail", "post"): "RRRR",
    ("live:session_update", "post"): "AFFF",
    ("live:session_delete", "post"): "AFFF",
    ("live:session_state", "post"): "AFFF",
    ("live:prompt_create", "post"): "AFFF",
    ("live:prompt_update", "post"): "AFFF",
    ("live:prompt_delete", "post"): "AFFF",
    ("live:prompt_move", "post"): "AFFF",
    ("live:option_create", "post"): "AFFF",
    ("live:option_update", "post"): "AFFF",
    ("live:option_delete", "post"): "AFFF",
    ("live:option_move", "post"): "AFFF",
    ("live:moderation", "post"): "AFFF",
    ("live:entry_moderate", "post"): "AFFF",
    ("live:participant_remove", "post"): "AFFF",
    ("live:blocked_words", "post"): "AFFF",
    ("live:blocked_word_delete", "post"): "AFFF",
    ("live:results", "post"): "RRRR",
    ("live:results_xlsx", "post"): "RRRR",
    ("live:results_pdf", "post"): "RRRR",
    ("live:handover_create", "post"): "AFFF",
    ("live:handover_update", "post"): "AFFF",
    ("live:presenter", "post"): "RRRR",
    ("live:remote", "post"): "AFFF",
    ("reach:dashboard", "post"): "MMMM",
    ("reach:dashboard_export", "post"): "MMMM",
    ("reach:activity_list", "post"): "RRRR",
    ("reach:activity_create", "post"): "AAAF",
    ("reach:activity_repeat", "post"): "AAAF",
    ("reach:activity_export", "post"): "RFFF",
    ("reach:activity_import", "post"): "AAAF",
    ("reach:activity_import_template", "post"): "RRRF",
    ("reach:activity_update", "post"): "AANF",
    ("reach:activity_delete", "post"): "AANF",
    ("reach:estimate_list", "post"): "AFFF",
    ("reach:estimate_create", "post"): "AFFF",
    ("reach:estimate_update", "post"): "AFFF",
    ("reach:estimate_delete", "post"): "AFFF",
    ("reach:token_list", "post"): "AFFF",
    ("reach:token_revoke", "post"): "AFFF",
    ("policy:overview", "post"): "RRRR",
    ("policy:framework_list", "post"): "RRRR",
    ("policy:framework_create", "post"): "AFFF",
    ("policy:framework_detail", "post"): "RRRR",
    ("policy:framework_update", "post"): "AFFF",
    ("policy:framework_status", "post"): "AFFF",
    ("policy:framework_save_version", "post"): "AFFF",
    ("policy:version_list", "post"): "RRRR",
    ("policy:version_compare", "post"): "RRRR",
    ("policy:ambition_create", "post"): "AFFF",
    ("policy:ambition_detail", "post"): "RRRR",
    ("policy:ambition_update", "post"): "AFFF",
    ("policy:ambition_delete", "post"): "AFFF",
    ("policy:ambition_move", "post"): "AFFF",
    ("policy:endorsement_create", "post"): "FAAF",
    ("policy:endorsement_withdraw", "post"): "FAFF",
    ("policy:goal_list", "post"): "RRRR",
    ("policy:goal_create", "post"): "AFFF",
    ("policy:goal_update", "post"): "AFFF",
    ("policy:goal_delete", "post"): "AFFF",
    ("policy:goal_move", "post"): "AFFF",
    ("policy:indicator_create", "post"): "AFFF",
    ("policy:indicator_detail", "post"): "RRRR",
    ("policy:indicator_update", "post"): "AFFF",
    ("policy:indicator_delete", "post"): "AFFF",
    ("policy:value_create", "post"): "AFFF",
    ("policy:value_update", "post"): "AFFF",
    ("policy:value_delete", "post"): "AFFF",
    ("policy:action_list", "post"): "RRRR",
    ("policy:action_export", "post"): "RRRR",
    ("policy:action_create", "post"): "AFFF",
    ("policy:action_update", "post"): "AFFF",
    ("policy:action_progress", "post"): "AAFF",
    ("policy:action_delete", "post"): "AFFF",
    ("policy:lea_meeting_list", "post"): "RRRR",
    ("policy:lea_meeting_create", "post"): "AFFF",
    ("policy:lea_meeting_detail", "post"): "RRRR",
    ("policy:lea_meeting_update", "post"): "AFFF",
    ("policy:lea_meeting_delete", "post"): "AFFF",
    ("policy:lea_meeting_live", "post"): "AFFF",
    ("policy:lea_hand_over_take", "post"): "AFFF",
    ("policy:lea_live_session", "post"): "AFFF",
    ("policy:agenda_item_create", "post"): "AFFF",
    ("policy:agenda_item_update", "post"): "AFFF",
    ("policy:agenda_item_delete", "post"): "AFFF",
    ("policy:agenda_item_move", "post"): "AFFF",
    ("policy:agreement_list", "post"): "RRRR",
    ("policy:agreement_create", "post"): "AFFF",
    ("policy:agreement_update", "post"): "AFFF",
    ("policy:agreement_delete", "post"): "AFFF",
    ("policy:agreement_status", "post"): "AAFF",  # the agreement names bob's organisation
    ("policy:scan_list", "post"): "RRRR",
    ("policy:scan_start", "post"): "AAAF",
    ("policy:scan_detail", "post"): "RNNN",
    ("policy:scan_fill", "post"): "ANNN",
    ("policy:scan_complete", "post"): "ANNN",
    ("policy:scan_delete", "post"): "ANNN",
    ("policy:consultation_index", "post"): "MMMM",
    ("policy:consultation_moderation", "post"): "AFFF",
    ("policy:consultation_summary", "post"): "MMMM",
    ("policy:consultation_share", "post"): "MFFF",
    ("policy:consultation_qr", "post"): "MFFF",
    ("policy:report_list", "post"): "MMMM",
    ("policy:report_generate", "post"): "AFFF",
    ("policy:report_download", "post"): "MMMM",
    ("policy:report_framework", "post"): "MMMM",
    ("policy:report_framework_pdf", "post"): "MMMM",
    ("policy:report_yearly", "post"): "MMMM",
    ("policy:report_yearly_pdf", "post"): "MMMM",
    ("api-organisation-list", "post"): "AFFF",
    ("api-organisation-detail", "put"): "AAFF",
    ("api-organisation-detail", "patch"): "AAFF",
    ("api-organisation-archive", "post"): "AAFF",
    ("api-organisation-restore", "post"): "AAFF",
    ("api-location-list", "post"): "AAAF",
    ("api-location-detail", "put"): "AAFF",
    ("api-location-detail", "patch"): "AAFF",
    ("api-location-archive", "post"): "AAFF",
    ("api-location-restore", "post"): "AAFF",
    ("api-neighbourhood-detail", "put"): "AFFF",
    ("api-neighbourhood-detail", "patch"): "AFFF",
    ("api-partnership-list", "post"): "AFFF",
    ("api-partnership-detail", "put"): "AFFF",
    ("api-partnership-detail", "patch"): "AFFF",
    ("api-partnership-archive", "post"): "AFFF",
    ("api-partnership-restore", "post"): "AFFF",
    ("api-programme-list", "post"): "AFFF",
    ("api-programme-detail", "put"): "AFFF",
    ("api-programme-detail", "patch"): "AFFF",
    ("api-programme-archive", "post"): "AFFF",
    ("api-programme-restore", "post"): "AFFF",
    ("api-offering-list", "post"): "AAAF",
    ("api-offering-detail", "put"): "AAFF",
    ("api-offering-detail", "patch"): "AAFF",
    ("api-offering-detail", "delete"): "AAFF",
    ("api-policy-domain-list", "post"): "AFFF",
    ("api-policy-domain-detail", "put"): "AFFF",
    ("api-policy-domain-detail", "patch"): "AFFF",
    ("api-policy-domain-detail", "delete"): "AFFF",
    ("api-transition-detail", "put"): "AFFF",
    ("api-transition-detail", "patch"): "AFFF",
    ("api-subsidy-list", "post"): "AFFF",
    ("api-subsidy-detail", "put"): "AFFF",
    ("api-subsidy-detail", "patch"): "AFFF",
    ("api-subsidy-detail", "delete"): "AFFF",
    ("api-questionnaire-list", "post"): "AFFF",
    ("api-questionnaire-detail", "put"): "AFFF",
    ("api-questionnaire-detail", "patch"): "AFFF",
    ("api-questionnaire-archive", "post"): "AFFF",
    ("api-questionnaire-publish", "post"): "AFFF",
    ("api-questionnaire-restore", "post"): "AFFF",
    ("api-distribution-list", "post"): "AAAF",
    ("api-distribution-close", "post"): "AAFF",
    ("api-reach-activity-list", "post"): "AAAF",
    ("api-reach-activity-detail", "put"): "AANF",
    ("api-reach-activity-detail", "patch"): "AANF",
    ("api-reach-activity-detail", "delete"): "AANF",
    ("api-framework-list", "post"): "AFFF",
    ("api-framework-detail", "put"): "AFFF",
    ("api-framework-detail", "patch"): "AFFF",
    ("api-framework-set-status", "post"): "AFFF",
    ("api-ambition-list", "post"): "AFFF",
    ("api-ambition-detail", "put"): "AFFF",
    ("api-ambition-detail", "patch"): "AFFF",
    ("api-ambition-detail", "delete"): "AFFF",
    ("api-ambition-endorse", "post"): "FAAF",
    ("api-ambition-endorse", "delete"): "FANF",
    ("api-ambition-move", "post"): "AFFF",
    ("api-goal-list", "post"): "AFFF",
    ("api-goal-detail", "put"): "AFFF",
    ("api-goal-detail", "patch"): "AFFF",
    ("api-goal-detail", "delete"): "AFFF",
    ("api-goal-move", "post"): "AFFF",
    ("api-indicator-list", "post"): "AFFF",
    ("api-indicator-detail", "put"): "AFFF",
    ("api-indicator-detail", "patch"): "AFFF",
    ("api-indicator-detail", "delete"): "AFFF",
    ("api-indicator-value-list", "post"): "AFFF",
    ("api-indicator-value-detail", "put"): "AFFF",
    ("api-indicator-value-detail", "patch"): "AFFF",
    ("api-indicator-value-detail", "delete"): "AFFF",
    ("api-action-list", "post"): "AFFF",
    ("api-action-detail", "put"): "AFFF",
    ("api-action-detail", "patch"): "AFFF",
    ("api-action-detail", "delete"): "AFFF",
    ("api-action-progress", "post"): "AAFF",
    ("api-lea-meeting-list", "post"): "AFFF",
    ("api-lea-meeting-detail", "put"): "AFFF",
    ("api-lea-meeting-detail", "patch"): "AFFF",
    ("api-lea-meeting-detail", "delete"): "AFFF",
    ("api-lea-meeting-hand-over-to-agenda-item", "post"): "AFFF",
    ("api-lea-meeting-hand-over-to-ambition", "post"): "AFFF",
    ("api-agenda-item-list", "post"): "AFFF",
    ("api-agenda-item-detail", "put"): "AFFF",
    ("api-agenda-item-detail", "patch"): "AFFF",
    ("api-agenda-item-detail", "delete"): "AFFF",
    ("api-agenda-item-move", "post"): "AFFF",
    ("api-agreement-list", "post"): "AFFF",
    ("api-agreement-detail", "put"): "AFFF",
    ("api-agreement-detail", "patch"): "AFFF",
    ("api-agreement-detail", "delete"): "AFFF",
    ("api-agreement-set-status", "post"): "AAFF",  # the agreement names bob's organisation
}

LOGIN_PATH = "/accounts/login/"
NOT_WRITES = {AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT}


@pytest.fixture
def erik(utrecht):
    """A professional of another organisation of the same workspace (the library)."""
    from ouderpartner.core.tests.factories import MembershipFactory, UserFactory
    from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory

    library = OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht")
    LocationFactory(organisation=library, name="Bibliotheek Overvecht")
    user = UserFactory(email="erik@utrecht.example", name="Erik Mulder")
    MembershipFactory(user=user, workspace=utrecht, role=Role.PROFESSIONAL, organisation=library)
    return user


@pytest.fixture
def clients(alice, bob, erik, carol):
    made = {}
    for role, user in zip(ROLES, (alice, bob, erik, carol), strict=True):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        made[role] = client
    made["anonymous"] = Client(raise_request_exception=False)
    return made


def concrete(route: str, objects: dict) -> str:
    for parameter, value in PARAMETERS.items():
        route = route.replace(parameter, value)
    return fill(route, ws="utrecht", objects=objects)


def write_methods(route: str, path: str) -> tuple[str, ...]:
    """Pages: POST. The API: the write methods its view takes (a viewset's actions, or a view's handlers)."""
    if not route.startswith("api/"):
        return ("post",)
    view = resolve(path).func
    actions = getattr(view, "actions", None)
    if actions:
        return tuple(method for method in WRITE_METHODS if method in actions)
    cls = getattr(view, "view_class", None) or view.cls
    return tuple(method for method in WRITE_METHODS if hasattr(cls, method))


def write_cells(objects: dict) -> list[tuple[str, str, str, str]]:
    """(route name, method, route, path) of every write the resolver finds."""
    cells = []
    for route, name in workspace_routes():
        path = concrete(route, objects)
        cells += [(name, method, route, path) for method in write_methods(route, path)]
    return cells


def send(client: Client, method: str, path: str, api: bool):
    """One request, rolled back afterwards (audit events are kept, marked undone: they still count)."""
    with transaction.atomic():
        if api:
            response = getattr(client, method)(path, data={}, content_type="application/json")
        else:
            # A field, so that a view reading `request.POST or None` sees a submitted form.
            response = client.post(path, data={"probe": "1"})
        transaction.set_rollback(True)
    return response


def outcome(response) -> str:
    status = response.status_code
    if status >= 500:
        return str(status)
    if status == 302 and response["Location"].startswith(LOGIN_PATH):
        return "L"
    return {401: "401", 403: "F", 404: "N", 405: "M"}.get(status, "A")


def page_text(response) -> str:
    """A page without what differs per request (nonces, CSRF tokens)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode(errors="replace")
    text = re.sub(r'nonce="[^"]*"', "", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def reads_differ(post, get) -> str:
    """Why a POST's answer is not the GET's ("" when it is the same: a page, or the same file)."""
    if post.status_code != get.status_code:
        return f"{post.status_code} after POST, {get.status_code} after GET"
    if post.get("Content-Type") != get.get("Content-Type"):
        return "another kind of content"
    if post.get("Content-Type", "").startswith("text/html") and page_text(post) != page_text(get):
        return "another page"
    return ""  # a file (an export): generated anew each time, the same kind and status


def writes() -> int:
    return AuditEvent.objects.exclude(action__in=NOT_WRITES).count()


def test_every_write_of_every_role(clients, utrecht_objects):  # noqa: F811 (the fixture)
    failures, cells = [], 0
    for name, method, route, path in write_cells(utrecht_objects):
        expected = MATRIX.get((name, method))
        if expected is None:
            failures.append(f"classify this route: ({name!r}, {method!r}) {path}")
            continue
        api = route.startswith("api/")
        for role, letter in zip(ROLES, expected, strict=True):
            client = clients[role]
            if letter == "R":
                client.get(path)  # shows (and so clears) a message left by an earlier write
            before = writes()
            response = send(client, method, path, api)
            got = outcome(response)
            cells += 1
            if letter == "R":
                if got == "M":
                    continue
                wrote = writes() != before
                get = client.get(path)
                different = reads_differ(response, get)
                if wrote or different:
                    why = "wrote" if wrote else different
                    failures.append(f"{role} {method} {path} ({name}): a write, not a page (R): {why}")
            elif got != letter:
                failures.append(f"{role} {method} {path} ({name}): {got}, expected {letter}")
        anonymous = outcome(send(clients["anonymous"], method, path, api))
        cells += 1
        if anonymous not in (("401", "F") if api else ("L",)):
            failures.append(f"anonymous {method} {path} ({name}): {anonymous}")
    assert cells >= 1500
    assert not failures, f"{len(failures)} of {cells} cells:\n" + "\n".join(failures)


def test_cells(utrecht_objects, capsys):  # noqa: F811 (the fixture)
    """The size of the matrix (`pytest tests/test_roles.py -s -k cells`)."""
    found = write_cells(utrecht_objects)
    pages = [cell for cell in found if not cell[2].startswith("api/")]
    api = [cell for cell in found if cell[2].startswith("api/")]
    refused_somewhere = [cell for cell in found if set(MATRIX.get(cell[:2], "")) & {"F", "N"}]
    with capsys.disabled():
        print(
            f"\nRole matrix: {len(found)} writes ({len(pages)} page routes with POST, {len(api)} API "
            f"route×method pairs) × 5 roles = {len(found) * 5} cells; {len(refused_somewhere)} writes "
            f"refused to some role; {sum(1 for v in MATRIX.values() if 'R' in v)} page routes that are "
            "reads (POST answers as GET)"
        )
    assert len(found) >= 300


# --- Writes with valid data: for one's own organisation, never for another -----------------------------------
# The creates a professional of any organisation may reach (AAAF above) decide by the data: a professional
# writes for their own organisation only. Each is tried with valid data by the school's professional (done)
# and by the library's professional for the school (refused, nothing stored).


def _programme(utrecht):
    from ouderpartner.programmes.models import Programme

    return Programme.objects.create(
        workspace=utrecht, name="VoorleesExpress", audience="parents_with_children"
    )


CREATES = {
    "location": (
        "/api/workspaces/utrecht/locations/",
        lambda school, utrecht: {"organisation": school.pk, "name": "Dependance Kanaleneiland"},
    ),
    "offering": (
        "/api/workspaces/utrecht/offerings/",
        lambda school, utrecht: {
            "programme": _programme(utrecht).pk,
            "organisation": school.pk,
            "start_date": "2026-09-01",
        },
    ),
    "activity": (
        "/api/workspaces/utrecht/reach/activities/",
        lambda school, utrecht: {
            "location": school.locations.get().pk,
            "kind": "reading_session",
            "date": "2026-11-20",
            "parents": 6,
        },
    ),
}


@pytest.mark.parametrize("what", sorted(CREATES))
def test_a_professional_creates_for_their_own_organisation_only(what, utrecht, school, bob, erik, carol):
    from ouderpartner.network.models import Location
    from ouderpartner.programmes.models import Offering
    from ouderpartner.reach.models import Activity

    model = {"location": Location, "offering": Offering, "activity": Activity}[what]
    url, make = CREATES[what]
    body = make(school, utrecht)
    before = model.objects.count()
    for outsider, refused in ((erik, (400, 403)), (carol, (403,))):
        client = Client()
        client.force_login(outsider)
        response = client.post(url, body, content_type="application/json")
        assert response.status_code in refused, (outsider, response.content)
        assert model.objects.count() == before
    client = Client()
    client.force_login(bob)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert model.objects.count() == before + 1
    created = model.objects.get(pk=response.json()["id"])
    assert (created.organisation_id if hasattr(created, "organisation_id") else None) == school.pk


def test_a_professional_of_another_organisation_cannot_add_a_place_to_the_school_on_the_page(
    school, erik, bob
):
    from ouderpartner.network.models import Location

    before = Location.objects.count()
    data = {"organisation": school.pk, "name": "Dependance Kanaleneiland"}
    client = Client()
    client.force_login(erik)
    response = client.post("/w/utrecht/network/locations/new/", data)
    assert response.status_code in (400, 403) and Location.objects.count() == before
    client.force_login(bob)
    response = client.post("/w/utrecht/network/locations/new/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Location.objects.filter(organisation=school, name="Dependance Kanaleneiland").exists()
