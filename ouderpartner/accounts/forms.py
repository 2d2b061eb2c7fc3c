"""Forms for signing in, passwords, and accepting an invitation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _

from ouderpartner.accounts.models import User
from ouderpartner.core.forms import StyledFormMixin


class EmailAuthenticationForm(StyledFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match an account. Check both and try again; "
            "passwords are case-sensitive."
        ),
        "inactive": _("This account has been switched off."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class StyledSetPasswordForm(StyledFormMixin, SetPasswordForm):
    pass


class StyledPasswordResetForm(StyledFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, **kwargs: Any) -> None:
        """The link in the mail starts with settings.SITE_URL, not with whatever host the request named."""
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "site_url": settings.SITE_URL,
        }
        super().save(**kwargs)


class InvitationSignupForm(StyledFormMixin, forms.Form):
    """For an invitee without an account: a name and a password (the e-mail comes from the invitation)."""

    name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; a few unusual words in a row work well."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            candidate = User(email=self.email, name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationLoginForm(StyledFormMixin, forms.Form):
    """For an invitee who already has an account: their password (the e-mail comes from the invitation)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, email: str, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        self.request = request
        self.user: User | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            self.user = authenticate(self.request, username=self.email, password=password)
            if self.user is None or not self.user.is_active:
                self.add_error(
                    "password", _("This password is not correct for %(email)s.") % {"email": self.email}
                )
        return cleaned


class TwoFactorCodeForm(StyledFormMixin, forms.Form):
    """A code from the authenticator app (six digits) or, when verifying, a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, numeric: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if numeric:
            self.fields["code"].widget.attrs.update({"inputmode": "numeric"})
            self.fields["code"].help_text = _("The six digits your app shows now.")
        else:
            self.fields["code"].help_text = _(
                "The six digits your authenticator app shows now, or one of your recovery codes."
            )


class PasswordConfirmForm(StyledFormMixin, forms.Form):
    """Typing the password again before a change to sign-in security."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
