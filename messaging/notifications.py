"""E-mail notifications in the recipient's language, sent by a worker after commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def notify(*, to: str, template: str, context: dict, language: str = "") -> None:
    """Render `email/<template>_subject.txt` and `_body.txt`, queue the mail after commit.

    E-mails carry no invoice amounts or identity codes: only what a person needs to act.
    """
    from messaging.tasks import send_email_task

    # The recipient's saved language; else the one of the person acting now (who is often
    # the recipient, or writes to someone who shares their language).
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        context = {"portal_url": settings.PORTAL_BASE_URL, **context}
        subject = render_to_string(f"email/{template}_subject.txt", context).strip()
        body = render_to_string(f"email/{template}_body.txt", context)
    transaction.on_commit(lambda: send_email_task.delay(to=to, subject=subject, body=body))
