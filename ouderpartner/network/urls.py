"""URLs of the network screens, under /w/<ws>/network/."""

from django.urls import path

from ouderpartner.network import import_views, views

app_name = "network"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/export/", views.organisation_export, name="organisation_export"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_update, name="organisation_update"),
    path("organisations/<int:pk>/archive/", views.organisation_archive, name="organisation_archive"),
    path("organisations/<int:pk>/restore/", views.organisation_restore, name="organisation_restore"),
    path("organisations/<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", views.contact_update, name="contact_update"),
    path("contacts/<int:pk>/remove/", views.contact_delete, name="contact_delete"),
    path("locations/", views.location_list, name="location_list"),
    path("locations/export/", views.location_export, name="location_export"),
    path("locations/new/", views.location_create, name="location_create"),
    path("locations/<int:pk>/", views.location_detail, name="location_detail"),
    path("locations/<int:pk>/edit/", views.location_update, name="location_update"),
    path("locations/<int:pk>/archive/", views.location_archive, name="location_archive"),
    path("locations/<int:pk>/restore/", views.location_restore, name="location_restore"),
    path("neighbourhoods/", views.neighbourhood_list, name="neighbourhood_list"),
    path("neighbourhoods/export/", views.neighbourhood_export, name="neighbourhood_export"),
    path("neighbourhoods/<int:pk>/", views.neighbourhood_detail, name="neighbourhood_detail"),
    path("neighbourhoods/<int:pk>/edit/", views.neighbourhood_update, name="neighbourhood_update"),
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/export/", views.partnership_export, name="partnership_export"),
    path("partnerships/new/", views.partnership_create, name="partnership_create"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("partnerships/<int:pk>/edit/", views.partnership_update, name="partnership_update"),
    path("partnerships/<int:pk>/archive/", views.partnership_archive, name="partnership_archive"),
    path("partnerships/<int:pk>/restore/", views.partnership_restore, name="partnership_restore"),
    path("map/", views.network_map, name="map"),
    # Imports (DUO schools, CBS neighbourhoods, postcode table) with a preview: import_views.py
    path("import/", import_views.import_upload, name="import"),
]
