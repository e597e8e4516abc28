"""The agent's person view in the admin: find a person, then see everything of theirs.

Opening a person's page is itself audited (`person.viewed`: who looked at whose data, when).
Agents act from the page through the existing admin pages and services it links to.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts import audit
from invoices import people
from invoices.models import DebtorParty


class PersonViewMixin:
    """For `DebtorPartyAdmin`: the search page and the person page, behind the admin's
    login and permission checks (and the second-factor rule for the admin namespace)."""

    def get_urls(self):
        extra = [
            path(
                "find/",
                self.admin_site.admin_view(self.find_person_view),
                name="invoices_debtorparty_find",
            ),
            path(
                "<int:object_id>/person/",
                self.admin_site.admin_view(self.person_view),
                name="invoices_debtorparty_person",
            ),
        ]
        return extra + super().get_urls()

    def find_person_view(self, request):
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        typed = request.GET.get("q", "")[:200]
        results = list(people.find_people(typed)) if typed.strip() else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Find a person"),
            "typed": typed,
            "results": results,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/invoices/debtorparty/find.html", context)

    def person_view(self, request, object_id):
        debtor = get_object_or_404(DebtorParty, pk=object_id)
        if not self.has_view_permission(request, debtor):
            return HttpResponse(status=403)
        overview = people.person_overview(debtor)
        audit.record(
            "person.viewed",
            actor=request.user,
            obj=debtor,
            data={"user": overview.user.pk if overview.user else None},
        )
        context = {
            **self.admin_site.each_context(request),
            "title": debtor.name,
            "overview": overview,
            "debtor": debtor,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/invoices/debtorparty/person.html", context)
