from django.utils.translation import gettext_lazy as _

DEFAULT_MESSAGE = _("This cannot be done for this invoice.")


class InvoiceActionError(Exception):
    """A request about an invoice that the rules refuse; the message is for the person."""

    def __init__(self, message=DEFAULT_MESSAGE):
        super().__init__(str(message))
        self.message = message
