from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner organizations"

    def ready(self):
        from cate_portal import reminders
        from partners.organizations import receivers
        from partners.organizations.reminders import profile_review
        from partners.values.reminders import agreement_signing

        receivers.connect()

        reminders.register("profile-review", profile_review)
        reminders.register("agreement", agreement_signing)
