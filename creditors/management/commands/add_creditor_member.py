"""Give a person a role in a creditor: `manage.py add_creditor_member EMAIL BUSINESS_ID`."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from creditors.models import Role
from creditors.services import add_member
from invoices.models import Creditor


class Command(BaseCommand):
    help = "Make a user (created if new) a viewer or manager of a creditor."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("business_id", help="the creditor's business id, as in the replica")
        parser.add_argument("--role", choices=Role.values, default=Role.VIEWER)
        parser.add_argument("--password", help="for a new user; they add a second factor next")

    def handle(self, *args, email, business_id, role, password, **options):
        creditor = Creditor.objects.filter(business_id=business_id).first()
        if creditor is None:
            raise CommandError(f"No creditor with business id {business_id} (has sync run?).")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=password)
        add_member(user, creditor, role=role)
        self.stdout.write(f"{user.email} is now {role} of {creditor.name}.")
