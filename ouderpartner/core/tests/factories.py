"""Factories for workspaces, users and memberships."""

import factory

from ouderpartner.accounts.models import User
from ouderpartner.core.models import Membership, Role, Workspace


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    kind = Workspace.Kind.MUNICIPALITY
    # GM9000-GM9999 (no real municipality has them), wrapping: the column holds six characters.
    municipality_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    parent_languages = ["nl", "en", "ar", "tr"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password("correct horse battery staple")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    workspace = factory.SubFactory(WorkspaceFactory)
    role = Role.VIEWER
