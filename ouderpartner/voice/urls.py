from django.urls import path

from ouderpartner.voice import builder_views, conversation_views, distribution_views

app_name = "voice"

urlpatterns = [
    # Questionnaires and their questions, options and translations: builder_views.py
    path("questionnaires/", builder_views.questionnaire_list, name="questionnaire_list"),
    # Distributions (a questionnaire at a trusted place, with link and QR code): distribution_views.py
    path("distributions/", distribution_views.distribution_list, name="distribution_list"),
    # Conversation records: conversation_views.py
    path("conversations/", conversation_views.conversation_list, name="conversation_list"),
    path("conversations/new/", conversation_views.conversation_create, name="conversation_create"),
    path("conversations/export/", conversation_views.conversation_export, name="conversation_export"),
    path("conversations/<int:pk>/", conversation_views.conversation_detail, name="conversation_detail"),
    path("conversations/<int:pk>/edit/", conversation_views.conversation_update, name="conversation_update"),
    path(
        "conversations/<int:pk>/delete/", conversation_views.conversation_delete, name="conversation_delete"
    ),
    path("tags/", conversation_views.tag_list, name="tag_list"),
    path("tags/<int:pk>/", conversation_views.tag_update, name="tag_update"),
    path("tags/<int:pk>/delete/", conversation_views.tag_delete, name="tag_delete"),
]
