"""Start, the workspace home dashboard and the statements (health checks: health.py)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from ouderpartner.core.access import memberships_for_user, workspace_view
from ouderpartner.network.selectors import network_summary


def start(request: HttpRequest) -> HttpResponse:
    """Send a signed-in user to their (last) workspace; others to the login page."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    memberships = list(memberships_for_user(request.user))
    last = request.session.get("last_workspace")
    for membership in memberships:
        if membership.workspace.slug == last or len(memberships) == 1:
            return redirect("core:home", ws=membership.workspace.slug)
    return render(request, "core/start.html", {"memberships": memberships})


@workspace_view
def home(request: HttpRequest) -> HttpResponse:
    request.nav_section = "home"
    summary = network_summary(workspace=request.workspace)
    return render(
        request, "core/home.html", {"summary": summary, "next_steps": _next_steps(request, summary)}
    )


def _next_steps(request: HttpRequest, summary: dict[str, int]) -> list[str]:
    steps = []
    if request.membership.is_coordinator:
        if not summary["districts"]:
            steps.append("import_neighbourhoods")
        if not summary["partners"]:
            steps.append("add_partner")
        if summary["partners"] and not summary["trusted_places"]:
            steps.append("mark_trusted_places")
        if summary["without_neighbourhood"]:
            steps.append("link_neighbourhoods")
        if summary["partners"] and not summary["partnerships"]:
            steps.append("add_partnership")
        steps.append("invite")
    return steps


def set_language(request: HttpRequest, language: str) -> HttpResponse:
    """Switch the interface language with a plain link (the header holds no form, only links)."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "breadcrumbs": [{"label": _("Privacy statement")}],
        "session_idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
        "session_hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600,
    }
    return render(request, "core/privacy.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request, "core/accessibility.html", {"breadcrumbs": [{"label": _("Accessibility statement")}]}
    )
