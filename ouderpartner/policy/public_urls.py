"""Parents comment on a framework's draft ambitions here, without an account: /c/<code>/."""

from django.urls import URLPattern

app_name = "consultation"

urlpatterns: list[URLPattern] = []
