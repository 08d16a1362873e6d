from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "leadership"
    verbose_name = "Leadership"

    def ready(self):
        from cate_portal import reminders
        from leadership import receivers
        from leadership.admin_dashboard import register_panels
        from leadership.decisions import evaluation
        from leadership.decisions.notifications import DECISIONS

        receivers.connect()
        reminders.register(DECISIONS)
        register_panels()
        evaluation.register_indicators()
