"""Routes of the policy capability's lea pages; composed in urls.py under the namespace "policy"."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
