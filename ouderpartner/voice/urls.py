from django.urls import path

from ouderpartner.voice import (
    builder_views,
    conversation_views,
    distribution_views,
    export_views,
    feedback_views,
    insight_views,
    moderation_views,
    overview_views,
    recording_views,
    theme_views,
    xlsform_views,
)

app_name = "voice"

urlpatterns = [
    # Questionnaires and their questions, options and translations: builder_views.py
    path("questionnaires/", builder_views.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/new/", builder_views.questionnaire_create, name="questionnaire_create"),
    path("questionnaires/<int:pk>/", builder_views.questionnaire_detail, name="questionnaire_detail"),
    path("questionnaires/<int:pk>/edit/", builder_views.questionnaire_update, name="questionnaire_update"),
    path(
        "questionnaires/<int:pk>/publish/", builder_views.questionnaire_publish, name="questionnaire_publish"
    ),
    path(
        "questionnaires/<int:pk>/archive/", builder_views.questionnaire_archive, name="questionnaire_archive"
    ),
    path(
        "questionnaires/<int:pk>/restore/", builder_views.questionnaire_restore, name="questionnaire_restore"
    ),
    path(
        "questionnaires/<int:pk>/translations/",
        builder_views.questionnaire_translations,
        name="questionnaire_translations",
    ),
    # Recordings per text and language (upload, replace, remove): recording_views.py
    path("questionnaires/<int:pk>/recordings/", recording_views.recording_list, name="recording_list"),
    path(
        "questionnaires/<int:pk>/recordings/<str:slot>/<str:language>/",
        recording_views.recording_upload,
        name="recording_upload",
    ),
    path(
        "questionnaires/<int:pk>/recordings/<str:slot>/<str:language>/remove/",
        recording_views.recording_remove,
        name="recording_remove",
    ),
    # Row-level responses as XLSX (coordinators, audited): export_views.py
    path(
        "questionnaires/<int:pk>/responses/export/",
        export_views.response_export,
        name="questionnaire_response_export",
    ),
    path(
        "questionnaires/<int:pk>/responses/export/open-answers/",
        export_views.response_export_with_open_answers,
        name="questionnaire_response_export_open",
    ),
    # Results (published aggregates) and their export: insight_views.py
    path(
        "questionnaires/<int:pk>/results/", insight_views.questionnaire_results, name="questionnaire_results"
    ),
    path(
        "questionnaires/<int:pk>/results/export/",
        insight_views.questionnaire_results_export,
        name="questionnaire_results_export",
    ),
    # Moderation of open answers (coordinators): moderation_views.py
    path(
        "questionnaires/<int:pk>/moderation/",
        moderation_views.moderation_queue,
        name="questionnaire_moderation",
    ),
    path("answers/<int:pk>/redact/", moderation_views.answer_redact, name="answer_redact"),
    # Themes in open answers: suggestions, accept, rename, merge, reject (coordinators): theme_views.py
    path("questionnaires/<int:pk>/themes/", theme_views.questionnaire_themes, name="questionnaire_themes"),
    path(
        "questionnaires/<int:pk>/themes/suggest/",
        theme_views.questionnaire_themes_suggest,
        name="questionnaire_themes_suggest",
    ),
    path(
        "questionnaires/<int:pk>/themes/merge/",
        theme_views.questionnaire_themes_merge,
        name="questionnaire_themes_merge",
    ),
    path("themes/<int:pk>/", theme_views.theme_detail, name="theme_detail"),
    path("themes/<int:pk>/rename/", theme_views.theme_rename, name="theme_rename"),
    path("themes/<int:pk>/accept/", theme_views.theme_accept, name="theme_accept"),
    path("themes/<int:pk>/delete/", theme_views.theme_delete, name="theme_delete"),
    path("themes/<int:pk>/answers/", theme_views.theme_answers, name="theme_answers"),
    path("questionnaires/<int:pk>/questions/new/", builder_views.question_create, name="question_create"),
    path("questions/<int:pk>/edit/", builder_views.question_update, name="question_update"),
    path("questions/<int:pk>/delete/", builder_views.question_delete, name="question_delete"),
    path("questions/<int:pk>/move/", builder_views.question_move, name="question_move"),
    path("questions/<int:pk>/options/new/", builder_views.option_create, name="option_create"),
    path("options/<int:pk>/edit/", builder_views.option_update, name="option_update"),
    path("options/<int:pk>/delete/", builder_views.option_delete, name="option_delete"),
    path("options/<int:pk>/move/", builder_views.option_move, name="option_move"),
    # XLSForm import and export: xlsform_views.py
    path("questionnaires/import/", xlsform_views.questionnaire_import, name="questionnaire_import"),
    path(
        "questionnaires/<int:pk>/xlsform/", xlsform_views.questionnaire_xlsform, name="questionnaire_xlsform"
    ),
    # Distributions (a questionnaire at a trusted place, with link and QR code): distribution_views.py
    path("distributions/", distribution_views.distribution_list, name="distribution_list"),
    path("distributions/new/", distribution_views.distribution_create, name="distribution_create"),
    path("distributions/<int:pk>/", distribution_views.distribution_detail, name="distribution_detail"),
    path("distributions/<int:pk>/qr.svg", distribution_views.distribution_qr, name="distribution_qr"),
    path(
        "distributions/<int:pk>/poster.pdf",
        distribution_views.distribution_poster,
        name="distribution_poster",
    ),
    path("distributions/<int:pk>/close/", distribution_views.distribution_close, name="distribution_close"),
    path(
        "distributions/<int:pk>/reopen/", distribution_views.distribution_reopen, name="distribution_reopen"
    ),
    # Insights across questionnaires and conversations (published aggregates): overview_views.py
    path("insights/", overview_views.voice_insights, name="insights"),
    path("insights/export/", overview_views.voice_insights_export, name="insights_export"),
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
    # "You said, we did" feedback for parents: feedback_views.py
    path("feedback/", feedback_views.feedback_list, name="feedback_list"),
    path("feedback/new/", feedback_views.feedback_create, name="feedback_create"),
    path("feedback/<int:pk>/edit/", feedback_views.feedback_update, name="feedback_update"),
    path("feedback/<int:pk>/delete/", feedback_views.feedback_delete, name="feedback_delete"),
]
