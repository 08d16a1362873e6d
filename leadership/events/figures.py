"""The events' figure on the home page (see cate_portal/figures.py): the trainings the
coalition gave this year, and the people they trained. One query whatever the number of events.

"This year" is the calendar year of `today` in the site's time zone (America/Chicago); a training
counts once it is over (`trainings_given`, the evaluation's rule), public or not: the figure
names no event.
"""

import datetime

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cate_portal import figures
from cate_portal.figures import Figure
from leadership.events.selectors import trainings_given


def training_figures(today: datetime.date) -> list[Figure]:
    """Trainings given from January 1 of `today`'s year to now, with the people trained."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime(today.year, 1, 1, tzinfo=zone)
    end = datetime.datetime(today.year + 1, 1, 1, tzinfo=zone)
    given = trainings_given(start, end).aggregate(
        trainings=Count("pk"), trained=Sum("people_trained", default=0)
    )
    return [
        Figure(
            key="trainings",
            value=given["trainings"],
            label=ngettext("training this year", "trainings this year", given["trainings"]),
            detail=ngettext(
                "%(count)s person trained so far in %(year)s.",
                "%(count)s people trained so far in %(year)s.",
                given["trained"],
            )
            % {"count": given["trained"], "year": today.year},
            url=reverse("events:list"),
            link_text=_("See upcoming events"),
        )
    ]


def register_figures() -> None:
    """Called from LeadershipConfig.ready()."""
    figures.register(training_figures, order=30)
