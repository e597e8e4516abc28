"""Demo e-mail: every message to the console and, as an .eml file, to EMAIL_FILE_PATH."""

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ConsoleAndFolderBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self._console = ConsoleBackend(fail_silently=fail_silently, **kwargs)
        self._folder = FileBackend(fail_silently=fail_silently, **kwargs)

    def send_messages(self, email_messages):
        self._console.send_messages(email_messages)
        return self._folder.send_messages(email_messages)
