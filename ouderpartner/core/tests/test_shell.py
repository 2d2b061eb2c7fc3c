"""The page shell (base.html and the shell context processor): the user menu's workspace links, the
navigation and the workspace colours, which are worked out once per process and must never mix workspaces."""

from __future__ import annotations

import re

import pytest

from ouderpartner.core.models import Role
from ouderpartner.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_member_of_two_workspaces_can_switch_and_sees_where_she_is(client_for, alice, amersfoort):
    MembershipFactory(user=alice, workspace=amersfoort, role=Role.VIEWER)
    page = client_for(alice).get("/w/amersfoort/").content.decode()
    links = re.findall(r'<a [^>]*href="(/w/[a-z]+/)"( aria-current="true")?>', page)
    assert ("/w/amersfoort/", ' aria-current="true"') in links
    assert ("/w/utrecht/", "") in links


def test_a_member_of_one_workspace_gets_no_switch_links(client_for, alice):
    page = client_for(alice).get("/w/utrecht/").content.decode()
    assert 'aria-current="true"' not in page


def test_the_navigation_follows_the_workspace_and_the_role(client_for, alice, amersfoort):
    MembershipFactory(user=alice, workspace=amersfoort, role=Role.VIEWER)
    client = client_for(alice)
    utrecht_page = client.get("/w/utrecht/network/organisations/").content.decode()
    amersfoort_page = client.get("/w/amersfoort/network/organisations/").content.decode()
    # The coordinator of Utrecht sees Management there; as a viewer in Amersfoort she does not.
    assert 'href="/w/utrecht/members/"' in utrecht_page
    assert "/w/amersfoort/members/" not in amersfoort_page
    assert 'href="/w/amersfoort/network/organisations/" aria-current="page"' in amersfoort_page
    assert "/w/utrecht/network/organisations/" not in amersfoort_page.split("<main")[0].split("op-nav")[1]


def test_each_workspace_gets_its_own_colours(client_for, alice, utrecht, amersfoort):
    utrecht.primary_colour = "#AA0000"
    utrecht.save()
    amersfoort.primary_colour = "#00AA00"
    amersfoort.save()
    MembershipFactory(user=alice, workspace=amersfoort, role=Role.VIEWER)
    client = client_for(alice)
    assert "--op-primary:#AA0000" in client.get("/w/utrecht/").content.decode()
    assert "--op-primary:#00AA00" in client.get("/w/amersfoort/").content.decode()
    amersfoort.primary_colour = "red;}"  # not a colour (and fits the column on PostgreSQL)
    amersfoort.save()
    assert "--op-primary:#01689B" in client.get("/w/amersfoort/").content.decode()
