"""Accepting an invitation; signing in with a second step; sign-in security (two-factor, sessions)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ouderpartner.accounts import security
from ouderpartner.accounts.forms import (
    EmailAuthenticationForm,
    InvitationLoginForm,
    InvitationSignupForm,
    PasswordConfirmForm,
    TwoFactorCodeForm,
)
from ouderpartner.accounts.models import Invitation, User
from ouderpartner.accounts.services import invitation_accept as accept
from ouderpartner.accounts.services import invitation_problem, user_create_for_invitation
from ouderpartner.core.models import AuditEvent

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
            security.audit_user_event(form.user, AuditEvent.Action.LOGIN, {"step": "password"})
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


# --- Sign-in security: login, two-factor authentication, sessions, lockout --------------------------


class LoginView(auth_views.LoginView):
    """Django's login, with the login written to the audit trail of the user's workspaces."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        has_device = security.confirmed_device(user) is not None
        security.audit_user_event(
            user, AuditEvent.Action.LOGIN, {"step": "password", "second_step": has_device}
        )
        return response


def _next_url(request: HttpRequest, default: str = "") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password: a code from the app, or a recovery code."""
    next_url = _next_url(request)
    if security.session_is_verified(request.session):
        return redirect(next_url)
    if security.confirmed_device(request.user) is None:
        return redirect(f"{reverse('accounts:two_factor_setup')}?{urlencode({'next': next_url})}")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = security.two_factor_verify(
                request=request, user=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            if method == "recovery":
                left = security.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code. %(count)s is left; make new ones under Sign-in security.",
                        "You used a recovery code. %(count)s are left; make new ones under Sign-in security.",
                        left,
                    )
                    % {"count": left},
                )
            else:
                security.audit_user_event(request.user, AuditEvent.Action.LOGIN, {"step": "authenticator"})
            return redirect(next_url)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "breadcrumbs": [{"label": _("Log in")}]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code."""
    next_url = _next_url(request)
    if security.confirmed_device(request.user) is not None:
        if not security.session_is_verified(request.session):
            return redirect(f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': next_url})}")
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("accounts:security")
    device = security.totp_setup_device(request.user)
    form = TwoFactorCodeForm(request.POST or None, numeric=True)
    if request.method == "POST" and form.is_valid():
        try:
            codes = security.totp_confirm(request=request, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session[security.NEW_RECOVERY_CODES] = codes
            request.session["auth_after_recovery_codes"] = next_url
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("accounts:recovery_codes")
    required = security.two_factor_required(request.user)
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "required": required,
            "qr_svg": qr.svg_inline(scale=5, omitsize=False),
            "secret": security.totp_secret(device),
            "otpauth_url": device.config_url,
            "breadcrumbs": [{"label": _("Set up two-factor authentication")}],
        },
    )


@login_required
@require_http_methods(["GET"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once (they are stored hashed nowhere else to be read back)."""
    codes = request.session.pop(security.NEW_RECOVERY_CODES, None)
    next_url = request.session.pop("auth_after_recovery_codes", "") or reverse("accounts:security")
    if not codes:
        messages.info(
            request, _("Recovery codes are shown only once. Make new ones if you no longer have them.")
        )
        return redirect("accounts:security")
    response = render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": [security.format_recovery_code(code) for code in codes],
            "next": next_url,
            "breadcrumbs": [{"label": _("Recovery codes")}],
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET"])
def account_security(request: HttpRequest) -> HttpResponse:
    """The user's sign-in security: two-factor authentication, recovery codes, sessions, password."""
    device = security.confirmed_device(request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "codes_left": security.recovery_codes_left(request.user) if device else 0,
            "required": security.two_factor_required(request.user),
            "disable_form": PasswordConfirmForm(),
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
            "absolute_hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600,
            "breadcrumbs": [{"label": _("Sign-in security")}],
        },
    )


@login_required
@require_POST
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    try:
        codes = security.recovery_codes_regenerate(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:security")
    request.session[security.NEW_RECOVERY_CODES] = codes
    messages.success(request, _("New recovery codes are made; the old ones no longer work."))
    return redirect("accounts:recovery_codes")


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST)
    if form.is_valid():
        try:
            security.two_factor_disable(
                request=request, user=request.user, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            form.add_error("password", error)
    if form.errors:
        device = security.confirmed_device(request.user)
        return render(
            request,
            "accounts/security.html",
            {
                "device": device,
                "codes_left": security.recovery_codes_left(request.user) if device else 0,
                "required": security.two_factor_required(request.user),
                "disable_form": form,
                "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
                "absolute_hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600,
                "breadcrumbs": [{"label": _("Sign-in security")}],
            },
            status=400,
        )
    messages.success(
        request,
        _("Two-factor authentication is off; you were signed out on your other devices."),
    )
    return redirect("accounts:security")


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    security.sign_out_everywhere(request=request, user=request.user)
    messages.success(request, _("You are signed out everywhere, on every device. Log in again here."))
    return redirect("accounts:login")


@login_required
@require_POST
def two_factor_nudge_dismiss(request: HttpRequest) -> HttpResponse:
    request.session[security.NUDGE_DISMISSED] = True
    return redirect(_next_url(request))


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer after too many failed logins for this e-mail address from this address."""
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "breadcrumbs": [{"label": _("Log in")}],
        },
        status=429,
    )
