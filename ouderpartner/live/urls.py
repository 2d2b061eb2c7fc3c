"""Staff pages of live meetings under /w/<ws>/live/ (the participant pages are at /j/<code>/)."""

from django.urls import path

from ouderpartner.live import presenter_views, result_views, views

app_name = "live"

urlpatterns = [
    # Meetings and their state: views.py
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_update, name="session_update"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("sessions/<int:pk>/state/", views.session_state, name="session_state"),
    # Prompts and their options
    path("sessions/<int:pk>/prompts/new/", views.prompt_create, name="prompt_create"),
    path("prompts/<int:pk>/edit/", views.prompt_update, name="prompt_update"),
    path("prompts/<int:pk>/delete/", views.prompt_delete, name="prompt_delete"),
    path("prompts/<int:pk>/move/", views.prompt_move, name="prompt_move"),
    path("prompts/<int:pk>/options/new/", views.option_create, name="option_create"),
    path("prompt-options/<int:pk>/edit/", views.option_update, name="option_update"),
    path("prompt-options/<int:pk>/delete/", views.option_delete, name="option_delete"),
    path("prompt-options/<int:pk>/move/", views.option_move, name="option_move"),
    # Moderation and the text filter
    path("sessions/<int:pk>/moderation/", views.moderation, name="moderation"),
    path("entries/<int:pk>/moderate/", views.entry_moderate, name="entry_moderate"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("blocked-words/", views.blocked_words, name="blocked_words"),
    path("blocked-words/<int:pk>/delete/", views.blocked_word_delete, name="blocked_word_delete"),
    # Results (published figures), exports and the hand-over to the policy: result_views.py
    path("sessions/<int:pk>/results/", result_views.results, name="results"),
    path("sessions/<int:pk>/results/xlsx/", result_views.results_xlsx, name="results_xlsx"),
    path("sessions/<int:pk>/results/pdf/", result_views.results_pdf, name="results_pdf"),
    path("sessions/<int:pk>/hand-over/", views.handover_create, name="handover_create"),
    path("hand-overs/<int:pk>/", views.handover_update, name="handover_update"),
    # Presenter and remote (realtime helper): presenter_views.py; their socket is in config/routing.py
    path("sessions/<int:pk>/present/", presenter_views.presenter, name="presenter"),
    path("sessions/<int:pk>/remote/", presenter_views.remote, name="remote"),
]
