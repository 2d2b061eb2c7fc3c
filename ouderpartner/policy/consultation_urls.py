"""Routes of the policy capability's consultation pages; composed in urls.py under the namespace "policy"."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
