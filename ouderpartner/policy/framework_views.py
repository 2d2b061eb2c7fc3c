"""Screens for the policy framework: the overview, frameworks (list, detail, form, status, versions and
what changed), ambitions (detail, form, order, delete) and partners' endorsements.

Every member reads; coordinators write; a coordinator or professional endorses only for their own
organisation. Objects are fetched within the workspace (404 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ouderpartner.core.access import coordinator_view, get_object_in_workspace, workspace_view
from ouderpartner.policy import selectors, services
from ouderpartner.policy.framework_forms import (
    AmbitionForm,
    EndorsementForm,
    FrameworkForm,
    StatusForm,
    VersionNoteForm,
)
from ouderpartner.policy.models import Ambition, Endorsement, FrameworkVersion, PolicyFramework
from ouderpartner.voice.forms import apply_errors

NAV_SECTION = "policy"


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"policy:{name}", kwargs=kwargs)


def _crumbs(request: HttpRequest, *more: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"label": _("Policy"), "url": _url(request, "overview")}, *more]


def _framework_crumbs(request: HttpRequest, framework: PolicyFramework, *more: dict[str, Any]) -> list:
    return _crumbs(
        request,
        {"label": _("Frameworks"), "url": _url(request, "framework_list")},
        {"label": framework.title, "url": _url(request, "framework_detail", framework.pk)},
        *more,
    )


def _run(form: Any, write: Any) -> Any:
    """Call the service; a ValidationError lands on the form (nothing lost, never a 500)."""
    try:
        return write()
    except ValidationError as error:
        apply_errors(form, error)
        return None


def _framework(request: HttpRequest, pk: int) -> PolicyFramework:
    return get_object_in_workspace(PolicyFramework, workspace=request.workspace, pk=pk)


def _ambition(request: HttpRequest, pk: int) -> Ambition:
    return get_object_in_workspace(
        Ambition.objects.select_related("framework"), workspace=request.workspace, pk=pk
    )


def _status_actions(framework: PolicyFramework) -> list[dict[str, str]]:
    labels = {
        PolicyFramework.Status.CONSULTATION: _("Start the consultation"),
        PolicyFramework.Status.ADOPTED: _("Mark as adopted"),
        PolicyFramework.Status.DRAFT: _("Back to draft"),
    }
    return [{"status": status, "label": labels[status]} for status in services.STATUS_STEPS[framework.status]]


# --- Overview -----------------------------------------------------------------------------------


@workspace_view
def overview(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    framework = selectors.current_framework(workspace=request.workspace)
    context: dict[str, Any] = {
        "title": _("Policy"),
        "framework": framework,
        "links": selectors.section_links(workspace=request.workspace),
        "is_coordinator": request.membership.is_coordinator,
        "breadcrumbs": [{"label": _("Policy")}],
    }
    if framework is not None:
        context.update(selectors.framework_detail(framework=framework))
        context["other_count"] = (
            PolicyFramework.objects.filter(workspace=request.workspace).exclude(pk=framework.pk).count()
        )
    return render(request, "policy/overview.html", context)


# --- Frameworks ---------------------------------------------------------------------------------


@workspace_view
def framework_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    current = selectors.current_framework(workspace=request.workspace)
    context = {
        "title": _("Frameworks"),
        "frameworks": selectors.frameworks(workspace=request.workspace),
        "current": current,
        "is_coordinator": request.membership.is_coordinator,
        "breadcrumbs": _crumbs(request, {"label": _("Frameworks")}),
    }
    return render(request, "policy/framework/framework_list.html", context)


def _framework_form_page(request: HttpRequest, form: FrameworkForm, title: str, crumbs: list, **extra: Any):
    context = {"form": form, "title": title, "breadcrumbs": crumbs, **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "policy/framework/framework_form.html", context, status=status)


@coordinator_view
@require_http_methods(["GET", "POST"])
def framework_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    form = FrameworkForm(
        request.POST or None,
        instance=PolicyFramework(workspace=request.workspace),
        workspace=request.workspace,
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        framework = _run(
            form,
            lambda: services.framework_create(workspace=request.workspace, actor=request.user, **data),
        )
        if framework:
            messages.success(request, _("The framework has been created. Now add its ambitions."))
            return redirect(_url(request, "framework_detail", framework.pk))
    return _framework_form_page(
        request,
        form,
        _("New framework"),
        _crumbs(
            request, {"label": _("Frameworks"), "url": _url(request, "framework_list")}, {"label": _("New")}
        ),
        cancel_url=_url(request, "framework_list"),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def framework_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    framework = _framework(request, pk)
    form = FrameworkForm(request.POST or None, instance=framework, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        # The form wrote its cleaned values onto the instance; the service compares with the stored row.
        stored = _framework(request, pk)
        done = _run(form, lambda: services.framework_update(framework=stored, actor=request.user, **data))
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_url(request, "framework_detail", pk))
    return _framework_form_page(
        request,
        form,
        _("Edit framework"),
        _framework_crumbs(request, framework, {"label": _("Edit")}),
        framework=framework,
        cancel_url=_url(request, "framework_detail", pk),
    )


@workspace_view
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    framework = _framework(request, pk)
    context = {
        **selectors.framework_detail(framework=framework),
        "title": framework.title,
        "is_coordinator": request.membership.is_coordinator,
        "status_actions": _status_actions(framework) if request.membership.is_coordinator else [],
        "framework_links": selectors.framework_links(
            framework=framework, coordinator=request.membership.is_coordinator
        ),
        "breadcrumbs": _crumbs(
            request,
            {"label": _("Frameworks"), "url": _url(request, "framework_list")},
            {"label": framework.title},
        ),
    }
    return render(request, "policy/framework/framework_detail.html", context)


@coordinator_view
@require_http_methods(["GET", "POST"])
def framework_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a status change; the change saves a version of the framework as it stands."""
    request.nav_section = NAV_SECTION
    framework = _framework(request, pk)
    new_status = request.POST.get("status") or request.GET.get("status", "")
    actions = {a["status"]: a["label"] for a in _status_actions(framework)}
    if new_status not in actions:
        messages.error(
            request,
            _("A framework that is %(status)s cannot change to that status.")
            % {"status": framework.get_status_display()},
        )
        return redirect(_url(request, "framework_detail", pk))
    form = StatusForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        version = _run(
            form,
            lambda: services.framework_set_status(
                framework=framework, actor=request.user, status=new_status, note=form.cleaned_data["note"]
            ),
        )
        if version:
            messages.success(
                request,
                _("The framework is now %(status)s. Version %(number)s has been saved.")
                % {"status": framework.get_status_display(), "number": version.number},
            )
            return redirect(_url(request, "framework_detail", pk))
    explanations = {
        PolicyFramework.Status.CONSULTATION: _(
            "Partners and parents can now react to the ambitions. The parents' consultation page opens "
            "for this framework."
        ),
        PolicyFramework.Status.ADOPTED: _(
            "The framework is adopted today. It becomes the current framework for the years it covers."
        ),
        PolicyFramework.Status.DRAFT: _(
            "The consultation stops and the framework can be reworked. Reactions received so far are kept."
        ),
    }
    context = {
        "title": actions[new_status],
        "framework": framework,
        "form": form,
        "new_status": new_status,
        "new_status_label": PolicyFramework.Status(new_status).label,
        "explanation": explanations[new_status],
        "cancel_url": _url(request, "framework_detail", pk),
        "breadcrumbs": _framework_crumbs(request, framework, {"label": actions[new_status]}),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "policy/framework/framework_status.html", context, status=status)


