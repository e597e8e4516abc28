"""Paytrail's HMAC signature, checked against the published examples."""

import json
from pathlib import Path

import pytest

from payments.providers.base import SignatureError
from payments.providers.paytrail import sign, verify

VECTORS_PATH = Path(__file__).resolve().parents[3] / "shared" / "data" / "test-vectors.json"
# The example of Paytrail's docs (paytrail/api-documentation, docs/examples.md, MIT), kept here
# too so the test never silently skips when the shared file is not next to the repository.
DOCS_EXAMPLE = {
    "name": "create payment (docs example, inline)",
    "headers": {
        "checkout-account": "375917",
        "checkout-algorithm": "sha256",
        "checkout-method": "POST",
        "checkout-nonce": "564635208570151",
        "checkout-timestamp": "2018-07-06T10:01:31.904Z",
    },
    "body": (
        '{"stamp":"unique-identifier-for-merchant","reference":"3759170","amount":1525,'
        '"currency":"EUR","language":"FI","items":[{"unitPrice":1525,"units":1,'
        '"vatPercentage":25.5,"productCode":"#1234","deliveryDate":"2018-09-01"}],'
        '"customer":{"email":"test.customer@example.com"},"redirectUrls":{"success":'
        '"https://ecom.example.com/cart/success","cancel":"https://ecom.example.com/cart/cancel"}}'
    ),
    "expected": "9a4a7735279de4c99268e4566a5526ae887e73e6e58f2918cb2309ccac366129",
}


def vectors():
    published = [DOCS_EXAMPLE]
    if VECTORS_PATH.exists():
        group = json.loads(VECTORS_PATH.read_text())["paytrail_hmac_sha256"]
        assert group["secret"] == "SAIPPUAKAUPPIAS"
        published += group["vectors"]
    return [pytest.param("SAIPPUAKAUPPIAS", v, id=v["name"]) for v in published]


@pytest.mark.parametrize(("secret", "vector"), vectors())
def test_sign_matches_the_published_example(secret, vector):
    assert sign(secret, vector["headers"], vector["body"]) == vector["expected"]


@pytest.mark.parametrize(("secret", "vector"), vectors())
def test_verify_accepts_the_published_example_and_refuses_a_changed_body(secret, vector):
    headers = vector["headers"]
    verify(secret, headers, vector["body"], vector["expected"])
    with pytest.raises(SignatureError):
        verify(secret, headers, vector["body"] + " ", vector["expected"])


def test_only_checkout_headers_count_and_their_order_does_not():
    headers = {"checkout-b": "2", "checkout-a": "1", "content-type": "application/json"}
    assert sign("s", headers, "{}") == sign("s", {"checkout-a": "1", "checkout-b": "2"}, "{}")


def test_sha512_signs_and_other_algorithms_are_refused():
    assert len(sign("s", {"checkout-a": "1"}, "", "sha512")) == 128
    with pytest.raises(SignatureError):
        sign("s", {}, "", "md5")
    with pytest.raises(SignatureError):
        verify("s", {"checkout-algorithm": "sha1"}, "", "00")
