"""manage.py demo_logins: the demo accounts (e-mail, password, role, workspace), for `make run` to print."""

from django.core.management.base import BaseCommand

from ouderpartner.accounts.demo import demo_two_factor_lines
from ouderpartner.core.demo import DEMO_PASSWORD
from ouderpartner.core.demo.loader import DEMO_USERS
from ouderpartner.core.models import Membership


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        emails = [spec["email"] for spec in DEMO_USERS]
        memberships = {
            m.user.email: m
            for m in Membership.objects.filter(user__email__in=emails).select_related(
                "user", "workspace", "organisation"
            )
        }
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        for spec in DEMO_USERS:
            membership = memberships.get(spec["email"])
            if membership is None:
                continue
            role = str(spec["role"].value)
            if membership.organisation:
                role = f"{role} at {membership.organisation.name}"
            self.stdout.write(
                f"    {spec['email']:<20} {DEMO_PASSWORD}  {role:<45} {membership.workspace.name}"
            )
        coordinators = [
            memberships[spec["email"]].user
            for spec in DEMO_USERS
            if spec["email"] in memberships and spec["role"] == "coordinator"
        ]
        for line in demo_two_factor_lines(coordinators):
            self.stdout.write(line)
