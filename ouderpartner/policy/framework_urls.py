"""Routes of the policy capability's framework pages; composed in urls.py under the namespace "policy"."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
