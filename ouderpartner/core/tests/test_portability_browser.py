"""The export page in a real browser with axe-core: what the archive holds, and the download itself."""

import io
import zipfile

import pytest

pytestmark = pytest.mark.browser


def test_the_export_page_is_accessible_and_downloads_the_archive(page, login, alice, bob, school, axe):
    login(alice)
    page.goto(f"{page.base_url}/w/utrecht/export/")
    assert page.locator("h1").inner_text() == "De werkruimte exporteren"
    assert page.locator("nav.op-subnav a[aria-current=page]").inner_text() == "Exporteren"
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 4  # the workspace, its organisation, location and memberships
    axe(page, context="workspace export")
    with page.expect_download() as info:
        page.click("main form button[type=submit]")
    download = info.value
    assert download.suggested_filename.startswith("utrecht-") and download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        assert "manifest.json" in archive.namelist()
        assert "data/network.organisation.jsonl" in archive.namelist()
