"""Upload screen for the importers, with a preview before anything changes (being built)."""

from ouderpartner.core.access import coordinator_view


@coordinator_view
def import_upload(request):
    raise NotImplementedError
