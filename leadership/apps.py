from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "leadership"
    verbose_name = "Leadership"

    def ready(self):
        from cate_portal import backup, reminders
        from leadership import receivers
        from leadership.admin_dashboard import register_panels
        from leadership.decisions import evaluation
        from leadership.decisions.notifications import DECISIONS
        from leadership.events import admin_dashboard as events_dashboard
        from leadership.events import evaluation as events_evaluation
        from leadership.events.figures import register_figures
        from leadership.events.reminders import EVENT_REMINDERS

        receivers.connect()
        reminders.register(DECISIONS)
        reminders.register(EVENT_REMINDERS)
        register_panels()
        events_dashboard.register_panels()
        evaluation.register_indicators()
        events_evaluation.register_indicators()
        register_figures()
        # Filled by a data migration: a restore replaces their rows (cate_portal/backup.py).
        backup.register_reference_model("leadership.ResourceTopic")
