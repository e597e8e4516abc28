"""PDFs the portal makes itself (WeasyPrint), in the language that is active."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render an HTML template to PDF bytes; static files (the logo) are read from disk."""
    from weasyprint import HTML  # slow to import; only the PDF views need it

    html = render_to_string(template_name, context)
    base = finders.find("img/logo.svg")
    base_url = base.rsplit("/img/", 1)[0] + "/" if base else None
    return HTML(string=html, base_url=base_url).write_pdf()
