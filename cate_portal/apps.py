from django.apps import AppConfig


class CatePortalConfig(AppConfig):
    name = "cate_portal"
    verbose_name = "CATE site"

    def ready(self) -> None:
        from cate_portal import backup, checks, page_cache  # noqa: F401 - checks registers the deployment checks

        page_cache.connect_signals()
        # Filled by data migrations: a restore replaces their rows (cate_portal/backup.py).
        backup.register_reference_model("cate_portal.Area")
        backup.register_reference_model("cate_portal.TimelineEntry")
