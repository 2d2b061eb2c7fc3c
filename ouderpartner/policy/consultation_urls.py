"""Routes of the policy capability's consultation pages; composed in urls.py under the namespace "policy"."""

from django.urls import path

from ouderpartner.policy import consultation_views

urlpatterns = [
    path("consultation/", consultation_views.consultation_index, name="consultation_index"),
    path(
        "frameworks/<int:pk>/comments/",
        consultation_views.moderation_queue,
        name="consultation_moderation",
    ),
    path("frameworks/<int:pk>/consultation/", consultation_views.summary, name="consultation_summary"),
    path("frameworks/<int:pk>/consultation/share/", consultation_views.share, name="consultation_share"),
    path("frameworks/<int:pk>/consultation/qr.svg", consultation_views.qr_code, name="consultation_qr"),
]
