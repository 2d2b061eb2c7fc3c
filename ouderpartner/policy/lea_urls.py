"""Routes of the policy capability's LEA pages; composed in urls.py under the namespace "policy".

"lea-meetings" are meetings of the Lokale Educatieve Agenda; "sessions" and "hand-overs" are the live
meetings and their results handed over for the policy.
"""

from django.urls import path

from ouderpartner.policy import lea_views as views

urlpatterns = [
    path("lea-meetings/", views.lea_meeting_list, name="lea_meeting_list"),
    path("lea-meetings/new/", views.lea_meeting_create, name="lea_meeting_create"),
    path("lea-meetings/<int:pk>/", views.lea_meeting_detail, name="lea_meeting_detail"),
    path("lea-meetings/<int:pk>/edit/", views.lea_meeting_update, name="lea_meeting_update"),
    path("lea-meetings/<int:pk>/delete/", views.lea_meeting_delete, name="lea_meeting_delete"),
    path("lea-meetings/<int:pk>/live/", views.lea_meeting_live, name="lea_meeting_live"),
    path(
        "lea-meetings/<int:pk>/hand-overs/<int:hand_over_pk>/",
        views.lea_hand_over_take,
        name="lea_hand_over_take",
    ),
    path("lea-meetings/sessions/<int:session_pk>/", views.lea_live_session, name="lea_live_session"),
    path("lea-meetings/<int:pk>/agenda-items/new/", views.agenda_item_create, name="agenda_item_create"),
    path("agenda-items/<int:pk>/edit/", views.agenda_item_update, name="agenda_item_update"),
    path("agenda-items/<int:pk>/delete/", views.agenda_item_delete, name="agenda_item_delete"),
    path("agenda-items/<int:pk>/move/", views.agenda_item_move, name="agenda_item_move"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/edit/", views.agreement_update, name="agreement_update"),
    path("agreements/<int:pk>/delete/", views.agreement_delete, name="agreement_delete"),
    path("agreements/<int:pk>/status/", views.agreement_status, name="agreement_status"),
]