@coordinator_view
@require_http_methods(["GET", "POST"])
def framework_save_version(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    framework = _framework(request, pk)
    form = VersionNoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        version = _run(
            form,
            lambda: services.framework_save_version(
                framework=framework, actor=request.user, note=form.cleaned_data["note"]
            ),
        )
        if version:
            messages.success(request, _("Version %(number)s has been saved.") % {"number": version.number})
            return redirect(_url(request, "version_list", pk))
    context = {
        "title": _("Save as version %(number)s") % {"number": framework.version},
        "framework": framework,
        "form": form,
        "cancel_url": _url(request, "framework_detail", pk),
        "breadcrumbs": _framework_crumbs(request, framework, {"label": _("Save as version")}),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "policy/framework/version_form.html", context, status=status)


@workspace_view
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    framework = _framework(request, pk)
    versions = list(selectors.versions(framework=framework))
    statuses = dict(PolicyFramework.Status.choices)
    for version, older in zip(versions, [*versions[1:], None], strict=True):
        version.status_label = statuses.get(version.snapshot.get("status"), "")
        version.previous = older.number if older else None
    context = {
        "title": _("Versions of %(title)s") % {"title": framework.title},
        "framework": framework,
        "versions": versions,
        "is_coordinator": request.membership.is_coordinator,
        "breadcrumbs": _framework_crumbs(request, framework, {"label": _("Versions")}),
    }
    return render(request, "policy/framework/version_list.html", context)


def _version_choice(value: str, numbers: set[int]) -> int | str | None:
    if value == "current":
        return "current"
    if value.isdecimal() and len(value) < 10 and int(value) in numbers:
        return int(value)
    return None


@workspace_view
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two saved versions, or between a saved version and the framework now.

    Without a choice: the newest saved version against the framework as it is now.
    """
    request.nav_section = NAV_SECTION
    framework = _framework(request, pk)
    saved = {v.number: v for v in FrameworkVersion.objects.filter(framework=framework).order_by("-number")}
    if not saved:
        messages.info(request, _("There is no saved version yet to compare with."))
        return redirect(_url(request, "version_list", pk))
    numbers = set(saved)
    newest = max(numbers)
    old = _version_choice(request.GET.get("from", ""), numbers)
    new = _version_choice(request.GET.get("to", ""), numbers)
    invalid = ("from" in request.GET and old is None) or ("to" in request.GET and new is None)
    old = newest if old is None else old
    new = "current" if new is None else new

    def snapshot(choice: int | str) -> dict[str, Any]:
        return services.framework_snapshot(framework) if choice == "current" else saved[choice].snapshot

    def label(choice: int | str) -> str:
        if choice == "current":
            return _("as it is now (version %(number)s, not saved)") % {"number": framework.version}
        return _("version %(number)s") % {"number": choice}

    context = {
        "title": _("What changed in %(title)s") % {"title": framework.title},
        "framework": framework,
        "diff": selectors.version_diff(snapshot(old), snapshot(new)),
        "old": old,
        "new": new,
        "old_label": label(old),
        "new_label": label(new),
        "choices": [("current", label("current"))] + [(n, label(n)) for n in sorted(numbers, reverse=True)],
        "invalid": invalid,
        "breadcrumbs": _framework_crumbs(
            request,
            framework,
            {"label": _("Versions"), "url": _url(request, "version_list", pk)},
            {"label": _("Compare")},
        ),
    }
    return render(request, "policy/framework/version_compare.html", context, status=400 if invalid else 200)


# --- Ambitions ----------------------------------------------------------------------------------


def _ambition_form_page(request: HttpRequest, form: AmbitionForm, title: str, crumbs: list, **extra: Any):
    context = {"form": form, "title": title, "breadcrumbs": crumbs, **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "policy/framework/ambition_form.html", context, status=status)


@coordinator_view
@require_http_methods(["GET", "POST"])
def ambition_create(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    framework = _framework(request, pk)
    level = request.GET.get("level", "")
    instance = Ambition(workspace=request.workspace, framework=framework)
    if level in ("1", "2", "3"):
        instance.level = int(level)
    form = AmbitionForm(request.POST or None, instance=instance, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        ambition = _run(
            form, lambda: services.ambition_create(framework=framework, actor=request.user, **data)
        )
        if ambition:
            messages.success(request, _("The ambition has been added."))
            return redirect(_url(request, "framework_detail", framework.pk) + f"#ambition-{ambition.pk}")
    return _ambition_form_page(
        request,
        form,
        _("New ambition"),
        _framework_crumbs(request, framework, {"label": _("New ambition")}),
        framework=framework,
        cancel_url=_url(request, "framework_detail", framework.pk),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def ambition_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    ambition = _ambition(request, pk)
    form = AmbitionForm(request.POST or None, instance=ambition, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        stored = _ambition(request, pk)
        done = _run(form, lambda: services.ambition_update(ambition=stored, actor=request.user, **data))
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_url(request, "ambition_detail", pk))
    return _ambition_form_page(
        request,
        form,
        _("Edit ambition"),
        _framework_crumbs(
            request,
            ambition.framework,
            {"label": ambition.title, "url": _url(request, "ambition_detail", pk)},
            {"label": _("Edit")},
        ),
        framework=ambition.framework,
        ambition=ambition,
        cancel_url=_url(request, "ambition_detail", pk),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def ambition_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    ambition = _ambition(request, pk)
    framework = ambition.framework
    if request.method == "POST":
        services.ambition_delete(ambition=ambition, actor=request.user)
        messages.success(request, _("The ambition has been deleted."))
        return redirect(_url(request, "framework_detail", framework.pk))
    context = {
        "title": _("Delete this ambition?"),
        "ambition": ambition,
        "endorsement_count": ambition.endorsements.count(),
        "goal_count": ambition.goals.count(),
        "action_count": ambition.actions.count(),
        "comment_count": ambition.comments.count(),
        "cancel_url": _url(request, "ambition_detail", pk),
        "breadcrumbs": _framework_crumbs(
            request,
            framework,
            {"label": ambition.title, "url": _url(request, "ambition_detail", pk)},
            {"label": _("Delete")},
        ),
    }
    return render(request, "policy/framework/ambition_confirm_delete.html", context)


@coordinator_view
@require_POST
def ambition_move(request: HttpRequest, pk: int) -> HttpResponse:
    ambition = _ambition(request, pk)
    direction = request.POST.get("direction", "")
    try:
        services.ambition_move(ambition=ambition, actor=request.user, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_url(request, "framework_detail", ambition.framework_id) + f"#ambition-{pk}")


@workspace_view
def ambition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    ambition = get_object_in_workspace(
        selectors.ambitions_of_workspace(workspace=request.workspace), workspace=request.workspace, pk=pk
    )
    framework = ambition.framework
    matrix = selectors.endorsement_matrix(framework=framework, ambitions=[ambition])
    membership = request.membership
    own = None
    if services.can_endorse(membership):
        own = next((e for e in ambition.endorsed if e.organisation_id == membership.organisation_id), None)
    eligible = services.can_endorse(membership) and any(
        p.pk == membership.organisation_id for p in matrix.partners
    )
    context = {
        "title": ambition.title,
        "ambition": ambition,
        "framework": framework,
        "parent_texts": selectors.parent_texts(ambition),
        "parents_said": next(
            (
                link["url"] + f"#ambition-{ambition.pk}"
                for link in selectors.framework_links(framework=framework, coordinator=False)
                if link["name"] == "consultation_summary"
            ),
            "",
        ),
        "is_coordinator": membership.is_coordinator,
        "own_endorsement": own,
        "can_endorse": eligible and own is None,
        "endorse_reason": _endorse_reason(membership, eligible),
        "endorse_form": EndorsementForm(),
        "organisation": membership.organisation,
        "breadcrumbs": _framework_crumbs(request, framework, {"label": ambition.title}),
    }
    return render(request, "policy/framework/ambition_detail.html", context)


def _endorse_reason(membership: Any, eligible: bool) -> str:
    """Why this member sees no endorse button (empty when they do, or when they only read)."""
    if membership.role == "viewer":
        return ""
    if not membership.organisation_id:
        return _(
            "Your membership is not linked to an organisation, so you cannot endorse on behalf of one. "
            "A coordinator links it under Management."
        )
    if not eligible:
        return _("%(organisation)s is not among the partners asked to endorse this framework.") % {
            "organisation": membership.organisation.name
        }
    return ""


# --- Endorsements -------------------------------------------------------------------------------


@workspace_view
@require_POST
def endorsement_create(request: HttpRequest, pk: int) -> HttpResponse:
    ambition = _ambition(request, pk)
    if not services.can_endorse(request.membership):
        raise PermissionDenied
    form = EndorsementForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_url(request, "ambition_detail", pk))
    try:
        services.endorsement_create(
            ambition=ambition,
            membership=request.membership,
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(organisation)s endorses this ambition.")
            % {"organisation": request.membership.organisation.name},
        )
    return redirect(_url(request, "ambition_detail", pk))


@workspace_view
@require_http_methods(["GET", "POST"])
def endorsement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    endorsement = get_object_in_workspace(
        Endorsement.objects.select_related("ambition__framework", "organisation"),
        workspace=request.workspace,
        pk=pk,
    )
    if not services.can_withdraw(request.membership, endorsement):
        raise PermissionDenied
    ambition = endorsement.ambition
    if request.method == "POST":
        services.endorsement_withdraw(
            endorsement=endorsement, membership=request.membership, actor=request.user
        )
        messages.success(request, _("The endorsement has been withdrawn."))
        return redirect(_url(request, "ambition_detail", ambition.pk))
    context = {
        "title": _("Withdraw this endorsement?"),
        "endorsement": endorsement,
        "ambition": ambition,
        "cancel_url": _url(request, "ambition_detail", ambition.pk),
        "breadcrumbs": _framework_crumbs(
            request,
            ambition.framework,
            {"label": ambition.title, "url": _url(request, "ambition_detail", ambition.pk)},
            {"label": _("Withdraw endorsement")},
        ),
    }
    return render(request, "policy/framework/endorsement_confirm_withdraw.html", context)
