"""Attachments: what a file really is is read from its bytes, never from its name."""

import base64
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from messaging.errors import MessagingError
from myropo.uploads import sniff


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes


def check_upload(upload) -> CheckedFile:
    """Read an uploaded file within the size limit and prove its type; raise MessagingError."""
    limit = settings.MESSAGING_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise MessagingError(
            _("The file is too large. The largest file you can send is %(size)s MB.")
            % {"size": limit // (1024 * 1024)}
        )
    data = upload.read(limit + 1)
    content_type = sniff(data) if len(data) <= limit else None
    if content_type is None:
        raise MessagingError(_("Only PDF, PNG and JPEG files can be sent."))
    name = (upload.name or "file").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:120]
    return CheckedFile(filename=name, content_type=content_type, data=data)


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode(text: str) -> bytes:
    return base64.b64decode(text)
