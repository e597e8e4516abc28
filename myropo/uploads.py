"""What an uploaded file really is, read from its bytes (never from its name or the browser's
word for it). Used by every upload the portal takes: message attachments, dispute evidence."""

import io

from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}
IMAGE_FORMATS = {"PNG": PNG, "JPEG": JPEG}
# A photo of a receipt or a letter from a phone is at most about 50 megapixels; more is refused
# from the header alone, before anything is decoded (a tiny file can claim billions).
MAX_PIXELS = 60_000_000


def sniff(data: bytes) -> str | None:
    """The content type the bytes prove (a whole PDF, a PNG or JPEG that decodes), or None."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]:
        return PDF
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return None
                image.verify()
                return IMAGE_FORMATS.get(image.format)
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            OSError,
            SyntaxError,
            ValueError,
        ):
            return None
    return None
