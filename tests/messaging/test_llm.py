"""The optional language-model backend, against a small OpenAI-compatible server on loopback."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class FakeOpenAI(BaseHTTPRequestHandler):
    requests: list = []
    status = 200

    def do_POST(self):  # noqa: N802 - the name http.server calls
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.requests.append(
            {"path": self.path, "auth": self.headers["Authorization"], **body}
        )
        facts = body["messages"][1]["content"]
        reply = {"choices": [{"message": {"role": "assistant", "content": "MODEL: " + facts}}]}
        payload = json.dumps(reply).encode()
        self.send_response(FakeOpenAI.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_llm(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeOpenAI.requests, FakeOpenAI.status = [], 200
    settings.ASSISTANT_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.ASSISTANT_LLM_MODEL = "tiny"
    settings.ASSISTANT_LLM_API_KEY = "k-123"
    yield FakeOpenAI
    server.shutdown()
    server.server_close()


def test_the_model_phrases_the_answer_grounded_on_the_retrieved_facts(client, fake_llm):
    html = client.post(
        reverse("messaging:assistant"), {"question": "Why did I get a reminder letter?"}
    ).content.decode()
    assert "MODEL: Facts:" in html
    sent = fake_llm.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["auth"] == "Bearer k-123"
    assert sent["model"] == "tiny"
    assert "A reminder means" in sent["messages"][1]["content"]


def test_the_model_is_not_asked_when_nothing_was_retrieved(client, fake_llm):
    html = client.post(
        reverse("messaging:assistant"), {"question": "What is the best pizza in Helsinki?"}
    ).content.decode()
    assert "I do not know" in html
    assert fake_llm.requests == []


def test_a_failing_model_falls_back_to_the_retrieved_answer(client, fake_llm):
    fake_llm.status = 500
    html = client.post(
        reverse("messaging:assistant"), {"question": "Why did I get a reminder letter?"}
    ).content.decode()
    assert "A reminder means" in html
    assert "MODEL:" not in html


def test_the_model_is_off_by_default(client, settings):
    assert settings.ASSISTANT_LLM_URL == ""
    html = client.post(
        reverse("messaging:assistant"), {"question": "Why did I get a reminder letter?"}
    ).content.decode()
    assert "A reminder means" in html
