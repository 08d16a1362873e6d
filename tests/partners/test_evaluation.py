"""How an organization's past is read into active periods (partners.evaluation.timeline)."""

import datetime

import pytest

from partners.evaluation import Record, timeline

D = datetime.date


def record(made_on, status="active", *, kind="~", changed=None, joined=None, counties=()):
    return Record(
        made_on=made_on,
        kind=kind,
        status=status,
        status_changed_on=changed,
        joined_on=joined,
        sector_id=1,
        statewide=False,
        counties=frozenset(counties),
    )


@pytest.mark.parametrize(
    ("records", "periods"),
    [
        pytest.param(
            [record(D(2020, 5, 1), kind="+", joined=D(2020, 5, 1))],
            [(D(2020, 5, 1), None)],
            id="joined-when-recorded",
        ),
        pytest.param(
            [record(D(2024, 1, 9), kind="+", joined=D(2019, 3, 1))],
            [(D(2019, 3, 1), None)],
            id="entered-after-the-fact-counts-from-joined-on",
        ),
        pytest.param(
            [
                record(D(2019, 3, 1), kind="+", joined=D(2019, 3, 1)),
                record(D(2021, 9, 1), "withdrawn", changed=D(2021, 8, 31)),
                record(D(2023, 5, 2), "active", changed=D(2023, 5, 1)),
            ],
            [(D(2019, 3, 1), D(2021, 8, 31)), (D(2023, 5, 1), None)],
            id="left-and-rejoined-two-periods-from-the-days-of-change",
        ),
        pytest.param(
            [
                record(
                    D(2024, 1, 9),
                    "withdrawn",
                    kind="+",
                    changed=D(2022, 6, 30),
                    joined=D(2019, 1, 1),
                )
            ],
            [(D(2019, 1, 1), D(2022, 6, 30))],
            id="first-record-already-withdrawn",
        ),
        pytest.param(
            [
                record(D(2020, 1, 1), kind="+", joined=D(2020, 1, 1)),
                record(D(2022, 2, 2), kind="-"),
            ],
            [(D(2020, 1, 1), D(2022, 2, 2))],
            id="deleted",
        ),
        pytest.param(
            [
                record(D(2020, 1, 1), kind="+", joined=D(2020, 1, 1)),
                record(D(2020, 6, 1), "inactive"),
                record(D(2020, 6, 1), "active"),
            ],
            [(D(2020, 1, 1), None)],
            id="the-last-record-of-a-day-holds",
        ),
        pytest.param(
            [
                record(D(2020, 1, 1), kind="+", joined=D(2020, 1, 1)),
                record(D(2021, 3, 1), "inactive", changed=D(2019, 6, 1)),
            ],
            [(D(2020, 1, 1), D(2021, 3, 1))],
            id="a-change-dated-before-the-previous-record-counts-from-its-record",
        ),
        pytest.param(
            [record(D(2020, 1, 1), "inactive", kind="+", joined=None)],
            [],
            id="never-active",
        ),
    ],
)
def test_active_periods(records, periods):
    assert timeline(records).periods() == periods


def test_counties_recorded_later_stand_for_the_records_that_name_none():
    line = timeline(
        [
            record(D(2019, 3, 1), kind="+", joined=D(2019, 3, 1)),
            record(D(2019, 3, 2), counties={7, 8}),
            record(D(2021, 1, 1), counties={9}),
            record(D(2022, 1, 1)),  # every county removed later stays removed
        ]
    )
    assert line.state_on(D(2019, 3, 1)).counties == {7, 8}
    assert line.state_on(D(2020, 12, 31)).counties == {7, 8}
    assert line.state_on(D(2021, 12, 31)).counties == {9}
    assert line.state_on(D(2022, 12, 31)).counties == frozenset()
    assert line.state_on(D(2019, 2, 28)) is None
