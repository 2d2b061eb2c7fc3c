from django.urls import path

from ouderpartner.network import import_views, views

app_name = "network"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("locations/", views.location_list, name="location_list"),
    path("neighbourhoods/", views.neighbourhood_list, name="neighbourhood_list"),
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/new/", views.partnership_create, name="partnership_create"),
    # Imports (DUO schools, CBS neighbourhoods, postcode table) with a preview: import_views.py
    path("import/", import_views.import_upload, name="import"),
]
