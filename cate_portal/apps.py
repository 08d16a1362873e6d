from django.apps import AppConfig


class CatePortalConfig(AppConfig):
    name = "cate_portal"
    verbose_name = "CATE site"

    def ready(self) -> None:
        from cate_portal import checks  # noqa: F401 - registers the deployment checks
