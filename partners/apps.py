from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner organizations"

    def ready(self):
        from cate_portal import backup, reminders
        from partners import evaluation
        from partners.admin_dashboard import register_panels
        from partners.figures import register_figures
        from partners.organizations import receivers
        from partners.organizations.reminders import PROFILE_REVIEW
        from partners.values.reminders import AGREEMENT_SIGNING

        receivers.connect()
        reminders.register(PROFILE_REVIEW)
        reminders.register(AGREEMENT_SIGNING)
        register_panels()
        evaluation.register_indicators()
        register_figures()
        # Filled by data migrations: a restore replaces their rows (cate_portal/backup.py).
        for label in (
            "partners.Sector",
            "partners.Service",
            "partners.Population",
            "partners.Language",
        ):
            backup.register_reference_model(label)
