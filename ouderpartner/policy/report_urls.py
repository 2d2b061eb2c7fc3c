"""Routes of the policy capability's report pages; composed in urls.py under the namespace "policy"."""

from django.urls import path

from ouderpartner.policy import report_views

urlpatterns = [
    # Generated reports: every member reads and downloads; coordinators generate.
    path("reports/", report_views.report_list, name="report_list"),
    path("reports/generate/", report_views.report_generate, name="report_generate"),
    path("reports/<int:pk>/pdf/", report_views.report_download, name="report_download"),
    # The two reports as web pages, and as PDF made on the spot (the yearly one takes ?year=).
    path("frameworks/<int:pk>/document/", report_views.framework_report, name="report_framework"),
    path("frameworks/<int:pk>/document/pdf/", report_views.framework_report_pdf, name="report_framework_pdf"),
    path("frameworks/<int:pk>/yearly-report/", report_views.yearly_report, name="report_yearly"),
    path("frameworks/<int:pk>/yearly-report/pdf/", report_views.yearly_report_pdf, name="report_yearly_pdf"),
]
