from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ouderpartner.core"
    label = "core"
    verbose_name = _("Workspaces")

    def ready(self) -> None:
        from ouderpartner.core import audit  # noqa: F401  (registers the audit trail's system check)
