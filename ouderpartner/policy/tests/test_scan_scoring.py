"""The self-scan's scoring and guidance on hand-made answers: shares, phases, "don't know", the
guidance chosen by low answers, and the comparison of two scans."""

from __future__ import annotations

from django.urls import reverse

from ouderpartner.policy import selfscan


def _all(value: int) -> dict[str, int]:
    return {s.key: value for s in selfscan.STATEMENTS}


def _profile(answers):
    return selfscan.profile_for(answers, workspace_slug="utrecht")


def test_the_catalogue_covers_three_levels_and_three_approaches():
    counts = {section.key: len(selfscan.statements_of(section.key)) for section in selfscan.SECTIONS}
    assert [s.kind for s in selfscan.SECTIONS].count("level") == 3
    assert [s.kind for s in selfscan.SECTIONS].count("approach") == 3
    for section in selfscan.SECTIONS:
        low, high = (6, 8) if section.kind == "level" else (3, 4)
        assert low <= counts[section.key] <= high, section.key
    assert len(selfscan.STATEMENT_BY_KEY) == len(selfscan.STATEMENTS)  # keys are unique
    for statement in selfscan.STATEMENTS:
        assert statement.guidance in selfscan.GUIDANCE_BY_KEY, statement.key


def test_every_guidance_item_is_chosen_by_some_statement_and_links_to_an_existing_page():
    chosen_by = {statement.guidance for statement in selfscan.STATEMENTS}
    assert chosen_by == set(selfscan.GUIDANCE_BY_KEY)
    for item in selfscan.GUIDANCE:
        url = selfscan.resolve_link(item.link, workspace_slug="utrecht")
        assert url.startswith("/w/utrecht/"), item.key


def test_all_fully_is_established_everywhere_without_guidance():
    profile = _profile(_all(4))
    assert {s.share for s in profile.sections} == {100}
    assert {s.phase for s in profile.sections} == {"established"}
    assert profile.guidance == []


def test_all_not_yet_is_starting_with_every_guidance_item():
    profile = _profile(_all(1))
    assert {s.share for s in profile.sections} == {0}
    assert {s.phase for s in profile.sections} == {"starting"}
    assert {g.key for g in profile.guidance} == set(selfscan.GUIDANCE_BY_KEY)


def test_a_hand_made_level_gives_the_expected_share_and_phase():
    # Level 1 has eight statements: 2×fully (3+3), 2×largely (2+2), 2×started (1+1), 2×not yet = 12 of 24.
    keys = [s.key for s in selfscan.statements_of("level-1")]
    answers = dict(zip(keys, [4, 4, 3, 3, 2, 2, 1, 1], strict=True))
    score = _profile(answers).section("level-1")
    assert (score.share, score.phase) == (50, "developing")
    assert (score.answered, score.dont_know, score.total) == (8, 0, 8)
    # The network approach, all "largely": 2 of 3 points = 67%: still developing; 75% is established.
    network = {s.key: 3 for s in selfscan.statements_of("network")}
    assert _profile(network).section("network").share == 67
    assert _profile(network).section("network").phase == "developing"
    assert selfscan.phase_for(39) == "starting"
    assert selfscan.phase_for(40) == "developing"
    assert selfscan.phase_for(75) == "established"


def test_guidance_is_chosen_by_low_answers_and_ordered_by_weight():
    answers = _all(4)
    answers["l1_trusted_places"] = 1  # not yet: weight 2
    answers["l1_places_known"] = 2  # started: weight 1 → trusted places weighs 3
    answers["l3_lea"] = 2  # started: LEA weighs 1
    answers["int_budgets"] = 3  # largely: no guidance
    guidance = _profile(answers).guidance
    assert [g.key for g in guidance] == ["trusted_places", "lea"]
    assert guidance[0].weight == 3
    assert len(guidance[0].because) == 2
    assert guidance[0].url == reverse("network:location_list", kwargs={"ws": "utrecht"}) + "?trusted=1"


def test_dont_know_is_left_out_of_the_share_and_many_make_a_section_unclear():
    keys = [s.key for s in selfscan.statements_of("level-2")]  # seven statements
    answers = dict.fromkeys(keys, 4)
    answers[keys[0]] = selfscan.DONT_KNOW
    answers[keys[1]] = selfscan.DONT_KNOW
    score = _profile(answers).section("level-2")
    assert (score.share, score.dont_know, score.phase) == (100, 2, "established")
    # Four of seven "don't know": half or more → unclear, with a "find out together" item.
    for key in keys[:4]:
        answers[key] = selfscan.DONT_KNOW
    profile = _profile(answers)
    assert profile.section("level-2").phase == "unclear"
    assert profile.section("level-2").share == 100  # still computed over the three known answers
    assert [g.key for g in profile.guidance] == ["find_out:level-2"]
    # "Don't know" never chooses guidance by itself, and all "don't know" has no share at all.
    all_unknown = _profile(dict.fromkeys(keys, selfscan.DONT_KNOW)).section("level-2")
    assert (all_unknown.share, all_unknown.phase) == (None, "unclear")


def test_unknown_keys_and_bad_values_are_ignored():
    answers = {
        "l1_trusted_places": 4,
        "retired_key": 1,
        "l1_places_known": 9,
        "l1_strengths": "3",
        "l3_lea": True,
    }
    assert selfscan.clean_answers(answers) == {"l1_trusted_places": 4}
    score = _profile(answers).section("level-1")
    assert (score.share, score.answered) == (100, 1)
    assert _profile({}).section("level-1").share is None


def test_comparison_shows_change_per_section_and_new_and_resolved_guidance():
    before = _all(4)
    before["l1_trusted_places"] = 1
    before["line_offer"] = 2
    after = _all(4)
    after["l3_lea"] = 1
    after["line_offer"] = 2
    comparison = selfscan.compare(_profile(before), _profile(after))
    by_key = {c.key: c for c in comparison.sections}
    assert (by_key["level-1"].delta, by_key["level-1"].direction) == (12, "up")  # 21/24=88 → 100
    assert by_key["level-3"].direction == "down"
    assert (by_key["network"].delta, by_key["network"].direction) == (0, "same")
    assert [g.key for g in comparison.new] == ["lea"]
    assert [g.key for g in comparison.resolved] == ["trusted_places"]
    assert [g.key for g in comparison.still_open] == ["continuous_line"]
