"""What an uploaded file really is, read from its bytes (never from its name or the browser's
word for it). Used by every upload the portal takes: message attachments, dispute evidence."""

import io

from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}
IMAGE_FORMATS = {"PNG": PNG, "JPEG": JPEG}


def sniff(data: bytes) -> str | None:
    """The content type the bytes prove (a whole PDF, a PNG or JPEG that decodes), or None."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]:
        return PDF
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                return IMAGE_FORMATS.get(image.format)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return None
    return None
