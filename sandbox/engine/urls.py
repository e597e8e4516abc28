"""Routes of the case engine: health, index, demo data, the clock, fault knobs, the truth."""

from __future__ import annotations

from django.urls import path

from sandbox.engine import views

urlpatterns = [
    path("", views.index, name="index"),
    path("healthz", views.healthz, name="healthz"),
    path("demo/people.json", views.demo_people, name="demo-people"),
    path("demo/creditors.json", views.demo_creditors, name="demo-creditors"),
    path("clock", views.clock, name="clock"),
    path("clock/advance", views.clock_advance, name="clock-advance"),
    path("faults", views.fault_knobs, name="faults"),
    path("truth", views.truth_view, name="truth"),
]
