"""Reading what Maventa knows of a creditor: its invoices and its Ropo service."""

from creditors import services
from creditors.models import MaventaLink
from creditors.transfers import MaventaInvoice, maventa_invoices
from integrations.maventa.client import MaventaClient


def company_invoices(link: MaventaLink) -> dict[str, MaventaInvoice]:
    """The creditor's invoices in Maventa, by id. Raises `UpstreamError`."""
    with MaventaClient() as client:
        return maventa_invoices(client.invoices(company_id=str(link.company_id)))


def refresh_service(link: MaventaLink) -> MaventaLink:
    """Ask Maventa for the Ropo service's status and keep it. Raises `UpstreamError`."""
    with MaventaClient() as client:
        answer = client.receivables_service(company_id=str(link.company_id))
    return services.record_service_status(link, answer=answer)
