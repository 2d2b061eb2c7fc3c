"""Accepting an invitation: sign up or log in, then join the workspace in the invited role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ouderpartner.accounts.forms import InvitationLoginForm, InvitationSignupForm
from ouderpartner.accounts.models import Invitation, User
from ouderpartner.accounts.services import invitation_accept as accept
from ouderpartner.accounts.services import invitation_problem, user_create_for_invitation

PROBLEM_STATUS = {"unknown": 404, "used": 410, "revoked": 410, "expired": 410}


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        Invitation.objects.select_related("workspace", "organisation", "invited_by")
        .filter(token=token)
        .first()
    )
    problem = invitation_problem(invitation)
    context: dict[str, object] = {"invitation": invitation, "breadcrumbs": [{"label": _("Invitation")}]}
    if problem:
        return render(
            request,
            "accounts/invitation_problem.html",
            {**context, "problem": problem},
            status=PROBLEM_STATUS[problem],
        )
    assert invitation is not None

    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            return render(request, "accounts/invitation_wrong_user.html", context, status=403)
        if request.method == "POST":
            return _join(request, invitation, request.user)
        return render(request, "accounts/invitation_accept.html", {**context, "mode": "join"})

    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    if has_account:
        form = InvitationLoginForm(request.POST or None, email=invitation.email, request=request)
        if request.method == "POST" and form.is_valid():
            login(request, form.user)
            return _join(request, invitation, form.user)
        return render(request, "accounts/invitation_accept.html", {**context, "mode": "login", "form": form})

    form = InvitationSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create_for_invitation(
                invitation=invitation, name=form.cleaned_data["name"], password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _join(request, invitation, user)
    return render(request, "accounts/invitation_accept.html", {**context, "mode": "signup", "form": form})


def _join(request: HttpRequest, invitation: Invitation, user: User) -> HttpResponse:
    try:
        membership = accept(invitation=invitation, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("core:start")
    messages.success(
        request,
        _("Welcome to %(workspace)s. You take part as %(role)s.")
        % {"workspace": membership.workspace.name, "role": membership.get_role_display()},
    )
    return redirect("core:home", ws=membership.workspace.slug)
