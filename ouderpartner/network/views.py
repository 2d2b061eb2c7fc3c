"""Network screens (being built)."""

from ouderpartner.core.access import workspace_view


@workspace_view
def organisation_list(request):
    raise NotImplementedError


organisation_create = location_list = neighbourhood_list = partnership_list = organisation_list
partnership_create = organisation_list
