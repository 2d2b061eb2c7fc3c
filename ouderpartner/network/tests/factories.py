"""Factories for the network."""

import factory

from ouderpartner.core.tests.factories import WorkspaceFactory
from ouderpartner.network.models import Location, Neighbourhood, Organisation, OrganisationKind, Partnership


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    workspace = factory.SubFactory(WorkspaceFactory)
    level = Neighbourhood.Level.AREA
    code = factory.Sequence(lambda n: f"BU9999{n:04d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")
    year = 2024
    inhabitants = 2000
    children_0_14 = 300
    households_with_children = 200


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    workspace = factory.SubFactory(WorkspaceFactory)
    kind = OrganisationKind.SCHOOL
    name = factory.Sequence(lambda n: f"Basisschool {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    workspace = factory.SelfAttribute("organisation.workspace")
    name = factory.SelfAttribute("organisation.name")
    street = "Schoolstraat"
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "3511 AB"
    city = "Utrecht"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Koppeling {n}")
    kind = Partnership.Kind.PRESCHOOL_TO_SCHOOL
