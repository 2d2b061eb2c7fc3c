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
]
