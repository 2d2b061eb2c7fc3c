"""(being built)"""

from ouderpartner.core.access import workspace_view


@workspace_view
def _todo(request):
    raise NotImplementedError


programme_list = catalogue = policy_domain_list = transition_list = _todo
continuous_line = integral_matrix = subsidy_list = _todo
