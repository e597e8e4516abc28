from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new_thread, name="new"),
    path("assistant/", views.assistant_view, name="assistant"),
    path("assistant/handover/", views.assistant_handover, name="assistant_handover"),
    path("agent/", views.agent_inbox, name="agent_inbox"),
    path("agent/<uuid:public_id>/", views.agent_thread, name="agent_thread"),
    path(
        "agent/<uuid:public_id>/files/<uuid:attachment_id>/",
        views.agent_attachment,
        name="agent_attachment",
    ),
    path("<uuid:public_id>/", views.thread, name="thread"),
    path("<uuid:public_id>/files/<uuid:attachment_id>/", views.attachment, name="attachment"),
]
