"""Routes of the policy capability's scan pages; composed in urls.py under the namespace "policy"."""

from django.urls import URLPattern, path

from ouderpartner.policy import scan_views

urlpatterns: list[URLPattern] = [
    path("scans/", scan_views.scan_list, name="scan_list"),
    path("scans/new/", scan_views.scan_start, name="scan_start"),
    path("scans/<int:pk>/", scan_views.scan_detail, name="scan_detail"),
    path("scans/<int:pk>/fill/<slug:section>/", scan_views.scan_fill, name="scan_fill"),
    path("scans/<int:pk>/complete/", scan_views.scan_complete, name="scan_complete"),
    path("scans/<int:pk>/delete/", scan_views.scan_delete, name="scan_delete"),
]
