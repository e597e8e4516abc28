"""Letter PDFs: fetched from Ropo One the first time someone opens one, then kept."""

from integrations.ropo_one.client import RopoOneClient
from invoices import services
from invoices.models import Letter


def letter_pdf(letter: Letter) -> bytes:
    """The letter's PDF; raises `UpstreamError` if it is not cached and Ropo One fails."""
    if letter.pdf:
        with letter.pdf.open("rb") as handle:
            return handle.read()
    country, jobid = letter.invoice.upstream_job
    with RopoOneClient(country) as client:
        content = client.letter_pdf(jobid, letter.upstream_id)
    services.cache_letter_pdf(letter, content=content)
    return content
