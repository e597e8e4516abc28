from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new_thread, name="new"),
    path("assistant/", views.assistant_view, name="assistant"),
    path("assistant/handover/", views.assistant_handover, name="assistant_handover"),
    path("chat/", views.chat_view, name="chat"),
    path("chat/<uuid:public_id>/log/", views.chat_log, name="chat_log"),
    path("chat/<uuid:public_id>/end/", views.chat_end, name="chat_end"),
    path("agent/chats/", views.agent_chats, name="agent_chats"),
    path("agent/chats/<uuid:public_id>/", views.agent_chat, name="agent_chat"),
    path("agent/chats/<uuid:public_id>/log/", views.agent_chat_log, name="agent_chat_log"),
    path("agent/chats/<uuid:public_id>/end/", views.agent_chat_end, name="agent_chat_end"),
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
