"""The test-bank form: a seeded person or any valid identity code, and an assurance level."""

from __future__ import annotations

from typing import Any

from django import forms

from sandbox.idp.identities import InvalidIdentityCode, PersonCode, canonical, detect
from sandbox.idp.models import Acr, IdentityCountry

DETECT = ""
COUNTRY_CHOICES = [(DETECT, "Detect from the code"), *IdentityCountry.choices]


def person_value(country: str, identity_code: str) -> str:
    """The value of a seeded person's button: ``"FI:070986-620Y"``."""
    return f"{country}:{identity_code}"


class TestBankForm(forms.Form):
    acr = forms.ChoiceField(
        label="Assurance level", choices=Acr.choices, initial=Acr.SUBSTANTIAL, required=False
    )
    identity_code = forms.CharField(label="Identity code", required=False, max_length=40)
    country = forms.ChoiceField(label="Country", choices=COUNTRY_CHOICES, required=False)
    person = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["acr"] = cleaned.get("acr") or Acr.SUBSTANTIAL
        person = cleaned.get("person", "")
        try:
            cleaned["person_code"] = (
                self._seeded(person) if person else self._typed(cleaned.get("country", DETECT))
            )
        except InvalidIdentityCode as exc:
            self.add_error(None if person else "identity_code", str(exc))
        return cleaned

    def _seeded(self, value: str) -> PersonCode:
        country, _, code = value.partition(":")
        return canonical(country, code)

    def _typed(self, country: str) -> PersonCode:
        code = self.cleaned_data.get("identity_code", "")
        return canonical(country, code) if country else detect(code)
