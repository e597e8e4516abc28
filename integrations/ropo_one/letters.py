"""Letter PDFs: fetched from Ropo One the first time someone opens one, then kept."""

from integrations.ropo_one.client import RopoOneClient
from invoices import services
from invoices.models import Letter
from invoices.sync import LETTER_KINDS

# The portal's letter kind back to Ropo One's (the archive's document type).
UPSTREAM_KINDS = {
    portal: upstream for upstream, portal in LETTER_KINDS.items() if upstream != portal
}


def letter_pdf(letter: Letter) -> bytes:
    """The letter's PDF; raises `UpstreamError` if it is not cached and Ropo One fails."""
    if letter.pdf:
        with letter.pdf.open("rb") as handle:
            return handle.read()
    country, jobid = letter.invoice.upstream_job
    with RopoOneClient(country) as client:
        content = client.letter_pdf(
            jobid,
            billnum=letter.invoice.invoice_number,
            sent_on=letter.sent_on,
            kind=UPSTREAM_KINDS.get(letter.kind, letter.kind),
        )
    services.cache_letter_pdf(letter, content=content)
    return content
