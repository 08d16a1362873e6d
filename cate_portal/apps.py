from django.apps import AppConfig


class CatePortalConfig(AppConfig):
    name = "cate_portal"
    verbose_name = "CATE site"

    def ready(self):
        from cate_portal import page_cache

        page_cache.connect_signals()
