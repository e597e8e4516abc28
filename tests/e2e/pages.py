"""The registry of pages the browser tests visit and check with axe-core.

Every page a person can reach belongs here. `persona` names a fixture that logs the browser
in first (None: anonymous): it returns the user, and `login_as` hands the browser that user's
session. A page whose address depends on data a fixture creates (an invoice's MyRopo ID) names
that fixture in `path_fixture`; the fixture returns the path, and `path` then only describes
it for people reading this list. Use `entry.url_path(request)` to get the path to visit.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    persona: str | None = None
    status: int = 200
    path_fixture: str | None = None

    def url_path(self, request) -> str:
        """The path to visit: `path`, or what the `path_fixture` fixture returns."""
        if self.path_fixture:
            return request.getfixturevalue(self.path_fixture)
        return self.path


PAGES = [
    Page("home", "/"),
    Page("not-found", "/no-such-page/", status=404),
    Page("admin-index", "/admin/", persona="agent_persona"),
    Page("admin-invoices", "/admin/invoices/invoice/", persona="agent_persona"),
    Page(
        "admin-invoice",
        "/admin/invoices/invoice/<id>/change/",
        persona="agent_persona",
        path_fixture="admin_invoice_path",
    ),
    # Logging in and opening one invoice without logging in.
    Page("login", "/accounts/login/"),
    Page("request-login-code", "/accounts/login/code/"),
    Page("letter-access", "/letter/"),
    # A debtor with an open and a paid invoice, after a bank-ID login.
    Page("my-invoices", "/invoices/", persona="invoice_holder"),
    Page(
        "invoice-detail",
        "/invoices/<MyRopo ID>/",
        persona="invoice_holder",
        path_fixture="invoice_holder_invoice_path",
    ),
    Page("choose-company", "/account/company/", persona="invoice_holder"),
    Page("company-invoices", "/invoices/", persona="company_actor"),
    Page("add-passkey", "/accounts/2fa/webauthn/add/", persona="invoice_holder"),
    Page("login-and-security", "/account/", persona="invoice_holder"),
    Page("step-up", "/account/step-up/?next=/accounts/email/", persona="invoice_holder"),
    # Delegation: authorizing someone for one invoice, who has access, accepting an invitation.
    Page(
        "authorize",
        "/invoices/<MyRopo ID>/authorize/",
        persona="invoice_holder",
        path_fixture="authorize_page_path",
    ),
    Page(
        "who-has-access",
        "/account/access/",
        persona="invoice_holder",
        path_fixture="access_page_path",
    ),
    Page("invitation", "/invitations/<token>/", path_fixture="invitation_page_path"),
    # The archive, search results and disputes.
    Page("letter-archive", "/invoices/archive/", persona="invoice_holder"),
    Page("search-results", "/invoices/?q=00100&status=open", persona="invoice_holder"),
    Page(
        "dispute",
        "/invoices/<MyRopo ID>/dispute/",
        persona="invoice_holder",
        path_fixture="dispute_page_path",
    ),
    Page(
        "disputed-invoice",
        "/invoices/<MyRopo ID>/",
        persona="invoice_holder",
        path_fixture="disputed_invoice_path",
    ),
    Page(
        "postpone",
        "/invoices/<MyRopo ID>/postpone/",
        persona="invoice_holder",
        path_fixture="postpone_page_path",
    ),
    Page(
        "plan-builder",
        "/invoices/<MyRopo ID>/plan/?how=monthly&monthly=110",
        persona="invoice_holder",
        path_fixture="plan_builder_path",
    ),
    Page(
        "invoice-with-plan",
        "/invoices/<MyRopo ID>/",
        persona="invoice_holder",
        path_fixture="invoice_with_plan_path",
    ),
    Page("admin-disputes", "/admin/invoices/dispute/", persona="agent_persona"),
    Page("admin-plans", "/admin/payments/paymentplan/", persona="agent_persona"),
    Page(
        "admin-resolve-dispute",
        "/admin/invoices/dispute/<id>/resolve/",
        persona="agent_persona",
        path_fixture="admin_dispute_path",
    ),
    # Agents' sensitive edits: a creditor's bank account (four eyes), a debtor's identity.
    Page(
        "admin-propose-bank-account",
        "/admin/invoices/creditor/<id>/bank-account/",
        persona="agent",
        path_fixture="admin_bank_account_path",
    ),
    Page("admin-bank-account-changes", "/admin/invoices/bankaccountchange/", persona="agent"),
    Page(
        "admin-debtor-identity",
        "/admin/invoices/debtorparty/<id>/identity/",
        persona="agent",
        path_fixture="admin_debtor_identity_path",
    ),
    Page(
        "admin-find-person",
        "/admin/invoices/debtorparty/find/?q=<identity code>",
        persona="agent_persona",
        path_fixture="admin_find_person_path",
    ),
    Page(
        "admin-person",
        "/admin/invoices/debtorparty/<id>/person/",
        persona="agent_persona",
        path_fixture="admin_person_path",
    ),
    # Messages, live chat and the assistant; agents' inbox and chat console.
    Page("messages", "/messages/", persona="invoice_holder", path_fixture="messages_inbox_path"),
    Page(
        "message-new",
        "/messages/new/?invoice=<MyRopo ID>",
        persona="invoice_holder",
        path_fixture="message_new_path",
    ),
    Page(
        "message-thread",
        "/messages/<thread>/",
        persona="invoice_holder",
        path_fixture="message_thread_path",
    ),
    Page("assistant", "/messages/assistant/"),
    Page("chat", "/messages/chat/", persona="invoice_holder", path_fixture="chat_page_path"),
    Page(
        "agent-messages",
        "/messages/agent/",
        persona="agent_persona",
        path_fixture="agent_inbox_path",
    ),
    Page(
        "agent-message-thread",
        "/messages/agent/<thread>/",
        persona="agent_persona",
        path_fixture="agent_thread_path",
    ),
    Page(
        "agent-chats",
        "/messages/agent/chats/",
        persona="agent_persona",
        path_fixture="agent_chats_path",
    ),
    Page(
        "agent-chat",
        "/messages/agent/chats/<thread>/",
        persona="agent_persona",
        path_fixture="agent_chat_path",
    ),
    # Payments: the refund bank account, and a return from the gateway that is not signed.
    Page("refund-account", "/account/refund-account/", persona="invoice_holder"),
    Page("payment-return-invalid", "/payments/return/success/", status=400),
    Page("admin-payments", "/admin/payments/payment/", persona="agent_persona"),
    # A creditor's manager, logged in with a passkey: overview, assignments, a case, tokens.
    Page(
        "creditor-dashboard",
        "/creditor/<creditor>/",
        persona="creditor_persona",
        path_fixture="creditor_dashboard_path",
    ),
    Page(
        "creditor-assignments",
        "/creditor/<creditor>/assignments/",
        persona="creditor_persona",
        path_fixture="creditor_assignments_path",
    ),
    Page(
        "creditor-case",
        "/creditor/<creditor>/assignments/<MyRopo ID>/",
        persona="creditor_persona",
        path_fixture="creditor_case_path",
    ),
    Page(
        "creditor-transfers",
        "/creditor/<creditor>/transfers/",
        persona="creditor_persona",
        path_fixture="creditor_transfers_path",
    ),
    Page(
        "creditor-tokens",
        "/creditor/<creditor>/tokens/",
        persona="creditor_persona",
        path_fixture="creditor_tokens_path",
    ),
]

LANGUAGES = ["en", "fi", "sv", "nb"]
