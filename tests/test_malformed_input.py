"""Hostile input that once answered 500: each is refused as bad input, with nothing written."""

import struct
import zlib

import pytest
from django.core.exceptions import BadRequest

from creditors.services import create_api_token
from integrations.models import OutboxEvent
from invoices.services import apply_case_updates
from myropo.middleware import RefuseNulBytesMiddleware
from myropo.uploads import sniff
from tests.conftest import log_in, make_person
from tests.files import png_bytes
from tests.invoices import snapshots

pytestmark = pytest.mark.django_db


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def test_a_png_claiming_900_megapixels_is_not_an_image():
    bomb = png_claiming(30_000, 30_000)
    assert len(bomb) < 100
    assert sniff(bomb) is None


def test_a_png_claiming_more_pixels_than_a_receipt_needs_is_not_an_image():
    assert sniff(png_claiming(12_000, 12_000)) is None


def test_a_small_png_is_still_an_image():
    assert sniff(png_bytes()) == "image/png"


def test_deeply_nested_json_to_the_api_answers_400(client, creditor):
    key = create_api_token(creditor, name="erp", scope="read_write")[1]
    case = creditor.invoices.order_by("pk").first()
    body = "[" * 5000 + "]" * 5000
    answer = client.post(
        f"/api/v1/assignments/{case.myropo_id}/events/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_IDEMPOTENCY_KEY="deep-1",
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_json"
    assert not OutboxEvent.objects.exists()


def test_a_nul_byte_in_an_api_case_id_answers_404(client, creditor):
    key = create_api_token(creditor, name="reports", scope="read")[1]
    answer = client.get("/api/v1/assignments/%00/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 404


@pytest.mark.parametrize("suffix", ["", "dispute/", "postpone/", "authorize/"])
def test_a_nul_byte_in_an_invoice_url_answers_404(client, suffix):
    user = make_person("aino@example.com", snapshots.PEOPLE[0])
    apply_case_updates([snapshots.case(1)])
    log_in(client, user, how="bankid")
    assert client.get(f"/invoices/FI%00123/{suffix}").status_code == 404


@pytest.mark.parametrize("query", ["q=%00", "q=%00&q=ok", "%00=1"])
def test_a_nul_byte_in_any_query_value_is_refused_before_any_view(rf, query):
    refuse = RefuseNulBytesMiddleware(lambda request: pytest.fail("reached the view"))
    with pytest.raises(BadRequest):
        refuse(rf.get(f"/invoices/?{query}"))
