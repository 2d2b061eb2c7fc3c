from django.urls import path

from ouderpartner.programmes import analysis_views, subsidy_views, views

app_name = "programmes"

urlpatterns = [
    # Programmes, the national catalogue, offerings, policy domains, transitions: views.py
    path("", views.programme_list, name="programme_list"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("domains/", views.policy_domain_list, name="policy_domain_list"),
    path("transitions/", views.transition_list, name="transition_list"),
    path("export/", views.programme_export, name="programme_export"),
    path("add/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_update, name="programme_update"),
    path("programmes/<int:pk>/archive/", views.programme_archive, name="programme_archive"),
    path("programmes/<int:pk>/restore/", views.programme_restore, name="programme_restore"),
    path("offerings/add/", views.offering_create, name="offering_create"),
    path("offerings/<int:pk>/edit/", views.offering_update, name="offering_update"),
    path("offerings/<int:pk>/remove/", views.offering_delete, name="offering_delete"),
    path("domains/<int:pk>/edit/", views.policy_domain_update, name="policy_domain_update"),
    path("domains/<int:pk>/remove/", views.policy_domain_delete, name="policy_domain_delete"),
    path("transitions/<int:pk>/edit/", views.transition_update, name="transition_update"),
    # The continuous line 0-21 and the integral matrix: analysis_views.py
    path("line/", analysis_views.continuous_line, name="line"),
    path("matrix/", analysis_views.integral_matrix, name="matrix"),
    path("matrix/export/", analysis_views.integral_matrix_export, name="matrix_export"),
    # Subsidies: subsidy_views.py
    path("subsidies/", subsidy_views.subsidy_list, name="subsidy_list"),
    path("subsidies/export/", subsidy_views.subsidy_export, name="subsidy_export"),
    path("subsidies/add/", subsidy_views.subsidy_create_view, name="subsidy_create"),
    path("subsidies/<int:pk>/", subsidy_views.subsidy_detail_view, name="subsidy_detail"),
    path("subsidies/<int:pk>/edit/", subsidy_views.subsidy_update_view, name="subsidy_update"),
    path("subsidies/<int:pk>/delete/", subsidy_views.subsidy_delete_view, name="subsidy_delete"),
]
