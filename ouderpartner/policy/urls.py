"""Staff pages of the policy capability under /w/<ws>/policy/, one route module per part."""

from ouderpartner.policy import (
    consultation_urls,
    framework_urls,
    goal_urls,
    lea_urls,
    report_urls,
    scan_urls,
)

app_name = "policy"

urlpatterns = [
    *framework_urls.urlpatterns,  # overview, frameworks, versions, ambitions, endorsements
    *goal_urls.urlpatterns,  # goals, indicators and their values, actions
    *lea_urls.urlpatterns,  # LEA meetings, agenda items, agreements, hand-over from live meetings
    *scan_urls.urlpatterns,  # the self-scan and its guidance
    *consultation_urls.urlpatterns,  # parents' comments: moderation and summary per ambition
    *report_urls.urlpatterns,  # the framework document and the yearly progress report (web and PDF)
]
