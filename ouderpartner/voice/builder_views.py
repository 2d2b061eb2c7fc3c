"""(being built)"""

from ouderpartner.core.access import workspace_view


@workspace_view
def _todo(request):
    raise NotImplementedError


questionnaire_list = distribution_list = conversation_list = _todo
