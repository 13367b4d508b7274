"""The demo's 2025 scorecards, loaded on a small province through the workflow's services: the agencies
in being at the end of 2025 each get a card, three of them further on (final, appraised, submitted)."""

from decimal import Decimal

from accounts.models import Role
from sampledata.demo_scorecards import load_demo_scorecards
from scorecards.models import Assessment, Score
from scorecards.scoring import set_scorecards
from tests.factories import make_department, make_user


def test_the_demo_cards_stand_at_their_stages_and_load_once(province):
    for code in ("SKHCN", "SNV", "SYT"):
        make_department(code, kind="agency")
    admin = make_user("admin", role=Role.ADMINISTRATOR)
    admin.is_superuser = True
    admin.save()

    created = load_demo_scorecards(admin=admin, inspector=province.inspector)
    again = load_demo_scorecards(admin=admin, inspector=province.inspector)

    stages = dict(Assessment.objects.values_list("department__code", "status"))
    assert (created, again) == (5, 0)
    assert stages == {
        "SKHCN": "final",
        "SNV": "appraised",
        "SYT": "submitted",
        "STTTT": "draft",
        "SXD": "draft",
    }
    returned = Score.objects.get(assessment__department__code="SNV", criterion__code="1.5")
    assert (returned.returned, returned.clarification) == (
        False,
        "Sáng kiến chưa được công nhận trong năm; xin chấm lại.",
    )
    cards = {
        card.assessment.department.code: card
        for card in set_scorecards(Assessment.objects.first().criteria_set).values()
    }
    assert cards["SKHCN"].rank == 1 and cards["SNV"].rank is None
    assert all(leaf.final is not None for leaf in cards["SKHCN"].leaves)
    assert cards["SKHCN"].survey == Decimal("24.5")
