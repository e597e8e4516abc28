"""Routes of the case engine: health, index, demo data and the clock."""

from __future__ import annotations

from django.urls import path

from sandbox.engine import views

urlpatterns = [
    path("", views.index, name="index"),
    path("healthz", views.healthz, name="healthz"),
    path("demo/people.json", views.demo_people, name="demo-people"),
    path("demo/creditors.json", views.demo_creditors, name="demo-creditors"),
    path("clock", views.clock, name="clock"),
    # Later: POST clock/advance {"days": N} moves the clock and runs the case lifecycle.
]
