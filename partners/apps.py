from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner organizations"

    def ready(self):
        from . import (
            applications_admin,  # noqa: F401
            values_admin,  # noqa: F401
        )
