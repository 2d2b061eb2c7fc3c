"""API: the reach dashboard's published aggregates, filters, errors, outsiders and a query bound."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.reach.tests.test_dashboard import activities, city, record  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def dashboard_url(ws: str = "utrecht") -> str:
    return reverse("api-reach-dashboard", kwargs={"ws": ws})


def test_it_returns_the_published_figures_only(api, carol, city, activities):  # noqa: F811
    response = api(carol).get(dashboard_url())
    assert response.status_code == 200
    body = response.json()
    assert body["threshold"] == 5
    rows = {row["label"]: row for row in body["neighbourhoods"]["rows"]}
    assert rows["Noord"]["parents"] == {"value": 30, "suppressed": False}
    assert rows["Zuid"]["target_group_parents"] == {"value": 10, "suppressed": False}  # 12 rounded
    assert body["neighbourhoods"]["total"]["parents"] == {"value": 65, "suppressed": False}  # 63
    assert body["languages"]["total"] is None
    assert {row["key"] for row in body["languages"]["rows"]} == {"nl", "ar", "tr"}
    for breakdown in (
        "programmes",
        "places",
        "organisation_kinds",
        "activity_kinds",
        "monthly",
        "school_years",
    ):
        for row in body[breakdown]["rows"]:
            for name in ("parents", "target_group_parents", "other_parents", "first_time_parents"):
                value = row[name]["value"]
                assert value is None or value == 0 or (value >= 5 and value % 5 == 0)


def test_small_counts_are_hidden(api, carol, city):  # noqa: F811
    record(city["school"], parents=30, target=20)
    record(city["library"], parents=20, target=3)
    body = api(carol).get(dashboard_url()).json()
    zuid = next(row for row in body["neighbourhoods"]["rows"] if row["label"] == "Zuid")
    assert zuid["target_group_parents"] == {"value": None, "suppressed": True}


def test_filters_and_bad_values(api, carol, city, activities):  # noqa: F811
    client = api(carol)
    body = client.get(dashboard_url(), {"kind": "reading_session", "programme": "none"}).json()
    assert body["neighbourhoods"]["total"]["parents"] == {"value": 10, "suppressed": False}
    body = client.get(dashboard_url(), {"district": city["noord"].pk}).json()
    assert [row["label"] for row in body["neighbourhoods"]["rows"]] == ["Noord-Oost"]
    for params, field in (
        ({"kind": "picnic"}, "kind"),
        ({"period": "tomorrow"}, "period"),
        ({"period": "y1999"}, "period"),
        ({"programme": "99999"}, "programme"),
        ({"district": city["noord_area"].pk}, "district"),
    ):
        response = client.get(dashboard_url(), params)
        assert response.status_code == 400, params
        assert field in response.json()


def test_an_outsider_gets_404(api, dave, city, activities):  # noqa: F811
    assert api(dave).get(dashboard_url()).status_code == 404
    assert api(dave).get(dashboard_url("amersfoort")).status_code == 200  # his own, empty


def test_queries_do_not_grow_with_activities(api, carol, city, django_assert_max_num_queries):  # noqa: F811
    client = api(carol)
    record(city["school"], parents=10, target=5)
    client.get(dashboard_url())
    with django_assert_max_num_queries(30) as few:
        client.get(dashboard_url())
    for n in range(25):
        record(
            city["library" if n % 2 else "school"],
            parents=10 + n,
            target=n % 7,
            languages=["nl", "tr"][: n % 3],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(dashboard_url(), {"period": "all"})
