"""Staff screens for distributions: list, create, detail with short link and QR code, close and reopen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ouderpartner.core.access import get_object_in_workspace, workspace_view
from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.models import Membership, Workspace
from ouderpartner.voice import distributions as service
from ouderpartner.voice import posters
from ouderpartner.voice.models import Distribution

PAGE_SIZE = 25


class DistributionForm(StyledFormMixin, forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=gettext_lazy("Questionnaire"),
        queryset=None,
        help_text=gettext_lazy("Only published questionnaires can be handed out."),
    )
    location = forms.ModelChoiceField(
        label=gettext_lazy("Trusted place"),
        queryset=None,
        help_text=gettext_lazy("Where parents find the link and the QR code."),
    )
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme (optional)"), queryset=None, required=False
    )
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: open straight away."),
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Last day (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: open until you close it."),
    )

    def __init__(self, *args: Any, workspace: Workspace, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = service.distribution_questionnaires(workspace=workspace)
        self.fields["location"].queryset = service.distribution_locations(
            workspace=workspace, membership=membership
        )
        self.fields["location"].label_from_instance = lambda place: (
            f"{place.name} ({place.organisation.name})"
        )
        self.fields["programme"].queryset = service.distribution_programmes(workspace=workspace)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The last day must be on or after the first day."))
        return data


def _start_of(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"voice:{name}", kwargs=kwargs)


def _breadcrumbs(request: HttpRequest, *extra: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": _("Distributions"), "url": _url(request, "distribution_list")}, *extra]


STATE_LABELS = {
    service.OPEN: gettext_lazy("open"),
    service.NOT_YET_OPEN: gettext_lazy("not open yet"),
    service.CLOSED: gettext_lazy("closed"),
}


@workspace_view
@require_http_methods(["GET"])
def distribution_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = "voice"
    paginator = Paginator(service.distribution_list(workspace=request.workspace), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {"distribution": d, "state": STATE_LABELS[service.distribution_state(d, now=now)]}
        for d in page.object_list
    ]
    return render(
        request,
        "voice/distribution_list.html",
        {
            "title": _("Distributions"),
            "breadcrumbs": [{"label": _("Distributions")}],
            "page": page,
            "rows": rows,
            "page_links": {
                "previous": f"?page={page.previous_page_number()}" if page.has_previous() else "",
                "next": f"?page={page.next_page_number()}" if page.has_next() else "",
            },
            "can_create": service.can_create_distributions(request.membership),
        },
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def distribution_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = "voice"
    membership = request.membership
    if not service.can_create_distributions(membership):
        raise PermissionDenied
    form = DistributionForm(request.POST or None, workspace=request.workspace, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        closes_on = data.get("closes_on")
        try:
            distribution = service.distribution_create(
                workspace=request.workspace,
                membership=membership,
                questionnaire=data["questionnaire"],
                location=data["location"],
                programme=data.get("programme"),
                opens_at=_start_of(data.get("opens_on")),
                closes_at=_start_of(closes_on + dt.timedelta(days=1)) if closes_on else None,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The questionnaire is now handed out at this place."))
            return redirect(_url(request, "distribution_detail", distribution.pk))
    title = _("Hand out a questionnaire")
    return render(
        request,
        "voice/distribution_form.html",
        {
            "title": title,
            "form": form,
            "cancel_url": _url(request, "distribution_list"),
            "breadcrumbs": _breadcrumbs(request, {"label": title, "url": request.path}),
        },
    )


def _get(request: HttpRequest, pk: int) -> Distribution:
    return get_object_in_workspace(
        service.distribution_list(workspace=request.workspace), workspace=request.workspace, pk=pk
    )


@workspace_view
@require_http_methods(["GET"])
def distribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "voice"
    distribution = _get(request, pk)
    link = service.distribution_link(distribution)
    title = str(distribution.questionnaire)
    return render(
        request,
        "voice/distribution_detail.html",
        {
            "title": title,
            "distribution": distribution,
            "state": service.distribution_state(distribution),
            "state_label": STATE_LABELS[service.distribution_state(distribution)],
            "link": link,
            "assisted_link": f"{link}?assisted=1",
            "qr_svg": service.distribution_qr_svg_inline(distribution, scale=6),
            "can_manage": service.can_manage_distribution(request.membership, distribution),
            "closes_on": distribution.closes_at - dt.timedelta(microseconds=1)
            if distribution.closes_at
            else None,
            "breadcrumbs": _breadcrumbs(request, {"label": title, "url": request.path}),
        },
    )


@workspace_view
@require_http_methods(["GET"])
def distribution_qr(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = _get(request, pk)
    response = HttpResponse(service.distribution_qr_svg_file(distribution), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="qr-{distribution.code}.svg"'
    return response


@workspace_view
@require_http_methods(["GET"])
def distribution_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable poster (PDF, A4 or A5) with the QR code, the link and the first question in every language.

    Not audited, like the QR code's download: it holds nothing but what hangs on the wall.
    """
    distribution = _get(request, pk)
    size = posters.poster_size(request.GET.get("size"))
    try:
        pdf = posters.poster_pdf(distribution, size=size)
    except posters.PosterUnavailable:
        request.nav_section = "voice"
        title = _("The poster cannot be made now")
        return render(
            request,
            "voice/poster_unavailable.html",
            {
                "title": title,
                "distribution": distribution,
                "breadcrumbs": _breadcrumbs(
                    request,
                    {
                        "label": str(distribution.questionnaire),
                        "url": _url(request, "distribution_detail", pk),
                    },
                    {"label": title, "url": request.path},
                ),
            },
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{distribution.code}-{size}.pdf"'
    return response


@workspace_view
@require_POST
def distribution_close(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = _get(request, pk)
    service.distribution_close(distribution=distribution, membership=request.membership)
    messages.success(request, _("Closed: parents see a message that the questionnaire is closed."))
    return redirect(_url(request, "distribution_detail", pk))


@workspace_view
@require_POST
def distribution_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = _get(request, pk)
    service.distribution_reopen(distribution=distribution, membership=request.membership)
    messages.success(request, _("Open again: parents can answer."))
    return redirect(_url(request, "distribution_detail", pk))
